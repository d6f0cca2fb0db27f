"""The PDF period/session report (QPdfWriter + QtCharts), in French or English.

``render_report_pdf(dashboard, path, lang="fr", group_name=None)`` draws: key figures, learners by
gender (pie), by country and by category (bars with completion), capsule completion, the hardest
questions, the group sessions of the period and, for up to ``MAX_LEARNER_ROWS`` learners, one line per
learner (more than that: see the CSV). Fonts come from assets/fonts (no boxes on font-less PCs).

The report language is independent of the UI language: strings are marked with QT_TRANSLATE_NOOP
and looked up in this module's own translator.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QHorizontalBarSeries, QPieSeries,
                              QValueAxis)
from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, QMarginsF, QRectF, QSizeF, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen
from PySide6.QtWidgets import QApplication, QGraphicsScene

from cc2desktop.core.paths import assets_dir
from cc2desktop.core.reports.dashboard import Dashboard, Table
from cc2desktop.ui.shell.fonts import load_app_fonts

MAX_LEARNER_ROWS = 300
CHART_SCALE = 2.0
CTX = "ReportPdf"
PALETTE = ["#1b6ca8", "#e07a1f", "#2a9d8f", "#b5179e", "#6c757d", "#e9c46a", "#8ab17d", "#d62828"]

S = {
    "title": QT_TRANSLATE_NOOP("ReportPdf", "Connexions Citoyennes — progress report"),
    "all": QT_TRANSLATE_NOOP("ReportPdf", "All learners"),
    "group": QT_TRANSLATE_NOOP("ReportPdf", "Group: %1"),
    "period": QT_TRANSLATE_NOOP("ReportPdf", "Period: %1 to %2"),
    "whole": QT_TRANSLATE_NOOP("ReportPdf", "Period: all activity"),
    "generated": QT_TRANSLATE_NOOP("ReportPdf", "Generated on %1"),
    "learners": QT_TRANSLATE_NOOP("ReportPdf", "Learners"),
    "women": QT_TRANSLATE_NOOP("ReportPdf", "Share of women"),
    "progress": QT_TRANSLATE_NOOP("ReportPdf", "Average progress"),
    "completed": QT_TRANSLATE_NOOP("ReportPdf", "Completed the course"),
    "certified": QT_TRANSLATE_NOOP("ReportPdf", "Certified"),
    "attendance": QT_TRANSLATE_NOOP("ReportPdf", "Attendance"),
    "countries": QT_TRANSLATE_NOOP("ReportPdf", "Countries"),
    "by_gender": QT_TRANSLATE_NOOP("ReportPdf", "Learners by gender"),
    "by_country": QT_TRANSLATE_NOOP("ReportPdf", "Learners by country"),
    "by_category": QT_TRANSLATE_NOOP("ReportPdf", "Learners by category"),
    "capsules": QT_TRANSLATE_NOOP("ReportPdf", "Capsule completion (% of learners)"),
    "hardest": QT_TRANSLATE_NOOP("ReportPdf", "Hardest questions"),
    "sessions": QT_TRANSLATE_NOOP("ReportPdf", "Group sessions"),
    "learner_list": QT_TRANSLATE_NOOP("ReportPdf", "Learners in detail"),
    "too_many": QT_TRANSLATE_NOOP("ReportPdf", "%1 learners: the detail of each learner is in the CSV export."),
    "none": QT_TRANSLATE_NOOP("ReportPdf", "No data for this selection."),
    "col_women": QT_TRANSLATE_NOOP("ReportPdf", "Women"),
    "col_progress": QT_TRANSLATE_NOOP("ReportPdf", "Progress"),
    "col_completed": QT_TRANSLATE_NOOP("ReportPdf", "Completed"),
    "country": QT_TRANSLATE_NOOP("ReportPdf", "Country"),
    "category": QT_TRANSLATE_NOOP("ReportPdf", "Category"),
    "breakdowns": QT_TRANSLATE_NOOP("ReportPdf", "By country and category"),
    "capsule": QT_TRANSLATE_NOOP("ReportPdf", "Capsule"),
    "question": QT_TRANSLATE_NOOP("ReportPdf", "Question"),
    "answers": QT_TRANSLATE_NOOP("ReportPdf", "Answers"),
    "success": QT_TRANSLATE_NOOP("ReportPdf", "Success"),
    "date": QT_TRANSLATE_NOOP("ReportPdf", "Date"),
    "group_col": QT_TRANSLATE_NOOP("ReportPdf", "Group"),
    "capsules_col": QT_TRANSLATE_NOOP("ReportPdf", "Capsules"),
    "present": QT_TRANSLATE_NOOP("ReportPdf", "Present"),
    "name": QT_TRANSLATE_NOOP("ReportPdf", "Name"),
    "quiz": QT_TRANSLATE_NOOP("ReportPdf", "Quiz"),
    "certificate": QT_TRANSLATE_NOOP("ReportPdf", "Certificate"),
    "page": QT_TRANSLATE_NOOP("ReportPdf", "Page %1"),
    "female": QT_TRANSLATE_NOOP("ReportPdf", "Women"),
    "male": QT_TRANSLATE_NOOP("ReportPdf", "Men"),
    "other": QT_TRANSLATE_NOOP("ReportPdf", "Other"),
    "unknown": QT_TRANSLATE_NOOP("ReportPdf", "Not stated"),
    "student": QT_TRANSLATE_NOOP("ReportPdf", "Students"),
    "civil_society": QT_TRANSLATE_NOOP("ReportPdf", "Civil society"),
    "media": QT_TRANSLATE_NOOP("ReportPdf", "Media"),
    "public_authority": QT_TRANSLATE_NOOP("ReportPdf", "Public authorities"),
    "entrepreneur": QT_TRANSLATE_NOOP("ReportPdf", "Entrepreneurs"),
    "cert_none": QT_TRANSLATE_NOOP("ReportPdf", "none"),
    "cert_not_passed": QT_TRANSLATE_NOOP("ReportPdf", "not passed"),
    "cert_pending": QT_TRANSLATE_NOOP("ReportPdf", "pending"),
    "cert_certified": QT_TRANSLATE_NOOP("ReportPdf", "certified"),
}


class DocumentTexts:
    """Texts of a printed document in a language chosen apart from the interface's (a French report
    from an English screen): ``strings`` key → source marked with QT_TRANSLATE_NOOP in context ``ctx``,
    looked up in ``assets/i18n/<stem>_<lang>.qm``."""

    def __init__(self, lang: str, strings: dict[str, str], ctx: str, stem: str) -> None:
        self.lang, self.strings, self.ctx = lang, strings, ctx
        self.translator = None
        if lang != "en":
            t = QTranslator()
            if t.load(str(assets_dir() / "i18n" / f"{stem}_{lang}.qm")):
                self.translator = t

    def __call__(self, key: str, *args: object) -> str:
        src = self.strings[key]
        out = (self.translator.translate(self.ctx, src) if self.translator else "") or src
        for i, a in enumerate(args, start=1):
            out = out.replace(f"%{i}", str(a))
        return out


class ReportTexts(DocumentTexts):
    """The report's texts and number formats in one language (the PDF, the dashboard and its table models)."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang, S, CTX, "facilitator_report_pdf")

    def value(self, v: str | None) -> str:
        """Display name of a gender / category code (raw text when unknown)."""
        v = v or "unknown"
        return self(v) if v in ("female", "male", "other", "unknown", "student", "civil_society", "media",
                                "public_authority", "entrepreneur") else v

    def country(self, code: str | None) -> str:
        if not code or code == "unknown":
            return self("unknown")
        terr = QLocale.codeToTerritory(code)
        if terr == QLocale.Country.AnyTerritory:
            return code
        if self.lang == "fr":
            loc = QLocale(QLocale.Language.French, terr)
            if loc.language() == QLocale.Language.French and loc.territory() == terr:
                return loc.nativeTerritoryName()
        return QLocale.territoryToString(terr)

    def number(self, v: float | None, pct: bool = False) -> str:
        if v is None:
            return "—"
        loc = QLocale(self.lang)
        s = loc.toString(float(v), "f", 1) if isinstance(v, float) else loc.toString(int(v))
        return s + (" %" if pct and self.lang == "fr" else "%" if pct else "")


