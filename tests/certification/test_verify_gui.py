"""« Vérifier un certificat », offscreen over a real data dir and a real server: the three ways in
(typed code, PDF, the QR code read from a camera-like video source) give the CLI's verdicts; the
page stays open across a sync that brings a revocation list, a language switch and a resize; with no
camera it says so and offers the other ways."""

from __future__ import annotations

import json
import subprocess

import pytest

from cc2desktop.core.certification import service
from cc2desktop.core.certification.simulate import complete_course, key_answers
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner

pytestmark = pytest.mark.gui


def _certified(pc, demo_courses) -> str:
    from cc2desktop.core.packs.service import get_manifest
    from cc2desktop.core.sync.client import SyncClient

    from tests.certification.test_revocation_and_proctor import take_exam

    key = key_answers(next(demo_courses.glob("*.exam-key.json")))
    lid = new_id()
    with pc.session() as s:
        s.add(Learner(id=lid, display_name="Nadège Mbarga-Éyidi"))
        s.flush()
        complete_course(s, lid, get_manifest(pc, "demo-intro-civictech"))
    take_exam(pc, lid, key)
    SyncClient(pc).sync()
    with pc.session() as s:
        return service.claim_states(s, lid)[-1].code


def _cli_verdict(pc, what) -> str:
    from cc2desktop.cli import main

    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["--data-dir", str(pc.paths.root), "verify", "--json", str(what)])
    return json.loads(buf.getvalue())["verdict"]


def _qr_video(payload: str, out) -> None:
    """A few seconds of a camera's view: the certificate's QR code, smaller than the frame, on grey."""
    import imageio_ffmpeg

    from cc2desktop.ui.certification.widgets import qr_pixmap

    png = out.with_suffix(".png")
    qr_pixmap(payload, 300).save(str(png))
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-loop", "1", "-i", str(png),
                    "-t", "3", "-r", "10", "-vf", "pad=640:480:(ow-iw)/2:(oh-ih)/2:color=gray,format=yuv420p",
                    "-c:v", "libx264", str(out)], check=True)


def test_the_three_ways_give_the_cli_verdicts_across_a_sync_a_language_switch_and_a_resize(
        demo_pc, demo_courses, demo_server, qtbot, tmp_path, capsys):
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.ui.certification.pdf import render_certificate_pdf
    from cc2desktop.ui.certification.verify import VerifyPage
    from cc2desktop.ui.shell import i18n
    from cc2desktop.ui.shell.tasks import TaskRunner

    code = _certified(demo_pc, demo_courses)
    cert = service.find_certificate(demo_pc, code)
    pdf = render_certificate_pdf(service.view_of(cert), tmp_path / "certificate.pdf", "fr")
    video = tmp_path / "camera.mp4"
    _qr_video(cert.payload, video)
    runner = TaskRunner()
    page = VerifyPage(demo_pc.certification, runner, ask_pdf=lambda: str(pdf))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    try:
        def check(action) -> str:
            with qtbot.waitSignal(page.verified, timeout=15_000) as sig:
                action()
            return sig.args[0].verdict

        page.code.setText(code.lower().replace("-", " "))  # typed loosely
        assert check(page.check.click) == "VALID" == _cli_verdict(demo_pc, code)
        assert "Nadège Mbarga-Éyidi" in page.details.text() and "sans surveillance" in page.details.text().lower() \
            or "without supervision" in page.details.text()
        assert "no revocation list" in page.revocation.text().lower() or "aucune liste" in page.revocation.text()
        assert check(page.open_pdf.click) == "VALID" == _cli_verdict(demo_pc, pdf)
        assert check(lambda: page.scan_file(str(video))) == "VALID"  # the camera path, on a video source
        assert page.scanner.frames >= 1 and not page.preview.isVisible()
        page.grab().save(str(tmp_path / "verify-valid.png"))

        # the programme revokes it; a sync brings the list while the page stays open
        with demo_server.hub.Session.begin() as s:
            from cc2desktop.server.certification import revoke

            revoke(s, code, issuer_key=demo_server.certifier.issuer_key, hub=demo_server.hub)
        SyncClient(demo_pc).sync()
        assert check(page.open_pdf.click) == "REVOKED" == _cli_verdict(demo_pc, pdf)
        assert check(lambda: page.scan_file(str(video))) == "REVOKED"
        assert "0" in page.revocation.text()

        i18n.set_language("fr")  # a language switch: the page and its verdict follow
        page.set_language("fr")
        qtbot.waitUntil(lambda: page.title.text() == "Vérifier un certificat", timeout=5_000)
        assert "RÉVOQUÉ" in page.headline.text() and "Conditions de l&#x27;examen" in page.details.text()
        page.resize(800, 600)
        qtbot.wait(50)
        assert page.headline.isVisible() and page.code.isVisible()
        page.grab().save(str(tmp_path / "verify-revoked-fr.png"))
        # a forged payload: one character changed
        bad = cert.payload[:-6] + ("A" if cert.payload[-6] != "A" else "B") + cert.payload[-5:]
        page.code.setText(bad)
        assert check(page.check.click) == "INVALID" == _cli_verdict(demo_pc, bad)
    finally:
        page.stop_scanning()
        i18n.set_language("en")
        runner.wait()


def test_without_a_camera_the_page_says_so_and_offers_the_other_ways(kit, qtbot, monkeypatch):
    from cc2desktop.ui.certification import verify
    from cc2desktop.ui.certification.verify import VerifyPage
    from cc2desktop.ui.shell.tasks import TaskRunner

    monkeypatch.setattr(verify, "has_camera", lambda: False)  # this machine's hardware, not the code under test
    runner = TaskRunner()
    page = VerifyPage(kit.certification, runner)
    qtbot.addWidget(page)
    page.show()
    assert not page.scan.isEnabled()
    assert "No camera" in page.camera_note.text() and page.open_pdf.isEnabled() and page.code.isEnabled()
    runner.wait()
