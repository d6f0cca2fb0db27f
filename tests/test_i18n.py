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


def test_a_build_ships_qt_base_translations(tmp_path):
    """The PyInstaller spec puts qtbase_fr.qm in assets/i18n (where the app looks first), and our
    catalogs beside it."""
    from pathlib import Path

    spec = Path(i18n.ROOT) / "packaging" / "cc2desktop.spec"
    seen: dict = {}

    def analysis(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        seen.update(kw)
        return type("A", (), {"pure": [], "scripts": [], "binaries": [], "datas": kw["datas"]})()

    stub = lambda *a, **k: None  # noqa: E731
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"),
         {"SPECPATH": str(spec.parent), "Analysis": analysis, "PYZ": stub, "EXE": stub, "COLLECT": stub})
    shipped = {(Path(src).name, dest) for src, dest in seen["datas"]}
    assert ("qtbase_fr.qm", "assets/i18n") in shipped
    assert any(name.startswith("learner_") and name.endswith("_fr.qm") and dest == "assets/i18n"
               for name, dest in shipped)
    assert not any(name.endswith(".ts") for name, _ in shipped)
