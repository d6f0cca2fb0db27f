"""Certification in the app: the eligibility checklist, the final exam page (with its timer) and
the certificate card (pending / certified / not passed with reasons; save as PDF, print).

:class:`CertificationPanel` composes them over one learner and one course; the main window embeds
it. Widgets hold no SQL and no file formats: every read and write goes through
:mod:`cc2desktop.core.certification.service` in a :class:`~cc2desktop.ui.shell.tasks.TaskRunner` task.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (QDialog, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QProgressBar, QPushButton, QScrollArea,
                               QStackedWidget, QVBoxLayout, QWidget)

from cc2desktop.core.certification.document import CertificateView, conditions_text, long_date
from cc2desktop.ui.shell.a11y import LiveLabel, make_heading
from cc2desktop.ui.shell.errors import error_text


def reason_text(code: str) -> str:
    """The learner-facing text of a refusal reason code."""
    texts = {
        "device_not_enrolled": QCoreApplication.translate(
            "Certification", "This PC is not enrolled with the programme's server."),
        "bad_signature": QCoreApplication.translate(
            "Certification", "The answer sheet was altered after it was sealed."),
        "wrong_learner": QCoreApplication.translate(
            "Certification", "The answer sheet belongs to another learner."),
        "unknown_course": QCoreApplication.translate(
            "Certification", "This course is not published on the programme's server."),
        "pack_mismatch": QCoreApplication.translate(
            "Certification", "The exam was taken from a modified copy of the course."),
        "exam_mismatch": QCoreApplication.translate(
            "Certification", "The answer sheet does not match the published exam."),
        "replayed": QCoreApplication.translate(
            "Certification", "This answer sheet was already used."),
        "too_many_attempts": QCoreApplication.translate(
            "Certification", "No exam attempt was left."),
        "time_limit": QCoreApplication.translate(
            "Certification", "The exam was handed in after the time limit."),
        "rules_not_met": QCoreApplication.translate(
            "Certification", "Some required capsules or quizzes were not completed."),
        "score_below_mastery": QCoreApplication.translate(
            "Certification", "The exam score is below the pass mark."),
        "malformed": QCoreApplication.translate(
            "Certification", "The answer sheet could not be read."),
        "draw_mismatch": QCoreApplication.translate(
            "Certification", "The answer sheet answers questions this attempt did not draw."),
        "seed_replayed": QCoreApplication.translate(
            "Certification", "The answer sheet reuses the questions of another attempt."),
        "timing": QCoreApplication.translate(
            "Certification", "The answer sheet does not match what was saved during the exam (its times or "
                             "its answers)."),
        "server_error": QCoreApplication.translate(
            "Certification", "The programme's server had a problem while grading."),
    }
    return texts.get(code, code)


def not_graded_text(reasons: list[str]) -> str:
    """What a learner whose answers were not graded should know and do, in plain words."""
    if reasons and all(r == "rules_not_met" for r in reasons):
        return QCoreApplication.translate(
            "Certification", "The programme's server has not received all the activities you completed. Sync this "
                             "PC (or bring the USB stick), then send your answers again. This attempt does not count.")
    return QCoreApplication.translate(
        "Certification", "This is not about your answers: the centre must contact the programme to fix it. This "
                         "attempt does not count: you can send your answers again later.")


def qr_pixmap(data: str, size: int) -> QPixmap:
    from cc2desktop.ui.certification.pdf import qr_matrix

    m = qr_matrix(data)
    n = len(m) + 8
    img = QImage(n, n, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if dark:
                img.setPixel(x + 4, y + 4, 0xFF000000)
    scale = max(1, size // n)  # whole pixels per module: every module the same size
    return QPixmap.fromImage(img.scaled(n * scale, n * scale, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.FastTransformation))


class EligibilityChecklist(QWidget):
    """What is done and what is left before the final exam; the button that starts it."""

    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("h2")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        make_heading(self.title)
        self.bar = QProgressBar()
        # one line per requirement, each read "Done: …" or "To do: …" (a list a screen reader walks)
        self.items = QListWidget()
        self.items.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.items.setWordWrap(True)
        self.items.setFrameShape(QFrame.Shape.NoFrame)
        self.items.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.start = QPushButton()
        self.start.setDefault(True)
        self.start.clicked.connect(self.start_requested)
        for w in (self.title, self.bar, self.items, self.status):
            lay.addWidget(w)
        # a supervised session: the code the facilitator wrote on the board (optional)
        code_row = QHBoxLayout()
        self.session_label = QLabel()
        self.session_code = QLineEdit()
        self.session_code.setMaxLength(12)
        self.session_code.setMaximumWidth(160)
        self.session_label.setBuddy(self.session_code)
        self.session_hint = QLabel()
        self.session_hint.setWordWrap(True)
        self.session_hint.setStyleSheet("color: #5a6673;")
        code_row.addWidget(self.session_label)
        code_row.addWidget(self.session_code)
        code_row.addWidget(self.session_hint, 1)
        lay.addLayout(code_row)
        lay.addWidget(self.start, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your certificate: what is left to do"))
        self.bar.setAccessibleName(self.tr("Requirements completed"))
        self.items.setAccessibleName(self.tr("What to do before the final exam"))
        self.start.setText(self.tr("Take the final exam"))
        self.session_label.setText(self.tr("Supervised &session code:"))
        self.session_code.setAccessibleName(self.tr("Supervised session code"))
        self.session_code.setPlaceholderText("EX7K-3M9Q")
        self.session_hint.setText(self.tr("Only in a session run by a facilitator: type the code on the board. "
                                          "Leave empty otherwise."))

    def items_text(self) -> str:
        """The requirements as shown, one a line."""
        return "\n".join(self.items.item(r).text() for r in range(self.items.count()))

    def code(self) -> str | None:
        """The supervised session's code typed, if any."""
        return self.session_code.text().strip() or None

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_data(self, e: dict[str, Any], lang: str, langs: list[str]) -> None:
        from cc2desktop.core.learning.catalog import pick

        reqs = [i for i in e["items"] if i["kind"] != "exam"]
        done = sum(1 for i in reqs if i["done"])
        self.bar.setRange(0, max(1, len(reqs)))
        self.bar.setValue(done)
        self.bar.setFormat(self.tr("%1 of %2 done").replace("%1", str(done)).replace("%2", str(len(reqs))))
        self.items.clear()
        for i in reqs:
            name = pick(i["title"], lang, langs)
            if i["kind"] == "capsule":
                label = self.tr("Watch the capsule “%1”").replace("%1", name)
            else:
                pct = round((i["required_score"] or 0) * 100)
                label = self.tr("Pass the quiz of “%1” (at least %2 %)").replace("%1", name).replace("%2", str(pct))
                if i["score"] is not None and not i["done"]:
                    label += " — " + self.tr("best so far %1 %").replace("%1", str(round(i["score"] * 100)))
            item = QListWidgetItem(("✔  " if i["done"] else "○  ") + label)
            item.setForeground(QColor("#0f5e63" if i["done"] else "#8a4b00"))
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         (self.tr("Done: %1") if i["done"] else self.tr("To do: %1")).replace("%1", label))
            self.items.addItem(item)
        rows = max(1, self.items.count())
        self.items.setFixedHeight(min(360, sum(self.items.sizeHintForRow(r) for r in range(self.items.count()))
                                      + 8 * rows))
        left, allowed = e["attempts_left"], e["attempts_allowed"]
        pass_mark = round(e["exam_mastery"] * 100)
        limit = e.get("time_limit_s")
        info = self.tr("Final exam: pass mark %1 %, %2 attempt(s) left of %3.").replace("%1", str(pass_mark)) \
            .replace("%2", str(left)).replace("%3", str(allowed))
        if limit:
            info += " " + self.tr("Time allowed: %1 minutes.").replace("%1", str(round(limit / 60)))
        state = e.get("state")
        if state == "not_eligible":
            info = self.tr("Complete the items marked ○ to unlock the final exam.") + " " + info
        elif state == "pending":
            info = self.tr("Your answers are sealed and wait for the programme's decision: connect to sync.")
        elif state == "no_attempts_left":
            info = self.tr("You have used every exam attempt. Ask your facilitator.")
        self.status.setText(info)
        self.start.setEnabled(bool(e.get("can_take_exam")))
        # locked: the button says why (a screen reader reads a greyed button), and so does the list
        # just before it in the Tab order
        self.start.setAccessibleDescription("" if self.start.isEnabled() else info)
        self.items.setAccessibleDescription(info)
        for w in (self.session_label, self.session_code, self.session_hint):
            w.setVisible(bool(e.get("can_take_exam")))


