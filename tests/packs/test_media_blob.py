"""QMediaPlayer plays an installed video straight from its blob (a file named by its SHA-256, with
no extension): the FFmpeg backend probes the content, so the store needs no extension."""

import subprocess

import pytest

from cc2desktop.core.packs import service
from cc2desktop.core.packs.build import build_pack

from .conftest import make_course


@pytest.fixture(scope="module")
def tiny_mp4(tmp_path_factory):
    import imageio_ffmpeg

    out = tmp_path_factory.mktemp("mp4") / "tiny.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050", "-t", "1", "-c:v", "libx264",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(out)], check=True)
    return out


@pytest.mark.gui
def test_qmediaplayer_plays_a_blob_without_extension(qtbot, trusted_kit, publisher_key, tmp_path, tiny_mp4):
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

    src = make_course(tmp_path / "src", modules=1, capsules_per_module=1, exam=False)
    (src / "capsules" / "m1c1" / "video.mp4").write_bytes(tiny_mp4.read_bytes())
    res = build_pack(src, tmp_path / "v.cc2pack", publisher_key)
    service.install_pack(trusted_kit, res.path)
    blob = service.file_path(trusted_kit, "test-course", "capsules/m1c1/video.mp4")
    assert blob.suffix == "" and blob.read_bytes() == tiny_mp4.read_bytes()

    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    frames = []
    sink.videoFrameChanged.connect(lambda f: frames.append(f.size()) if f.isValid() else None)
    player.setSource(QUrl.fromLocalFile(str(blob)))
    player.setPlaybackRate(4.0)
    player.play()
    qtbot.waitUntil(lambda: len(frames) >= 2, timeout=10_000)
    assert player.error() == QMediaPlayer.Error.NoError
    assert frames[0].width() == 64 and frames[0].height() == 48
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=5_000)
    assert 900 <= player.duration() <= 1200
    player.stop()
