"""Draw the app icon (git-ignored, rebuilt when this file changes): ``assets/icons/cc2desktop.png``
(256 px, Linux desktop entry and window icon), ``cc2desktop-48.png`` and ``cc2desktop.ico`` (Windows
executable: 16–256 px, PNG-compressed entries), and the arrows of spin and combo boxes and the check
boxes (``arrow-*.svg``, ``check-*.svg``, see ``ui/shell/theme.py``).

    python -m tools.app_icon [--force]
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ICONS = REPO / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
TEAL, GOLD, WHITE = "#0b5d66", "#c9a227", "#ffffff"


def _png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    m = size * 0.04
    r = QRectF(m, m, size - 2 * m, size - 2 * m)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(TEAL))
    p.drawRoundedRect(r, size * 0.18, size * 0.18)
    if size >= 32:
        pen = QPen(QColor(GOLD))
        pen.setWidthF(max(1.0, size * 0.035))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        inner = r.adjusted(size * 0.08, size * 0.08, -size * 0.08, -size * 0.08)
        p.drawRoundedRect(inner, size * 0.12, size * 0.12)
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(int(size * 0.42))
    p.setFont(font)
    p.setPen(QColor(WHITE))
    p.drawText(r, int(Qt.AlignmentFlag.AlignCenter), "CC")
    p.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(QByteArray(buf.data()))


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (Vista and later read them)."""
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in sorted(pngs.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return head + entries + blobs


def _images() -> dict[Path, str]:
    """The spin and combo boxes' arrows and the check boxes (``ui/shell/theme.py``), as SVG."""
    from cc2desktop.ui.shell import theme

    return theme.icon_files()


def outputs() -> list[Path]:
    return [ICONS / "cc2desktop.png", ICONS / "cc2desktop-48.png", ICONS / "cc2desktop.ico", *_images()]


def build(force: bool = False) -> bool:
    """Draw the icons when missing or older than this file. Returns True when written."""
    me = Path(__file__).stat().st_mtime
    if not force and all(p.exists() and p.stat().st_mtime >= me for p in outputs()):
        return False
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from cc2desktop.ui.shell.fonts import load_app_fonts

    _app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 - widgets may follow
    load_app_fonts()
    pngs = {s: _png(s) for s in SIZES}
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "cc2desktop.png").write_bytes(pngs[256])
    (ICONS / "cc2desktop-48.png").write_bytes(pngs[48])
    (ICONS / "cc2desktop.ico").write_bytes(ico(pngs))
    for path, svg in _images().items():
        path.write_text(svg, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true")
    build(ap.parse_args(argv).force)
    for p in outputs():
        print(p.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
