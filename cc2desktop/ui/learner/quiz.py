"""Practice quiz page: one question at a time, all seven types, keyboard-operable, feedback with
explanation, each answer saved (by the window, in a write task) before "Saved" shows."""

from __future__ import annotations

import time
import uuid

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from cc2desktop.core.learning.texts import pick


class QuestionWidget(QWidget):
    """The input for one question; ``response()`` returns the plain JSON value core grades.
    ``changed`` is emitted when the learner changes the answer (never by :meth:`set_response`)."""

    changed = Signal()

    def __init__(self, q: dict, lang: str, langs: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.q, self.lang, self.langs = q, lang, langs
        self.kind = q["type"]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.inputs: list[QWidget] = []
        t = lambda d: pick(d, lang, langs)  # noqa: E731
        if self.kind in ("single", "true_false"):
            self.group = QButtonGroup(self)
            choices = q.get("choices") if self.kind == "single" else [
                {"id": True, "text": self.tr("True")}, {"id": False, "text": self.tr("False")}]
            for c in choices:
                rb = QRadioButton(t(c["text"]))
                rb.setProperty("choice", c["id"])
                self.group.addButton(rb)
                lay.addWidget(rb)
                self.inputs.append(rb)
            self.group.buttonClicked.connect(lambda _b: self.changed.emit())
        elif self.kind == "multiple":
            for c in q.get("choices", []):
                cb = QCheckBox(t(c["text"]))
                cb.setProperty("choice", c["id"])
                cb.clicked.connect(lambda _on: self.changed.emit())
                lay.addWidget(cb)
                self.inputs.append(cb)
            lay.addWidget(QLabel(self.tr("Tick every right answer.")))
        elif self.kind in ("numeric", "text"):
            self.edit = QLineEdit()
            self.edit.setAccessibleName(self.tr("Your answer"))
            self.edit.setPlaceholderText(self.tr("Type a number") if self.kind == "numeric"
                                         else self.tr("Type your answer"))
            self.edit.textEdited.connect(lambda _t: self.changed.emit())
            lay.addWidget(self.edit)
            self.inputs.append(self.edit)
            if self.kind == "text":  # bounded where it is typed, with a counter (core checks it again)
                from cc2desktop.core import limits
                from cc2desktop.ui.shell.text_limits import CharCounter

                self.counter = CharCounter(self.edit, limits.TEXT_ANSWER)
                lay.addWidget(self.counter)
            else:
                self.edit.setMaxLength(32)
        elif self.kind == "ordering":
            self.list = QListWidget()
            self.list.setAccessibleName(self.tr("Items to put in order"))
            for item in q.get("items", []):
                it = QListWidgetItem(t(item["text"]))
                it.setData(Qt.UserRole, item["id"])
                self.list.addItem(it)
            self.list.setCurrentRow(0)
            self.list.setMaximumHeight(40 + 34 * len(q.get("items", [])))
            self.up = QPushButton(self.tr("Move up"))
            self.down = QPushButton(self.tr("Move down"))
            self.up.setAccessibleName(self.tr("Move the chosen item up (Alt+Up)"))
            self.down.setAccessibleName(self.tr("Move the chosen item down (Alt+Down)"))
            self.up.clicked.connect(lambda: self.move(-1))
            self.down.clicked.connect(lambda: self.move(1))
            self.list.installEventFilter(self)  # Alt+Up / Alt+Down move the chosen item
            row = QHBoxLayout()
            row.addWidget(self.list, 1)
            col = QVBoxLayout()
            col.addWidget(self.up)
            col.addWidget(self.down)
            col.addStretch(1)
            row.addLayout(col)
            lay.addLayout(row)
            lay.addWidget(QLabel(self.tr("Choose an item, then move it with the buttons or Alt+Up / Alt+Down.")))
            self.inputs += [self.list, self.up, self.down]
        elif self.kind == "matching":
            form = QFormLayout()
            self.combos: dict[str, QComboBox] = {}
            for left in q.get("left", []):
                cb = QComboBox()
                cb.addItem(self.tr("Choose…"), None)
                for right in q.get("right", []):
                    cb.addItem(t(right["text"]), right["id"])
                lab = QLabel(t(left["text"]))
                lab.setBuddy(cb)
                cb.setAccessibleName(t(left["text"]))
                cb.activated.connect(lambda _i: self.changed.emit())
                form.addRow(lab, cb)
                self.combos[left["id"]] = cb
                self.inputs.append(cb)
            lay.addLayout(form)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
        if (event.type() == QEvent.KeyPress and event.modifiers() & Qt.AltModifier
                and event.key() in (Qt.Key_Up, Qt.Key_Down)):
            self.move(-1 if event.key() == Qt.Key_Up else 1)
            return True
        return super().eventFilter(obj, event)

    def move(self, delta: int) -> None:
        row = self.list.currentRow()
        new = row + delta
        if row < 0 or not (0 <= new < self.list.count()):
            return
        it = self.list.takeItem(row)
        self.list.insertItem(new, it)
        self.list.setCurrentRow(new)
        self.changed.emit()

    def response(self):  # noqa: ANN201
        if self.kind in ("single", "true_false"):
            b = self.group.checkedButton()
            return None if b is None else b.property("choice")
        if self.kind == "multiple":
            return [cb.property("choice") for cb in self.inputs if cb.isChecked()]
        if self.kind in ("numeric", "text"):
            return self.edit.text().strip()
        if self.kind == "ordering":
            return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())]
        if self.kind == "matching":
            return {k: cb.currentData() for k, cb in self.combos.items() if cb.currentData() is not None}
        return None

    def set_response(self, value) -> None:  # noqa: ANN001 - tests and restore
        if self.kind in ("single", "true_false"):
            for b in self.inputs:
                if b.property("choice") == value:
                    b.setChecked(True)
        elif self.kind == "multiple":
            for cb in self.inputs:
                cb.setChecked(cb.property("choice") in value)
        elif self.kind in ("numeric", "text"):
            self.edit.setText(str(value))
        elif self.kind == "ordering":
            items = {self.list.item(i).data(Qt.UserRole): self.list.item(i).text() for i in range(self.list.count())}
            self.list.clear()
            for v in value:
                it = QListWidgetItem(items[v])
                it.setData(Qt.UserRole, v)
                self.list.addItem(it)
        elif self.kind == "matching":
            for k, v in value.items():
                cb = self.combos[k]
                cb.setCurrentIndex(cb.findData(v))

    def is_empty(self) -> bool:
        r = self.response()
        return r is None or r == "" or r == [] or r == {}

    def set_locked(self, locked: bool) -> None:
        for w in self.inputs:
            w.setEnabled(not locked)

    def describe(self, expected) -> str:  # noqa: ANN001
        """The right answer in words, for the feedback."""
        t = lambda d: pick(d, self.lang, self.langs)  # noqa: E731
        if self.kind == "single":
            return next((t(c["text"]) for c in self.q.get("choices", []) if c["id"] == expected), str(expected))
        if self.kind == "multiple":
            return ", ".join(t(c["text"]) for c in self.q.get("choices", []) if c["id"] in expected)
        if self.kind == "true_false":
            return self.tr("True") if expected else self.tr("False")
        if self.kind == "ordering":
            names = {i["id"]: t(i["text"]) for i in self.q.get("items", [])}
            return " → ".join(names.get(x, x) for x in expected)
        if self.kind == "matching":
            lefts = {i["id"]: t(i["text"]) for i in self.q.get("left", [])}
            rights = {i["id"]: t(i["text"]) for i in self.q.get("right", [])}
            return "; ".join(f"{lefts.get(k, k)} → {rights.get(v, v)}" for k, v in expected.items())
        return str(expected)


