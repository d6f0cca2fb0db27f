"""The main window with every domain wired in (ui/shell/features.py): packs dialogs in the File menu, the
sync status in the status bar, the learner's certificate page, the facilitator space."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from cc2desktop.core.paths import assets_dir

pytestmark = pytest.mark.gui
DEMO_PACKS = assets_dir() / "packs"


@pytest.fixture
def window(qtbot, data_paths):
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import features
    from cc2desktop.ui.shell import i18n
    from cc2desktop.ui.shell.main_window import MainWindow

    assert list(DEMO_PACKS.glob("*.cc2pack")), "the demo pack is built by packaging/dev.sh"
    i18n.set_language("en")
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", "en")
    settings.set("sync.auto", False)
    w = MainWindow(data_paths, settings, bundled_packs=DEMO_PACKS)
    f = features.install(w)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.core_ready, timeout=60_000):
        w.start_core()
    yield w, f
    kit = w.kit
    if shiboken6.isValid(w):
        w.runner.wait()
        qtbot.wait(50)
    if kit is not None:
        kit.close()


def _texts(menu):
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_domain_actions_are_in_the_menus_and_sync_status_shows(qtbot, window):
    w, f = window
    file_texts = _texts(w.menu("file"))
    assert file_texts[:3] == ["Install a course from a USB stick or a file…", "Download courses…", "Verify my content…"]
    assert "Sync &now" in _texts(w.menu("sync")) and w.menu("sync").menuAction().isVisible()
    assert w.menu("facilitator").menuAction().isVisible()
    assert f.sync_widget is not None and f.sync_widget.isVisibleTo(w)
    qtbot.waitUntil(lambda: "not connected" in f.sync_widget.text.text(), timeout=10_000)
    assert not f.sync_widget.sync_button.isEnabled()  # nothing to sync with until enrolled
    assert not f.actions["certificate"].isEnabled()  # no learner yet


def test_certificate_page_for_the_logged_in_learner(qtbot, window):
    w, f = window
    qtbot.mouseClick(w.welcome.tiles.new_tile, Qt.LeftButton)
    dlg = w.create_dialog
    dlg.name.setText("Aïssatou")  # QTest.keyClicks only types ASCII
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        qtbot.keyClick(dlg.name, Qt.Key_Return)
    assert f.actions["certificate"].isEnabled()
    assert f.cert_button is not None and f.cert_button.isVisibleTo(w.home)
    qtbot.mouseClick(f.cert_button, Qt.LeftButton)
    assert w.current_page() == "certificate"
    panel = f.cert_panel
    qtbot.waitUntil(lambda: panel.elig is not None, timeout=10_000)
    assert panel.elig["state"] != "certified" and panel.learner_id == w.learner.learner_id
    assert panel.checklist.items.text()  # the list of what is left
    qtbot.mouseClick(f.cert_back, Qt.LeftButton)
    assert w.current_page() == "home"
    f.actions["certificate"].trigger()  # Ctrl+E from anywhere
    assert w.current_page() == "certificate" and f.cert_panel is panel
    w.logout()
    assert f.cert_panel is None and not f.actions["certificate"].isEnabled()


def test_install_dialog_opens_from_the_menu_and_courses_reload(qtbot, window):
    w, f = window
    seen = []

    def close_it():
        dlg = QApplication.activeModalWidget()
        seen.append(type(dlg).__name__)
        dlg.reject()

    QTimer.singleShot(300, close_it)
    with qtbot.waitSignal(w.courses_changed, timeout=20_000, raising=False):
        f.actions["install"].trigger()
    assert seen == ["InstallFromMediaDialog"]
    assert "demo-intro-civictech" in w.courses


def test_facilitator_space_asks_for_a_password_first(qtbot, window):
    w, f = window
    seen = []

    def cancel_login():
        dlg = QApplication.activeModalWidget()
        seen.append(type(dlg).__name__)
        dlg.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(300, cancel_login)
    f.actions["facilitator"].trigger()
    assert seen == ["FacilitatorLoginDialog"] and f.facilitator_panel is None


def test_domain_texts_follow_a_language_switch(qtbot, window):
    from cc2desktop.ui.shell import i18n

    w, f = window
    assert f.sync_widget.sync_button.text() == "Sync now"
    try:
        i18n.set_language("fr")
        qtbot.waitUntil(lambda: f.sync_widget.sync_button.text() == "Synchroniser", timeout=5_000)
        assert f.actions["install"].text() == "Installer un cours depuis une clé USB ou un fichier…"
        assert f.sync_widget.usb_action.text() != "USB stick…"
        qtbot.waitUntil(lambda: "pas encore" in f.sync_widget.text.text(), timeout=5_000)
    finally:
        i18n.set_language("en")
