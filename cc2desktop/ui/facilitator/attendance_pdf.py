"""A printable attendance sheet (PDF file or printer), in French or English whatever the interface's
language: the group, the date, the capsules covered, one line per participant with her code, the mark
already recorded (if any) and a box to sign."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPagedPaintDevice, QPdfWriter, QTextDocument

from cc2desktop.ui.facilitator.common import fmt_date
from cc2desktop.ui.facilitator.report_pdf import DocumentTexts
from cc2desktop.ui.shell.fonts import load_app_fonts

CTX = "AttendancePdf"
S = {
    "title": QT_TRANSLATE_NOOP("AttendancePdf", "Attendance sheet"),
    "group": QT_TRANSLATE_NOOP("AttendancePdf", "Group"),
    "date": QT_TRANSLATE_NOOP("AttendancePdf", "Date"),
    "capsules": QT_TRANSLATE_NOOP("AttendancePdf", "Capsules covered"),
    "facilitator": QT_TRANSLATE_NOOP("AttendancePdf", "Facilitator"),
    "notes": QT_TRANSLATE_NOOP("AttendancePdf", "Notes"),
    "number": QT_TRANSLATE_NOOP("AttendancePdf", "No."),
    "name": QT_TRANSLATE_NOOP("AttendancePdf", "Name"),
    "code": QT_TRANSLATE_NOOP("AttendancePdf", "Learner code"),
    "present": QT_TRANSLATE_NOOP("AttendancePdf", "Present"),
    "signature": QT_TRANSLATE_NOOP("AttendancePdf", "Signature"),
    "total": QT_TRANSLATE_NOOP("AttendancePdf", "Present: ____ / %1"),
    "late": QT_TRANSLATE_NOOP("AttendancePdf", "Participants not on the list (write their name):"),
    "footer": QT_TRANSLATE_NOOP("AttendancePdf", "Connexions Citoyennes — attendance sheet printed on %1"),
}


def sheet_html(info: Any, rows: list[Any], capsules: list[str], lang: str) -> str:
    """The sheet as HTML (``info``: a ``SessionInfo``; ``rows``: ``AttendanceRow``s; ``capsules``: titles)."""
    from datetime import date

    L = DocumentTexts(lang, S, CTX, "facilitator_attendance_pdf")
    e = html.escape
    head = "".join(f"<tr><td><b>{e(L(k))}</b></td><td>{e(v)}</td></tr>" for k, v in (
        ("group", info.group_name), ("date", fmt_date(info.date, lang)), ("capsules", ", ".join(capsules) or "—"),
        ("facilitator", info.facilitator or "—")) + ((("notes", info.notes),) if info.notes else ()))
    lines = []
    for i, r in enumerate(rows, start=1):
        mark = "☑" if r.present else "☐"
        lines.append(f"<tr><td align='right'>{i}</td><td>{e(r.display_name)}</td><td>{e(r.code or '')}</td>"
                     f"<td align='center'>{mark}</td><td>&nbsp;</td></tr>")
    blanks = "".join("<tr><td>&nbsp;</td><td></td><td></td><td align='center'>☐</td><td></td></tr>" for _ in range(4))
    widths = {"number": 6, "name": 38, "code": 16, "present": 12, "signature": 28}
    cols = "".join(f"<th align='left' width='{w}%'>{e(L(k))}</th>" for k, w in widths.items())
    return f"""<html><body>
<h1 style="color:#0B4F6C">{e(L('title'))}</h1>
<table cellspacing="0" cellpadding="3">{head}</table>
<p></p>
<table width="100%" border="1" cellspacing="0" cellpadding="6" style="border-collapse:collapse">
<thead><tr style="background:#e8eef3">{cols}</tr></thead>
{''.join(lines)}
</table>
<p>{e(L('late'))}</p>
<table width="100%" border="1" cellspacing="0" cellpadding="6" style="border-collapse:collapse">{blanks}</table>
<p><b>{e(L('total', len(rows)))}</b></p>
<p style="color:#777; font-size:small">{e(L('footer', fmt_date(date.today().isoformat(), lang)))}</p>
</body></html>"""


def print_sheet(device: QPagedPaintDevice, info: Any, rows: list[Any], capsules: list[str], lang: str) -> None:
    """Lay the sheet out on A4 pages of ``device`` (a QPdfWriter or a QPrinter)."""
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    doc = QTextDocument()
    doc.setDefaultFont(QFont(load_app_fonts(), 10))
    doc.setHtml(sheet_html(info, rows, capsules, lang))
    doc.setPageSize(QSizeF(device.pageLayout().paintRectPoints().size()))
    doc.print_(device)


def write_pdf(path: Path | str, info: Any, rows: list[Any], capsules: list[str], lang: str) -> Path:
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setTitle(DocumentTexts(lang, S, CTX, "facilitator_attendance_pdf")("title"))
    writer.setCreator("cc2desktop")
    print_sheet(writer, info, rows, capsules, lang)
    return path