class QuizPage(QWidget):
    """The window connects ``answer_submitted(question_id, response, duration_s)`` and
    ``finish_requested()`` to write tasks, then calls :meth:`show_feedback` / :meth:`show_result`."""

    answer_submitted = Signal(str, object, float)
    finish_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quiz = None
        self.lang, self.langs = "fr", ["fr"]
        self.index = 0
        self.attempt_id = ""
        self.answered: dict[str, bool] = {}
        self._t0 = time.monotonic()
        self.t_attempt = time.monotonic()
        self.title = QLabel()
        self.title.setObjectName("title")
        self.counter = QLabel()
        self.prompt = QLabel()
        self.prompt.setObjectName("subtitle")
        self.prompt.setWordWrap(True)
        self.host = QVBoxLayout()
        self.qwidget: QuestionWidget | None = None
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.PlainText)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.saved = QLabel()
        self.saved.setObjectName("ok")
        self.check_btn = QPushButton()
        self.check_btn.clicked.connect(self.submit)
        self.next_btn = QPushButton()
        self.next_btn.clicked.connect(self.next_question)
        self.retry_btn = QPushButton()
        self.retry_btn.clicked.connect(self.retry)
        self.back_btn = QPushButton()
        self.back_btn.clicked.connect(self.back_requested)
        self.scores = QLabel()
        self.scores.setObjectName("subtitle")
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_enter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.saved)
        buttons.addWidget(self.check_btn)
        buttons.addWidget(self.next_btn)
        buttons.addWidget(self.retry_btn)
        body = QWidget()
        body.setMaximumWidth(900)
        lay = QVBoxLayout(body)
        outer = QHBoxLayout(self)
        outer.addWidget(body, 1)
        outer.addStretch(0)
        lay.addWidget(self.title)
        lay.addWidget(self.counter)
        lay.addWidget(self.prompt)
        lay.addLayout(self.host)
        lay.addWidget(self.feedback)
        lay.addWidget(self.explanation)
        lay.addWidget(self.scores)
        lay.addStretch(1)
        lay.addLayout(buttons)
        self.best: float | None = None
        self.last: float | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.check_btn.setText(self.tr("Check my answer"))
        self.check_btn.setAccessibleName(self.tr("Check my answer (Ctrl+Enter)"))
        self.back_btn.setText(self.tr("Back to the video"))
        self.retry_btn.setText(self.tr("Try again"))
        self._update_next_text()
        self._update_counter()
        self._update_scores()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _update_next_text(self) -> None:
        last = self.quiz is not None and self.index >= len(self.quiz.questions) - 1
        self.next_btn.setText(self.tr("See my score") if last else self.tr("Next question"))

    def _update_counter(self) -> None:
        if self.quiz is not None and self.index < len(self.quiz.questions):
            self.counter.setText(self.tr("Question %1 of %2")
                                 .replace("%1", str(self.index + 1)).replace("%2", str(len(self.quiz.questions))))

    def _update_scores(self) -> None:
        if self.best is None:
            self.scores.setText("")
            return
        self.scores.setText(self.tr("Best score: %1 %   Last score: %2 %").replace("%1", str(round(self.best * 100)))
                            .replace("%2", str(round((self.last or 0) * 100))))

    def start(self, quiz, title: str, lang: str, langs: list[str], best: float | None = None,  # noqa: ANN001
              last: float | None = None) -> None:
        self.quiz, self.lang, self.langs = quiz, lang, langs
        self.best, self.last = best, last
        self.title.setText(title)
        self.retry()

    def retry(self) -> None:
        self.attempt_id = str(uuid.uuid4())
        self.answered = {}
        self.index = 0
        self.t_attempt = time.monotonic()
        self._show_question()

    def _show_question(self) -> None:
        self._drop_question()
        q = self.quiz.questions[self.index]
        self.prompt.setText(pick(q.get("prompt"), self.lang, self.langs))
        self.qwidget = QuestionWidget(q, self.lang, self.langs)
        self.host.addWidget(self.qwidget)
        self.feedback.setText("")
        self.feedback.setObjectName("")
        self.explanation.setText("")
        self.saved.setText("")
        for w in (self.check_btn, self.prompt, self.counter):
            w.show()
        self.check_btn.setEnabled(True)
        self.next_btn.hide()
        self.retry_btn.hide()
        self._update_counter()
        self._update_next_text()
        self._update_scores()
        self._t0 = time.monotonic()
        if self.qwidget.inputs:
            self.qwidget.inputs[0].setFocus()

    def _drop_question(self) -> None:
        if self.qwidget is not None:
            self.host.removeWidget(self.qwidget)
            self.qwidget.hide()
            self.qwidget.setParent(None)
            self.qwidget.deleteLater()
            self.qwidget = None

    def _on_enter(self) -> None:
        if self.check_btn.isVisible() and self.check_btn.isEnabled():
            self.submit()
        elif self.next_btn.isVisible():
            self.next_question()

    def submit(self) -> None:
        if self.qwidget is None:
            return
        if self.qwidget.is_empty():
            self.feedback.setObjectName("bad")
            self.feedback.setText(self.tr("Answer the question first."))
            self._restyle(self.feedback)
            return
        self.check_btn.setEnabled(False)
        self.qwidget.set_locked(True)
        self.saved.setText(self.tr("Saving…"))
        self.answer_submitted.emit(self.quiz.questions[self.index]["id"], self.qwidget.response(),
                                   time.monotonic() - self._t0)

    @staticmethod
    def _restyle(w: QWidget) -> None:
        w.style().unpolish(w)
        w.style().polish(w)

    def show_feedback(self, correct: bool, expected) -> None:  # noqa: ANN001
        """Called once the answer is on disk."""
        q = self.quiz.questions[self.index]
        self.answered[q["id"]] = correct
        self.saved.setText(self.tr("Saved ✓"))
        if correct:
            self.feedback.setObjectName("ok")
            self.feedback.setText(self.tr("Right!"))
        else:
            self.feedback.setObjectName("bad")
            self.feedback.setText(self.tr("Not quite. The right answer: %1")
                                  .replace("%1", self.qwidget.describe(expected)))
        self._restyle(self.feedback)
        self.explanation.setText(pick(q.get("explanation"), self.lang, self.langs))
        self.check_btn.hide()
        self.next_btn.show()
        self.retry_btn.setVisible(False)
        self._update_next_text()
        self.next_btn.setFocus()

    def show_save_error(self, text: str) -> None:
        self.saved.setText("")
        self.feedback.setObjectName("bad")
        self.feedback.setText(self.tr("Your answer could not be saved: %1").replace("%1", text))
        self._restyle(self.feedback)
        self.check_btn.setEnabled(True)
        self.qwidget.set_locked(False)

    def next_question(self) -> None:
        if self.index < len(self.quiz.questions) - 1:
            self.index += 1
            self._show_question()
        else:
            self.next_btn.setEnabled(False)
            self.saved.setText(self.tr("Saving…"))
            self.finish_requested.emit()

    def show_result(self, scaled: float, points: float, max_points: float, best: float, last: float,
                    passed: bool) -> None:
        self.next_btn.setEnabled(True)
        self.best, self.last = best, last
        self._drop_question()
        self.counter.hide()
        self.prompt.setText(self.tr("Right answers: %1 out of %2")
                            .replace("%1", str(int(points))).replace("%2", str(int(max_points))))
        self.prompt.show()
        self.feedback.setObjectName("ok" if passed else "bad")
        self.feedback.setText(self.tr("Well done: quiz passed.") if passed else
                              self.tr("Keep going: read the explanations and try again."))
        self._restyle(self.feedback)
        self.explanation.setText("")
        self.saved.setText(self.tr("Saved ✓"))
        self.check_btn.hide()
        self.next_btn.hide()
        self.retry_btn.show()
        self._update_scores()
        self.retry_btn.setFocus()
