"""The one-folder build (``bash packaging/dev.sh build``), run as a PC that never saw the project would
run it: from ``/``, a fresh data folder, no venv on PATH or PYTHONPATH. Then a stick made by the
built app itself, carried by a real FAT32 file system, run from a copy of it, damaged and repaired.

Slow (the build, when missing or stale, takes a minute or two; see docs/distribution.md)."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import time

import pytest

from cc2desktop import __version__
from tools import build_app

from tests.distribution.conftest import REPO, clean_env, run_app
from tests.support import fatimage
from tests.support.pgcluster import free_port

pytestmark = pytest.mark.slow


def test_the_build_ships_what_it_needs_and_nothing_it_must_not(built_app, tmp_path):
    assert build_app.check_tree(built_app, secrets=build_app.demo_secrets()) == []
    internal = built_app / "_internal"
    files = {p.relative_to(internal).as_posix() for p in internal.rglob("*") if p.is_file()}
    # translations (ours and Qt's own, French), fonts, the demo pack and the build's identity
    ours = {p.name for p in (REPO / "assets" / "i18n").glob("*.qm")}
    assert ours and {f"assets/i18n/{n}" for n in ours} <= files
    assert "PySide6/Qt/translations/qtbase_fr.qm" in files
    assert not any(f.startswith("PySide6/Qt/translations/qtbase_de") for f in files)  # French and English only
    assert {"assets/fonts/DejaVuSans.ttf", "assets/fonts/DejaVuSans-Bold.ttf"} <= files
    assert "assets/packs/demo-intro-civictech.cc2pack" in files
    assert "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so" in files
    assert "PySide6/Qt/plugins/platforms/libqxcb.so" in files
    info = json.loads((internal / "assets" / "build-info.json").read_text())
    assert info["demo"] is True and info["version"] == __version__
    # lean: Qt's unused modules are not there (QtQuick is: the FFmpeg media plug-in links it)
    assert not [f for f in files if re.search(r"Qt6?(WebEngine|3D|Pdf|VirtualKeyboard|Wayland|Quick3D|Designer)", f)]
    assert not [f for f in files if "platformthemes/libqgtk3" in f or f.startswith("libgtk-3")]
    # public demo keys only; no answer key, no course source, no private key
    assert {f for f in files if f.startswith("assets/keys/")} == {
        "assets/keys/demo-publisher.pub", "assets/keys/DEMO-ONLY-certificate-issuer.pub"}
    assert not any(f.endswith((".key", "exam-key.json", "exam.json", "course.src.json")) for f in files)

    # the checker itself finds what must not ship (a tree with a key, an answer key, a test module)
    bad = tmp_path / "bad"
    (bad / "_internal" / "assets" / "keys").mkdir(parents=True)
    shutil.copy(build_app.executable(built_app), bad)
    shutil.copy(REPO / "assets" / "keys" / "demo-publisher.key", bad / "_internal" / "assets" / "keys" / "x.pem")
    (bad / "_internal" / "assets" / "course.exam-key.json").write_text("{}")
    (bad / "_internal" / "tests").mkdir()
    (bad / "_internal" / "tests" / "conftest.py").write_text("")
    problems = build_app.check_tree(bad, secrets=build_app.demo_secrets())
    assert any("x.pem: contains private key material" in p for p in problems)
    assert any("course.exam-key.json: exam answer key" in p for p in problems)
    assert any("tests/conftest.py: test or tool code" in p for p in problems)


def _wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "server exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the built server did not start")


def test_the_built_app_runs_without_the_source_tree(built_app, tmp_path):
    exe = build_app.executable(built_app)
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    assert run_app(exe, "--version", home=home).stdout.strip() == f"cc2desktop {__version__}"

    # the GUI's first start: first paint, the bundled demo course installed, a clean exit
    r = run_app(exe, "--data-dir", data, home=home, CC2_BENCH_FIRST_PAINT="1")
    assert "CC2_FIRST_PAINT" in r.stdout
    courses = json.loads(run_app(exe, "--data-dir", data, "pack", "list", "--json", home=home).stdout)
    assert [c["id"] for c in courses] == ["demo-intro-civictech"]
    log = (data / "logs" / "cc2desktop.log").read_text(encoding="utf-8")
    assert "started; data folder" in log and "(build, " in log

    # a capsule opened in the capsule page, its first frame decoded (QtMultimedia's FFmpeg plug-in)
    doc = json.loads(run_app(exe, "--data-dir", data, "doctor", "--media", "--json", home=home).stdout)
    assert doc["media"]["ok"] and doc["media"]["width"] > 0 and doc["media"]["capsule"] == "m1c1", doc["media"]
    assert doc["db_revision"] == doc["db_head"] and doc["build"].startswith(f"{__version__} (build")

    # a certificate: the built server grades a claim synced by the built client, the PDF is written
    courses_dir = tmp_path / "courses"
    courses_dir.mkdir()
    for f in (REPO / "assets" / "packs").glob("demo-intro-civictech.cc2pack*"):
        shutil.copy(f, courses_dir)  # the pack and its exam answer key: the server's, never the app's
    srv = tmp_path / "server"
    code = run_app(exe, "--data-dir", srv, "server", "enrolment-code", home=home).stdout.strip()
    assert (srv / "keys" / "certificate-issuer.key").is_file()  # a build has no demo key: the server made its own
    port = free_port()
    proc = subprocess.Popen([str(exe), "--data-dir", str(srv), "serve", "--port", str(port), "--courses",
                             str(courses_dir), "--public-url", f"http://127.0.0.1:{port}"],
                            cwd="/", env=clean_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_port(port, proc)
        url = f"http://127.0.0.1:{port}"
        run_app(exe, "--data-dir", data, "device", "enrol", url, "--code", code, home=home)
        run_app(exe, "--data-dir", data, "demo", "simulate", "--learners", "2", "--days", "2", "--certify", "2",
                "--exam-key", courses_dir / "demo-intro-civictech.cc2pack.exam-key.json", home=home, timeout=300)
        run_app(exe, "--data-dir", data, "sync", home=home)
        rows = json.loads(run_app(exe, "--data-dir", data, "certificate", "list", "--json", home=home).stdout)
        certified = [r for r in rows if r["state"] == "certified"]
        assert certified, rows
        pdf = tmp_path / "certificat.pdf"
        run_app(exe, "--data-dir", data, "certificate", "export", certified[0]["code"], "--out", pdf, home=home)
        assert pdf.read_bytes().startswith(b"%PDF")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "CERTIFICAT" in text and certified[0]["code"] in text
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "DejaVuSans" in fonts  # the bundled fonts, not whatever the PC has
        # offline verification with the server's public key, as a centre would trust it
        trusted = data / "keys" / "trusted-issuers"
        trusted.mkdir(parents=True, exist_ok=True)
        shutil.copy(srv / "keys" / "certificate-issuer.pub", trusted / "centre.pub")
        v = json.loads(run_app(exe, "--data-dir", data, "verify", pdf, "--json", home=home).stdout)
        assert v["valid"] is True, v
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    # uvicorn shuts down, then re-raises SIGTERM so that the parent sees it: no traceback, no hang
    err = proc.stderr.read()
    assert proc.returncode in (0, -signal.SIGTERM) and "Traceback" not in err, err[-2000:]


def test_a_stick_made_by_the_build_runs_elsewhere_and_is_repaired(built_app, tmp_path):
    """Done when: a build, then ``usb prepare``, make a stick that runs the app with its course on a
    machine that never saw the project; damage to that stick is found and repaired."""
    exe = build_app.executable(built_app)
    home = tmp_path / "home"
    home.mkdir()
    staging = tmp_path / "staging"
    staging.mkdir()
    pc = ["--data-dir", tmp_path / "facilitator"]
    # the build copies itself (no --app: the build this command runs from) and the course packs
    r = run_app(exe, *pc, "usb", "prepare", staging, "--packs", REPO / "assets" / "packs", home=home, timeout=600)
    assert "the app (Connexions-Citoyennes/)" in r.stdout and "prepare: 100%" in r.stderr
    assert not list(staging.rglob("*exam-key*")) and not list(staging.rglob("*.key"))

    img = fatimage.FatImage(tmp_path / "stick.img", 400)
    img.put_tree(staging)
    shutil.rmtree(staging)
    other_pc = img.get_tree(tmp_path / "other-pc" / "stick")  # what another PC sees, execute bits lost
    launcher = other_pc / "Connexions-Citoyennes" / "cc2desktop.sh"
    start = ["sh", str(launcher)]

    # runs from the copy: portable mode (data on the stick), the course installed at first start
    r = run_app(start, home=home, CC2_BENCH_FIRST_PAINT="1", timeout=180)
    assert "CC2_FIRST_PAINT" in r.stdout
    doc = json.loads(run_app(start + ["doctor", "--json"], home=home).stdout)
    assert doc["portable"] is True and doc["data_dir"] == str(other_pc / "Connexions-Citoyennes" / "cc2data")
    assert [c["id"] for c in doc["courses"]] == ["demo-intro-civictech"]
    assert not (home / ".local" / "share" / "cc2desktop").exists()  # nothing written on the PC itself

    # damage on the stick: a library flipped, a pack cut short; found, named, repaired
    lib = "Connexions-Citoyennes/_internal/base_library.zip"
    good = img.read(lib)
    img.write(lib, good[:100] + bytes([good[100] ^ 0xFF]) + good[101:], tmp_path)
    img.write("packs/demo-intro-civictech.cc2pack", img.read("packs/demo-intro-civictech.cc2pack")[:4096], tmp_path)
    damaged = img.get_tree(tmp_path / "damaged")
    r = run_app(exe, *pc, "usb", "verify", damaged, home=home, check=False)
    assert r.returncode == 1
    assert f"damaged: {lib} (content changed)" in r.stdout
    assert "damaged: packs/demo-intro-civictech.cc2pack (wrong size)" in r.stdout
    r = run_app(exe, *pc, "usb", "repair", damaged, "--from", REPO / "assets" / "packs", home=home, check=False)
    assert r.returncode == 1 and "repaired: packs/demo-intro-civictech.cc2pack" in r.stdout
    assert f"NOT repaired: {lib} (no good copy in the source)" in r.stdout
    r = run_app(exe, *pc, "usb", "repair", damaged, "--from", REPO / "dist", home=home)
    assert r.stdout.strip() == f"repaired: {lib}"
    assert run_app(exe, *pc, "usb", "verify", damaged, home=home).stdout.startswith("ok: ")
    # and the repaired stick still starts
    r = run_app(["sh", str(damaged / "Connexions-Citoyennes" / "cc2desktop.sh"), "--version"], home=home)
    assert r.stdout.strip() == f"cc2desktop {__version__}"
