"""The player calls that tear down FFmpeg's threads (``ui/learner/media.py``) run as plain C++ without
the GIL, and nothing else runs inside them: no timer, no other widget's queued work. A local event
loop (their first version) ran whatever was due; a closed window's chart step then ran in the middle
of a player's teardown and the test run hung in it (CI, once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink

from cc2desktop.core.paths import assets_dir
from cc2desktop.ui.learner import media

pytestmark = pytest.mark.gui


def test_stop_and_set_source_run_the_call_and_nothing_else(qtbot):
    video = assets_dir() / "demo-course" / "capsules" / "m1c2" / "video-low.mp4"
    player = QMediaPlayer()
    audio = QAudioOutput()
    audio.setMuted(True)
    player.setAudioOutput(audio)
    sink = QVideoSink()
    player.setVideoSink(sink)
    frames: list[int] = []
    sink.videoFrameChanged.connect(lambda _f: frames.append(1))
    media.set_source(player, QUrl.fromLocalFile(str(video)))
    assert player.source().toLocalFile() == str(video)  # the call ran before set_source returned
    player.play()
    qtbot.waitUntil(lambda: len(frames) > 3, timeout=10_000)

    ran: list[str] = []
    QTimer.singleShot(0, lambda: ran.append("timer"))
    media.stop(player)
    assert player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
    assert player.source().isEmpty()
    assert ran == []  # the timer that was due did not run inside the teardown
    qtbot.waitUntil(lambda: ran == ["timer"], timeout=2_000)  # it runs at the next turn of the loop

    player.deleteLater()
    media.stop(player)  # a call on a player being deleted is harmless


def test_a_video_view_going_away_unlinks_its_sink_on_the_gui_thread(qtbot):
    """The frame converter lives on the frame thread and dies there; the sink feeding it is cut on the
    GUI thread first, so that its death calls nothing on the (Python-made) sink from that thread."""
    from PySide6.QtCore import SIGNAL, QThread, Qt
    from PySide6.QtWidgets import QApplication

    from cc2desktop.ui.learner.player import VideoView, frame_thread

    v = VideoView()
    sink = v.sink
    signal = SIGNAL("videoFrameChanged(QVideoFrame)")
    assert sink.receivers(signal) == 1
    deleted_on: list = []
    v.converter.destroyed.connect(lambda: deleted_on.append(QThread.currentThread()),
                                  Qt.ConnectionType.DirectConnection)
    linked_at_death: list[int] = []
    v.destroyed.connect(lambda: linked_at_death.append(sink.receivers(signal)))  # after the view's own
    v.deleteLater()
    del v  # the test keeps no reference to the converter either
    qtbot.waitUntil(lambda: linked_at_death != [], timeout=2_000)
    assert linked_at_death == [0]
    # deleted on its own thread (had its Python wrapper been freed on the GUI thread, it would have
    # been deleted there, under the frame thread's feet)
    qtbot.waitUntil(lambda: deleted_on != [], timeout=2_000)
    assert deleted_on == [frame_thread()] and frame_thread() != QApplication.instance().thread()


CHILD = r"""
import faulthandler, os, sys, tempfile, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QMediaPlayer, QAudioOutput
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from cc2desktop.ui.learner import media

app = QApplication([])
# a hang prints its stacks and ends the child (the plain objects' case hangs at its first end)
faulthandler.dump_traceback_later(60 if sys.argv[2] == "primed" else 12, exit=True)
for _ in range(3):
    if sys.argv[2] == "primed":
        player, audio = media.new_player()       # as the capsule page and the projector make them
    else:
        player, audio = QMediaPlayer(), QAudioOutput()
        player.setAudioOutput(audio)
    audio.setMuted(True)
    media.set_source(player, QUrl.fromLocalFile(sys.argv[1]))
    player.play()
    t0 = time.monotonic()
    while player.duration() <= 0 or player.position() < player.duration() - 300:
        app.processEvents()
        time.sleep(0.005)
    sys.setswitchinterval(30)  # Python keeps the GIL, as a busy GUI thread does
    QTest.qWait(1200)          # Qt runs the end of the media meanwhile (qWait holds the GIL)
    sys.setswitchinterval(0.005)
    print(player.mediaStatus().name, flush=True)
    media.stop(player)
"""


@pytest.mark.parametrize("made", ["primed", pytest.param("plain", marks=pytest.mark.slow)])
def test_the_end_of_a_media_needs_no_gil_from_a_media_thread(tmp_path, made):
    """At the end of the media, FFmpeg's audio renderer dies on its own thread, and Qt calls
    disconnectNotify() on the (Python-made) audio output there, holding a connection lock. PySide
    needs the GIL for its first call of a virtual method of a Python-made object (to look for an
    override), so a GUI thread holding the GIL and reaching for that lock hangs the app (CI, once:
    in a layout's connect, at the end of a capsule). ``media.new_player`` settles those lookups on
    the GUI thread first. Here the GUI thread holds the GIL while Qt runs three media ends: the
    objects the app makes come through; plain ones hang every time (the "plain" case proves it)."""
    import subprocess
    import sys

    from tests.support.learning_course import make_video

    clip = make_video(tmp_path / "clip.m4a", seconds=1.0, audio_only=True)
    root = Path(__file__).resolve().parents[1]
    try:
        r = subprocess.run([sys.executable, "-c", CHILD, str(clip), made], capture_output=True, text=True,
                           timeout=90, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
        ended = r.stdout.split()
    except subprocess.TimeoutExpired:
        ended = ["hung"]
    if made == "primed":
        assert ended == ["EndOfMedia"] * 3, r.stderr[-3000:]
    else:
        assert ended != ["EndOfMedia"] * 3  # the hazard is real: without priming the child hangs