def _html(s: str) -> str:
    import html

    return html.escape(s)


class ExamPage(QWidget):
    """One question at a time, the questions in the attempt's shuffled order, a countdown when the
    exam has a time limit (handed in automatically at zero), and a confirmation before sealing.

    The page holds no answer of its own: each change is sent out (``answer_changed``) for core to
    save, at once for a choice, after a short pause in typing for a text; :meth:`mark_saved` then
    says so. It is built from the attempt as core keeps it (:meth:`start` with the saved answers and
    the question answered last), so any rebuild finds every answer and its place. The countdown runs
    from the time the attempt has already used (core's exam clock, which a clock change cannot
    stretch), on this process's monotonic clock."""

    submitted = Signal(dict)  # question id -> response
    answer_changed = Signal(str, object)  # question id, response (None: cleared)

    TYPING_PAUSE_MS = 800

    def __init__(self, parent: QWidget | None = None, *, confirm: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent)
        self._confirm = confirm
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.position = QLabel()
        self.timer_label = QLabel()
        self.timer_label.setStyleSheet("font-weight: bold;")
        self.supervised = QLabel()
        self.supervised.setStyleSheet("color: #0f5e63; font-weight: bold;")
        self.supervised.setVisible(False)
        top.addWidget(self.position)
        top.addStretch(1)
        top.addWidget(self.supervised)
        top.addSpacing(16)
        top.addWidget(self.timer_label)
        lay.addLayout(top)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 14pt;")
        lay.addWidget(self.prompt)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.save_state = QLabel()
        self.save_state.setWordWrap(True)
        lay.addWidget(self.save_state)
        nav = QHBoxLayout()
        self.prev = QPushButton()
        self.next = QPushButton()
        self.finish = QPushButton()
        self.prev.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next.clicked.connect(lambda: self.go(self.stack.currentIndex() + 1))
        self.finish.clicked.connect(self._on_finish_clicked)
        nav.addWidget(self.prev)
        nav.addWidget(self.next)
        nav.addStretch(1)
        nav.addWidget(self.finish)
        lay.addLayout(nav)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(self.TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.flush)
        self._deadline: float | None = None  # time.monotonic() at which the time allowed is over
        self._questions: list[dict] = []
        self._images: dict[str, Path] = {}
        self._widgets: list[Any] = []
        self._lang, self._langs = "fr", ["fr"]
        self._proctor: str | None = None
        self._done = False
        self._unsent: set[str] = set()   # changed, not yet sent to be saved
        self._saving: dict[str, Any] = {}  # sent, not yet confirmed
        self._save_error = ""
        self.attempt_id: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.timer_label.setAccessibleName(self.tr("Time left"))
        self.prev.setText(self.tr("Previous"))
        self.next.setText(self.tr("Next"))
        self.finish.setText(self.tr("Hand in my answers"))
        if self._questions:
            self._show_position()
            self._tick()
        self.supervised.setText(self.tr("Supervised exam — session %1").replace("%1", self._proctor or ""))
        self._show_save_state()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def start(self, questions: list[dict], lang: str, langs: list[str], time_limit_s: int | None, *,
              elapsed_s: float = 0.0, answers: dict[str, Any] | None = None,
              position: str | None = None, attempt_id: str | None = None,
              images: dict[str, str] | None = None, proctor: str | None = None) -> None:
        """Build the page for an attempt: ``answers`` saved so far are put back, the page opens on
        ``position`` (a question id, e.g. the one answered last). The time left is ``time_limit_s``
        minus ``elapsed_s`` (the time the attempt has used, by core's exam clock). ``proctor``: the
        supervised session's code, shown."""
        self._questions, self._lang, self._langs, self._done = questions, lang, langs, False
        self._images = {k: Path(v) for k, v in (images or {}).items()}
        self.attempt_id = attempt_id
        self._unsent.clear()
        self._saving.clear()
        self._save_error = ""
        self._build(answers or {})
        self._deadline = time.monotonic() + time_limit_s - elapsed_s if time_limit_s else None
        self._proctor = proctor
        self.supervised.setVisible(bool(proctor))
        self.supervised.setText(self.tr("Supervised exam — session %1").replace("%1", proctor or ""))
        self.timer_label.setVisible(self._deadline is not None)
        if self._deadline is not None:
            self._timer.start()
            self._tick()
        ids = [q["id"] for q in questions]
        self.go(ids.index(position) if position in ids else 0)
        self._show_save_state()

    def _build(self, answers: dict[str, Any]) -> None:
        from cc2desktop.ui.learner.quiz import QuestionWidget

        while self.stack.count():  # a new attempt (or a language) replaces the previous widgets
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.deleteLater()
        self._widgets = []
        for q in self._questions:
            w = QuestionWidget(q, self._lang, self._langs)
            if q["id"] in answers:
                w.set_response(answers[q["id"]])
            w.changed.connect(lambda qid=q["id"], kind=q["type"]: self._on_question_changed(qid, kind))
            self._widgets.append(w)
            holder = QWidget()
            hl = QVBoxLayout(holder)
            hl.setContentsMargins(0, 8, 0, 0)
            hl.addWidget(w)
            hl.addStretch(1)
            self.stack.addWidget(holder)

    def set_language(self, lang: str) -> None:
        """Show the questions in another language: same answers (typed or saved), same question."""
        if lang == self._lang or not self._questions:
            self._lang = lang
            return
        current = {q["id"]: w.response() for q, w in zip(self._questions, self._widgets)}
        index = self.stack.currentIndex()
        self._lang = lang
        self._build({k: v for k, v in current.items() if not _empty(v)})
        self.go(index)

    def go(self, index: int) -> None:
        if not self._questions:
            return
        self.flush()  # leaving a question: what was typed is saved now
        index = max(0, min(index, len(self._questions) - 1))
        self.stack.setCurrentIndex(index)
        self._show_position()
        self.prev.setEnabled(index > 0)
        self.next.setEnabled(index < len(self._questions) - 1)

    def current_question(self) -> str | None:
        return self._questions[self.stack.currentIndex()]["id"] if self._questions else None

    def _show_position(self) -> None:
        from cc2desktop.ui.learner.quiz import question_text

        index = self.stack.currentIndex()
        q = self._questions[index]
        images = self._images
        prompt, fmt = question_text(q, q["prompt"], self._lang, self._langs, images)
        if q.get("context"):  # a case study shown with the question (imported descriptions)
            context, _ = question_text(q, q["context"], self._lang, self._langs, images)
            prompt = context + ("<hr />" if fmt == Qt.RichText else "\n\n") + prompt
        self.prompt.setTextFormat(fmt)
        self.prompt.setText(prompt)
        self.position.setText(self.tr("Question %1 of %2").replace("%1", str(index + 1))
                              .replace("%2", str(len(self._questions))))

    def answers(self) -> dict[str, Any]:
        out = {}
        for q, w in zip(self._questions, self._widgets):
            r = w.response()
            if not _empty(r):
                out[q["id"]] = r
        return out

    # saving ---------------------------------------------------------------------------------
    def _on_question_changed(self, qid: str, kind: str) -> None:
        if self._done:
            return
        self._unsent.add(qid)
        if kind in ("text", "numeric"):
            self._typing.start()  # saved after a short pause in typing (or on leaving the question)
        else:
            self.flush()
        self._show_save_state()

    def flush(self) -> None:
        """Send every changed answer out to be saved now."""
        self._typing.stop()
        for q, w in zip(self._questions, self._widgets):
            if q["id"] in self._unsent:
                r = w.response()
                r = None if _empty(r) else r
                self._unsent.discard(q["id"])
                self._saving[q["id"]] = r
                self.answer_changed.emit(q["id"], r)
        self._show_save_state()

    def mark_saved(self, qid: str, response: Any) -> None:
        """Core saved this answer (called when the write is done)."""
        if qid in self._saving and self._saving[qid] == response:
            del self._saving[qid]
        self._save_error = ""
        self._show_save_state()

    def mark_save_failed(self, text: str) -> None:
        self._save_error = text
        self._show_save_state()

    def pending_saves(self) -> int:
        return len(self._unsent) + len(self._saving)

    def _show_save_state(self) -> None:
        if self._save_error:
            self.save_state.setText(self._save_error)
            self.save_state.setStyleSheet("color: #a32020;")
        elif self._unsent or self._saving:
            self.save_state.setText(self.tr("Saving your answer…"))
            self.save_state.setStyleSheet("color: #5a6673;")
        elif self._questions:
            n = len(self.answers())
            self.save_state.setText(self.tr("✓ Every answer is saved on this PC (%1 of %2 answered).")
                                    .replace("%1", str(n)).replace("%2", str(len(self._questions))))
            self.save_state.setStyleSheet("color: #0f5e63;")
        else:
            self.save_state.setText("")

    # time -----------------------------------------------------------------------------------
    def remaining_s(self) -> float | None:
        return None if self._deadline is None else max(0.0, self._deadline - time.monotonic())

    def _tick(self) -> None:
        left = self.remaining_s()
        if left is None:
            return
        m, s = divmod(int(left + 0.999), 60)
        self.timer_label.setText(self.tr("Time left: %1").replace("%1", f"{m:02d}:{s:02d}"))
        self.timer_label.setStyleSheet("font-weight: bold; color: %s;" % ("#a32020" if left < 60 else "#1d2b3a"))
        if left <= 0:
            self._hand_in()  # time is up: what was answered is handed in

    def _on_finish_clicked(self) -> None:
        missing = len(self._questions) - len(self.answers())
        msg = self.tr("Hand in your answers? You cannot change them afterwards.")
        if missing:
            msg += " " + self.tr("%1 question(s) have no answer.").replace("%1", str(missing))
        ok = self._confirm(msg) if self._confirm else QMessageBox.question(self, self.tr("Final exam"), msg) \
            == QMessageBox.StandardButton.Yes
        if ok:
            self._hand_in()

    def _hand_in(self) -> None:
        if self._done:
            return
        self.flush()
        self._done = True
        self._timer.stop()
        self.submitted.emit(self.answers())

    def close_attempt(self) -> None:
        """The attempt is over (handed in, or closed elsewhere): stop the clock, forget it."""
        self._timer.stop()
        self._typing.stop()
        self._done = True
        self.attempt_id = None


