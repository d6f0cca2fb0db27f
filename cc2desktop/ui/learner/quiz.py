"""Practice quiz page: one question at a time, every question type, keyboard-operable, feedback with
explanation, each answer saved (by the window, in a write task) before "Saved" shows.

Questions in the ``html`` format (docs/course-source-format.md) show their prompt, context,
explanation, hints and feedback as Qt rich text (the importers' HTML subset); their images are
files of the course, resolved through the quiz's ``images`` map, and drawn at most
:data:`MAX_IMAGE_WIDTH` pixels wide. A ``gaps`` question shows its blanks as numbered marks in the
text, and one input per blank below it.
"""

from __future__ import annotations

import html
import re
import time
import uuid
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QImageReader, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QRadioButton, QScrollArea,
                               QVBoxLayout, QWidget)

from cc2desktop.core.learning.texts import pick

MAX_IMAGE_WIDTH = 560
_GAP = re.compile(r"\[\[([A-Za-z0-9][A-Za-z0-9._-]{0,63})\]\]")
_IMG = re.compile(r"""<img\b([^>]*?)\bsrc\s*=\s*"([^"]*)"([^>]*)>""", re.IGNORECASE)


def _image_tag(m: re.Match, images: dict[str, Path]) -> str:
    src = html.unescape(m.group(2))
    path = images.get(src)
    if path is None or not Path(path).is_file():
        alt = re.search(r'\balt\s*=\s*"([^"]*)"', m.group(0))
        return f"[{alt.group(1)}]" if alt and alt.group(1) else ""
    attrs = " ".join((m.group(1) + m.group(3)).replace("/", " ").split())
    attrs = f" {attrs}" if attrs else ""
    size = QImageReader(str(path)).size()
    if size.isValid() and size.width() > MAX_IMAGE_WIDTH and "width=" not in attrs:
        attrs += f' width="{MAX_IMAGE_WIDTH}" height="{round(size.height() * MAX_IMAGE_WIDTH / size.width())}"'
    return f'<img{attrs} src="{html.escape(QUrl.fromLocalFile(str(path)).toString(), quote=True)}">'


def question_text(q: dict, texts, lang: str, langs: list[str], images: dict[str, Path] | None = None):  # noqa: ANN001, ANN201
    """(text, Qt text format) of one of a question's texts in the learner's language: rich text for
    HTML questions (images resolved), plain text otherwise; a gaps prompt shows numbered blanks."""
    s = pick(texts, lang, langs)
    rich = q.get("format") == "html"
    if q.get("type") == "gaps" and texts is q.get("prompt"):
        nums = {g.get("id"): i for i, g in enumerate(q.get("gaps") or [], 1)}
        if rich:
            s = _GAP.sub(lambda m: f"<b>[{nums.get(m.group(1), '?')}]&nbsp;______</b>", s)
        else:
            s = _GAP.sub(lambda m: f"[{nums.get(m.group(1), '?')}] ______", s)
    if not rich:
        return s, Qt.PlainText
    return _IMG.sub(lambda m: _image_tag(m, images or {}), s), Qt.RichText


def plain_prompt(q: dict, lang: str, langs: list[str] | tuple[str, ...] = ()) -> str:
    """The prompt as plain text (slides drawn with QPainter): markup dropped, blanks numbered."""
    text, fmt = question_text(q, q.get("prompt"), lang, list(langs))
    if fmt == Qt.RichText:
        doc = QTextDocument()
        doc.setHtml(re.sub(r"<img\b[^>]*>", "", text))
        text = doc.toPlainText()
    return text


