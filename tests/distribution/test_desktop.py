"""Desktop integration: menu entry, icon and MIME types on Linux (for this user), per-user file
associations on Windows (the entries, checked here as data)."""

import configparser
import shlex
import xml.etree.ElementTree as ET

from cc2desktop.cli import main
from cc2desktop.core import desktop


def test_openable_files():
    assert desktop.openable_kind("/media/CLE/packs/Cours.CC2PACK") == "pack"
    assert desktop.openable_kind("C:\\cle\\packs\\cours.cc2pack.parts.json") == "pack"
    assert desktop.openable_kind("cc2sync-1234.reply.cc2sync") == "sync"
    assert desktop.openable_kind("notes.json") is None and desktop.openable_kind("cours.cc2pack.001") is None


def test_install_and_remove_for_this_user(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["--data-dir", str(tmp_path / "data"), "desktop", "install"]) == 0
    written = capsys.readouterr().out.split()
    share = tmp_path / "share"
    entry = share / "applications" / "cc2desktop.desktop"
    assert str(entry) in written
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str
    cp.read_string(entry.read_text(encoding="utf-8"))
    e = cp["Desktop Entry"]
    assert e["Type"] == "Application" and e["Icon"] == "cc2desktop" and e["Terminal"] == "false"
    assert e["MimeType"] == "application/x-cc2pack;application/x-cc2pack-parts;application/x-cc2sync;"
    cmd = shlex.split(e["Exec"])
    assert cmd[-1] == "%f" and cmd[-3:-1] == ["-m", "cc2desktop"]  # from source: this Python, -m cc2desktop
    mime = ET.parse(share / "mime" / "packages" / "cc2desktop.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    types = mime.findall("m:mime-type", ns)
    globs = {t.get("type"): [g.get("pattern") for g in t.findall("m:glob", ns)] for t in types}
    assert globs == {"application/x-cc2pack": ["*.cc2pack"], "application/x-cc2pack-parts": ["*.cc2pack.parts.json"],
                     "application/x-cc2sync": ["*.cc2sync"]}
    icon = share / "icons" / "hicolor" / "256x256" / "apps" / "cc2desktop.png"
    assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["--data-dir", str(tmp_path / "data"), "desktop", "remove"]) == 0
    assert not entry.exists() and not icon.exists()
    assert main(["--data-dir", str(tmp_path / "data"), "desktop", "remove"]) == 0
    assert capsys.readouterr().out.strip().endswith("nothing to remove")


def test_exec_line_quotes_a_path_with_spaces():
    entry = desktop.desktop_entry(["/media/ami/MA CLE/Connexions-Citoyennes/cc2desktop"])
    line = entry.split("Exec=")[1].split("\n")[0]
    assert line == '"/media/ami/MA CLE/Connexions-Citoyennes/cc2desktop" %f'
    assert shlex.split(line) == ["/media/ami/MA CLE/Connexions-Citoyennes/cc2desktop", "%f"]


def test_windows_associations_are_per_user_and_quote_the_path():
    exe = "E:\\Connexions-Citoyennes\\cc2desktop.exe"
    entries = desktop.windows_entries([exe], "E:\\Connexions-Citoyennes\\_internal\\assets\\icons\\cc2desktop.ico")
    by_key = {k: v for k, _, v in entries}
    assert by_key["Software\\Classes\\.cc2pack"] == "ConnexionsCitoyennes.Pack"
    assert by_key["Software\\Classes\\.cc2sync"] == "ConnexionsCitoyennes.Sync"
    assert by_key["Software\\Classes\\ConnexionsCitoyennes.Pack\\shell\\open\\command"] == f'{exe} "%1"'
    spaced = desktop.windows_entries(["C:\\Program Files\\CC\\cc2desktop.exe"], "x.ico")
    cmd = {k: v for k, _, v in spaced}["Software\\Classes\\ConnexionsCitoyennes.Sync\\shell\\open\\command"]
    assert cmd == '"C:\\Program Files\\CC\\cc2desktop.exe" "%1"'
    assert all(k.startswith("Software\\Classes\\") for k, _, _ in entries)  # HKEY_CURRENT_USER: no admin rights
