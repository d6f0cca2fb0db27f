"""Platform-specific decisions (core/system.py), the Windows branches included, with injected values."""

import io
import os
import sys
import types
from pathlib import Path

from cc2desktop.core import system


def test_drive_of_on_windows_and_posix(tmp_path):
    assert system.drive_of(r"E:\Connexions-Citoyennes\cc2desktop.exe", "win32") == "E:\\"
    assert system.drive_of(r"\\serveur\partage\cle\x.cc2pack", "win32") == "\\\\serveur\\partage\\"
    assert system.drive_of(r"relative\path", "win32") == ""
    mount = Path(system.drive_of(tmp_path, "linux"))
    assert os.path.ismount(mount) and tmp_path.resolve().is_relative_to(mount.resolve())


def test_long_paths_on_windows():
    short = "E:\\" + "a" * 100
    assert system.extended_path(short, "win32") == short
    long_ = "E:\\" + "\\".join(["dossier"] * 40)
    assert len(long_) >= system.WINDOWS_MAX_PATH
    assert system.extended_path(long_, "win32") == "\\\\?\\" + long_
    assert system.extended_path("E:/" + "/".join(["d"] * 200), "win32").startswith("\\\\?\\E:\\d\\d")
    unc = "\\\\srv\\share\\" + "x" * 300
    assert system.extended_path(unc, "win32") == "\\\\?\\UNC\\srv\\share\\" + "x" * 300
    assert system.extended_path("\\\\?\\" + long_, "win32") == "\\\\?\\" + long_  # already escaped
    assert system.extended_path("/" + "x" * 300, "linux") == "/" + "x" * 300
    rel = "Connexions-Citoyennes/_internal/" + "p" * 230
    assert system.windows_path_length(rel) == 3 + len(rel)
    assert system.too_long_for_windows(rel) and not system.too_long_for_windows("packs/demo.cc2pack")


def test_windows_removable_drives_from_the_drive_mask():
    types_ = {"A:\\": 2, "C:\\": 3, "D:\\": 5, "E:\\": 2, "G:\\": 2}
    mask = sum(1 << (ord(d[0]) - ord("A")) for d in types_)
    got = system.windows_removable_drives(mask, lambda root: types_.get(root, 0), skip_ab=True)
    assert got == [Path("E:\\"), Path("G:\\")]
    assert Path("A:\\") in system.windows_removable_drives(mask, lambda root: types_.get(root, 0))


def test_mount_folders(tmp_path):
    (tmp_path / "media" / "ami" / "CLE").mkdir(parents=True)
    (tmp_path / "mnt" / "usb").mkdir(parents=True)
    (tmp_path / "mnt" / "file").write_text("x")
    got = system.mount_folders([tmp_path / "media" / "ami", tmp_path / "nowhere", tmp_path / "mnt"])
    assert got == [tmp_path / "media" / "ami" / "CLE", tmp_path / "mnt" / "usb"]


def test_app_command_for_builds_and_source(tmp_path):
    assert system.app_command(frozen=True, executable="/opt/cc2/cc2desktop", environ={}) == ["/opt/cc2/cc2desktop"]
    stick_app = tmp_path / "CLE" / "Connexions-Citoyennes"
    stick_app.mkdir(parents=True)
    (stick_app / "cc2desktop.sh").write_text("#!/bin/sh\n")
    env = {"CC2_LAUNCHER_DIR": str(stick_app)}  # started by the stick's script from a temporary copy
    assert system.app_command(frozen=True, executable="/tmp/cc2desktop.x/cc2desktop", environ=env,
                              platform="linux") == ["sh", str(stick_app / "cc2desktop.sh")]
    assert system.app_command(frozen=False, executable="/v/bin/python", platform="linux") == [
        "/v/bin/python", "-m", "cc2desktop"]
    py = tmp_path / "python.exe"
    py.write_text("")
    (tmp_path / "pythonw.exe").write_text("")
    cmd = system.app_command(frozen=False, executable=str(py), platform="win32")
    assert cmd[0].endswith("pythonw.exe") and cmd[1:] == ["-m", "cc2desktop"]


def test_disk_space_and_cluster_rounding(tmp_path):
    ds = system.disk_space(tmp_path)
    assert ds.total >= ds.free > 0 and ds.cluster >= 512
    assert system.allocated_size(0, 32768) == 0
    assert system.allocated_size(1, 32768) == 32768
    assert system.allocated_size(32769, 32768) == 65536
    assert system.DiskSpace(10, 10, 4096).allocated(4097) == 8192


def test_windowed_build_without_console_streams_does_not_crash():
    fake = types.SimpleNamespace(stdout=None, stderr=io.StringIO())
    assert system.ensure_std_streams(fake) == ["stdout"]
    fake.stdout.write("a stray print goes nowhere\n")
    assert system.ensure_std_streams(fake) == []
    assert system.ensure_std_streams(sys) == []  # a console run: untouched


def test_file_lock_is_exclusive(tmp_path):
    import subprocess

    lock = tmp_path / ".lock"
    with open(lock, "a+b") as fh:
        system.try_lock(fh)
        other = subprocess.run([sys.executable, "-c", (
            "import sys; from cc2desktop.core import system\n"
            f"fh = open({str(lock)!r}, 'a+b')\n"
            "try:\n    system.try_lock(fh)\nexcept OSError:\n    sys.exit(3)\n")], capture_output=True)
        assert other.returncode == 3, other.stderr
        system.unlock(fh)
    again = subprocess.run([sys.executable, "-c", (
        "from cc2desktop.core import system\n"
        f"system.try_lock(open({str(lock)!r}, 'a+b'))\n")], capture_output=True)
    assert again.returncode == 0, again.stderr


def test_key_files_are_created_on_a_stick_without_hard_links(tmp_path, monkeypatch):
    """FAT32/exFAT have no hard links (os.link fails with EPERM): a portable app's first key file
    on a stick is still created once, and never replaces one another process made."""
    import errno

    from cc2desktop.core import crypto

    def no_links(src, dst):  # noqa: ANN001 - what os.link does on a FAT file system
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "keys" / "device.key"
    key = crypto.generate_key()
    assert crypto.write_private_key(path, key, "device") is True
    assert crypto.read_private_key(path)[0].private_bytes_raw() == key.private_bytes_raw()
    assert crypto.write_private_key(path, crypto.generate_key(), "device") is False  # the first one stays
    assert crypto.read_private_key(path)[0].private_bytes_raw() == key.private_bytes_raw()
    assert path.stat().st_mode & 0o077 == 0
    assert [p.name for p in path.parent.iterdir()] == ["device.key"]  # no temporary file left


def test_a_build_without_the_demo_key_makes_its_own_certificate_key(tmp_path, monkeypatch):
    from cc2desktop.core.certification import keys

    monkeypatch.setattr(keys, "demo_private_key_path", lambda: tmp_path / "not-shipped.key")
    key = keys.issuer_key(tmp_path / "server")
    made = tmp_path / "server" / "keys" / "certificate-issuer.key"
    assert made.is_file() and (tmp_path / "server" / "keys" / "certificate-issuer.pub").is_file()
    assert keys.key_id(keys.issuer_key(tmp_path / "server").public_key()) == keys.key_id(key.public_key())  # reused
    import pytest

    with pytest.raises(keys.IssuerKeyError, match="pass --key"):
        keys.issuer_key(None)
