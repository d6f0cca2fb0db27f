"""Does video play on this PC? Opens a capsule in the real capsule page, off-screen, and waits for
its first decoded frame (QtMultimedia's FFmpeg back end, the bundled codecs, the file in the store).
Used by ``cc2desktop doctor --media`` (a helper on a cybercafé PC) and the built app's smoke test."""

from __future__ import annotations

import time
from typing import Any

TIMEOUT_S = 20.0


def first_frame(course: Any, capsule: Any, lang: str = "fr", timeout_s: float = TIMEOUT_S) -> dict[str, Any]:
    """``{"ok", "seconds", "width", "height", "frames", "error"}`` for ``capsule`` of ``course``.
    Needs a QApplication (the caller makes one, off-screen if there is no display)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from cc2desktop.ui.learner import media
    from cc2desktop.ui.learner.player import CapsulePage

    page = CapsulePage()
    page.audio.setMuted(True)
    loop = QEventLoop()
    errors: list[str] = []
    page.video.first_frame.connect(loop.quit)
    page.player.errorOccurred.connect(lambda _e, text: (errors.append(text or "media error"), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    t0 = time.perf_counter()
    page.open_capsule(course, capsule, lang)
    if page.video.frames == 0 and not errors:
        loop.exec()
    seconds = time.perf_counter() - t0
    size = page.video.sink.videoSize()
    frames = page.video.frames
    media.stop(page.player)
    page.deleteLater()
    ok = frames > 0 and size.width() > 0
    return {"ok": ok, "seconds": round(seconds, 3), "width": size.width(), "height": size.height(),
            "frames": frames, "error": None if ok else (errors[0] if errors else f"no frame in {timeout_s:.0f} s")}
