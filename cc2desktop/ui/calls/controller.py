"""Calls for projects in the window: the panel on the learner's home page and the application form
(:mod:`.widgets`); every read and write goes through :class:`cc2desktop.core.calls.facade.Calls` in
a task (reads in the read lane, drafts and submissions in the write lane)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt

from cc2desktop.ui.calls.widgets import CallForm, CallsPanel
from cc2desktop.ui.shell.main_window import MainWindow
from cc2desktop.ui.shell.tasks import TaskRunner


class CallsController(QObject):
    def __init__(self, calls: Any, runner: TaskRunner, shell: MainWindow, learner: Any) -> None:
        super().__init__(shell)
        self.calls, self.runner, self.shell, self.learner_ctl = calls, runner, shell, learner
        self.panel: CallsPanel | None = None
        self.form: CallForm | None = None
        self.entries: list[dict[str, Any]] = []
        runner.changes_applied.connect(self._on_changes)
        learner.logged_in.connect(self._on_logged_in)
        learner.logged_out.connect(self._on_logged_out)
        shell.language_changed.connect(self._on_language)
        if learner.learner is not None:
            self._on_logged_in(learner.learner.learner_id)

    def _lid(self) -> str | None:
        svc = self.learner_ctl.learner
        return svc.learner_id if svc is not None else None

    def _on_logged_in(self, _learner_id: str) -> None:
        if self.panel is None:
            self.panel = CallsPanel()
            self.panel.apply_requested.connect(self.open_form)
            self.learner_ctl.home.add_panel(self.panel)
        self.refresh()

    def _on_logged_out(self) -> None:
        if self.form is not None:
            self.form.close()
        if self.panel is not None:
            self.panel.set_entries([])

    def _on_language(self, lang: str) -> None:
        if self.panel is not None:
            self.panel.set_language(lang)

    def _on_changes(self, changes: Any) -> None:
        if changes and (changes.certificates or changes.groups or changes.courses or changes.pending_sync):
            self.refresh()

    def refresh(self) -> None:
        lid, calls = self._lid(), self.calls
        if lid is None or self.panel is None:
            return

        def done(entries: list[dict[str, Any]]) -> None:
            if self._lid() == lid and self.panel is not None:
                self.entries = entries
                self.panel.set_entries(entries, self.learner_ctl.lang)

        self.runner.read(lambda job: calls.home(lid), on_done=done, on_error=lambda _e: None)

    def open_form(self, call_id: str) -> None:
        lid = self._lid()
        entry = next((e for e in self.entries if e["call"]["id"] == call_id), None)
        if lid is None or entry is None:
            return
        answers = entry.get("draft") or ((entry.get("application") or {}).get("answers")) or {}
        answers = {k: v for k, v in answers.items() if not isinstance(v, dict)}  # files: chosen again
        form = CallForm(entry["call"], answers, self.learner_ctl.lang, self.shell)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.autosave.connect(lambda a: self._save(lid, call_id, a))
        form.submit.connect(lambda a: self._submit(lid, call_id, a))
        form.destroyed.connect(lambda *_: setattr(self, "form", None))
        if entry["state"] != "open" or not entry["eligibility"]["eligible"]:
            form.review_btn.setEnabled(False)
        self.form = form
        form.open()

    def error_text(self, exc: BaseException) -> str:
        """The refusal in her language (the app's one map of error texts), with the question it is
        about, named as the call names it."""
        from cc2desktop.ui.shell.errors import error_text

        text, msg = error_text(exc), getattr(exc, "message", "")
        field = msg.split("'")[1] if msg.count("'") >= 2 and msg.startswith("field") else None
        if field and self.form is not None:
            f = next((x for x in self.form.call["fields"] if x["id"] == field), None)
            if f is not None:
                text += " (" + (f["label"].get(self.learner_ctl.lang) or f["label"]["fr"]) + ")"
        return text

    def _save(self, lid: str, call_id: str, answers: dict[str, Any]) -> None:
        calls, form = self.calls, self.form

        def done(_res: Any) -> None:
            if form is not None and self.form is form:
                form.mark_saved(dt.datetime.now().strftime("%H:%M:%S"))

        def failed(exc: BaseException) -> None:
            if form is not None and self.form is form:
                form.show_error(self.error_text(exc))

        self.runner.write(lambda job: calls.save_draft(lid, call_id, answers), on_done=done, on_error=failed)

    def _submit(self, lid: str, call_id: str, answers: dict[str, Any]) -> None:
        calls, form = self.calls, self.form

        def done(_res: Any) -> None:
            if form is not None and self.form is form:
                form.timer.stop()
                form.accept()
            self.refresh()

        def failed(exc: BaseException) -> None:
            if form is not None and self.form is form:
                form.pages.setCurrentIndex(0)
                form._buttons()  # noqa: SLF001
                form.show_error(self.error_text(exc))

        self.runner.write(lambda job: calls.submit(lid, call_id, answers), on_done=done, on_error=failed)