def show_text(label: QLabel, q: dict, texts, lang: str, langs: list[str],  # noqa: ANN001
              images: dict[str, Path] | None = None) -> None:
    text, fmt = question_text(q, texts, lang, langs, images)
    label.setTextFormat(fmt)
    label.setText(text)
    label.setVisible(bool(text))


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
        elif self.kind == "gaps":
            form = QFormLayout()
            self.gap_inputs: dict[str, tuple[str, QWidget, list[QCheckBox]]] = {}
            for n, g in enumerate(q.get("gaps") or [], 1):
                name = self.tr("Blank %1").replace("%1", str(n))
                boxes: list[QCheckBox] = []
                if g["type"] == "single":
                    w: QWidget = QComboBox()
                    w.addItem(self.tr("Choose…"), None)
                    for c in g.get("choices", []):
                        w.addItem(t(c["text"]), c["id"])
                    w.activated.connect(lambda _i: self.changed.emit())
                    self.inputs.append(w)
                elif g["type"] == "multiple":
                    w = QWidget()
                    row = QHBoxLayout(w)
                    row.setContentsMargins(0, 0, 0, 0)
                    for c in g.get("choices", []):
                        cb = QCheckBox(t(c["text"]))
                        cb.setProperty("choice", c["id"])
                        cb.clicked.connect(lambda _on: self.changed.emit())
                        row.addWidget(cb)
                        boxes.append(cb)
                    row.addStretch(1)
                    self.inputs += boxes
                else:
                    w = QLineEdit()
                    w.setPlaceholderText(self.tr("Type a number") if g["type"] == "numeric"
                                         else self.tr("Type your answer"))
                    w.setMaxLength(200)
                    w.textEdited.connect(lambda _t: self.changed.emit())
                    self.inputs.append(w)
                w.setAccessibleName(name)
                lab = QLabel(f"[{n}]")
                lab.setBuddy(boxes[0] if boxes else w)
                form.addRow(lab, w)
                self.gap_inputs[g["id"]] = (g["type"], w, boxes)
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
        if self.kind == "gaps":
            out = {}
            for gid, (kind, w, boxes) in self.gap_inputs.items():
                if kind == "single":
                    v = w.currentData()
                elif kind == "multiple":
                    v = [b.property("choice") for b in boxes if b.isChecked()] or None
                else:
                    v = w.text().strip() or None
                if v is not None:
                    out[gid] = v
            return out
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
        elif self.kind == "gaps":
            for gid, v in (value or {}).items():
                if gid not in self.gap_inputs:
                    continue
                kind, w, boxes = self.gap_inputs[gid]
                if kind == "single":
                    w.setCurrentIndex(max(0, w.findData(v)))
                elif kind == "multiple":
                    for b in boxes:
                        b.setChecked(b.property("choice") in (v or []))
                else:
                    w.setText("" if v is None else str(v))

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
        if self.kind == "gaps":
            parts = []
            for n, g in enumerate(self.q.get("gaps") or [], 1):
                want = (expected or {}).get(g["id"])
                names = {c["id"]: t(c["text"]) for c in g.get("choices", [])}
                if isinstance(want, list):
                    shown = ", ".join(names.get(x, str(x)) for x in want)
                else:
                    plain = QLocale().toString(want) if isinstance(want, float) else str(want)
                    shown = names.get(want, "" if want is None else plain)
                parts.append(f"[{n}] {shown}")
            return "; ".join(parts)
        if self.kind == "numeric" and isinstance(expected, (int, float)):
            return QLocale().toString(float(expected))
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
        self.context = QLabel()
        self.context.setWordWrap(True)
        self.context.hide()
        self.prompt = QLabel()
        self.prompt.setObjectName("subtitle")
        self.prompt.setWordWrap(True)
        self.hint_btn = QPushButton()
        self.hint_btn.clicked.connect(self.show_hint)
        self.hint_btn.hide()
        self.hints = QLabel()
        self.hints.setWordWrap(True)
        self.hints.hide()
        self._hints_shown = 0
        self.host = QVBoxLayout()
        self.qwidget: QuestionWidget | None = None
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.PlainText)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.PlainText)
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
        buttons.addWidget(self.hint_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.saved)
        buttons.addWidget(self.check_btn)
        buttons.addWidget(self.next_btn)
        buttons.addWidget(self.retry_btn)
        body = QWidget()
        body.setMaximumWidth(900)
        outer_lay = QVBoxLayout(body)
        outer_lay.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        lay = QVBoxLayout(content)
        self.scroll = QScrollArea()  # a long case study, an image and feedback still fit 1366×768
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidget(content)
        outer = QHBoxLayout(self)
        outer.addWidget(body, 1)
        outer.addStretch(0)
        lay.addWidget(self.title)
        lay.addWidget(self.counter)
        lay.addWidget(self.context)
        lay.addWidget(self.prompt)
        lay.addLayout(self.host)
        lay.addWidget(self.hints)
        lay.addWidget(self.feedback)
        lay.addWidget(self.explanation)
        lay.addWidget(self.scores)
        lay.addStretch(1)
        outer_lay.addWidget(self.scroll, 1)
        outer_lay.addLayout(buttons)
        self.best: float | None = None
        self.last: float | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.check_btn.setText(self.tr("Check my answer"))
        self.check_btn.setAccessibleName(self.tr("Check my answer (Ctrl+Enter)"))
        self.back_btn.setText(self.tr("Back to the video"))
        self.hint_btn.setText(self.tr("Show a hint"))
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
        images = getattr(self.quiz, "images", {})
        show_text(self.context, q, q.get("context"), self.lang, self.langs, images)
        show_text(self.prompt, q, q.get("prompt"), self.lang, self.langs, images)
        self._hints_shown = 0
        self.hints.setText("")
        self.hints.hide()
        self.hint_btn.setVisible(bool(q.get("hints")))
        self.hint_btn.setEnabled(True)
        self.qwidget = QuestionWidget(q, self.lang, self.langs)
        self.host.addWidget(self.qwidget)
        self.feedback.setText("")
        self.feedback.setObjectName("")
        self.explanation.setText("")
        self.saved.setText("")
        for w in (self.check_btn, self.prompt, self.counter):
            w.show()
        self.scroll.verticalScrollBar().setValue(0)
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

    def show_hint(self) -> None:
        """The question's next hint (Moodle's hints), before the learner checks her answer."""
        q = self.quiz.questions[self.index]
        hints = q.get("hints") or []
        if self._hints_shown >= len(hints):
            return
        self._hints_shown += 1
        rich = q.get("format") == "html"
        parts = [question_text(q, h, self.lang, self.langs, getattr(self.quiz, "images", {}))[0]
                 for h in hints[:self._hints_shown]]
        self.hints.setTextFormat(Qt.RichText if rich else Qt.PlainText)
        self.hints.setText(("<hr />" if rich else "\n").join(parts))
        self.hints.show()
        self.hint_btn.setEnabled(self._hints_shown < len(hints))

    def show_feedback(self, correct: bool, expected, score: float | None = None,  # noqa: ANN001
                      feedback: tuple[dict, ...] = ()) -> None:
        """Called once the answer is on disk. ``score`` below 1 but above 0 reads "partly right";
        ``feedback`` holds the {lang: text} feedback of the picked answers and of the outcome."""
        q = self.quiz.questions[self.index]
        self.answered[q["id"]] = correct
        self.saved.setText(self.tr("Saved ✓"))
        if correct:
            self.feedback.setObjectName("ok")
            self.feedback.setText(self.tr("Right!"))
        elif score is not None and score > 1e-9:
            self.feedback.setObjectName("bad")
            self.feedback.setText(self.tr("Partly right (%1 %). The right answer: %2")
                                  .replace("%1", str(round(score * 100)))
                                  .replace("%2", self.qwidget.describe(expected)))
        else:
            self.feedback.setObjectName("bad")
            self.feedback.setText(self.tr("Not quite. The right answer: %1")
                                  .replace("%1", self.qwidget.describe(expected)))
        self._restyle(self.feedback)
        images = getattr(self.quiz, "images", {})
        texts = [question_text(q, f, self.lang, self.langs, images)[0] for f in feedback]
        if q.get("explanation"):
            texts.append(question_text(q, q.get("explanation"), self.lang, self.langs, images)[0])
        texts = [x for x in texts if x]
        rich = q.get("format") == "html"
        self.explanation.setTextFormat(Qt.RichText if rich else Qt.PlainText)
        self.explanation.setText(("<br />" if rich else "\n\n").join(texts))
        self.hint_btn.hide()
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
        self.context.hide()
        self.hints.hide()
        self.hint_btn.hide()
        self.prompt.setTextFormat(Qt.PlainText)
        if getattr(self.quiz, "scoring", "right_answers") == "fractions":
            loc = QLocale()  # 8,25 in French
            self.prompt.setText(self.tr("Score: %1 out of %2").replace("%1", loc.toString(round(points, 2)))
                                .replace("%2", loc.toString(round(max_points, 2))))
        else:
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
