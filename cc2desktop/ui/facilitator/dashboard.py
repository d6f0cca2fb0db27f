"""The facilitator dashboard: key figures, funder charts, every table, filters, CSV and PDF export.

Figures load off the GUI thread (TaskRunner); the widget only swaps models and charts when they
arrive, so the UI keeps breathing while 5,000 learners are aggregated.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)

from cc2desktop.core.reports import dashboard
from cc2desktop.ui.facilitator import report_pdf
from cc2desktop.ui.facilitator.common import EmptyHint, Retranslating, ui_lang, with_titles
from cc2desktop.ui.facilitator.models import TableModel, value_formatters
from cc2desktop.ui.facilitator.sessions import localized_date_edit
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner

__all__ = ["DashboardWidget", "ui_lang"]
TABLES = ("learners", "capsules", "hardest_questions", "by_gender", "by_category", "by_country", "sessions")


class _Tile(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setStyleSheet("#tile { background: #eef3f8; border-radius: 6px; }")
        self.value = QLabel("—")
        f = self.value.font()
        f.setPointSizeF(f.pointSizeF() * 1.9)
        f.setBold(True)
        self.value.setFont(f)
        self.value.setStyleSheet("color: #1b3a5c")
        self.label = QLabel()
        self.label.setStyleSheet("color: #555")
        self.label.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.value)
        lay.addWidget(self.label)


class DashboardWidget(Retranslating, QWidget):
    loaded = Signal()  # figures for the current filters are on screen

    def __init__(self, fac, fs, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs = fac, fs
        self.runner = runner
        self.raw: dashboard.Dashboard | None = None  # as core computed it (capsule ids)
        self.data: dashboard.Dashboard | None = None  # as shown (capsule titles in the interface language)
        self.titles: dict = {}
        self.questions: dict = {}
        self._handle = None
        self._capsule_total: int | None = None  # capsules of the installed courses, looked up once
        self._steps: list = []
        self._stopped = False  # the facilitator space was closed: no more loading or drawing
        self._relabel = False  # the language changed while hidden: charts redrawn when shown again

        # filters
        self.group_label = QLabel()
        self.group = QComboBox()
        self.group.addItem("", None)
        self.group_label.setBuddy(self.group)
        self.use_period = QCheckBox()
        today = QDate.currentDate()
        self.start = localized_date_edit(today.addMonths(-1))
        self.end = localized_date_edit(today)
        for d in (self.start, self.end):
            d.setEnabled(False)
        self.use_period.toggled.connect(self.start.setEnabled)
        self.use_period.toggled.connect(self.end.setEnabled)
        self.refresh_btn = QPushButton()
        self.refresh_btn.clicked.connect(self.refresh)
        self.csv_btn = QPushButton()
        self.csv_btn.clicked.connect(self._on_csv_clicked)
        self.pdf_lang = QComboBox()
        self.pdf_lang.addItem("Français", "fr")
        self.pdf_lang.addItem("English", "en")
        self.pdf_lang.setCurrentIndex(self.pdf_lang.findData(ui_lang()))
        self.pdf_btn = QPushButton()
        self.pdf_btn.clicked.connect(self._on_pdf_clicked)
        bar = QHBoxLayout()
        bar.addWidget(self.group_label)
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
        self.tiles = {k: _Tile() for k in ("learners", "women_pct", "avg_progress_pct", "attendance_pct",
                                           "completed_course", "certified", "countries")}
        tiles = QHBoxLayout()
        for t in self.tiles.values():
            tiles.addWidget(t)

        # charts, in a scroll area: at 130 % text four charts do not fit 768 pixels
        self.charts = {k: QChartView() for k in ("gender", "country", "category", "capsules")}
        grid = QGridLayout()
        for i, v in enumerate(self.charts.values()):
            v.setRenderHint(QPainter.RenderHint.Antialiasing)
            v.setMinimumHeight(240)
            grid.addWidget(v, i // 2, i % 2)
        charts = QWidget()
        charts.setLayout(grid)
        self.charts_area = QScrollArea()
        self.charts_area.setWidget(charts)
        self.charts_area.setWidgetResizable(True)
        self.charts_area.setFrameShape(QFrame.Shape.NoFrame)

        # tables
        self.models: dict[str, TableModel] = {}
        self.views: dict[str, QTableView] = {}
        self.empty: dict[str, EmptyHint] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(self.charts_area, "")
        self.search = QLineEdit()
        self.detail_btn = QPushButton()
        self.detail_btn.clicked.connect(self.open_selected_learner)
        self.detail_windows: list[QWidget] = []
        for key in TABLES:
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
            view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            self.models[key], self.views[key] = model, view
            self.empty[key] = EmptyHint(view, lambda key=key: self._empty_text(key))
            if key == "learners":
                page = QWidget()
                pl = QVBoxLayout(page)
                pl.setContentsMargins(0, 0, 0, 0)
                row = QHBoxLayout()
                row.addWidget(self.search, 1)
                row.addWidget(self.detail_btn)
                pl.addLayout(row)
                pl.addWidget(view)
                self.search.textChanged.connect(model.set_filter)
                view.doubleClicked.connect(lambda _i: self.open_selected_learner())
                view.activated.connect(lambda _i: self.open_selected_learner())
                self.tabs.addTab(page, "")
            else:
                self.tabs.addTab(view, "")

        self.status = QLabel()
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(tiles)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.status)
        self.retranslate()
        self._load_groups()

    def retranslate(self) -> None:
        self.group_label.setText(self.tr("&Group"))
        self.group.setItemText(0, self.tr("All learners"))
        self.group.setAccessibleName(self.tr("Group"))
        self.use_period.setText(self.tr("Period"))
        self.start.setAccessibleName(self.tr("From"))
        self.end.setAccessibleName(self.tr("To"))
        self.refresh_btn.setText(self.tr("Refresh"))
        self.csv_btn.setText(self.tr("Export CSV…"))
        self.pdf_btn.setText(self.tr("PDF report…"))
        self.pdf_lang.setAccessibleName(self.tr("Language of the PDF report"))
        for k, text in (("learners", self.tr("Learners")), ("women_pct", self.tr("Share of women")),
                        ("avg_progress_pct", self.tr("Average progress")), ("attendance_pct", self.tr("Attendance")),
                        ("completed_course", self.tr("Completed the course")), ("certified", self.tr("Certified")),
                        ("countries", self.tr("Countries"))):
            self.tiles[k].label.setText(text)
            self.tiles[k].setAccessibleName(text)
        for i, text in enumerate((self.tr("Charts"), self.tr("Learners"), self.tr("Capsules"),
                                  self.tr("Hardest questions"), self.tr("By gender"), self.tr("By category"),
                                  self.tr("By country"), self.tr("Sessions"))):
            self.tabs.setTabText(i, text)
            if i:
                self.views[TABLES[i - 1]].setAccessibleName(text)
        self.search.setPlaceholderText(self.tr("Filter learners…"))
        self.search.setAccessibleName(self.tr("Filter learners"))
        self.detail_btn.setText(self.tr("Details of the learner…"))
        for d in (self.start, self.end):
            d.setLocale(QLocale())
            d.setDisplayFormat("d MMM yyyy")
        for m in self.models.values():
            m.retranslate()
        for e in self.empty.values():
            e.update()
        if self.raw is not None:  # titles and charts in the new language (now, or when shown again)
            if self.isVisible() and not self._stopped:
                self._show(self.raw, None, self._capsule_total)
                self._show_count()
            else:
                self._relabel = True

    def showEvent(self, e) -> None:  # noqa: N802, ANN001
        super().showEvent(e)
        if self._relabel and self.raw is not None and not self._stopped:
            self._show(self.raw, None, self._capsule_total)
            self._show_count()

    def stop(self) -> None:
        """The facilitator space closed: cancel the load in progress and draw nothing more (a closed
        window kept redrawing four charts on every language switch)."""
        self._stopped = True
        self._steps = []
        if self._handle is not None and not self._handle.done:
            self._handle.cancel()

    def _empty_text(self, key: str) -> str:
        if key == "learners":
            return self.tr("No learner here yet: create a group and enrol participants (Groups tab), or bring the "
                           "progress of the centre's other PCs (Other PCs tab).")
        if key == "hardest_questions":
            return self.tr("The hardest questions show here once each has at least 3 answers.")
        if key == "sessions":
            return self.tr("No session in this period: plan one in the Sessions tab.")
        if key == "capsules":
            return self.tr("No capsule watched or quiz answered yet for this selection.")
        return self.tr("No learner for this selection.")

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
        self._stopped = False
        if self._handle is not None and not self._handle.done:
            self._handle.cancel()
        fac, fs, f = self.fac, self.fs, self.filters()
        self.status.setText(self.tr("Loading…"))
        capsules, lang = self._capsule_total, ui_lang()

        def work(job):  # noqa: ANN001, ANN202
            caps = capsules if capsules is not None else fac.capsule_total()
            d = fac.dashboard(fs, f, capsule_total=caps or None, job=job)
            titles = fac.capsule_titles()
            questions = fac.question_texts({r[0] for r in d.questions.rows})
            shown = with_titles(d, titles, questions, lang)
            return d, (titles, questions, shown, {t.name: TableModel.search_keys(t) for t in shown.tables()}), caps

        self._handle = self.runner.run(work, on_done=self._on_loaded, on_error=self._on_failed)

    def _on_loaded(self, result) -> None:  # noqa: ANN001
        d, labelled, caps = result
        if self._stopped or d.filters != self.filters():
            return  # an older request
        self.titles, self.questions = labelled[0], labelled[1]
        self._show(d, labelled[2:], caps)

    def _show(self, d: dashboard.Dashboard, prepared, caps) -> None:  # noqa: ANN001
        """Put the figures on screen in small steps, one per event-loop turn (each well under 50 ms),
        so that the window keeps repainting and answering while 5,000 rows and four charts arrive."""
        lang = ui_lang()
        shown, search = prepared if prepared else (with_titles(d, self.titles, self.questions, lang), None)
        self._capsule_total = caps
        self.raw, self.data = d, shown
        lab = report_pdf.ReportTexts(lang)
        steps = [lambda: self._set_tiles(shown, lab)]
        steps += [lambda t=t: self.models[t.name].set_table(t, search[t.name] if search else None)
                  for t in shown.tables()]
        steps += [
            lambda: self._set_chart("gender", report_pdf.gender_chart(lab, shown)),
            lambda: self._set_chart("country", report_pdf.breakdown_chart(lab, shown.by_country, "by_country",
                                                                          lab.country)),
            lambda: self._set_chart("category", report_pdf.breakdown_chart(lab, shown.by_category, "by_category",
                                                                           lab.value)),
            lambda: self._set_chart("capsules", report_pdf.capsule_chart(lab, shown)),
        ]
        self._steps = steps
        self._relabel = False
        self._next_step(shown)

    def _next_step(self, d: dashboard.Dashboard) -> None:
        if self.data is not d or self._stopped:
            return  # a newer result took over, or the window closed
        if self._steps:
            self._steps.pop(0)()
            QTimer.singleShot(0, self, lambda: self._next_step(d))  # dropped if the window goes
            return
        self._show_count()
        self.loaded.emit()

    def _show_count(self) -> None:
        if self.data is not None:
            self.status.setText(self.tr("Learners shown: %1").replace("%1", str(len(self.data.learners.rows))))

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
        view.setAccessibleName(chart.title())
        if old is not None:
            old.deleteLater()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))

    # --- one learner -----------------------------------------------------------------------
    def open_selected_learner(self) -> None:
        view = self.views["learners"]
        idx = view.currentIndex()
        if not idx.isValid():
            self.status.setText(self.tr("Choose a learner in the list first."))
            return
        self.open_learner(idx.row())

    def open_learner(self, row: int):  # noqa: ANN201 - LearnerDetailDialog
        from cc2desktop.ui.facilitator.learner_detail import LearnerDetailDialog

        model = self.models["learners"]
        values = dict(zip(model.table.columns, model.row_values(row)))
        dlg = LearnerDetailDialog(self.fac, self.fs, self.runner, values, self)
        self.detail_windows.append(dlg)
        dlg.finished.connect(lambda _r: self.detail_windows.remove(dlg) if dlg in self.detail_windows else None)
        dlg.show()
        return dlg

    # --- export ----------------------------------------------------------------------------
    def tables(self, lang: str) -> list[dashboard.Table]:
        """The tables with capsules and questions named in ``lang`` (for a CSV export)."""
        assert self.raw is not None
        return with_titles(self.raw, self.titles, self.questions, lang).tables()

    def export_csv(self, folder: Path, lang: str | None = None, separator: str | None = None) -> list[Path]:
        from cc2desktop.core.reports.export import write_tables
        from cc2desktop.ui.facilitator.export_dialog import csv_style

        lang = lang or ui_lang()
        return write_tables(self.tables(lang), folder, csv_style(lang, separator or (";" if lang == "fr" else ",")))

    def _on_csv_clicked(self) -> None:
        if self.raw is None:
            self.status.setText(self.tr("Wait for the figures to load, then export."))
            return
        from cc2desktop.ui.facilitator.export_dialog import CsvExportDialog

        self.export_dialog = CsvExportDialog(self.tables, self)
        self.export_dialog.open()

    def export_pdf(self, path: Path) -> Path:
        """Render on the GUI thread (QtCharts items are GUI objects); a report takes ~0.1–0.3 s."""
        assert self.raw is not None
        name = self.group.currentText() if self.group.currentData() else None
        return report_pdf.render_report_pdf(self.raw, path, lang=self.pdf_lang.currentData(),
                                            group_name=name.rsplit(" (", 1)[0] if name else None,
                                            titles=self.titles, questions=self.questions)

    def _on_pdf_clicked(self) -> None:
        if self.raw is None:
            self.status.setText(self.tr("Wait for the figures to load, then export."))
            return
        name = self.tr("report") + ".pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the PDF report"), name, "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path))
            self.status.setText(self.tr("Report saved: %1").replace("%1", path))
