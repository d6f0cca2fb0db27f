"""Facilitator › Prepare a USB stick: the app (portable) and course packs onto a stick, check a stick,
repair one from a good source. The work runs in the long lane with progress and Cancel; the core
checks names, sizes and free space before writing anything (``kit.stick``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from cc2desktop.core.jobs import Cancelled
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner


def _mib(n: float) -> str:
    return f"{n / 1048576:.0f} MiB" if n >= 1048576 else f"{n / 1024:.0f} KiB"


class PrepareStickDialog(QDialog):
    def __init__(self, stick: Any, runner: TaskRunner, parent: QWidget | None = None, *,
                 sticks: list[Path] | None = None, app: Path | None = None, packs: Path | None = None) -> None:
        super().__init__(parent)
        from cc2desktop.core import system
        from cc2desktop.core.paths import assets_dir
        from cc2desktop.core.stick.facade import running_build

        self.stick, self.runner = stick, runner  # kit.stick
        self._task = None
        self.result: dict | None = None
        self.setWindowTitle(self.tr("Prepare a USB stick"))
        self.resize(620, 480)

        intro = QLabel(self.tr("Put the application and the courses on a USB stick: learners start it from the "
                               "stick on any PC, their progress stays on the stick. Check a stick that "
                               "misbehaves, and repair it from another stick or from the course files."))
        intro.setWordWrap(True)
        self.target = QComboBox()
        self.target.setEditable(True)
        found = sticks if sticks is not None else system.removable_roots()
        for p in found:
            self.target.addItem(str(p))
        self.target.setToolTip(self.tr("The stick's folder (its drive letter on Windows)"))
        self.target_browse = QPushButton(self.tr("Choose…"))
        self.target_browse.clicked.connect(lambda: self._browse(self.target))

        build = app if app is not None else running_build()
        self.with_app = QCheckBox(self.tr("The application (portable)"))
        self.app_path = QLineEdit(str(build) if build else "")
        self.app_path.setPlaceholderText(self.tr("The application's folder (a build)"))
        self.with_app.setChecked(bool(build))
        self.app_browse = QPushButton(self.tr("Choose…"))
        self.app_browse.clicked.connect(lambda: self._browse(self.app_path))
        bundled = packs if packs is not None else assets_dir() / "packs"
        self.with_packs = QCheckBox(self.tr("Course packs from"))
        self.packs_path = QLineEdit(str(bundled) if bundled.is_dir() else "")
        self.with_packs.setChecked(bundled.is_dir())
        self.packs_browse = QPushButton(self.tr("Choose…"))
        self.packs_browse.clicked.connect(lambda: self._browse(self.packs_path))

        form = QFormLayout()
        form.addRow(self.tr("Stick:"), self._row(self.target, self.target_browse))
        form.addRow(self.with_app, self._row(self.app_path, self.app_browse))
        form.addRow(self.with_packs, self._row(self.packs_path, self.packs_browse))

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QListWidget()
        self.details.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.prepare_button = QPushButton(self.tr("&Prepare the stick"))
        self.prepare_button.setDefault(True)
        self.verify_button = QPushButton(self.tr("C&heck the stick"))
        self.repair_button = QPushButton(self.tr("&Repair from…"))
        self.close_button = QPushButton(self.tr("Close"))
        self.prepare_button.clicked.connect(self.prepare)
        self.verify_button.clicked.connect(self.verify)
        self.repair_button.clicked.connect(self._on_repair_clicked)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.prepare_button, self.verify_button, self.repair_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.details, 1)
        lay.addLayout(progress_row)
        lay.addLayout(buttons)
        if not found:
            self.status.setText(self.tr("No USB stick found: plug one in, or choose its folder."))

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widgets[0], 1)
        for x in widgets[1:]:
            row.addWidget(x)
        return w

    def _browse(self, field: QComboBox | QLineEdit) -> None:
        current = field.currentText() if isinstance(field, QComboBox) else field.text()
        d = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), current)
        if d:
            if isinstance(field, QComboBox):
                field.setEditText(d)
            else:
                field.setText(d)

    # ------------------------------------------------------------------------------ work
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def _stick_path(self) -> Path | None:
        text = self.target.currentText().strip()
        if not text:
            self.status.setText(self.tr("Choose the stick first."))
            return None
        return Path(text)

    def prepare(self) -> None:
        target = self._stick_path()
        if target is None:
            return
        app = self.app_path.text().strip() if self.with_app.isChecked() else None
        packs = self.packs_path.text().strip() if self.with_packs.isChecked() else None
        stick = self.stick
        self._start(lambda job: stick.prepare(target, app or None, packs or None, job=job), self._on_prepared,
                    self.tr("Preparing the stick…"))

    def verify(self) -> None:
        target = self._stick_path()
        if target is not None:
            stick = self.stick
            self._start(lambda job: stick.verify(target, job=job), self._on_verified, self.tr("Checking every file…"))

    def _on_repair_clicked(self) -> None:
        source = QFileDialog.getExistingDirectory(self, self.tr("A good copy: another stick, or the course files"))
        if source:
            self.repair(Path(source))

    def repair(self, source: Path) -> None:
        target = self._stick_path()
        if target is not None:
            stick = self.stick
            self._start(lambda job: stick.repair(target, source, job=job), self._on_repaired,
                        self.tr("Repairing…"))

    def _start(self, fn: Any, on_done: Any, label: str) -> None:
        if self.busy:
            return
        self.result = None
        self.details.clear()
        self.details.setVisible(False)
        self.status.setText(label)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self._set_busy(True)

        def done(result: Any) -> None:
            self._end()
            self.result = result
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._end()
            if isinstance(exc, Cancelled):
                self.status.setText(self.tr("Cancelled. The stick is incomplete: prepare it again before use."))
            else:
                self.status.setText(error_text(exc, detail=True))

        self._task = self.runner.run(fn, on_done=done, on_error=failed, on_progress=self._on_progress, lane="long")

    def _on_progress(self, done: float, total: float | None, text: str) -> None:
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(1.0, done / total)))
            self.progress.setFormat(f"{_mib(done)} / {_mib(total)}")
        if text:
            self.progress.setToolTip(text)

    def _end(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        for w in (self.prepare_button, self.verify_button, self.repair_button, self.target, self.target_browse,
                  self.with_app, self.app_path, self.app_browse, self.with_packs, self.packs_path, self.packs_browse):
            w.setEnabled(not busy)

    def cancel(self) -> None:
        if self._task is not None and not self._task.done:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def reject(self) -> None:  # Esc / close: cancel the work first
        if self.busy:
            self.cancel()
            return
        super().reject()

    # ------------------------------------------------------------------------------ outcomes
    def _problem(self, code: str) -> str:
        return {"missing": self.tr("missing"), "size": self.tr("wrong size"), "hash": self.tr("content changed"),
                "unreadable": self.tr("cannot be read")}.get(code, code)

    def _on_prepared(self, r: dict) -> None:
        self.status.setText(self.tr("The stick is ready: %1 files, %2. Learners open the "
                                    "Connexions-Citoyennes folder on it (see LISEZMOI.txt).")
                            .replace("%1", str(r["files"])).replace("%2", _mib(r["bytes"])))

    def _on_verified(self, r: dict) -> None:
        if r["ok"]:
            self.status.setText(self.tr("Every file is intact (%1 files checked).").replace("%1", str(r["files"])))
            return
        n = len(r["damaged"])
        text = QCoreApplication.translate("PrepareStickDialog", "%n damaged file(s): repair them from another "
                                          "stick or the course files.", None, n)
        self.status.setText(text)
        for d in r["damaged"]:
            self.details.addItem(f"{d['path']} — {self._problem(d['problem'])}")
        self.details.setVisible(True)

    def _on_repaired(self, r: dict) -> None:
        for d in r["repaired"]:
            self.details.addItem(self.tr("repaired: %1").replace("%1", d["path"]))
        for d in r["unrepaired"]:
            self.details.addItem(self.tr("not repaired: %1 (no good copy found)").replace("%1", d["path"]))
        self.details.setVisible(bool(r["repaired"] or r["unrepaired"]))
        if r["unrepaired"]:
            n = len(r["unrepaired"])
            text = QCoreApplication.translate("PrepareStickDialog", "%n file(s) could not be repaired from this "
                                              "source: try another one.", None, n)
            self.status.setText(text)
        elif r["repaired"] or r.get("manifest_restored"):
            self.status.setText(self.tr("Repaired: the stick is intact again."))
        else:
            self.status.setText(self.tr("Nothing to repair: every file is intact."))