def _col(t: Table, name: str) -> int:
    return t.columns.index(name)


class _Doc:
    """A simple flowing layout on A4 pages (units: points, 72 per inch, via painter scaling)."""

    def __init__(self, path: Path, L: ReportTexts, family: str) -> None:
        self.w = QPdfWriter(str(path))
        self.w.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        self.w.setResolution(144)
        self.w.setTitle(L("title"))
        self.w.setCreator("cc2desktop")
        self.p = QPainter(self.w)
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = self.w.resolution() / 72.0
        self.p.scale(scale, scale)
        self.L, self.family = L, family
        self.W, self.H = 595.0, 842.0
        self.m = 40.0
        self.y = self.m
        self.page = 1

    def font(self, size: float, bold: bool = False) -> QFont:
        """A font of ``size`` points on the page (Qt applies the device resolution and the painter
        scale on top of the point size, hence the division)."""
        f = QFont(self.family)
        f.setPointSizeF(size * 72.0 / self.w.resolution())
        f.setBold(bold)
        return f

    def cfont(self, size: float, bold: bool = False) -> QFont:
        """A font for charts (drawn in a scene at CHART_SCALE times the size, then scaled down)."""
        f = QFont(self.family)
        f.setPointSizeF(size * CHART_SCALE * 0.72)
        f.setBold(bold)
        return f

    def footer(self) -> None:
        self.p.setFont(self.font(7.5))
        self.p.setPen(QColor("#777"))
        self.p.drawText(QRectF(self.m, self.H - 28, self.W - 2 * self.m, 12), Qt.AlignmentFlag.AlignRight,
                        self.L("page", self.page))
        self.p.drawText(QRectF(self.m, self.H - 28, self.W - 2 * self.m, 12), Qt.AlignmentFlag.AlignLeft,
                        self.L("title"))

    def need(self, h: float) -> None:
        if self.y + h > self.H - 40:
            self.footer()
            self.w.newPage()
            self.page += 1
            self.y = self.m

    def text(self, s: str, size: float = 10, bold: bool = False, color: str = "#222", gap: float = 4) -> None:
        self.p.setFont(self.font(size, bold))
        self.p.setPen(QColor(color))
        r = self.p.boundingRect(QRectF(self.m, self.y, self.W - 2 * self.m, 1000), Qt.TextFlag.TextWordWrap, s)
        self.need(r.height())
        self.p.drawText(QRectF(self.m, self.y, self.W - 2 * self.m, r.height()), Qt.TextFlag.TextWordWrap, s)
        self.y += r.height() + gap

    def heading(self, s: str) -> None:
        self.need(40)
        self.y += 8
        self.text(s, 13, True, "#1b3a5c", 6)

    def tiles(self, items: list[tuple[str, str]]) -> None:
        per_row, gap = 4, 8.0
        tw = (self.W - 2 * self.m - gap * (per_row - 1)) / per_row
        th = 52.0
        for i, (label, value) in enumerate(items):
            if i % per_row == 0:
                if i:
                    self.y += th + gap
                self.need(th)
            x = self.m + (i % per_row) * (tw + gap)
            r = QRectF(x, self.y, tw, th)
            self.p.setPen(Qt.PenStyle.NoPen)
            self.p.setBrush(QColor("#eef3f8"))
            self.p.drawRoundedRect(r, 6, 6)
            self.p.setPen(QColor("#1b3a5c"))
            self.p.setFont(self.font(17, True))
            self.p.drawText(r.adjusted(8, 4, -8, -20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                            value)
            self.p.setPen(QColor("#555"))
            self.p.setFont(self.font(8))
            self.p.drawText(r.adjusted(8, 32, -8, -4), Qt.AlignmentFlag.AlignLeft, label)
        self.y += th + 12

    def chart(self, chart: QChart, w: float, h: float, x: float | None = None, advance: bool = True) -> None:
        self.need(h)
        scene = QGraphicsScene()
        chart.setTitleFont(self.cfont(9.5, True))
        chart.legend().setFont(self.cfont(7.5))
        for s in chart.series():
            if hasattr(s, "setLabelsFont"):  # pie slices: per slice
                pass
            for sl in (s.slices() if hasattr(s, "slices") else []):
                sl.setLabelFont(self.cfont(7.5))
        chart.setBackgroundRoundness(0)
        chart.setMargins(chart.margins())
        # The scene is drawn at CHART_SCALE times the target size and scaled down: crisp lines.
        k = CHART_SCALE
        for ax in chart.axes():
            ax.setLabelsFont(self.cfont(7))
        for s in chart.series():
            if isinstance(s, (QBarSeries, QHorizontalBarSeries)):
                for bs in s.barSets():
                    bs.setLabelFont(self.cfont(6.5))
        scene.addItem(chart)
        chart.resize(QSizeF(w * k, h * k))
        if chart.layout() is not None:
            chart.layout().activate()
        scene.render(self.p, QRectF(self.m if x is None else x, self.y, w, h), QRectF(0, 0, w * k, h * k))
        scene.removeItem(chart)
        if advance:
            self.y += h + 8

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float], size: float = 8) -> None:
        total = self.W - 2 * self.m
        ws = [w * total / sum(widths) for w in widths]
        lh = size * 1.6

        def row(cells: list[str], bold: bool, shade: bool) -> None:
            self.need(lh)
            if shade:
                self.p.fillRect(QRectF(self.m, self.y, total, lh), QColor("#f3f5f7"))
            self.p.setFont(self.font(size, bold))
            self.p.setPen(QColor("#222"))
            x = self.m
            for c, w in zip(cells, ws):
                el = self.p.fontMetrics().elidedText(c, Qt.TextElideMode.ElideRight, int(w - 6))
                self.p.drawText(QRectF(x + 3, self.y, w - 6, lh), Qt.AlignmentFlag.AlignVCenter, el)
                x += w
            self.y += lh

        row(headers, True, False)
        self.p.setPen(QPen(QColor("#1b3a5c"), 0.8))
        self.p.drawLine(int(self.m), int(self.y), int(self.m + total), int(self.y))
        for i, r in enumerate(rows):
            if self.y + lh > self.H - 40:
                self.need(lh * 2)
                row(headers, True, False)
            row(r, False, i % 2 == 1)
        self.y += 8

    def finish(self) -> None:
        self.footer()
        self.p.end()


