"""Calls for projects in the window: the panel on the learner's home (the open calls of her courses,
what she lacks to apply, her application's status and next step) and the application form (fields
from the call, autosaved, reviewed before it is submitted). Data in, signals out: no SQL here."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDoubleSpinBox, QFileDialog, QFormLayout, QFrame,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
                               QStackedWidget, QVBoxLayout, QWidget)

AUTOSAVE_MS = 1200


def _pick(texts: dict[str, str] | None, lang: str) -> str:
    texts = texts or {}
    return texts.get(lang) or texts.get("fr") or texts.get("en") or ""


def _date(iso: str, lang: str = "fr") -> str:
    """A call's time in this PC's time zone (the call states its own offset)."""
    import datetime as dt

    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return t.strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M")


class CallCard(QFrame):
    """One call on her home page."""

    apply_requested = Signal(str)

    def __init__(self, entry: dict[str, Any], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.entry, self.lang = entry, lang
        self.title = QLabel()
        self.title.setObjectName("subtitle")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(lambda: self.apply_requested.emit(self.entry["call"]["id"]))
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(row)
        self.retranslate()

    def status_text(self, status: str) -> str:
        return {
            "draft": self.tr("Draft saved on this computer: finish it and submit it before the call closes."),
            "pending": self.tr("Submitted. It leaves with the next sync or USB stick: the programme has not "
                               "received it yet."),
            "received": self.tr("Received by the programme. Next step: wait for the review."),
            "shortlisted": self.tr("Shortlisted! The programme will contact you for the next round."),
            "selected": self.tr("Selected for incubation! Your cohort group is with your facilitator."),
            "waitlisted": self.tr("On the waiting list: the programme will tell you if a place opens."),
            "rejected": self.tr("Not selected this time. Thank you for applying."),
            "refused": self.tr("The programme could not accept this application."),
        }.get(status, status)

    def retranslate(self) -> None:
        e, call = self.entry, self.entry["call"]
        self.title.setText(self.tr("Call for projects: %1").replace("%1", _pick(call["title"], self.lang)))
        app, el = e.get("application"), e["eligibility"]
        lines = []
        if app and app["status"] != "draft":
            lines.append(self.status_text(app["status"]))
            if app["status"] == "refused" and app.get("reason"):
                lines.append(self.tr("Reason: %1").replace("%1", str(app["reason"])))
            self.button.setText(self.tr("Submit again") if e["state"] == "open" and app["status"] in
                                ("pending", "received", "refused") else self.tr("See my application"))
            self.button.setVisible(e["state"] == "open" or app["status"] != "draft")
        elif not el["eligible"]:
            if "certificate_pending" in el["missing"]:
                lines.append(self.tr("To apply you need your certificate: your exam is waiting for the "
                                     "programme's answer (sync or carry a USB stick)."))
            else:
                lines.append(self.tr("To apply you need the course certificate: complete the course and pass "
                                     "the final exam."))
            self.button.setVisible(False)
        else:
            lines.append(self.status_text("draft") if e.get("draft") else
                         self.tr("You are eligible: apply before %1.").replace("%1", _date(call["closes"], self.lang)))
            self.button.setText(self.tr("Continue my application") if e.get("draft") else self.tr("Apply"))
            self.button.setVisible(True)
        lines.append(self.tr("Closes on %1").replace("%1", _date(call["closes"], self.lang)))
        self.text.setText("\n".join(lines))
        self.button.setAccessibleName(self.button.text() + " — " + _pick(call["title"], self.lang))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)


class CallsPanel(QWidget):
    """The calls on her home page (hidden when there is none)."""

    apply_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "fr"
        self.entries: list[dict[str, Any]] = []
        self.cards: list[CallCard] = []
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.setVisible(False)

    def set_entries(self, entries: list[dict[str, Any]], lang: str | None = None) -> None:
        self.entries, self.lang = entries, lang or self.lang
        for c in self.cards:
            c.setParent(None)
            c.deleteLater()
        self.cards = []
        for e in entries:
            card = CallCard(e, self.lang, self)
            card.apply_requested.connect(self.apply_requested)
            self.lay.addWidget(card)
            card.show()  # a child added to a panel that may already be visible
            self.cards.append(card)
        self.setVisible(bool(entries))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for c in self.cards:
            c.lang = lang
            c.retranslate()


class CallForm(QDialog):
    """The application form: one input per field of the call, autosaved as a draft a moment after
    each change; "Review" shows the answers as they will be sent; "Submit" sends them."""

    autosave = Signal(dict)
    submit = Signal(dict)

    def __init__(self, call: dict[str, Any], answers: dict[str, Any] | None, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call, self.lang = call, lang
        self.inputs: dict[str, Any] = {}
        self.labels: dict[str, QLabel] = {}
        self._loading = True
        self._saved_at: str | None = None  # None: nothing typed yet; "": not saved yet
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(lambda: self.autosave.emit(self.answers(drafting=True)))
        self.heading = QLabel()
        self.heading.setObjectName("title")
        self.heading.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        body = QWidget()
        body.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        for f in call["fields"]:
            self._add(f, (answers or {}).get(f["id"]))
        self.saved = QLabel()
        self.saved.setObjectName("muted")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.review_btn = QPushButton()
        self.review_btn.setDefault(True)
        self.review_btn.clicked.connect(self.show_review)
        self.close_btn = QPushButton()
        self.close_btn.clicked.connect(self.close)
        edit_page = QWidget()
        el = QVBoxLayout(edit_page)
        el.setContentsMargins(0, 0, 0, 0)
        el.addWidget(scroll, 1)
        self.review = QLabel()
        self.review.setWordWrap(True)
        self.review.setTextFormat(Qt.TextFormat.RichText)
        self.review.setAlignment(Qt.AlignmentFlag.AlignTop)
        rscroll = QScrollArea()
        rscroll.setWidgetResizable(True)
        rscroll.setWidget(self.review)
        self.back_btn = QPushButton()
        self.back_btn.clicked.connect(lambda: self.pages.setCurrentIndex(0) or self._buttons())
        self.submit_btn = QPushButton()
        self.submit_btn.clicked.connect(lambda: self.submit.emit(self.answers()))
        review_page = QWidget()
        rl = QVBoxLayout(review_page)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(rscroll, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(edit_page)
        self.pages.addWidget(review_page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        for b in (self.close_btn, self.back_btn, self.review_btn, self.submit_btn):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.intro)
        lay.addWidget(self.pages, 1)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self._loading = False
        self._buttons()
        self.retranslate()
        self.resize(900, 640)

    # --- inputs ------------------------------------------------------------------------------------
    def _add(self, f: dict[str, Any], value: Any) -> None:
        t = f["type"]
        w: Any
        if t == "text":
            w = QLineEdit()
            w.setMaxLength(f["max"])
            w.setText(value if isinstance(value, str) else "")
            w.textChanged.connect(self._changed)
        elif t == "long_text":
            w = QPlainTextEdit()
            w.setPlainText(value if isinstance(value, str) else "")
            w.setMinimumHeight(110)
            w.setTabChangesFocus(True)
            w.textChanged.connect(self._changed)
        elif t == "number":
            w = QDoubleSpinBox()
            w.setDecimals(0)
            w.setRange(float(f["min"]), float(f["max"]))
            w.setSpecialValueText("—")
            w.setValue(float(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
                       else float(f["min"]))
            w.valueChanged.connect(self._changed)
        elif t == "choice" and f["max"] == 1:
            w = QComboBox()
            w.addItem("—", None)
            for c in f["choices"]:
                w.addItem(_pick(c["label"], self.lang), c["id"])
            i = w.findData(value)
            w.setCurrentIndex(max(i, 0))
            w.currentIndexChanged.connect(self._changed)
        elif t == "choice":
            w = QWidget()
            box = QVBoxLayout(w)
            box.setContentsMargins(0, 0, 0, 0)
            w.checks = []
            for c in f["choices"]:
                cb = QCheckBox(_pick(c["label"], self.lang))
                cb.setProperty("choice", c["id"])
                cb.setChecked(isinstance(value, list) and c["id"] in value)
                cb.toggled.connect(self._changed)
                box.addWidget(cb)
                w.checks.append(cb)
        else:  # file
            w = QWidget()
            row = QHBoxLayout(w)
            row.setContentsMargins(0, 0, 0, 0)
            w.path = QLineEdit()
            w.path.setReadOnly(True)
            w.pick = QPushButton()
            w.pick.clicked.connect(lambda _=False, f=f, w=w: self._pick_file(f, w))
            row.addWidget(w.path, 1)
            row.addWidget(w.pick)
        label = QLabel()
        label.setBuddy(w if t != "file" else w.pick)
        self.labels[f["id"]] = label
        self.inputs[f["id"]] = w
        self.form.addRow(label, w)

    def _pick_file(self, f: dict[str, Any], w: Any) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"))
        if path:
            w.path.setText(path)
            self._changed()

    def _changed(self, *_a: Any) -> None:
        if not self._loading:
            self._saved_at = ""
            self._show_saved()
            self.timer.start()

    def _show_saved(self) -> None:
        if self._saved_at is None:
            self.saved.setText("")
        elif self._saved_at:
            self.saved.setText(self.tr("Draft saved at %1").replace("%1", self._saved_at))
        else:
            self.saved.setText(self.tr("Not saved yet…"))

    def answers(self, *, drafting: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.call["fields"]:
            w, t = self.inputs[f["id"]], f["type"]
            if t == "text":
                v: Any = w.text()
            elif t == "long_text":
                v = w.toPlainText()
            elif t == "number":
                v = None if w.value() == w.minimum() and w.specialValueText() else int(w.value())
            elif t == "choice" and f["max"] == 1:
                v = w.currentData()
            elif t == "choice":
                v = [cb.property("choice") for cb in w.checks if cb.isChecked()]
            else:
                v = w.path.text() or None
                if drafting:
                    v = None  # a draft keeps no file: it is read when she submits
            if v not in (None, "", []):
                out[f["id"]] = v
        return out

    # --- states ------------------------------------------------------------------------------------
    def mark_saved(self, at: str) -> None:
        self._saved_at = at
        self._show_saved()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_review(self) -> None:
        self.show_error("")
        rows = []
        for f in self.call["fields"]:
            v = self.answers().get(f["id"])
            if isinstance(v, list):
                labels = {c["id"]: _pick(c["label"], self.lang) for c in f.get("choices", [])}
                v = ", ".join(labels.get(x, x) for x in v)
            elif f["type"] == "choice" and v is not None:
                v = next((_pick(c["label"], self.lang) for c in f["choices"] if c["id"] == v), v)
            shown = html.escape(str(v)).replace("\n", "<br>") if v not in (None, "") else \
                "<i>" + html.escape(self.tr("(empty)")) + "</i>"
            rows.append(f"<p><b>{html.escape(_pick(f['label'], self.lang))}</b><br>{shown}</p>")
        intro = self.tr("Check your answers, then submit. You can submit again until the call closes: the last "
                        "version counts.")
        self.review.setText(f"<p>{html.escape(intro)}</p>" + "".join(rows))
        self.pages.setCurrentIndex(1)
        self._buttons()

    def _buttons(self) -> None:
        reviewing = self.pages.currentIndex() == 1
        self.review_btn.setVisible(not reviewing)
        self.back_btn.setVisible(reviewing)
        self.submit_btn.setVisible(reviewing)
        (self.submit_btn if reviewing else self.review_btn).setDefault(True)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("My application"))
        self.heading.setText(_pick(self.call["title"], self.lang))
        desc = _pick(self.call.get("description"), self.lang)
        self.intro.setText((desc + "\n" if desc else "") + self.tr("Closes on %1. Your answers are saved on this "
                                                                   "computer as you type.")
                           .replace("%1", _date(self.call["closes"], self.lang)))
        for f in self.call["fields"]:
            text = _pick(f["label"], self.lang) + (" *" if f["required"] else "")
            if f["type"] in ("text", "long_text"):
                text += " " + self.tr("(at most %1 characters)").replace("%1", str(f["max"]))
            elif f["type"] == "file":
                text += " " + self.tr("(at most %1 KB)").replace("%1", str(max(1, f["max"] // 1024)))
                self.inputs[f["id"]].pick.setText(self.tr("Choose a file…"))
            self.labels[f["id"]].setText(text)
        self.review_btn.setText(self.tr("Review my answers"))
        self.back_btn.setText(self.tr("Back to the form"))
        self.submit_btn.setText(self.tr("Submit my application"))
        self.close_btn.setText(self.tr("Close (the draft stays)"))
        self._show_saved()
        if self.pages.currentIndex() == 1:
            self.show_review()

    def closeEvent(self, e: Any) -> None:  # noqa: N802
        if self.timer.isActive():  # nothing she typed is lost
            self.timer.stop()
            self.autosave.emit(self.answers(drafting=True))
        super().closeEvent(e)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)
