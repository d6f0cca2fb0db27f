"""The app with every domain wired in by the composition root (cc2desktop/app.py): packs dialogs in the
File menu, the sync status in the status bar, the learner's certificate page, the facilitator space."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from cc2desktop.core.paths import assets_dir

pytestmark = pytest.mark.gui
DEMO_PACKS = assets_dir() / "packs"


@pytest.fixture
def app(qtbot, data_paths):
    from cc2desktop.app import App
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n

    assert list(DEMO_PACKS.glob("*.cc2pack")), "the demo pack is built by packaging/dev.sh"
    i18n.set_language("en")
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", "en")
    settings.set("sync.auto", False)
    a = App(data_paths, settings, bundled_packs=DEMO_PACKS)
    qtbot.addWidget(a.window)
    a.window.show()
    with qtbot.waitSignal(a.core_ready, timeout=60_000):
        a.open_core()
    yield a
    a.shutdown()
    qtbot.wait(50)


def _texts(menu):
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_domain_actions_are_in_the_menus_and_sync_status_shows(qtbot, app):
    w = app.window
    file_texts = _texts(w.menu("file"))
    assert file_texts[:3] == ["Install a course from a USB stick or a file…", "Download courses…", "Verify my content…"]
    assert file_texts[3:] == ["Change profile / log out", "&Quit"]
    assert "Sync &now" in _texts(w.menu("sync")) and w.menu("sync").menuAction().isVisible()
    assert w.menu("facilitator").menuAction().isVisible()
    sync = app.sync.widget
    assert sync.isVisibleTo(w)
    qtbot.waitUntil(lambda: "not connected" in sync.text.text(), timeout=10_000)
    assert not sync.sync_button.isEnabled()  # nothing to sync with until enrolled
    assert not w.actions["certificate"].isEnabled()  # no learner yet


def test_certificate_page_for_the_logged_in_learner(qtbot, app):
    ctl, cert, w = app.learner, app.certification, app.window
    qtbot.mouseClick(ctl.welcome.tiles.new_tile, Qt.LeftButton)
    dlg = ctl.create_dialog
    dlg.name.setText("Aïssatou")  # QTest.keyClicks only types ASCII
    with qtbot.waitSignal(ctl.logged_in, timeout=10_000):
        qtbot.keyClick(dlg.name, Qt.Key_Return)
    assert w.actions["certificate"].isEnabled()
    assert cert.button is not None and cert.button.isVisibleTo(ctl.home)
    qtbot.mouseClick(cert.button, Qt.LeftButton)
    assert w.current_page() == "certificate"
    panel = cert.panel
    qtbot.waitUntil(lambda: panel.elig is not None, timeout=10_000)
    assert panel.elig["state"] != "certified" and panel.learner_id == ctl.learner.learner_id
    assert panel.checklist.items_text()  # the list of what is left
    qtbot.mouseClick(cert.back, Qt.LeftButton)
    assert w.current_page() == "home"
    w.actions["certificate"].trigger()  # Ctrl+E from anywhere
    assert w.current_page() == "certificate" and cert.panel is panel
    ctl.logout()
    assert cert.panel is None and not w.actions["certificate"].isEnabled()


def test_install_dialog_opens_from_the_menu(qtbot, app):
    seen = []

    def close_it():
        dlg = QApplication.activeModalWidget()
        seen.append(type(dlg).__name__)
        dlg.reject()

    QTimer.singleShot(300, close_it)
    app.window.actions["install"].trigger()
    assert seen == ["InstallFromMediaDialog"]
    assert "demo-intro-civictech" in app.learner.courses


def test_facilitator_space_asks_for_a_password_first(qtbot, app):
    seen = []

    def cancel_login():
        dlg = QApplication.activeModalWidget()
        seen.append(type(dlg).__name__)
        dlg.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(300, cancel_login)
    app.window.actions["facilitator"].trigger()
    assert seen == ["FacilitatorLoginDialog"] and app.facilitator.panel is None


def test_domain_texts_follow_a_language_switch(qtbot, app):
    from cc2desktop.ui.shell import i18n

    sync = app.sync.widget
    assert sync.sync_button.text() == "Sync now"
    try:
        i18n.set_language("fr")
        qtbot.waitUntil(lambda: sync.sync_button.text() == "Synchroniser", timeout=5_000)
        assert app.window.actions["install"].text() == "Installer un cours depuis une clé USB ou un fichier…"
        assert app.window.actions["switch"].text() != "Change profile / log out"
        assert sync.usb_action.text() != "USB stick…"
        qtbot.waitUntil(lambda: "pas encore" in sync.text.text(), timeout=5_000)
    finally:
        i18n.set_language("en")