def integer_range(highest: float, vmax: float | None = None) -> tuple[int, int]:
    """(top, step) of a value axis whose ticks are whole numbers: counts of people are never 2.5,
    and the bar for 3 ends on the tick labelled 3. A room is left above the highest bar for its label."""
    if vmax:
        return int(vmax), max(1, int(vmax) // 5)
    raw = max(1.0, highest / 5)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(int(m * mag) for m in (1, 2, 5, 10) if raw <= m * mag)
    return step * (int(highest // step) + 1), step


def _bar_chart(L: ReportTexts, title: str, labels: list[str], series: list[tuple[str, list[float], str]],
               horizontal: bool = False, vmax: float | None = None, labels_visible: bool = True,
               angle: int = 0) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    s = QHorizontalBarSeries() if horizontal else QBarSeries()
    for name, values, color in series:
        bs = QBarSet(name)
        bs.append([float(v or 0) for v in values])
        bs.setColor(QColor(color))
        s.append(bs)
    s.setLabelsVisible(labels_visible)
    s.setLabelsFormat("@value")
    s.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(s)
    cat = QBarCategoryAxis()
    cat.append(labels)
    cat.setTruncateLabels(False)
    if angle:
        cat.setLabelsAngle(angle)
    val = QValueAxis()
    top, step = integer_range(max([0.0] + [float(v or 0) for _, vs, _ in series for v in vs]), vmax)
    val.setRange(0, top)
    val.setTickType(QValueAxis.TickType.TicksDynamic)
    val.setTickAnchor(0)
    val.setTickInterval(step)
    val.setMinorTickCount(0)
    val.setLabelFormat("%d")
    if horizontal:
        chart.addAxis(cat, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(val, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(cat, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(val, Qt.AlignmentFlag.AlignLeft)
    s.attachAxis(cat)
    s.attachAxis(val)
    chart.legend().setVisible(len(series) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def gender_chart(L: ReportTexts, d: Dashboard) -> QChart:
    chart = QChart()
    chart.setTitle(L("by_gender"))
    pie = QPieSeries()
    colors = {"female": "#b5179e", "male": "#1b6ca8", "other": "#2a9d8f", "unknown": "#adb5bd"}
    for r in d.by_gender.rows:
        sl = pie.append(f"{L.value(r[0])} {L.number(r[2], True)}", r[1])
        sl.setColor(QColor(colors.get(r[0], "#6c757d")))
        sl.setLabelVisible(False)  # the legend carries the names and shares (labels get cut on small charts)
    pie.setPieSize(0.62)
    chart.addSeries(pie)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def breakdown_chart(L: ReportTexts, t: Table, title_key: str, label) -> QChart:  # noqa: ANN001
    rows = list(reversed(t.rows[:10]))  # horizontal bars are drawn bottom-up: biggest on top
    return _bar_chart(L, L(title_key), [label(r[0]) for r in rows],
                      [(L("learners"), [r[1] for r in rows], PALETTE[0])], horizontal=True)


def breakdown_table(doc: "_Doc", L: ReportTexts, t: Table, first: str, label) -> None:  # noqa: ANN001
    doc.table([first, L("learners"), L("col_women"), L("col_progress"), L("col_completed"), L("certified"),
               L("attendance")],
              [[label(r[0]), L.number(r[1]), L.number(r[8], True), L.number(r[3], True), L.number(r[4]),
                L.number(r[5]), L.number(r[7], True)] for r in t.rows],
              [2.2, 1, 1.1, 1.1, 1.1, 1, 1])


def capsule_chart(L: ReportTexts, d: Dashboard) -> QChart:
    """Completion per capsule, by title (give a dashboard passed through ``common.with_titles``)."""
    rows = list(reversed(d.capsules.rows[:12]))
    labels = [r[0] if len(r[0] or "") <= 40 else r[0][:39] + "…" for r in rows]
    return _bar_chart(L, L("capsules"), labels, [(L("completed"), [r[2] or 0 for r in rows], PALETTE[2])],
                      horizontal=True, vmax=100, labels_visible=False)


def render_report_pdf(d: Dashboard, path: Path | str, *, lang: str = "fr", group_name: str | None = None,
                      titles: dict | None = None, questions: dict | None = None) -> Path:
    """Write the report; needs a QApplication (created offscreen-capable by :func:`ensure_app`).
    ``titles`` (capsule id → title) and ``questions`` ((capsule, question) → prompt): capsules and
    questions by their names in the report's language (``kit.facilitation.capsule_titles()``)."""
    from cc2desktop.ui.facilitator.common import fmt_date, with_titles

    ensure_app()
    family = load_app_fonts()
    lang = lang if lang in ("fr", "en") else "fr"
    d = with_titles(d, titles or {}, questions or {}, lang)
    L = ReportTexts(lang)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = _Doc(path, L, family)
    f, tot = d.filters, d.totals
    doc.text(L("title"), 18, True, "#1b3a5c", 6)
    def short_date(iso: str | None) -> str:
        return QLocale(lang).toString(date.fromisoformat(iso), QLocale.FormatType.ShortFormat) if iso else "…"

    sub = [L("group", group_name) if group_name else L("all"),
           L("period", short_date(f.start), short_date(f.end)) if (f.start or f.end) else L("whole"),
           L("generated", QLocale(lang).toString(date.today(), QLocale.FormatType.LongFormat))]
    doc.text(" · ".join(sub), 9.5, False, "#555", 12)
    doc.tiles([
        (L("learners"), L.number(tot.get("learners"))),
        (L("women"), L.number(tot.get("women_pct"), True)),
        (L("progress"), L.number(tot.get("avg_progress_pct"), True)),
        (L("attendance"), L.number(tot.get("attendance_pct"), True)),
        (L("completed"), L.number(tot.get("completed_course"))),
        (L("certified"), L.number(tot.get("certified"))),
        (L("countries"), L.number(tot.get("countries"))),
        (L("capsules_col"), L.number(tot.get("capsules"))),
    ])
    if not d.learners.rows:
        doc.text(L("none"), 11)
        doc.finish()
        return path
    half = (doc.W - 2 * doc.m - 10) / 2
    y0 = doc.y
    doc.chart(gender_chart(L, d), half, 180, advance=False)
    doc.chart(breakdown_chart(L, d.by_category, "by_category", L.value), half, 180, x=doc.m + half + 10,
              advance=False)
    doc.y = y0 + 188
    doc.chart(breakdown_chart(L, d.by_country, "by_country", L.country), doc.W - 2 * doc.m, 200)
    doc.heading(L("breakdowns"))
    breakdown_table(doc, L, d.by_country, L("country"), L.country)
    doc.y += 6
    breakdown_table(doc, L, d.by_category, L("category"), L.value)
    if d.capsules.rows:
        doc.chart(capsule_chart(L, d), doc.W - 2 * doc.m, 200)
    if d.questions.rows:
        doc.heading(L("hardest"))
        doc.table([L("capsule"), L("question"), L("answers"), L("success")],
                  [[r[0] or "", r[1] or "", L.number(r[2]), L.number(r[3], True)] for r in d.questions.rows[:10]],
                  [2, 2, 1.5, 1.5])
    if d.sessions.rows:
        doc.heading(L("sessions"))
        doc.table([L("date"), L("group_col"), L("capsules_col"), L("present"), L("attendance")],
                  [[fmt_date(r[0], lang), r[1], r[2], f"{r[5]}/{r[6]}", L.number(r[7], True)] for r in d.sessions.rows],
                  [1.3, 2, 2.5, 1, 1.2])
    doc.heading(L("learner_list"))
    lt = d.learners
    if len(lt.rows) > MAX_LEARNER_ROWS:
        doc.text(L("too_many", L.number(len(lt.rows))), 10)
    else:
        i = {c: _col(lt, c) for c in lt.columns}
        doc.table([L("name"), L("group_col"), L("col_progress"), L("quiz"), L("attendance"), L("certificate")],
                  [[r[i["name"]], r[i["groups"]] or "", L.number(r[i["progress_pct"]], True),
                    L.number(r[i["avg_quiz_score_pct"]], True), L.number(r[i["attendance_pct"]], True),
                    L("cert_" + r[i["certificate"]])] for r in lt.rows],
                  [3, 2, 1.3, 1.3, 1.3, 1.3])
    doc.finish()
    return path


def ensure_app() -> QApplication:
    """The QApplication QtCharts needs; from the CLI without a display, Qt runs offscreen."""
    import os
    import sys

    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    return app  # type: ignore[return-value]
