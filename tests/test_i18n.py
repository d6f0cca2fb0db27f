"""Every UI string has a French translation (English is the source language)."""

from tools import i18n


def test_every_ui_string_is_translated_to_french():
    problems = i18n.missing()
    assert not problems, "run `python -m tools.i18n update`, then translate:\n" + "\n".join(problems)


def test_translation_files_compile(tmp_path):
    import subprocess

    for ts in sorted(i18n.I18N_DIR.glob("*.ts")):
        res = subprocess.run([i18n._tool("pyside6-lrelease"), str(ts), "-qm", str(tmp_path / (ts.stem + ".qm"))],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


def test_qt_dialogs_speak_the_interface_language(qapp):
    """Qt's own buttons (QMessageBox, QDialogButtonBox) follow the language: Qt's base catalog ships."""
    from PySide6.QtWidgets import QDialogButtonBox

    from cc2desktop.ui.shell import i18n as ui_i18n

    def text(b, which):  # noqa: ANN001, ANN202 - without the mnemonic mark (platform-dependent)
        return b.button(which).text().replace("&", "")

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes)
    try:
        ui_i18n.set_language("fr")
        assert any(f.name == "qtbase_fr.qm" for f in ui_i18n.translation_files("fr"))
        box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes)
        assert text(box2, QDialogButtonBox.StandardButton.Cancel) == "Annuler"
        assert text(box2, QDialogButtonBox.StandardButton.Yes) == "Oui"
        # a dialog already open follows a switch
        ui_i18n.set_language("en")
        qapp.processEvents()  # (Qt posts LanguageChange to each window)
        assert text(box2, QDialogButtonBox.StandardButton.Cancel) == "Cancel"
        ui_i18n.set_language("fr")
        qapp.processEvents()
        assert text(box, QDialogButtonBox.StandardButton.Cancel) == "Annuler"
    finally:
        ui_i18n.set_language("en")


def test_a_build_ships_qt_base_translations():
    """Qt's base catalog is copied beside ours by the translation build (packaging/dev.sh), and a
    build ships assets/i18n (where the app looks first)."""
    from tools import build_app

    i18n.build_qm()
    shipped = {(src.name, dest) for src, dest in build_app.bundled_assets()}
    assert ("qtbase_fr.qm", "assets/i18n") in shipped
    assert ("learner_quiz_fr.qm", "assets/i18n") in shipped


def test_the_combined_catalog_translates_every_string_of_every_module(qapp, tmp_path):
    """The app loads one ``app_fr.qm`` (every module's catalog) instead of 46 files at start-up; it
    gives the translation of each module's .ts, and a stale one (older than a module's .qm) is
    passed over for the per-module files."""
    import os
    import shutil
    import xml.etree.ElementTree as ET

    from PySide6.QtCore import QCoreApplication

    from cc2desktop.ui.shell import i18n as ui_i18n

    i18n.build_qm()
    names = [f.name for f in ui_i18n.translation_files("fr")]
    assert names[0] == "app_fr.qm" and "qtbase_fr.qm" in names and len(names) <= 4, names
    checked = 0
    try:
        ui_i18n.set_language("fr")
        for ts in sorted(i18n.I18N_DIR.glob("*_fr.ts")):
            for ctx in ET.parse(ts).getroot().iter("context"):
                for m in ctx.iter("message"):
                    tr = m.find("translation")
                    if m.get("numerus") == "yes" or tr is None or tr.get("type") or not tr.text:
                        continue
                    assert QCoreApplication.translate(ctx.findtext("name"), m.findtext("source")) == tr.text, \
                        (ts.name, m.findtext("source"))
                    checked += 1
    finally:
        ui_i18n.set_language("en")
    assert checked > 500
    # a module's catalog rebuilt after the combined one: the per-module files again
    for f in i18n.I18N_DIR.glob("*_fr.qm"):
        shutil.copy2(f, tmp_path / f.name)
    newer = tmp_path / "learner_quiz_fr.qm"
    os.utime(newer, (newer.stat().st_atime, (tmp_path / "app_fr.qm").stat().st_mtime + 10))
    stale = [f.name for f in ui_i18n.translation_files("fr", tmp_path)]
    assert "app_fr.qm" not in stale and "learner_quiz_fr.qm" in stale and "qtbase_fr.qm" in stale
