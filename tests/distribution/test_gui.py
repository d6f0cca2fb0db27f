"""Distribution in the window (real widgets offscreen, real data folders): Help › Copy the diagnostic,
Facilitator › Prepare a USB stick (prepare, check, repair, cancel), and what a double-click hands
to the app (``cc2desktop [OPTIONS] FILE``: a course pack or a sync file, opened after a confirmation)."""

from __future__ import annotations

import logging
import os
import shutil

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from cc2desktop.cli import split_open_file
from cc2desktop.core.paths import assets_dir, resolve_data_paths

pytestmark = pytest.mark.gui
DEMO_PACK = assets_dir() / "packs" / "demo-intro-civictech.cc2pack"


@pytest.fixture
def make_app(qtbot):
    apps = []

    def make(paths, lang="en", **kw):
        from cc2desktop.app import App
        from cc2desktop.core.settings import Settings
        from cc2desktop.ui.shell import i18n

        i18n.set_language(lang)
        settings = Settings(paths.ensure().settings_path)
        settings.set("ui.language", lang)
        settings.set("sync.auto", False)
        app = App(paths, settings, **kw)
        qtbot.addWidget(app.window)
        app.window.show()
        with qtbot.waitSignal(app.core_ready, timeout=60_000):
            app.open_core()
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.shutdown()
    from cc2desktop.ui.shell import i18n

    i18n.set_language("en")
    qtbot.wait(50)


def test_copy_the_diagnostic_in_english_and_french(qtbot, make_app, tmp_path):
    from cc2desktop.core import logs

    paths = resolve_data_paths(tmp_path / "data")
    app = make_app(paths)
    logs.setup(paths.logs_dir, hooks=False)
    logging.getLogger("cc2desktop").warning("a bundled course could not be installed: disk full")
    app.window.actions["diagnostic"].trigger()
    qtbot.waitUntil(lambda: bool(app.distribution.last_diagnostic), timeout=20_000)
    text = QGuiApplication.clipboard().text()
    assert text == app.distribution.last_diagnostic
    from cc2desktop import __version__
    from cc2desktop.core import db

    assert text.startswith("Connexions Citoyennes — diagnostic\nVersion: " + __version__)
    assert f"Data folder: {paths.root} (chosen with --data-dir)" in text
    assert "Portable: no" in text
    assert f"Database: revision {db.head_revision()} (up to date)" in text
    assert "Free space: " in text and " MiB" in text
    assert "Last errors (1):" in text and "disk full" in text
    assert "diagnostic is on the clipboard" in app.window.status_text.text()

    from cc2desktop.ui.shell import i18n

    i18n.set_language("fr")
    app.distribution.last_diagnostic = ""
    app.window.actions["diagnostic"].trigger()
    qtbot.waitUntil(lambda: bool(app.distribution.last_diagnostic), timeout=20_000)
    fr = QGuiApplication.clipboard().text()
    assert "Dossier des données : " in fr and "Portable : non" in fr and "Dernières erreurs (1) :" in fr
    assert app.window.actions["diagnostic"].text().replace("&", "") == "Copier le diagnostic"
    logs.close()


@pytest.fixture
def fake_build(tmp_path):
    app = tmp_path / "build" / "cc2desktop"
    (app / "_internal").mkdir(parents=True)
    (app / "cc2desktop").write_bytes(b"\x7fELF" + b"x" * 1000)
    (app / "_internal" / "big.bin").write_bytes(os.urandom(1024 * 1024) * 24)  # 24 MiB: time to cancel
    return app


