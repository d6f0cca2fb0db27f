"""The whole learner path on a real 1366×768 screen (Xvfb with openbox), text at 130 %: profile →
capsule → quiz → certificate → exam → decision, with every page and dialog of the walk (the
facilitator's too) photographed and checked for clipping (a window off the screen or a widget
outside its window fails). The walk runs in its own process on that display (the test below it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import xdisplay

ROOT = Path(__file__).resolve().parents[1]
SHOTS_ENV = "CC2_SCREEN_WALK"  # where the inner walk writes its screenshots (set by the outer test)


@pytest.mark.gui
def test_the_learner_path_fits_a_1366x768_screen_with_text_at_130_percent(tmp_path):
    assert xdisplay.available() is None, "packaging/dev.sh installs Xvfb, openbox and xprop"
    shots = Path(os.environ.get("CC2_KEEP_SHOTS") or tmp_path / "shots")
    with xdisplay.x_display() as env:
        env = {**env, SHOTS_ENV: str(shots)}
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                            f"{Path(__file__).relative_to(ROOT)}::test_walk_on_the_display"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0 and " passed" in r.stdout, (r.stdout + r.stderr)[-6000:]
    from PySide6.QtGui import QImage

    photos = sorted(shots.glob("*.png"))
    assert len(photos) > 60
    img = QImage(str(photos[0]))
    assert (img.width(), img.height()) == xdisplay.SCREEN
    names = " ".join(p.name for p in photos)
    for step in ("welcome", "new-profile", "capsule", "quiz-score", "exam-question-1", "exam-start-now",
                 "certificate-not-passed", "certificate-certified"):
        assert step in names, step


@pytest.mark.gui
def test_walk_on_the_display(qtbot, data_paths, tmp_path):
    """The walk itself (run by the test above, on its X display)."""
    shots = os.environ.get(SHOTS_ENV)
    if not shots:
        pytest.skip("runs on the X display the test above starts")
    from tests.support.cert_server import CertServer
    from tests.support.screens import ScreenWalker
    from tests.support.walk_learner import DEMO_PACKS, Tour, exam_answers_right
    from tests.test_page_walk import _decision, _hand_in

    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", DEMO_PACKS, tmp_path / "server-data").start()
    tour = Tour(qtbot, data_paths, lang="fr", server=srv, font_scale=130, maximized=True).start()
    walker = ScreenWalker(qtbot, "fr", shots=Path(shots))
    try:
        tour.walk(walker, facilitator=False)  # profile, home, capsule, quiz, certificate checklist, dialogs
        tour.complete_course()
        tour.log_in()
        tour.walk_certificate(walker)  # the exam may start: "start now?" asked, then not now
        panel = tour.start_exam()
        tour.walk_certificate(walker)  # every exam question, the hand-in question
        tour.window.resize(1200, 700)  # an open exam survives a resize
        tour.window.showMaximized()
        _hand_in(tour, panel)
        walker.check("certificate (pending)", tour.window)
        _decision(tour, panel, "not_passed")
        walker.check("certificate (not passed)", tour.window)
        panel = tour.start_exam()
        _hand_in(tour, panel, exam_answers_right())
        _decision(tour, panel, "certified")
        walker.check("certificate (certified)", tour.window)
    finally:
        tour.close()
        srv.stop()
    walker.assert_fits()
    walker.assert_clean()
