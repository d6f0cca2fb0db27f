"""HD capsules (issue 20 item 1): a 1280×720 30 fps video plays in the real capsule page, its frames
converted and scaled on the frame thread, painted by the view with the subtitle drawn over them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication

from tests.support.learning_course import VIDEO_S, build_course

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def hd_course_dir(tmp_path_factory, test_media):
    from tools.bench_hdvideo import make_hd_video

    d = tmp_path_factory.mktemp("hd")
    hd = make_hd_video(d / "hd.mp4", seconds=int(VIDEO_S))
    return build_course(d / "test-course", {**test_media, "video.mp4": hd})


@pytest.fixture
def page(qtbot, data_paths, hd_course_dir):
    """The app's capsule page playing the HD capsule m1c1 (subtitles in English)."""
    from cc2desktop.app import App
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n

    i18n.set_language("en")
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", "en")
    settings.set("sync.auto", False)
    a = App(data_paths, settings, course_dirs=[hd_course_dir])
    qtbot.addWidget(a.window)
    a.window.resize(1366, 768)
    a.window.show()
    a.window.activateWindow()
    qtbot.waitUntil(a.window.isActiveWindow, timeout=5_000)  # the page's shortcuts need it
    with qtbot.waitSignal(a.core_ready, timeout=20_000):
        a.open_core()
    w = a.learner
    w.choose_learner(a.kit.learning.create_learner("Aïcha").value.id)
    qtbot.waitUntil(lambda: w.learner is not None, timeout=10_000)
    w.open_capsule("test-course", "m1c1")
    qtbot.waitUntil(lambda: w.current_page() == "capsule", timeout=10_000)
    yield w.capsule_page
    a.window.close()
    a.shutdown()
    qtbot.wait(50)


def fitted(view) -> QSize:  # noqa: ANN001
    return QSize(1280, 720).scaled(view.size() * view.devicePixelRatioF(), Qt.AspectRatioMode.KeepAspectRatio)


def test_hd_frames_are_converted_off_the_gui_thread_and_painted_with_the_subtitle_on_top(qtbot, page):
    video = page.video
    assert video.converter.thread() is not QApplication.instance().thread()
    qtbot.waitUntil(lambda: video.painted_with_subtitle >= 5, timeout=15_000)
    assert video.sink.videoSize() == QSize(1280, 720)
    # paused inside the cues (they cover the whole clip): the frame and its subtitle stay for the checks
    page.player.pause()
    qtbot.waitUntil(lambda: page.player.playbackState() == QMediaPlayer.PlaybackState.PausedState, timeout=3_000)
    # converted at the size it is drawn at (smaller than the video: the page has its transcript beside it)
    # (waited for: a frame converted just before the page's last resize still has the old size)
    qtbot.waitUntil(lambda: video._image.size() == fitted(video), timeout=5_000)
    img = video._image
    assert img.width() < 1280

    # What is on screen: the frame itself, pixel for pixel, and a dark box with white text near its bottom.
    shot = video.grab().toImage()
    assert video.subtitle in ("Hello and welcome", "Civic tech helps citizens", "See you soon")
    ox, oy = (video.width() - img.width()) // 2, (video.height() - img.height()) // 2
    changed_rows = []
    for y in range(max(0, 8 - oy), min(img.height(), video.height() - 8 - oy), 2):  # (the focus frame at the edges)
        xs = range(img.width() // 4, img.width() * 3 // 4, 3)
        if any(shot.pixelColor(ox + x, oy + y) != img.pixelColor(x, y) for x in xs):
            changed_rows.append(y)
    assert changed_rows, "no subtitle drawn over the frame"
    assert min(changed_rows) > img.height() * 0.7  # the frame is untouched above the subtitle
    middle = range(img.width() // 4, img.width() * 3 // 4)
    band = [shot.pixelColor(ox + x, oy + y) for y in changed_rows for x in middle]
    assert any(c.lightness() > 240 for c in band)  # the white text
    assert sum(c.lightness() < 60 for c in band) > len(band) // 3  # on its dark box
    assert any(img.pixelColor(x, img.height() // 3).saturation() > 100 for x in range(0, img.width(), 8))  # colours


def test_paused_hd_frame_follows_a_resize_and_playback_goes_on(qtbot, page):
    video = page.video
    qtbot.waitUntil(lambda: video.frames > 3, timeout=15_000)
    page.player.pause()
    qtbot.waitUntil(lambda: page.player.playbackState() == QMediaPlayer.PlaybackState.PausedState, timeout=3_000)
    before, size = video._image.size(), video.size()
    page.video.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F)  # full screen: the transcript goes, the view changes size
    qtbot.waitUntil(lambda: not page.side.isVisible() and video.size() != size, timeout=3_000)
    # the paused frame is converted again at the new size (no next frame is coming)
    qtbot.waitUntil(lambda: video._image.size() == fitted(video), timeout=5_000)
    assert video._image.size() != before
    shot = video.grab().toImage()
    c = shot.pixelColor(video.width() // 2, video.height() // 3)
    assert c != QColor("#000000")
    frames = video.frames
    qtbot.keyClick(page.video, Qt.Key.Key_Space)  # play again
    qtbot.waitUntil(lambda: video.frames > frames + 5, timeout=10_000)
    assert video._image.size() == fitted(video)