def test_prepare_check_repair_and_cancel_a_stick(qtbot, make_app, tmp_path, fake_build):
    app = make_app(resolve_data_paths(tmp_path / "data"))
    stick = tmp_path / "stick"
    stick.mkdir()
    packs = tmp_path / "packs"
    packs.mkdir()
    shutil.copy(DEMO_PACK, packs)
    seen = {}

    def drive() -> None:
        dlg = app.distribution.dialog
        if dlg is None or not dlg.isVisible():
            QTimer.singleShot(20, drive)
            return
        step = seen.setdefault("step", 0)
        if dlg.busy:
            if step == 1 and "cancelled" not in seen:
                seen["cancelled"] = True
                qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
            QTimer.singleShot(20, drive)
            return
        if step == 0:  # a first try, cancelled while it copies
            dlg.target.setEditText(str(stick))
            dlg.app_path.setText(str(fake_build))
            dlg.with_app.setChecked(True)
            dlg.packs_path.setText(str(packs))
            dlg.with_packs.setChecked(True)
            seen["step"] = 1
            qtbot.mouseClick(dlg.prepare_button, Qt.MouseButton.LeftButton)
        elif step == 1:
            seen["after_cancel"] = dlg.status.text()
            seen["manifest_after_cancel"] = (stick / "cc2stick.json").exists()
            seen["step"] = 2
            qtbot.mouseClick(dlg.prepare_button, Qt.MouseButton.LeftButton)
        elif step == 2:
            seen["prepared"] = dlg.status.text()
            (stick / "packs" / DEMO_PACK.name).write_bytes(b"broken")
            seen["step"] = 3
            qtbot.mouseClick(dlg.verify_button, Qt.MouseButton.LeftButton)
        elif step == 3:
            seen["verified"] = dlg.status.text()
            seen["damaged"] = [dlg.details.item(i).text() for i in range(dlg.details.count())]
            seen["step"] = 4
            dlg.repair(packs)
        elif step == 4:
            seen["repaired"] = dlg.status.text()
            seen["step"] = 5
            dlg.verify()
        else:
            seen["final"] = dlg.status.text()
            dlg.reject()
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    QTimer.singleShot(90_000, lambda: app.distribution.dialog is not None and app.distribution.dialog.reject())
    app.window.actions["stick"].trigger()
    qtbot.waitUntil(lambda: "final" in seen and app.distribution.dialog is None, timeout=90_000)
    assert seen["after_cancel"].startswith("Cancelled.") and not seen["manifest_after_cancel"]
    assert seen["prepared"].startswith("The stick is ready: ")
    assert seen["verified"] == "1 damaged file(s): repair them from another stick or the course files."
    assert seen["damaged"] == [f"packs/{DEMO_PACK.name} — wrong size"]
    assert seen["repaired"] == "Repaired: the stick is intact again."
    assert seen["final"].startswith("Every file is intact")


def test_a_stick_that_cannot_hold_the_files_says_so_before_writing(qtbot, make_app, tmp_path):
    from cc2desktop.ui.distribution.stick_dialog import PrepareStickDialog

    app = make_app(resolve_data_paths(tmp_path / "data"))
    packs = tmp_path / "packs"
    packs.mkdir()
    shutil.copy(DEMO_PACK, packs / "Demo.cc2pack")
    shutil.copy(DEMO_PACK, packs / "demo.cc2pack")
    stick = tmp_path / "stick"
    stick.mkdir()
    dlg = PrepareStickDialog(app.kit.stick, app.runner, app.window, sticks=[stick], app=None, packs=packs)
    qtbot.addWidget(dlg)
    assert dlg.target.currentText() == str(stick) and not dlg.with_app.isChecked()
    dlg.prepare()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=20_000)
    assert dlg.status.text().startswith("A stick (FAT32) cannot hold these files as they are")
    assert "differ only by case" in dlg.status.text()
    assert list(stick.iterdir()) == []


def test_the_command_line_a_double_click_uses():
    pack = str(DEMO_PACK)
    assert split_open_file([pack]) == ([], pack)
    assert split_open_file(["--data-dir", "/d", pack]) == (["--data-dir", "/d"], pack)
    assert split_open_file(["pack", "install", pack]) == (["pack", "install", pack], None)  # a command's argument
    assert split_open_file(["--data-dir", pack]) == (["--data-dir", pack], None)
    assert split_open_file(["/nowhere/x.cc2pack"]) == (["/nowhere/x.cc2pack"], None)  # not a file: usual error
    assert split_open_file(["doctor"]) == (["doctor"], None)


