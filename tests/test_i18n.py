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
