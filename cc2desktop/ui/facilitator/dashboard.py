"""The facilitator dashboard: key figures, funder charts, every table, filters, CSV and PDF export.

Figures load off the GUI thread (TaskRunner); the widget only swaps models and charts when they
arrive, so the UI keeps breathing while 5,000 learners are aggregated.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFileDialog, QFrame, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QTabWidget, QVBoxLayout,
                               QWidget)

from cc2desktop.core.reports import dashboard
from cc2desktop.ui.facilitator import report_pdf
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.facilitator.models import TableModel, value_formatters
from cc2desktop.ui.shell.tasks import TaskRunner


def ui_lang() -> str:
    return "en" if QLocale().language() == QLocale.Language.English else "fr"


class _Tile(QFrame):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setStyleSheet("#tile { background: #eef3f8; border-radius: 6px; }")
        self.value = QLabel("—")
        f = self.value.font()
        f.setPointSizeF(f.pointSizeF() * 1.9)
        f.setBold(True)
        self.value.setFont(f)
        self.value.setStyleSheet("color: #1b3a5c")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.value)
        lab = QLabel(label)
        lab.setStyleSheet("color: #555")
        lay.addWidget(lab)


class DashboardWidget(QWidget):
    loaded = Signal()  # figures for the current filters are on screen

    def __init__(self, fac, fs, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs = fac, fs
        self.runner = runner
        self.data: dashboard.Dashboard | None = None
        self._handle = None
        self._capsule_total: int | None = None  # capsules of the installed courses, looked up once
        self._steps: list = []

        # filters
        self.group = QComboBox()
        self.group.addItem(self.tr("All learners"), None)
        self.use_period = QCheckBox(self.tr("Period"))
        today = QDate.currentDate()
        self.start = QDateEdit(today.addMonths(-1))
        self.end = QDateEdit(today)
        for d in (self.start, self.end):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.use_period.toggled.connect(self.start.setEnabled)
        self.use_period.toggled.connect(self.end.setEnabled)
        self.refresh_btn = QPushButton(self.tr("Refresh"))
        self.refresh_btn.clicked.connect(self.refresh)
        self.csv_btn = QPushButton(self.tr("Export CSV…"))
        self.csv_btn.clicked.connect(self._on_csv_clicked)
        self.pdf_lang = QComboBox()
        self.pdf_lang.addItem("Français", "fr")
        self.pdf_lang.addItem("English", "en")
        self.pdf_btn = QPushButton(self.tr("PDF report…"))
        self.pdf_btn.clicked.connect(self._on_pdf_clicked)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Group")))
        bar.addWidget(self.group)
        bar.addWidget(self.use_period)
        bar.addWidget(self.start)
        bar.addWidget(QLabel("→"))
        bar.addWidget(self.end)
        bar.addWidget(self.refresh_btn)
        bar.addStretch(1)
        bar.addWidget(self.csv_btn)
        bar.addWidget(self.pdf_lang)
        bar.addWidget(self.pdf_btn)
        self.group.currentIndexChanged.connect(lambda _i: self.refresh())

        # key figures
        self.tiles = {k: _Tile(lab) for k, lab in [
            ("learners", self.tr("Learners")), ("women_pct", self.tr("Share of women")),
            ("avg_progress_pct", self.tr("Average progress")), ("attendance_pct", self.tr("Attendance")),
            ("completed_course", self.tr("Completed the course")), ("certified", self.tr("Certified")),
            ("countries", self.tr("Countries"))]}
        tiles = QHBoxLayout()
        for t in self.tiles.values():
            tiles.addWidget(t)

        # charts
        self.charts = {k: QChartView() for k in ("gender", "country", "category", "capsules")}
        grid = QGridLayout()
        for i, v in enumerate(self.charts.values()):
            v.setRenderHint(QPainter.RenderHint.Antialiasing)
            v.setMinimumHeight(220)
            grid.addWidget(v, i // 2, i % 2)
        charts = QWidget()
        charts.setLayout(grid)

        # tables
        self.models: dict[str, TableModel] = {}
        self.views: dict[str, QTableView] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(charts, self.tr("Charts"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter learners…"))
        for key, title in [("learners", self.tr("Learners")), ("capsules", self.tr("Capsules")),
                           ("hardest_questions", self.tr("Hardest questions")), ("by_gender", self.tr("By gender")),
                           ("by_category", self.tr("By category")), ("by_country", self.tr("By country")),
                           ("sessions", self.tr("Sessions"))]:
            model = TableModel(hidden=("learner_id",) if key == "learners" else (), formatters=value_formatters())
            view = QTableView()
            view.setModel(model)
            view.setSortingEnabled(True)
            view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            view.setAlternatingRowColors(True)
            view.setWordWrap(False)
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
            self.models[key], self.views[key] = model, view
            if key == "learners":
                page = QWidget()
                pl = QVBoxLayout(page)
                pl.setContentsMargins(0, 0, 0, 0)
                pl.addWidget(self.search)
                pl.addWidget(view)
                self.search.textChanged.connect(model.set_filter)
                self.tabs.addTab(page, title)
            else:
                self.tabs.addTab(view, title)

        self.status = QLabel()
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(tiles)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.status)
        self._load_groups()

    # --- loading ---------------------------------------------------------------------------
    def _load_groups(self) -> None:
        fac, fs = self.fac, self.fs
        self.runner.read(lambda job: fac.groups(fs), on_done=self._on_groups_loaded, on_error=self._on_failed)

    def _on_groups_loaded(self, groups: list) -> None:
        self.group.blockSignals(True)
        current = self.group.currentData()
        while self.group.count() > 1:
            self.group.removeItem(1)
        for g in groups:
            self.group.addItem(f"{g.name} ({g.members})", g.id)
        i = self.group.findData(current)
        self.group.setCurrentIndex(max(0, i))
        self.group.blockSignals(False)

    def filters(self) -> dashboard.Filters:
        if self.use_period.isChecked():
            return dashboard.Filters(self.group.currentData(), self.start.date().toString("yyyy-MM-dd"),
                                     self.end.date().toString("yyyy-MM-dd"))
        return dashboard.Filters(self.group.currentData())

    def refresh(self) -> None:
        if self._handle is not None and not self._handle.done:
            self._handle.cancel()
        fac, fs, f = self.fac, self.fs, self.filters()
        self.status.setText(self.tr("Loading…"))

        def work(job):  # noqa: ANN001, ANN202
            caps = capsules if capsules is not None else fac.capsule_total()
            d = fac.dashboard(fs, f, capsule_total=caps or None, job=job)
            return d, {t.name: TableModel.search_keys(t) for t in d.tables()}, caps

        capsules = self._capsule_total
        self._handle = self.runner.run(work, on_done=self._on_loaded, on_error=self._on_failed)

    def _on_loaded(self, result) -> None:  # noqa: ANN001
        """Put the figures on screen in small steps, one per event-loop turn (each well under 50 ms),
        so that the window keeps repainting and answering while 5,000 rows and four charts arrive."""
        d, search, caps = result
        if d.filters != self.filters():
            return  # an older request
        self._capsule_total = caps
        self.data = d
        lab = report_pdf.ReportTexts(ui_lang())
        steps = [lambda: self._set_tiles(d, lab)]
        steps += [lambda t=t: self.models[t.name].set_table(t, search[t.name]) for t in d.tables()]
        steps += [
            lambda: self._set_chart("gender", report_pdf.gender_chart(lab, d)),
            lambda: self._set_chart("country", report_pdf.breakdown_chart(lab, d.by_country, "by_country",
                                                                          lab.country)),
            lambda: self._set_chart("category", report_pdf.breakdown_chart(lab, d.by_category, "by_category",
                                                                           lab.value)),
            lambda: self._set_chart("capsules", report_pdf.capsule_chart(lab, d)),
        ]
        self._steps = steps
        self._next_step(d)

    def _next_step(self, d: dashboard.Dashboard) -> None:
        if self.data is not d:
            return  # a newer result took over
        if self._steps:
            self._steps.pop(0)()
            QTimer.singleShot(0, lambda: self._next_step(d))
            return
        self.status.setText(self.tr("Learners shown: %1").replace("%1", str(len(d.learners.rows))))
        self.loaded.emit()

    def _set_tiles(self, d: dashboard.Dashboard, lab) -> None:  # noqa: ANN001
        for k, tile in self.tiles.items():
            tile.value.setText(lab.number(d.totals.get(k), pct=k.endswith("_pct")))

    def _set_chart(self, key: str, chart: QChart) -> None:
        view = self.charts[key]
        old = view.chart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        for ax in chart.axes():
            ax.setLabelsFont(self.font())
        chart.setTitleFont(self.font())
        view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))

    # --- export ----------------------------------------------------------------------------
    def export_csv(self, folder: Path) -> list[Path]:
        assert self.data is not None
        return dashboard.write_csvs(self.data, folder)

    def _on_csv_clicked(self) -> None:
        if self.data is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the CSV files"))
        if folder:
            paths = self.export_csv(Path(folder))
            self.status.setText(self.tr("%1 CSV files written in %2").replace("%1", str(len(paths)))
                                .replace("%2", folder))

    def export_pdf(self, path: Path) -> Path:
        """Render on the GUI thread (QtCharts items are GUI objects); a report takes ~0.1–0.3 s."""
        assert self.data is not None
        name = self.group.currentText() if self.group.currentData() else None
        return report_pdf.render_report_pdf(self.data, path, lang=self.pdf_lang.currentData(),
                                            group_name=name.rsplit(" (", 1)[0] if name else None)

    def _on_pdf_clicked(self) -> None:
        if self.data is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the PDF report"), "report.pdf", "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path))
            self.status.setText(self.tr("Report saved: %1").replace("%1", path))
