"""The player calls that tear down FFmpeg's threads (``ui/learner/media.py``) run as plain C++ without
the GIL, and nothing else runs inside them: no timer, no other widget's queued work. A local event
loop (their first version) ran whatever was due; a closed window's chart step then ran in the middle
of a player's teardown and the test run hung in it (CI, once)."""

from __future__ import annotations

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