def _short(text: str, limit: int = 200) -> str:
    """A question's prompt on one line, without markup (an HTML prompt's tags, a gap's [[id]])."""
    import re

    plain = " ".join(re.sub(r"<[^>]*>|\[\[[^\]]*\]\]", " … ", text).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def _empty(r: Any) -> bool:
    return r is None or r == "" or r == [] or r == {}


class CertificateCard(QFrame):
    """The state of the learner's claim: pending, certified (the certificate with its QR code,
    save as PDF, print) or not passed (reasons, attempts left)."""

    save_requested = Signal()
    print_requested = Signal()
    retry_requested = Signal()
    resend_requested = Signal(str)  # claim id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificateCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#certificateCard { background: #fffdf7; border: 3px solid #0f5e63; border-radius: 6px; }")
        lay = QGridLayout(self)
        self.headline = QLabel()
        self.headline.setStyleSheet("font-size: 16pt; font-weight: bold; color: #0f5e63;")
        self.headline.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.qr = QLabel()
        self.review = QLabel()  # after a graded decision: which questions were right or wrong
        self.review.setWordWrap(True)
        self.review.setTextFormat(Qt.TextFormat.RichText)
        self.review.setVisible(False)
        buttons = QHBoxLayout()
        self.save = QPushButton()
        self.print_ = QPushButton()
        self.retry = QPushButton()
        self.resend = QPushButton()
        self.save.clicked.connect(self.save_requested)
        self.print_.clicked.connect(self.print_requested)
        self.retry.clicked.connect(self.retry_requested)
        self.resend.clicked.connect(lambda: self._claim_id and self.resend_requested.emit(self._claim_id))
        for b in (self.save, self.print_, self.retry, self.resend):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addWidget(self.headline, 0, 0, 1, 2)
        lay.addWidget(self.details, 1, 0)
        lay.addWidget(self.qr, 1, 1, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.review, 2, 0, 1, 2)
        lay.addLayout(buttons, 3, 0, 1, 2)
        lay.setColumnStretch(0, 1)  # the text takes the card's width (no QR: not wrapped at half of it)
        self.state = ""
        self._claim_id: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.qr.setAccessibleName(self.tr("QR code of the certificate"))
        self.save.setText(self.tr("Save as PDF…"))
        self.print_.setText(self.tr("Print…"))
        self.retry.setText(self.tr("Try the exam again"))
        self.resend.setText(self.tr("Send my answers again"))
        if getattr(self, "_review", None):
            self.show_review(*self._review)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def show_pending(self, session: str | None = None) -> None:
        self.state = "pending"
        self.headline.setText(self.tr("Answers sealed — waiting for the decision"))
        text = _html(self.tr("Your answer sheet is signed and saved on this PC. The programme's server grades it at "
                             "the next sync (internet or USB stick); the result will appear here."))
        if session:
            text += "<p>" + _html(self.tr("Supervised exam (session %1): the server grades it once your facilitator "
                                          "has co-signed the answer sheets of the session.").replace("%1", session)) \
                + "</p>"
        self.details.setText(text)
        self._buttons(False, False)

    def show_certified(self, v: CertificateView, lang: str) -> None:
        self.state = "certified"
        self.headline.setText(self.tr("Congratulations, you are certified!"))
        title = v.title(lang)
        rows = [(self.tr("Name"), v.learner_name), (self.tr("Course"), title),
                (self.tr("Date"), long_date(v.date, lang)), (self.tr("Exam score"), f"{v.score} %"),
                (self.tr("Exam conditions"), conditions_text(v.proctored, lang, v.session_date)),
                (self.tr("Verification code"), v.code), (self.tr("Check online"), v.verify_url)]
        html = "".join(f"<p><b>{_html(k)}</b><br>{_html(val)}</p>" for k, val in rows)
        if v.demo:
            demo = self.tr("Demo certificate (signed with the demonstration key).")
            html += f'<p style="color:#8a4b00">{_html(demo)}</p>'
        self.details.setText(html)
        self.qr.setPixmap(qr_pixmap(v.payload, 220))
        self._buttons(True, False)

    def show_not_passed(self, score: float | None, reasons: list[str], attempts_left: int) -> None:
        self.state = "not_passed"
        self.headline.setText(self.tr("Not passed this time"))
        lines = [reason_text(r) for r in reasons]
        if score is not None:
            lines.insert(0, self.tr("Your exam score: %1 %").replace("%1", str(round(score * 100))))
        lines.append(self.tr("Attempts left: %1").replace("%1", str(attempts_left)))
        self.details.setText("".join(f"<p>{_html(x)}</p>" for x in lines))
        self._buttons(False, attempts_left > 0)

    def show_not_graded(self, reasons: list[str], claim_id: str) -> None:
        """The server refused the answer sheet for a reason that is not about the answers: it did
        not count, and can be sent again."""
        self.state = "not_graded"
        self._claim_id = claim_id
        self.headline.setText(self.tr("Your answers were not graded"))
        self.headline.setStyleSheet("font-size: 16pt; font-weight: bold; color: #8a4b00;")
        lines = [reason_text(r) for r in reasons] + [not_graded_text(reasons)]
        self.details.setText("".join(f"<p>{_html(x)}</p>" for x in lines))
        self._buttons(False, False, resend=True)

    def show_review(self, review: list[dict], lang: str, langs: list[str]) -> None:
        """Which questions of the graded sheet were wrong (their prompts; never the expected answers)."""
        from cc2desktop.core.learning.catalog import pick

        self._review = (review, lang, langs)
        self.review.setVisible(bool(review))
        if not review:
            self.review.setText("")
            return
        wrong = [r for r in review if not r["correct"]]
        head = self.tr("Your answers: %1 right out of %2.").replace("%1", str(len(review) - len(wrong))) \
            .replace("%2", str(len(review)))
        if not wrong:
            right = self.tr("Every answer was right.")
            self.review.setText(f"<p><b>{_html(head)}</b> {_html(right)}</p>")
            return
        to_review = self.tr("Questions to review:")
        items = "".join(f'<li><span style="color:#a32020; font-weight:bold">✘</span>&nbsp; '
                        f'{_html(_short(pick(r["prompt"], lang, langs) or r["id"]))}</li>' for r in wrong)
        self.review.setText(f"<p><b>{_html(head)}</b> {_html(to_review)}</p><ul>{items}</ul>")

    def _buttons(self, certified: bool, retry: bool, *, resend: bool = False) -> None:
        if not resend:
            self.headline.setStyleSheet("font-size: 16pt; font-weight: bold; color: #0f5e63;")
        self.save.setVisible(certified)
        self.print_.setVisible(certified)
        self.retry.setVisible(retry)
        self.resend.setVisible(resend)
        self.qr.setVisible(certified)


class CertificationPanel(QWidget):
    """Checklist → exam → card for one learner and one course, over the core service.

    While an attempt is open the exam page stays on screen: a refresh (after a sync, say) only
    updates the checklist and card behind it; a new panel (after a log-out, a restart) opens the
    exam page again from what core saved."""

    changed = Signal()

    def __init__(self, cert, runner, learner_id: str, course_id: str, lang: str = "fr",  # noqa: ANN001
                 parent: QWidget | None = None, *, confirm: Callable[[str], bool] | None = None,
                 ask_path: Callable[[str], str | None] | None = None) -> None:
        super().__init__(parent)
        self.cert, self.runner = cert, runner  # kit.certification, the window's TaskRunner
        self.learner_id, self.course_id, self.lang = learner_id, course_id, lang
        self._ask_path = ask_path
        self._confirm = confirm
        self.confirm_dialog: QMessageBox | None = None  # "start the exam now?" while shown
        self.stack = QStackedWidget()
        self.checklist = EligibilityChecklist()
        self.exam = ExamPage(confirm=confirm)
        self.card = CertificateCard()
        page = QWidget()
        pl_ = QVBoxLayout(page)
        pl_.addWidget(self.card)
        pl_.addWidget(self.checklist, 1)
        scroll = QScrollArea()  # a long review or checklist scrolls on a small screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.exam)
        QVBoxLayout(self).addWidget(self.stack)
        self.error = LiveLabel(assertive=True)
        self.error.setStyleSheet("color: #a32020;")
        self.error.setWordWrap(True)
        self.layout().addWidget(self.error)
        self.checklist.start_requested.connect(self._ask_start)
        self.card.retry_requested.connect(self._ask_start)
        self.card.resend_requested.connect(self._on_card_resend_requested)
        self.exam.submitted.connect(self._on_exam_submitted)
        self.exam.answer_changed.connect(self._on_exam_answer_changed)
        self.card.save_requested.connect(self._on_card_save_requested)
        self.card.print_requested.connect(self._on_card_print_requested)
        self._attempt: dict | None = None
        self._view: CertificateView | None = None
        self._langs: list[str] = [lang]
        self.elig: dict | None = None
        self.last_pdf: str | None = None
        runner.changes_applied.connect(self._on_changes)

    def _run(self, fn, *, on_done=None, on_error=None, lane: str = "read"):  # noqa: ANN001, ANN202
        """Run core work in the task runner; its result is dropped if this panel was closed
        meanwhile (a log-out deletes it while a read may still be running)."""
        import shiboken6

        def alive(cb):  # noqa: ANN001, ANN202
            return None if cb is None else (lambda x: cb(x) if shiboken6.isValid(self) else None)

        return self.runner.run(fn, on_done=alive(on_done), on_error=alive(on_error), lane=lane)

    def _on_changes(self, ch) -> None:  # noqa: ANN001 - Changes
        """A decision pulled by a sync, a submitted exam, the learner's progress, a course update:
        read again (an open exam page stays as it is, see :meth:`_on_loaded`)."""
        import shiboken6

        if shiboken6.isValid(self) and (ch.certificates or ch.courses or ch.progress_of(self.learner_id)):
            self.refresh()

    def in_exam(self) -> bool:
        """An attempt is open on the exam page."""
        return self._attempt is not None and self.stack.currentWidget() is self.exam

    def refresh(self) -> None:
        cert, lid, cid = self.cert, self.learner_id, self.course_id
        self._run(lambda _job: cert.overview(lid, cid), on_done=self._on_loaded, on_error=self._on_error)

    def set_language(self, lang: str) -> None:
        """Follow a language switch: texts of the course in ``lang``, the open exam unchanged."""
        self.lang = lang
        self.exam.set_language(lang)
        if self.elig is not None:
            self._show_state()

    def _on_loaded(self, result: tuple) -> None:
        self.elig, self._view, self._langs = result
        self._show_state()
        oa = self.elig.get("open_attempt")
        if self.elig["state"] == "in_exam" and oa is not None:
            if oa["expired"]:
                self._hand_in_expired()
            elif not (self.in_exam() and self._attempt["attempt_id"] == oa["attempt"]["attempt_id"]):
                self._show_attempt(oa)  # the exam page is (re)built from what core saved
        else:
            if self._attempt is not None:
                self.exam.close_attempt()
                self._attempt = None
            self.stack.setCurrentIndex(0)
        self.changed.emit()

    def _show_state(self) -> None:
        """The checklist and the card from the last eligibility read (never changes the page)."""
        e = self.elig
        self.checklist.set_data(e, self.lang, self._langs)
        st = e["state"]
        self.card.setVisible(st in ("certified", "pending", "not_passed", "no_attempts_left", "not_graded"))
        if st == "certified" and self._view is not None:
            self.card.show_certified(self._view, self.lang)
        elif st == "pending":
            self.card.show_pending((e["claims"][-1].get("proctor") or None) if e.get("claims") else None)
        elif st == "not_graded":
            last = e["claims"][-1]
            self.card.show_not_graded([r["code"] for r in last["reasons"]], last["claim_id"])
        elif st in ("not_passed", "no_attempts_left"):
            last = e["claims"][-1]
            self.card.show_not_passed(last["score"], [r["code"] for r in last["reasons"]], e["attempts_left"])
        graded = [c for c in e.get("claims") or [] if c.get("review")]
        self.card.show_review(graded[-1]["review"] if graded and st in ("certified", "not_passed", "no_attempts_left")
                              else [], self.lang, self._langs)
        self.checklist.setVisible(st != "certified")

    def _on_error(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))

    def _start_text(self) -> str:
        e = self.elig or {}
        allowed = int(e.get("attempts_allowed") or 0)
        n = allowed - int(e.get("attempts_left") or 0) + 1
        text = self.tr("Start the final exam now? This is attempt %1 of %2.").replace("%1", str(n)) \
            .replace("%2", str(allowed))
        limit = e.get("time_limit_s")
        if limit:
            text += " " + self.tr("Once started, the clock runs for %1 minutes, even if you close the app.") \
                .replace("%1", str(round(limit / 60)))
        return text + " " + self.tr("Your answers are saved as you give them; you hand them in at the end.")

    def _ask_start(self) -> None:
        """A confirmation before an attempt starts (an attempt counts once handed in)."""
        if self._confirm is not None:
            if self._confirm(self._start_text()):
                self._on_checklist_start_requested()
            return
        if self.confirm_dialog is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Final exam"), self._start_text(),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("Start the exam"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Not now"))
        self.confirm_dialog = box

        def finished(result: int) -> None:
            self.confirm_dialog = None
            box.deleteLater()
            if box.clickedButton() is yes or result == QDialog.DialogCode.Accepted:
                self._on_checklist_start_requested()

        box.finished.connect(finished)
        box.open()

    def _on_checklist_start_requested(self) -> None:
        cert, lid, cid = self.cert, self.learner_id, self.course_id
        code = self.checklist.code()
        self._run(lambda _job: cert.start_exam(lid, cid, proctor=code), on_done=self._show_attempt,
                  on_error=self._on_error, lane="write")

    def _show_attempt(self, view: dict) -> None:
        att = view["attempt"]
        self._attempt = att
        self.exam.start(view["questions"], self.lang, view["languages"], att.get("time_limit_s"),
                        elapsed_s=float(view.get("elapsed_s") or 0.0), answers=view.get("answers"),
                        position=view.get("position"), attempt_id=att["attempt_id"], images=view.get("images"),
                        proctor=att.get("proctor"))
        self.error.setText("")
        self.stack.setCurrentIndex(1)

    def _on_exam_answer_changed(self, qid: str, response: Any) -> None:
        if self._attempt is None:
            return
        cert, lid, cid, aid = self.cert, self.learner_id, self.course_id, self._attempt["attempt_id"]
        self._run(lambda _job: cert.save_exam_answer(lid, cid, aid, qid, response),
                  on_done=lambda r: self.exam.mark_saved(r["question_id"], r["response"]),
                  on_error=lambda exc: self.exam.mark_save_failed(
                      self.tr("Your last answer could not be saved: %1").replace("%1", error_text(exc))),
                  lane="write")

    def _on_exam_submitted(self, answers: dict) -> None:
        cert, att = self.cert, self._attempt
        if att is None:
            return
        # the submission's changes (certificates) refresh the panel: the checklist and card come back
        self._run(lambda _job: cert.submit_exam(att, answers), on_error=self._on_error, lane="write")

    def _hand_in_expired(self) -> None:
        cert, lid, cid = self.cert, self.learner_id, self.course_id
        self.exam.close_attempt()
        self._attempt = None
        self.stack.setCurrentIndex(0)
        self.error.setText(self.tr("The time allowed ran out while the exam was closed: the answers saved in "
                                   "time were handed in."))
        self._run(lambda _job: cert.hand_in_expired(lid, cid), on_error=self._on_error, lane="write")

    def _on_card_resend_requested(self, claim_id: str) -> None:
        cert, lid = self.cert, self.learner_id
        self._run(lambda _job: cert.resend_claim(lid, claim_id), on_error=self._on_error, lane="write")

    def _on_card_save_requested(self) -> None:
        if self._view is None:
            return
        name = f"certificate-{self._view.code}.pdf"
        path = self._ask_path(name) if self._ask_path else QFileDialog.getSaveFileName(
            self, self.tr("Save the certificate"), name, self.tr("PDF files (*.pdf)"))[0]
        if not path:
            return
        view, lang = self._view, self.lang

        def work(_job):  # noqa: ANN001, ANN202
            from cc2desktop.ui.certification.pdf import render_certificate_pdf

            return str(render_certificate_pdf(view, path, lang))

        self._run(work, on_done=self._on_pdf_saved, on_error=self._on_error)

    def _on_pdf_saved(self, path: str) -> None:
        self.last_pdf = path
        self.error.setText("")
        self.changed.emit()

    def _on_card_print_requested(self) -> None:
        if self._view is None:
            return
        from PySide6.QtGui import QPageLayout
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from cc2desktop.ui.certification.pdf import paint_certificate

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setFullPage(True)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        p = QPainter(printer)
        try:
            paint_certificate(p, printer.resolution(), self._view, self.lang)
        finally:
            p.end()
