"""Benchmark of the learner's capsule page (issue 4 item 9).

    python -m tools.bench_learning [--runs 5] [--video FILE]

Prints, in one run, medians of:
- capsule click → first video frame in the app, against a bare QMediaPlayer + QVideoSink opening
  the same file (target: ratio ≤ 1.5);
- the longest UI event-loop stall (a 5 ms QTimer heartbeat) while a capsule opens and while a quiz
  answer is saved (target: ≤ 50 ms).
Uses the demo course's first capsule video when built, else a 10 s 640×360 H.264/AAC test video.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools import qt_bench

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")  # no per-open FFmpeg stream dumps


def make_video(path: Path, seconds: int = 10) -> Path:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error",
                    "-f", "lavfi", "-i", f"testsrc=size=640x360:rate=10:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "24k",
                    "-shortest", "-movflags", "+faststart", str(path)], check=True)
    return path


def make_course(root: Path, video: Path) -> Path:
    cap = root / "capsules" / "c1"
    cap.mkdir(parents=True)
    shutil.copyfile(video, cap / "video.mp4")
    cues = "".join(f"{i // 60:02d}:{i % 60:02d}.000 --> {(i + 1) // 60:02d}:{(i + 1) % 60:02d}.000\nLigne {i}\n\n"
                   for i in range(60))
    (cap / "subtitles.fr.vtt").write_text("WEBVTT\n\n" + cues, encoding="utf-8")
    (cap / "quiz.json").write_text(json.dumps({"id": "q", "questions": [
        {"id": "q1", "type": "single", "prompt": {"fr": "?"}, "choices": [{"id": "a", "text": {"fr": "A"}},
                                                                        {"id": "b", "text": {"fr": "B"}}],
         "answer": "a"}]}))
    (root / "course.json").write_text(json.dumps({
        "schema": 1, "id": "bench", "version": "1", "languages": ["fr"], "title": {"fr": "Bench"},
        "modules": [{"id": "m1", "title": {"fr": "M"}, "capsules": [{
            "id": "c1", "title": {"fr": "C1"}, "duration_s": 10, "dir": "capsules/c1",
                                                                     "video": {"standard": "video.mp4"},
            "subtitles": {"fr": "subtitles.fr.vtt"}, "quiz": "quiz.json"}]}]}))
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--video", type=Path, default=None)
    args = ap.parse_args(argv)

    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])  # kept alive for the whole run
    tmp = Path(tempfile.mkdtemp(prefix="cc2-bench-"))
    try:
        from cc2desktop.core.paths import assets_dir

        demo = assets_dir() / "demo-course" / "capsules" / "m1c1" / "video.mp4"
        video = args.video or (demo if demo.is_file() else make_video(tmp / "video.mp4"))
        course_dir = make_course(tmp / "course", video)

        def wait_until(cond, timeout: float = 20.0) -> None:  # noqa: ANN001
            qt_bench.wait_until(cond, timeout)

        def bare_once() -> float:
            player, sink = QMediaPlayer(), QVideoSink()
            got: list[float] = []
            sink.videoFrameChanged.connect(
                lambda f: got.append(time.perf_counter()) if f.isValid() and not got else None)
            player.setVideoOutput(sink)
            t0 = time.perf_counter()
            player.setSource(QUrl.fromLocalFile(str(video)))
            player.play()
            wait_until(lambda: bool(got))
            player.stop()
            player.setSource(QUrl())
            player.deleteLater()
            return got[0] - t0

        from cc2desktop.app import App
        from cc2desktop.core.paths import resolve_data_paths

        paths = resolve_data_paths(tmp / "data").ensure()
        app = App(paths, course_dirs=[course_dir])
        app.settings.set("sync.auto", False)
        app.window.show()
        app.open_core()
        wait_until(lambda: app.kit is not None)
        win = app.learner  # the learner's screens: home, capsule page, quiz
        who = app.kit.learning.create_learner("Bench").value
        win.choose_learner(who.id)
        wait_until(lambda: win.learner is not None)
        hb = qt_bench.Heartbeat(5)

        def app_once() -> tuple[float, float]:
            win.show_page("home")
            page = win.capsule_page
            if page is not None:
                page.stop()
            hb.start()
            t0 = time.perf_counter()
            win.home.outline.capsule_activated.emit("bench", "c1")  # what a click / Enter does
            page = win.capsule_page
            wait_until(lambda: page.t_first_frame > 0 and page.transcript.count() > 0)
            first = page.t_first_frame - t0
            wait_until(lambda: time.perf_counter() - t0 > first + 0.3)  # let the data task land
            return first, hb.stop()

        def quiz_once() -> float:
            win.open_quiz()
            wait_until(lambda: win.current_page() == "quiz")
            qp = win.quiz_page
            qp.qwidget.set_response("a")
            hb.start()
            qp.submit()
            wait_until(lambda: "✓" in qp.saved.text())
            stall = hb.stop()
            qp.retry()
            return stall

        bare_once(), app_once()  # warm-up: first QMediaPlayer/FFmpeg initialisation
        bare, ours, open_stalls, quiz_stalls = [], [], [], []
        for _ in range(args.runs):
            bare.append(bare_once())
            first, stall = app_once()
            ours.append(first)
            open_stalls.append(stall)
            quiz_stalls.append(quiz_once())
        mb, mo = statistics.median(bare), statistics.median(ours)
        print(f"video: {video.name} ({video.stat().st_size // 1024} KiB), runs: {args.runs}")
        print(f"bare QMediaPlayer → first frame: median {mb * 1000:.0f} ms  {[round(x * 1000) for x in bare]}")
        print(f"capsule click → first frame:     median {mo * 1000:.0f} ms  {[round(x * 1000) for x in ours]}")
        print(f"ratio: {mo / mb:.2f} (target ≤ 1.5)")
        for what, stalls in (("a capsule opens", open_stalls), ("a quiz answer is saved", quiz_stalls)):
            print(f"longest UI stall while {what}: max {max(stalls) * 1000:.0f} ms, "
                  f"median {statistics.median(stalls) * 1000:.0f} ms (target ≤ 50)")
        app.window.close()  # the app shuts down: media stopped, jobs ended, database closed
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