def test_a_double_clicked_pack_is_installed_after_confirmation(qtbot, make_app, tmp_path):
    from cc2desktop.core.packs import keys as keymod
    from cc2desktop.core.packs.build import build_pack

    from tests.packs.conftest import make_course
    from tests.support.certification_course import TEST_PUBLISHER_SEED

    src = make_course(tmp_path / "src", course_id="cours-cle", video_bytes=5000, exam=False)
    where = tmp_path / "Téléchargements"
    publisher = keymod.PrivateKey(TEST_PUBLISHER_SEED, "Test publisher")
    pack = build_pack(src, where / "cours-cle.cc2pack", publisher).path
    paths = resolve_data_paths(tmp_path / "data")
    keymod.trust(paths.ensure(), publisher.public)  # the centre trusts its programme's publisher
    app = make_app(paths)
    seen = {}

    def drive() -> None:
        dlg = app.packs.dialog
        if dlg is None or not dlg.isVisible() or dlg.busy:
            QTimer.singleShot(20, drive)
            return
        if "asked" not in seen:
            row = dlg.selected_row()
            seen["asked"] = (row or {}).get("path")
            seen["installed_before"] = [c["id"] for c in app.kit.packs.courses()]
            qtbot.mouseClick(dlg.install_button, Qt.MouseButton.LeftButton)  # the confirmation
            QTimer.singleShot(20, drive)
            return
        seen["status"] = dlg.status.text()
        dlg.reject()

    QTimer.singleShot(0, drive)
    QTimer.singleShot(60_000, lambda: app.packs.dialog is not None and app.packs.dialog.reject())
    app.open_file(pack)
    qtbot.waitUntil(lambda: "status" in seen and app.packs.dialog is None, timeout=60_000)
    assert seen["asked"] == str(pack) and "cours-cle" not in seen["installed_before"]
    assert "cours-cle" in [c["id"] for c in app.kit.packs.courses()]


def test_a_double_clicked_sync_file_is_read_only_after_confirmation(qtbot, make_app, tmp_path):
    from cc2desktop.core.kit import Kit

    other = Kit(resolve_data_paths(tmp_path / "other-pc").ensure())
    other.learning.create_learner("Awa")
    bundle = other.sync.export_bundle(tmp_path / "stick").value
    other.close()
    app = make_app(resolve_data_paths(tmp_path / "data"))
    widget = app.sync.widget
    seen = {}

    def answer(yes: bool) -> None:
        box = widget.confirm_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, lambda: answer(yes))
            return
        seen.setdefault("questions", []).append(box.text())
        box.button(box.StandardButton.Yes if yes else box.StandardButton.No).click()
        if yes:
            QTimer.singleShot(20, read_outcome)

    def read_outcome() -> None:
        dlg = widget.usb_dialog
        if dlg is None or not dlg.isVisible() or not dlg.export_button.isEnabled():
            QTimer.singleShot(20, read_outcome)
            return
        seen["message"] = dlg.message.text()
        dlg.reject()

    QTimer.singleShot(0, lambda: answer(False))
    app.open_file(bundle)  # "No": nothing is read
    assert widget.usb_dialog is None and "message" not in seen
    QTimer.singleShot(0, lambda: answer(True))
    QTimer.singleShot(60_000, lambda: widget.usb_dialog is not None and widget.usb_dialog.reject())
    app.open_file(bundle)
    qtbot.waitUntil(lambda: "message" in seen, timeout=60_000)
    assert all(bundle.name in q for q in seen["questions"]) and len(seen["questions"]) == 2
    # this PC is not enrolled with a server: the bundle was read and refused with a sentence
    assert seen["message"] and seen["message"] != "Reading…"
