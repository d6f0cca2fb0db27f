"""The certificate as an A4 landscape PDF (QPdfWriter): shipped DejaVu fonts (names with any
accents), a vector QR code carrying the signed payload, the verification URL and code, and the
payload embedded in the XMP metadata so ``cc2desktop verify FILE.pdf`` reads it back without Qt.

Texts come from :data:`cc2desktop.core.certification.document.TEXTS` (the document's language is
chosen per certificate, independent of the UI language). Runs in a worker thread (QPdfWriter and
QPainter on a QPdfWriter are thread-safe as long as the writer is not shared).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPageLayout, QPageSize, QPainter, QPainterPath, QPdfWriter, QPen

from cc2desktop.core.certification.document import TEXTS, CertificateView, conditions_text, long_date, xmp_packet
from cc2desktop.ui.shell.fonts import load_app_fonts

DPI = 300
INK = QColor("#1d2b3a")
TEAL = QColor("#0f5e63")
GOLD = QColor("#b08d3c")
MUTED = QColor("#5a6673")
PAPER = QColor("#fffdf7")


def qr_matrix(data: str) -> list[list[bool]]:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    q = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    q.add_data(data)
    q.make(fit=True)
    return q.get_matrix()


def draw_qr(p: QPainter, rect: QRectF, data: str) -> None:
    """Vector QR code: one path of dark modules on a white quiet zone."""
    m = qr_matrix(data)
    n = len(m)
    quiet = 4
    cell = min(rect.width(), rect.height()) / (n + 2 * quiet)
    p.fillRect(rect, Qt.GlobalColor.white)
    path = QPainterPath()
    ox, oy = rect.x() + quiet * cell, rect.y() + quiet * cell
    for y, row in enumerate(m):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                path.addRect(QRectF(ox + start * cell, oy + y * cell, (x - start) * cell + 0.01, cell + 0.01))
            else:
                x += 1
    p.fillPath(path, QBrush(Qt.GlobalColor.black))


def render_certificate_pdf(view: CertificateView, out: Path, lang: str = "fr") -> Path:
    """Write the certificate PDF to ``out`` (atomically) and return its path."""
    lang = lang if lang in TEXTS else "en"
    t = TEXTS[lang]
    family = load_app_fonts()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")

    w = QPdfWriter(str(tmp))
    w.setResolution(DPI)
    w.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    w.setTitle(f"{t['title']} — {view.learner_name}")
    w.setCreator("cc2desktop — Connexions Citoyennes")
    w.setDocumentXmpMetadata(QByteArray(xmp_packet(view, lang)))

    p = QPainter(w)
    try:
        paint_certificate(p, DPI, view, lang, family)
    finally:
        p.end()
    tmp.replace(out)
    return out


def paint_certificate(p: QPainter, dpi: float, view: CertificateView, lang: str = "fr",
                      family: str | None = None) -> None:
    """Paint the certificate on an A4 landscape page whose device has ``dpi`` (PDF or printer)."""
    lang = lang if lang in TEXTS else "en"
    t = TEXTS[lang]
    family = family or load_app_fonts()
    device = p.device()
    mm = dpi / 25.4
    W, H = 297 * mm, 210 * mm

    def font(size_pt: float, bold: bool = False, italic: bool = False, spacing: float = 0) -> QFont:
        f = QFont(family)
        f.setPointSizeF(size_pt)
        f.setBold(bold)
        f.setItalic(italic)
        if spacing:
            f.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing * mm)
        return f

    def text(rect: QRectF, s: str, f: QFont, color: QColor = INK,
             flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter) -> None:
        p.setFont(f)
        p.setPen(color)
        p.drawText(rect, int(flags) | int(Qt.TextFlag.TextWordWrap), s)

    def fit(s: str, size: float, bold: bool, width: float, min_size: float = 14) -> QFont:
        """Shrink a long name or title until it fits one line (else it wraps at min size)."""
        from PySide6.QtGui import QFontMetricsF

        f = font(size, bold)
        while size > min_size and QFontMetricsF(f, device).horizontalAdvance(s) > width:
            size -= 1
            f = font(size, bold)
        return f

    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(QRectF(0, 0, W, H), PAPER)
    # frame: a teal band, a thin gold rule inside it, corner ornaments
    p.setPen(QPen(TEAL, 4 * mm))
    p.drawRect(QRectF(8 * mm, 8 * mm, W - 16 * mm, H - 16 * mm))
    p.setPen(QPen(GOLD, 0.6 * mm))
    p.drawRect(QRectF(13 * mm, 13 * mm, W - 26 * mm, H - 26 * mm))
    p.setPen(QPen(GOLD, 0.3 * mm))
    p.drawRect(QRectF(14.5 * mm, 14.5 * mm, W - 29 * mm, H - 29 * mm))
    p.setBrush(GOLD)
    p.setPen(Qt.PenStyle.NoPen)
    for cx, cy in ((13, 13), (284, 13), (13, 197), (284, 197)):
        d = 3.2 * mm
        c = QPointF(cx * mm, cy * mm)
        path = QPainterPath()
        path.moveTo(c + QPointF(0, -d)); path.lineTo(c + QPointF(d, 0))  # noqa: E702
        path.lineTo(c + QPointF(0, d)); path.lineTo(c + QPointF(-d, 0)); path.closeSubpath()  # noqa: E702
        p.drawPath(path)
    p.setBrush(Qt.BrushStyle.NoBrush)

    if view.demo:  # a real funder must not mistake a demo certificate for a real one
        p.save()
        p.translate(W / 2, H / 2)
        p.rotate(-24)
        text(QRectF(-140 * mm, -20 * mm, 280 * mm, 40 * mm), t["demo"].split(" — ")[0],
             font(72, True), QColor(176, 141, 60, 34))
        p.restore()

    # header
    text(QRectF(20 * mm, 22 * mm, W - 40 * mm, 9 * mm), t["programme"], font(15, True, spacing=0.25), TEAL)
    text(QRectF(20 * mm, 31 * mm, W - 40 * mm, 7 * mm), t["tagline"], font(10.5, italic=True), MUTED)
    p.setPen(QPen(GOLD, 0.5 * mm))
    p.drawLine(QPointF(W / 2 - 30 * mm, 41 * mm), QPointF(W / 2 + 30 * mm, 41 * mm))
    text(QRectF(20 * mm, 45 * mm, W - 40 * mm, 16 * mm), t["title"].upper(), font(28, True, spacing=0.12), INK)
    text(QRectF(20 * mm, 63 * mm, W - 40 * mm, 8 * mm), t["awarded"], font(13, italic=True), MUTED)
    text(QRectF(25 * mm, 72 * mm, W - 50 * mm, 18 * mm), view.learner_name,
         fit(view.learner_name, 34, True, W - 60 * mm), TEAL)
    p.setPen(QPen(GOLD, 0.4 * mm))
    p.drawLine(QPointF(W / 2 - 70 * mm, 91 * mm), QPointF(W / 2 + 70 * mm, 91 * mm))
    text(QRectF(20 * mm, 94 * mm, W - 40 * mm, 8 * mm), t["for"], font(13, italic=True), MUTED)
    title = view.title(lang)
    text(QRectF(30 * mm, 103 * mm, W - 60 * mm, 16 * mm), f"« {title} »" if lang == "fr" else f"“{title}”",
         fit(title, 22, True, W - 80 * mm, 13), INK)
    text(QRectF(20 * mm, 121 * mm, W - 40 * mm, 8 * mm),
         t["score"].format(score=view.score) + "   ·   " + t["issued"].format(date=long_date(view.date, lang)),
         font(12.5), INK)
    # the exam's conditions, as the signed payload states them ("examen surveillé" only when co-signed)
    text(QRectF(20 * mm, 129 * mm, W - 40 * mm, 7 * mm), conditions_text(view.proctored, lang, view.session_date),
         font(11, bold=view.proctored, italic=not view.proctored), TEAL if view.proctored else MUTED)

    # footer left: signatory and seal
    seal = QPointF(52 * mm, 160 * mm)
    p.setPen(QPen(GOLD, 0.8 * mm))
    p.setBrush(QColor(176, 141, 60, 28))
    p.drawEllipse(seal, 17 * mm, 17 * mm)
    p.setPen(QPen(GOLD, 0.3 * mm))
    p.drawEllipse(seal, 14.5 * mm, 14.5 * mm)
    p.setBrush(Qt.BrushStyle.NoBrush)
    text(QRectF(seal.x() - 14 * mm, seal.y() - 8 * mm, 28 * mm, 7 * mm), "CC", font(20, True), TEAL)
    text(QRectF(seal.x() - 14 * mm, seal.y() - 0.5 * mm, 28 * mm, 5 * mm), "Ed25519", font(7.5, True), GOLD)
    text(QRectF(seal.x() - 14 * mm, seal.y() + 4 * mm, 28 * mm, 5 * mm), view.date, font(7), MUTED)
    text(QRectF(76 * mm, 150 * mm, 70 * mm, 7 * mm), t["signatory"], font(11, True), INK,
         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    text(QRectF(76 * mm, 157 * mm, 70 * mm, 6 * mm), "Connexions Citoyennes", font(10, italic=True), MUTED,
         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    # footer right: verification block and QR
    qr_size = 46 * mm
    qr_rect = QRectF(W - 22 * mm - qr_size, H - 22 * mm - qr_size, qr_size, qr_size)
    draw_qr(p, qr_rect, view.payload)
    bx = 140 * mm
    bw = qr_rect.left() - bx - 4 * mm
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    text(QRectF(bx, 143 * mm, bw, 6 * mm), t["verify_title"], font(11, True), TEAL, left)
    text(QRectF(bx, 150 * mm, bw, 10 * mm), t["verify_scan"], font(8.5), MUTED, left)
    text(QRectF(bx, 160 * mm, bw, 9 * mm), view.verify_url, fit(view.verify_url, 8.5, True, bw, 6.5), INK, left)
    text(QRectF(bx, 169 * mm, bw, 5 * mm), t["code"], font(8.5), MUTED, left)
    text(QRectF(bx, 174 * mm, bw, 8 * mm), view.code, font(15, True, spacing=0.05), INK, left)

    # fine print
    fine = t["signed"].format(kid=view.issuer or "?") + "\n" + t["cert_id"].format(id=view.id)
    if view.demo:
        fine += "\n" + t["demo"]
    text(QRectF(22 * mm, H - 29 * mm, 112 * mm, 12 * mm), fine, font(6.5), MUTED,
         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
