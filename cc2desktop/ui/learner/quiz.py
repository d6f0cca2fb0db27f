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

from PySide6.QtCore import QEvent, QLocale, QRegularExpression, Qt, QUrl, Signal
from PySide6.QtGui import QImageReader, QKeySequence, QRegularExpressionValidator, QShortcut, QTextDocument
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QRadioButton, QScrollArea,
                               QVBoxLayout, QWidget)

from cc2desktop.core.learning.texts import pick
from cc2desktop.ui.shell.a11y import announce, make_group, make_heading, plain_text

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


def format_number(x: float | int) -> str:
    """A number as the learner writes it in her language: "3" (never "3.0"), "3,5" in French, no
    exponent."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return QLocale().toString(int(x))
    decimals = min(6, max(1, len(repr(x).split(".")[-1]) if "e" not in repr(x) else 6))
    text = QLocale().toString(x, "f", decimals)
    dec = QLocale().decimalPoint()
    return text.rstrip("0").rstrip(dec) if dec in text else text


_NUMBER = r"[+\-−]?[0-9][0-9   ]*(?:[.,][0-9]*)?|[+\-−]?[.,][0-9]*|[+\-−]?"


def number_validator(units: list | None = None, parent=None) -> QRegularExpressionValidator:  # noqa: ANN001
    """Digits with a sign and one decimal separator (a comma as in French, or a point); with the
    question's ``units``, one of them before or after the number."""
    pattern = _NUMBER
    names = [re.escape(str(u.get("unit", ""))) for u in (units or []) if str(u.get("unit", "")).strip()]
    if names:
        unit = "(?:" + "|".join(sorted(names, key=len, reverse=True)) + ")"
        pattern = rf"\s*(?:{unit}\s*)?(?:{_NUMBER})(?:\s*{unit})?\s*"
    return QRegularExpressionValidator(QRegularExpression(f"^(?:{pattern})$"), parent)


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
        self._ui_texts: list[tuple] = []  # (setter, text function): the interface's texts, redone on a switch
        t = lambda d: pick(d, lang, langs)  # noqa: E731
        if self.kind in ("single", "true_false"):
            self.group = QButtonGroup(self)
            choices = q.get("choices") if self.kind == "single" else [
                {"id": True, "text": lambda: self.tr("True")}, {"id": False, "text": lambda: self.tr("False")}]
            for c in choices:
                rb = QRadioButton()
                if callable(c["text"]):
                    self._ui(rb.setText, c["text"])
                else:
                    rb.setText(t(c["text"]))
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
            tick = QLabel()
            self._ui(tick.setText, lambda: self.tr("Tick every right answer."))
            lay.addWidget(tick)
        elif self.kind in ("numeric", "text"):
            self.edit = QLineEdit()
            self._ui(self.edit.setAccessibleName, lambda: self.tr("Your answer"))
            self._ui(self.edit.setPlaceholderText, lambda: self.tr("Type a number") if self.kind == "numeric"
                     else self.tr("Type your answer"))
            self.edit.textEdited.connect(lambda _t: self.changed.emit())
            lay.addWidget(self.edit)
            self.inputs.append(self.edit)
            if self.kind == "text":  # bounded where it is typed, with a counter (core checks it again)
                from cc2desktop.core import limits
                from cc2desktop.ui.shell.text_limits import CharCounter

                self.counter = CharCounter(self.edit, limits.TEXT_ANSWER)
                lay.addWidget(self.counter)
            else:  # a number only (3,5 or 3.5), with the question's units when it has some
                self.edit.setMaxLength(32)
                self.edit.setValidator(number_validator(q.get("units"), self.edit))
        elif self.kind == "ordering":
            self.list = QListWidget()
            self._ui(self.list.setAccessibleName, lambda: self.tr("Items to put in order"))
            for item in q.get("items", []):
                it = QListWidgetItem(t(item["text"]))
                it.setData(Qt.UserRole, item["id"])
                self.list.addItem(it)
            self.list.setCurrentRow(0)
            self.list.setMaximumHeight(40 + 34 * len(q.get("items", [])))
            self.up = QPushButton()
            self.down = QPushButton()
            self._ui(self.up.setText, lambda: self.tr("Move up"))
            self._ui(self.down.setText, lambda: self.tr("Move down"))
            self._ui(self.up.setAccessibleName, lambda: self.tr("Move the chosen item up (Alt+Up)"))
            self._ui(self.down.setAccessibleName, lambda: self.tr("Move the chosen item down (Alt+Down)"))
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
            how = QLabel()
            how.setWordWrap(True)
            self._ui(how.setText,
                     lambda: self.tr("Choose an item, then move it with the buttons or Alt+Up / Alt+Down."))
            lay.addWidget(how)
            self.inputs += [self.list, self.up, self.down]
        elif self.kind == "matching":
            form = QFormLayout()
            self.combos: dict[str, QComboBox] = {}
            for left in q.get("left", []):
                cb = QComboBox()
                cb.addItem("", None)
                self._ui(lambda text, cb=cb: cb.setItemText(0, text), lambda: self.tr("Choose…"))
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
                boxes: list[QCheckBox] = []
                if g["type"] == "single":
                    w: QWidget = QComboBox()
                    w.addItem("", None)
                    self._ui(lambda text, w=w: w.setItemText(0, text), lambda: self.tr("Choose…"))
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
                    self._ui(w.setPlaceholderText, lambda kind=g["type"]: self.tr("Type a number") if kind == "numeric"
                             else self.tr("Type your answer"))
                    w.setMaxLength(200)
                    if g["type"] == "numeric":
                        w.setValidator(number_validator(g.get("units"), w))
                    w.textEdited.connect(lambda _t: self.changed.emit())
                    self.inputs.append(w)
                self._ui(w.setAccessibleName, lambda n=n: self.tr("Blank %1").replace("%1", str(n)))
                lab = QLabel(f"[{n}]")
                lab.setBuddy(boxes[0] if boxes else w)
                form.addRow(lab, w)
                self.gap_inputs[g["id"]] = (g["type"], w, boxes)
            lay.addLayout(form)
        # a screen reader hears the question with each answer ("Vrai, bouton radio, <the question>"),
        # and the answers as one group named by it
        prompt = " ".join(plain_text(question_text(q, q.get("prompt"), lang, langs)[0]).split())
        make_group(self, prompt)
        for w in self.inputs:
            w.setAccessibleDescription(prompt)

    def _ui(self, setter, text) -> None:  # noqa: ANN001
        """Set an interface text now and again after each language switch."""
        self._ui_texts.append((setter, text))
        setter(text())

    def retranslate(self) -> None:
        for setter, text in self._ui_texts:
            setter(text())

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

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
            self.edit.setText(format_number(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
                              else str(value))
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
                    w.setText("" if v is None else format_number(v) if isinstance(v, (int, float))
                              and not isinstance(v, bool) else str(v))

    @staticmethod
    def empty(r) -> bool:  # noqa: ANN001
        return r is None or r == "" or r == [] or r == {}

    def is_empty(self) -> bool:
        return self.empty(self.response())

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
                    plain = format_number(want) if isinstance(want, (int, float)) and not isinstance(want, bool) \
                        else str(want)
                    shown = names.get(want, "" if want is None else plain)
                parts.append(f"[{n}] {shown}")
            return "; ".join(parts)
        if self.kind == "numeric" and isinstance(expected, (int, float)) and not isinstance(expected, bool):
            return format_number(expected)
        return str(expected)


class QuizPage(QWidget):
    """The window connects ``answer_submitted(question_id, response, duration_s)`` and
    ``finish_requested()`` to write tasks, then calls :meth:`show_feedback` / :meth:`show_result`.

    What the page shows is kept as state (the question, its feedback, the score) and drawn from it,
    so a language switch redraws every text (:meth:`retranslate` for the interface,
    :meth:`set_language` for the course's texts) without losing an answer being typed.

    Keyboard: Enter checks the answer (then goes on); on a focused button it presses that button.
    Tab goes through the answers, then "Check", then the navigation buttons."""

    answer_submitted = Signal(str, object, float)
    finish_requested = Signal()
    back_requested = Signal()
    next_requested = Signal()  # "next capsule" (or the certificate) after the score

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quiz = None
        self.lang, self.langs = "fr", ["fr"]
        self.index = 0
        self.attempt_id = ""
        self.answered: dict[str, bool] = {}
        self._t0 = time.monotonic()
        self.t_attempt = time.monotonic()
        self._title: dict | str = ""
        self._feedback: tuple | None = None  # (correct, expected, score, feedback) of the current question
        self._result: tuple | None = None  # (scaled, points, max points, passed) once the attempt is over
        self._error = ""  # a save error shown under the question
        self._empty_warning = False
        self._next_title = ""  # the next capsule's title ("" and no certificate: no such button)
        self._next_is_certificate = False
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        make_heading(self.title)
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
        self.next_capsule_btn = QPushButton()
        self.next_capsule_btn.clicked.connect(self.next_requested)
        self.next_capsule_btn.hide()
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
        buttons.addWidget(self.next_capsule_btn)
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

    # ------------------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.check_btn.setText(self.tr("Check my answer"))
        self.check_btn.setAccessibleName(self.tr("Check my answer (Enter)"))
        self.back_btn.setText(self.tr("Back to the video"))
        self.hint_btn.setText(self.tr("Show a hint"))
        self.retry_btn.setText(self.tr("Try again"))
        self._update_next_text()
        self._update_counter()
        self._update_scores()
        self._render_texts()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_language(self, lang: str) -> None:
        """Show the course's texts in ``lang`` (a language switch): the question, its answers (kept
        as given), the feedback and the score."""
        if lang == self.lang:
            return
        self.lang = lang
        if self.quiz is None:
            return
        if self.qwidget is not None:
            response, locked = self.qwidget.response(), not self.check_btn.isEnabled() or self._feedback is not None
            self._drop_question()
            self._add_question_widget()
            if not QuestionWidget.empty(response):
                self.qwidget.set_response(response)
            self.qwidget.set_locked(locked)
            self._render_question()
        self._render_texts()

    def set_next(self, title: str, certificate: bool = False) -> None:
        """What "next" leads to after the score: the next capsule's title, or the certificate."""
        self._next_title, self._next_is_certificate = title, certificate
        self._update_next_text()

    def _update_next_text(self) -> None:
        last = self.quiz is not None and self.index >= len(self.quiz.questions) - 1
        self.next_btn.setText(self.tr("See my score") if last else self.tr("Next question"))
        if self._next_is_certificate:
            self.next_capsule_btn.setText(self.tr("My certificate"))
        else:
            self.next_capsule_btn.setText(self.tr("Next capsule: %1").replace("%1", self._next_title))
        self.next_capsule_btn.setVisible(self._result is not None and (bool(self._next_title)
                                                                        or self._next_is_certificate))

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

    def _render_texts(self) -> None:
        """Title, feedback, explanation and score from the page's state, in the current languages."""
        self._render_title()
        if self.quiz is None:
            return
        if self._result is not None:
            self._render_result()
        elif self._feedback is not None:
            self._render_feedback()
        elif self._error:
            self._set_feedback("bad", self.tr("Your answer could not be saved: %1").replace("%1", self._error))
        elif self._empty_warning:
            self._set_feedback("bad", self.tr("Answer the question first."))

    def _render_title(self) -> None:
        """The capsule's title, and the window's: "Quiz — <capsule> — Connexions Citoyennes"."""
        self.title.setText(pick(self._title, self.lang, self.langs))
        self.setWindowTitle(self.tr("Quiz — %1").replace("%1", self.title.text()))

    def _set_feedback(self, kind: str, text: str) -> None:
        self.feedback.setObjectName(kind)
        self.feedback.setText(text)
        self._restyle(self.feedback)

    # ------------------------------------------------------------------------------ questions
    def start(self, quiz, title: dict | str, lang: str, langs: list[str], best: float | None = None,  # noqa: ANN001
              last: float | None = None) -> None:
        """``title``: the capsule's title ({lang: text}), shown in the course's language."""
        self.quiz, self.lang, self.langs = quiz, lang, langs
        self.best, self.last = best, last
        self._title = title
        self._render_title()
        self.retry()

    def retry(self) -> None:
        self.attempt_id = str(uuid.uuid4())
        self.answered = {}
        self.index = 0
        self.t_attempt = time.monotonic()
        self._show_question()

    def _add_question_widget(self) -> None:
        q = self.quiz.questions[self.index]
        self.qwidget = QuestionWidget(q, self.lang, self.langs)
        self.host.addWidget(self.qwidget)
        # Tab: the answers, then "Check", then the navigation (never the status bar first)
        chain = [*self.qwidget.inputs, self.check_btn, self.next_btn, self.retry_btn, self.next_capsule_btn,
                 self.hint_btn, self.back_btn]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def _render_question(self) -> None:
        q = self.quiz.questions[self.index]
        images = getattr(self.quiz, "images", {})
        show_text(self.context, q, q.get("context"), self.lang, self.langs, images)
        show_text(self.prompt, q, q.get("prompt"), self.lang, self.langs, images)
        if self._hints_shown:
            self._render_hints()

    def _show_question(self) -> None:
        self._drop_question()
        self._feedback = self._result = None
        self._error, self._empty_warning = "", False
        q = self.quiz.questions[self.index]
        self._hints_shown = 0
        self.hints.setText("")
        self.hints.hide()
        self.hint_btn.setVisible(bool(q.get("hints")))
        self.hint_btn.setEnabled(True)
        self._add_question_widget()
        self._render_question()
        self._set_feedback("", "")
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

    def keyPressEvent(self, e) -> None:  # noqa: N802, ANN001
        """Enter (the answers and the page do not use it themselves): a focused button is pressed,
        else the answer is checked, or the page goes on."""
        if e.key() in (Qt.Key_Return, Qt.Key_Enter) and not e.modifiers() & ~Qt.KeypadModifier:
            focus = self.focusWidget()
            if isinstance(focus, QPushButton) and focus.isVisible() and focus.isEnabled():
                focus.click()
            else:
                self._on_enter()
            e.accept()
            return
        super().keyPressEvent(e)

    def _on_enter(self) -> None:
        if self.check_btn.isVisible() and self.check_btn.isEnabled():
            self.submit()
        elif self.next_btn.isVisible() and self.next_btn.isEnabled():
            self.next_question()

    def submit(self) -> None:
        if self.qwidget is None:
            return
        if self.qwidget.is_empty():
            self._empty_warning = True
            self._render_texts()
            announce(self.feedback, self.feedback.text(), assertive=True)
            return
        self._empty_warning = False
        self._error = ""
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
        if self._hints_shown >= len(q.get("hints") or []):
            return
        self._hints_shown += 1
        self._render_hints()

    def _render_hints(self) -> None:
        q = self.quiz.questions[self.index]
        hints = q.get("hints") or []
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
        self._feedback = (correct, expected, score, feedback)
        self._render_feedback()
        self.hint_btn.hide()
        self.check_btn.hide()
        self.next_btn.show()
        self.retry_btn.setVisible(False)
        self._update_next_text()
        self.next_btn.setFocus()
        announce(self.feedback, " ".join(x for x in (self.feedback.text(), plain_text(self.explanation.text()),
                                                     self.saved.text().replace("✓", "").strip()) if x))

    def _render_feedback(self) -> None:
        correct, expected, score, feedback = self._feedback
        q = self.quiz.questions[self.index]
        self.saved.setText(self.tr("Saved ✓"))
        if correct:
            self._set_feedback("ok", self.tr("Right!"))
        elif score is not None and score > 1e-9:
            self._set_feedback("bad", self.tr("Partly right (%1 %). The right answer: %2")
                               .replace("%1", str(round(score * 100))).replace("%2", self.qwidget.describe(expected)))
        else:
            self._set_feedback("bad", self.tr("Not quite. The right answer: %1")
                               .replace("%1", self.qwidget.describe(expected)))
        images = getattr(self.quiz, "images", {})
        texts = [question_text(q, f, self.lang, self.langs, images)[0] for f in feedback]
        if q.get("explanation"):
            texts.append(question_text(q, q.get("explanation"), self.lang, self.langs, images)[0])
        texts = [x for x in texts if x]
        rich = q.get("format") == "html"
        self.explanation.setTextFormat(Qt.RichText if rich else Qt.PlainText)
        self.explanation.setText(("<br />" if rich else "\n\n").join(texts))

    def show_save_error(self, text: str) -> None:
        self.saved.setText("")
        self._error = text
        self._render_texts()
        announce(self.feedback, self.feedback.text(), assertive=True)
        self.check_btn.setEnabled(True)
        if self.qwidget is not None:
            self.qwidget.set_locked(False)
        self.next_btn.setEnabled(True)

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
        self._result = (scaled, points, max_points, passed)
        self._feedback = None
        self._drop_question()
        self.counter.hide()
        self.context.hide()
        self.hints.hide()
        self.hint_btn.hide()
        self._render_result()
        self.prompt.show()
        self.explanation.setText("")
        self.saved.setText(self.tr("Saved ✓"))
        self.check_btn.hide()
        self.next_btn.hide()
        self.retry_btn.show()
        self._update_scores()
        self._update_next_text()
        # on the way forward, not on "Try again": one key press must not throw the score away
        (self.next_capsule_btn if self.next_capsule_btn.isVisible() else self.back_btn).setFocus()
        announce(self.feedback, " ".join(x for x in (self.prompt.text(), self.feedback.text(), self.scores.text(),
                                                     self.saved.text().replace("✓", "").strip()) if x))

    def _render_result(self) -> None:
        _scaled, points, max_points, passed = self._result
        self.prompt.setTextFormat(Qt.PlainText)
        if getattr(self.quiz, "scoring", "right_answers") == "fractions":
            self.prompt.setText(self.tr("Score: %1 out of %2").replace("%1", format_number(round(points, 2)))
                                .replace("%2", format_number(round(max_points, 2))))
        else:
            self.prompt.setText(self.tr("Right answers: %1 out of %2")
                                .replace("%1", str(int(points))).replace("%2", str(int(max_points))))
        self._set_feedback("ok" if passed else "bad", self.tr("Well done: quiz passed.") if passed else
                           self.tr("Keep going: read the explanations and try again."))
        self.saved.setText(self.tr("Saved ✓"))
