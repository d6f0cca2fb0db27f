"""Course pack dialogs: "Install from USB / file", "Download courses", "Verify my content".

Each is a QDialog taking ``kit.packs`` and the window's TaskRunner; all work runs in the runner's
workers (downloads, installs and checks in the long-jobs lane; no file formats or HTTP here), with a
progress bar and a Cancel button. The packs controller opens them from the File menu.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cc2desktop.core.changes import Done
from cc2desktop.core.jobs import Cancelled
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner



def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Qt's translate (lupdate extracts ``translate("PacksDialogs", "…")`` calls)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def _size(n: int) -> str:
    return QLocale().formattedDataSize(int(n or 0))


def _title(row: dict[str, Any]) -> str:
    lang = QLocale().name()[:2]
    title = row.get("title") or {}
    return title.get(lang) or title.get("fr") or next(iter(title.values()), row.get("name") or row.get("id") or "")


def status_text(row: dict[str, Any]) -> str:
    st = row.get("status")
    if st == "new":
        return translate("PacksDialogs", "Not installed")
    if st == "update":
        return (translate("PacksDialogs", "Update: %1 → %2")
                .replace("%1", row.get("installed_version") or "").replace("%2", row.get("version") or ""))
    if st == "installed":
        return translate("PacksDialogs", "Installed")
    if st == "older":
        return translate("PacksDialogs", "Older than the installed version")
    if st == "untrusted":
        return translate("PacksDialogs", "Unknown publisher")
    return translate("PacksDialogs", "Damaged or not a course pack")


def changes_text(result: Any) -> str:
    """What an install or update did, for the learner."""
    ch = result.changes or {}
    if result.status == "unchanged":
        return translate("PacksDialogs", "This course is already installed and up to date.")
    if result.status == "installed":
        added = len(ch.get("added", []))
        return translate("PacksDialogs", "Course installed (capsules: %1).").replace("%1", str(added))
    changed, added, removed = (len(ch.get(k, [])) for k in ("changed", "added", "removed"))
    # No %n plurals: pyside6-lupdate cannot mark them (the count is a variable); "label: number" reads
    # right in both languages.
    text = translate("PacksDialogs",
                     "Updated from %1 to %2.").replace("%1", str(result.previous_version)).replace("%2", result.version)
    text += " " + (translate("PacksDialogs", "Capsules changed: %1, added: %2, removed: %3.")
                   .replace("%1", str(changed)).replace("%2", str(added)).replace("%3", str(removed)))
    kept = len(ch.get("unchanged", []))
    if kept:
        text += " " + translate("PacksDialogs",
                                "Your progress on the unchanged capsules (%1) is kept.").replace("%1", str(kept))
    return text


def _fit_columns(view: QTableView, n: int) -> None:
    """The course title takes the room left; the other columns fit their content."""
    head = view.horizontalHeader()
    head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, n):
        head.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        view.resizeColumnToContents(c)
    view.setWordWrap(False)


class _WorkDialog(QDialog):
    """Progress bar + status line + Cancel, and one background task at a time."""

    work_finished = Signal(object)
    work_failed = Signal(object)

    def __init__(self, packs, runner: TaskRunner, parent: QWidget | None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.packs = packs  # kit.packs
        self.runner = runner
        self._task = None
        self._t0 = 0.0
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setTextVisible(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QPushButton(translate("PacksDialogs", "Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        return row

    def start(self, fn, on_done, label: str, lane: str = "long") -> None:  # noqa: ANN001
        """Pack work runs in the long-jobs lane, not the writer's: a download can take an hour on a
        slow link and must not hold back learners' events; its only DB write is one short
        transaction at the end (under the Kit's write lock), and the store has its own lock."""
        if self.busy:
            return
        self._t0 = time.monotonic()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.status.setText(label)
        self._label = label
        self._set_busy(True)

        def done(result: Any) -> None:
            self._end()
            on_done(result)
            self.work_finished.emit(result)

        def failed(exc: BaseException) -> None:
            self._end()
            if isinstance(exc, Cancelled):
                self.status.setText(translate("PacksDialogs", "Cancelled. Nothing was changed."))
            else:
                self.status.setText(error_text(exc, detail=True))
            self.work_failed.emit(exc)

        self._task = self.runner.run(fn, on_done=done, on_error=failed, on_progress=self._on_progress, lane=lane)

    def _on_progress(self, done: float, total: float | None, text: str) -> None:
        phase, _, rest = text.partition("|")
        rate_s, _, eta_s = rest.partition("|")
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(1.0, done / total)))
        label = {"download": translate("PacksDialogs", "Downloading"), "install": translate("PacksDialogs",
                                                                                            "Installing"),
                 "verify": translate("PacksDialogs", "Checking the pack"),
                 "check": translate("PacksDialogs", "Checking"), "repair": translate("PacksDialogs",
                                                                                     "Repairing")}.get(phase,
                                                                                                       self._label)
        parts = [label, f"{_size(done)} / {_size(total)}" if total else _size(done)]
        try:
            rate = float(rate_s)
            if rate > 0:
                parts.append(translate("PacksDialogs", "%1/s").replace("%1", _size(rate)))
            if eta_s and eta_s != "None":
                parts.append(translate("PacksDialogs", "%1 s left").replace("%1", str(int(float(eta_s)))))
        except ValueError:
            pass
        self.progress.setFormat(" — ".join(parts))
        self.progress.setToolTip(" — ".join(parts))

    def _end(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        """Override: disable the inputs while working."""

    def _on_cancel_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(translate("PacksDialogs", "Cancelling…"))

    def reject(self) -> None:  # Esc / close: cancel the work first
        if self.busy:
            self._on_cancel_clicked()
            return
        super().reject()


def _progress(job):  # noqa: ANN001, ANN202 - worker side: Progress → job.progress(done, total, "phase|rate|eta")
    return lambda p: job.progress(p.done, p.total or None, f"{p.phase}|{p.rate}|{p.eta}")


class InstallFromMediaDialog(_WorkDialog):
    """Lists course packs found on USB sticks / SD cards, or any file picked by hand."""

    def __init__(self, packs, runner: TaskRunner, parent: QWidget | None = None, *,  # noqa: ANN001
                 roots: list | None = None, select: str | None = None) -> None:
        super().__init__(packs, runner, parent)
        self.roots = roots
        self.select = select  # a pack to select once found (a file opened by a double-click)
        self.setWindowTitle(translate("PacksDialogs", "Install from USB / file"))
        self.resize(640, 420)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels([translate("PacksDialogs", "Course"), translate("PacksDialogs", "Version"),
                                              translate("PacksDialogs", "Status")])
        self.view = QTableView()
        self.view.setAccessibleName(translate("PacksDialogs", "Courses found"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        _fit_columns(self.view, 3)
        self.view.doubleClicked.connect(lambda _i: self._on_install_clicked())
        self.hint = QLabel(translate("PacksDialogs",
                                     "Plug in a USB stick holding course packs (.cc2pack), or choose a file."))
        self.hint.setWordWrap(True)
        self.rescan_button = QPushButton(translate("PacksDialogs", "Look again"))
        self.browse_button = QPushButton(translate("PacksDialogs", "Choose a file…"))
        self.install_button = QPushButton(translate("PacksDialogs", "Install"))
        self.install_button.setDefault(True)
        self.install_button.setEnabled(False)
        self.close_button = QPushButton(translate("PacksDialogs", "Close"))
        self.rescan_button.clicked.connect(self.rescan)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.install_button.clicked.connect(self._on_install_clicked)
        self.close_button.clicked.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        buttons = QHBoxLayout()
        buttons.addWidget(self.rescan_button)
        buttons.addWidget(self.browse_button)
        buttons.addStretch(1)
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        lay.addLayout(self._progress_row())
        lay.addLayout(buttons)
        self.rows: list[dict] = []
        self.rescan()

    def rescan(self) -> None:
        packs, roots = self.packs, self.roots
        self.start(lambda job: packs.scan_media(roots), self._show_rows,
                   translate("PacksDialogs", "Looking for course packs…"), lane="read")

    def _show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        for r in rows:
            name = _title(r) if r.get("ok") else r["name"]
            items = [QStandardItem(name), QStandardItem(r.get("version") or ""), QStandardItem(status_text(r))]
            items[0].setToolTip(r["path"] + (f"\n{r['error']}" if r.get("error") else ""))
            for it in items:
                it.setEnabled(r["status"] in ("new", "update", "installed"))
            self.model.appendRow(items)
        _fit_columns(self.view, self.model.columnCount())
        if rows:
            found = len(rows)
            self.status.setText(translate("PacksDialogs", "Course packs found: %1.").replace("%1", str(found)))
            first = next((i for i, r in enumerate(rows) if r["status"] in ("new", "update")), None)
            chosen = next((i for i, r in enumerate(rows) if self.select and r["path"] == self.select), None)
            first = chosen if chosen is not None else first
            if first is not None:
                self.view.selectRow(first)
        else:
            self.status.setText(translate("PacksDialogs", "No course pack found on removable media."))
        self._update_buttons()

    def selected_row(self) -> dict | None:
        idx = self.view.selectionModel().selectedRows()
        return self.rows[idx[0].row()] if idx else None

    def _update_buttons(self) -> None:
        r = self.selected_row()
        self.install_button.setEnabled(not self.busy and r is not None
                                       and r["status"] in ("new", "update", "installed"))

    def _set_busy(self, busy: bool) -> None:
        for w in (self.rescan_button, self.browse_button, self.view):
            w.setEnabled(not busy)
        self.install_button.setEnabled(False if busy else self.install_button.isEnabled())
        if not busy:
            self._update_buttons()

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("PacksDialogs", "Choose a course pack"), "",
                                              translate("PacksDialogs", "Course packs (*.cc2pack *.parts.json)"))
        if path:
            self.install_file(path)

    def _on_install_clicked(self) -> None:
        r = self.selected_row()
        if r is not None:
            self.install_file(r["path"])

    def install_file(self, path: str) -> None:
        packs = self.packs
        self.result = None

        def work(job):  # noqa: ANN001, ANN202
            done = packs.install(path, progress=_progress(job), cancel=job)
            return Done((done.value, packs.installed_versions()), done.changes)

        self.start(work,
                   self._on_installed, translate("PacksDialogs", "Installing…"))

    def _on_installed(self, out: Any) -> None:
        self.result, installed = out
        self.status.setText(changes_text(self.result))
        for i, r in enumerate(self.rows):  # refresh the statuses without rescanning the stick
            if r.get("id") in installed and r.get("version"):
                r["installed_version"] = installed[r["id"]]
                iv, v = (tuple(map(int, x.split("."))) for x in (installed[r["id"]], r["version"]))
                r["status"] = "update" if v > iv else ("installed" if v == iv else "older")
                self.model.item(i, 2).setText(status_text(r))
        _fit_columns(self.view, self.model.columnCount())
        self._update_buttons()


class CatalogDialog(_WorkDialog):
    """Browse a server's course list; install or update with a resumable download."""

    def __init__(self, packs, runner: TaskRunner, parent: QWidget | None = None, *,  # noqa: ANN001
                 catalog_url: str | None = None) -> None:
        super().__init__(packs, runner, parent)
        self.setWindowTitle(translate("PacksDialogs", "Download courses"))
        self.resize(720, 440)
        self.url_edit = QLineEdit(catalog_url or packs.catalog_url())
        self.url_edit.setAccessibleName(translate("PacksDialogs", "Catalogue address"))
        self.url_edit.setPlaceholderText("http://192.168.1.10:8765")
        self.refresh_button = QPushButton(translate("PacksDialogs", "Show the courses"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(translate("PacksDialogs", "Course server:")))
        top.addWidget(self.url_edit, 1)
        top.addWidget(self.refresh_button)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([translate("PacksDialogs", "Course"), translate("PacksDialogs", "Version"),
                                              translate("PacksDialogs", "Size"), translate("PacksDialogs", "Status")])
        self.view = QTableView()
        self.view.setAccessibleName(translate("PacksDialogs", "Courses of the catalogue"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        _fit_columns(self.view, 4)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.install_button = QPushButton(translate("PacksDialogs", "Download and install"))
        self.install_button.setEnabled(False)
        self.install_button.clicked.connect(self._on_install_clicked)
        self.close_button = QPushButton(translate("PacksDialogs", "Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        lay.addLayout(self._progress_row())
        lay.addLayout(buttons)
        self.rows: list[dict] = []
        if self.url_edit.text():
            self.refresh()
        else:
            self.status.setText(translate("PacksDialogs",
                                          "Enter the address of a course server, then show its courses."))

    def refresh(self) -> None:
        packs, url = self.packs, self.url_edit.text().strip()
        self.start(lambda job: packs.fetch_catalog(url, cancel=job), self._show_rows,
                   translate("PacksDialogs", "Asking the server for its courses…"))

    def _show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        url = self.url_edit.text().strip()
        if url:
            self.packs.set_catalog_url(url)  # the shared Settings: closing the window keeps it
        self.model.removeRows(0, self.model.rowCount())
        for r in rows:
            items = [QStandardItem(_title(r)), QStandardItem(r["version"]), QStandardItem(_size(r["size"])),
                     QStandardItem(status_text(r))]
            self.model.appendRow(items)
        _fit_columns(self.view, self.model.columnCount())
        pending, self._pending_text = getattr(self, "_pending_text", None), None
        count = len(rows)
        self.status.setText(pending or translate("PacksDialogs",
                                                 "Courses on this server: %1.").replace("%1", str(count)))
        first = next((i for i, r in enumerate(rows) if r["status"] in ("new", "update")), None)
        if first is not None:
            self.view.selectRow(first)
        self._update_buttons()

    def selected_row(self) -> dict | None:
        idx = self.view.selectionModel().selectedRows()
        return self.rows[idx[0].row()] if idx else None

    def _update_buttons(self) -> None:
        r = self.selected_row()
        self.install_button.setEnabled(not self.busy and r is not None and r["status"] in ("new", "update"))
        if r is not None and r["status"] == "update":
            self.install_button.setText(translate("PacksDialogs", "Update"))
        else:
            self.install_button.setText(translate("PacksDialogs", "Download and install"))

    def _set_busy(self, busy: bool) -> None:
        for w in (self.refresh_button, self.url_edit, self.view):
            w.setEnabled(not busy)
        if busy:
            self.install_button.setEnabled(False)
        else:
            self._update_buttons()

    def _on_install_clicked(self) -> None:
        r = self.selected_row()
        if r is None:
            return
        packs = self.packs
        self.result = None
        self.start(lambda job: packs.install_catalog_entry(r, progress=_progress(job), cancel=job),
                   self._on_installed, translate("PacksDialogs", "Downloading…"))

    def _on_installed(self, result: Any) -> None:
        self.result = result
        text = changes_text(result)
        if result.bytes_transferred:
            text += " " + translate("PacksDialogs", "Downloaded: %1.").replace("%1", _size(result.bytes_transferred))
        self._pending_text = text
        self.status.setText(text)
        self.refresh()


class VerifyContentDialog(_WorkDialog):
    """Re-hash every installed file, list the damaged ones, repair them from a pack file."""

    def __init__(self, packs, runner: TaskRunner, parent: QWidget | None = None, *,  # noqa: ANN001
                 autostart: bool = True) -> None:
        super().__init__(packs, runner, parent)
        self.setWindowTitle(translate("PacksDialogs", "Verify my content"))
        self.resize(600, 380)
        intro = QLabel(translate("PacksDialogs",
                                 "Checks that every installed course file is intact (a damaged disk or USB copy "
                          "can spoil videos). Damaged files can be repaired from a course pack file."))
        intro.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setAccessibleName(translate("PacksDialogs", "Installed courses and their files"))
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.check_button = QPushButton(translate("PacksDialogs", "Check again"))
        self.check_button.clicked.connect(self.check)
        self.repair_button = QPushButton(translate("PacksDialogs", "Repair from a pack file…"))
        self.repair_button.setEnabled(False)
        self.repair_button.clicked.connect(self._on_repair_clicked)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.repair_button)
        buttons.addStretch(1)
        buttons.addWidget(box)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        lay.addLayout(self._progress_row())
        lay.addLayout(buttons)
        self.report: dict | None = None
        if autostart:
            self.check()

    def check(self) -> None:
        packs = self.packs
        self.start(lambda job: packs.verify(progress=_progress(job), cancel=job), self._show_report,
                   translate("PacksDialogs", "Checking…"))

    def _show_report(self, report: dict) -> None:
        self.report = report
        self.model.clear()
        damaged = report["damaged"]
        for d in damaged:
            what = translate("PacksDialogs",
                             "missing") if d["problem"] == "missing" else translate("PacksDialogs", "damaged")
            titles = report.get("titles", {})
            names = ", ".join(_title({"title": titles.get(c, {}), "id": c}) for c in d["courses"])
            self.model.appendRow(QStandardItem(f"{names}: {d['paths'][0]} ({what})"))
        bad, checked = len(damaged), report["checked"]
        if damaged:
            self.status.setText(translate("PacksDialogs", "Damaged files: %1. Repair them from the course's pack file "
                                                          "(USB stick or download).").replace("%1", str(bad)))
        else:
            self.status.setText(translate("PacksDialogs",
                                          "All files are intact (%1 checked).").replace("%1", str(checked)))
        self.repair_button.setEnabled(bool(damaged))

    def _set_busy(self, busy: bool) -> None:
        self.check_button.setEnabled(not busy)
        self.repair_button.setEnabled(not busy and bool(self.report and self.report["damaged"]))

    def _on_repair_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("PacksDialogs", "Choose a course pack"), "",
                                              translate("PacksDialogs", "Course packs (*.cc2pack *.parts.json)"))
        if path:
            self.repair_from(path)

    def repair_from(self, path: str) -> None:
        packs, damaged = self.packs, (self.report or {}).get("damaged")

        def work(job):  # noqa: ANN001, ANN202
            done = packs.repair(path, damaged, progress=_progress(job), cancel=job)
            return Done((done.value, packs.verify(cancel=job)), done.changes)

        self.start(work, self._on_repaired, translate("PacksDialogs", "Repairing…"))

    def _on_repaired(self, result: Any) -> None:
        out, report = result
        fixed = len(out["repaired"])
        self._show_report(report)
        if report["damaged"]:
            self.status.setText(translate(
                "PacksDialogs", "Files repaired: %1. Some damage remains: this pack does not hold those files.")
                .replace("%1", str(fixed)))
        else:
            self.status.setText(translate("PacksDialogs",
                                          "Files repaired: %1. Everything is intact.").replace("%1", str(fixed)))
