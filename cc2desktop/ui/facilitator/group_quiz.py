"""Group quiz mode: the question on the projector, the facilitator records per question either the
room's show of hands or each participant's answer; results count for the learners marked present.

Keys (projector or presenter remote): PageDown / → next question, PageUp / ← previous, R reveal the
answer. In the participants table: A, B, C… (or V/T, F) sets the selected participant's answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QRadioButton, QSpinBox, QSplitter, QStackedWidget, QTableView, QVBoxLayout,
                               QWidget)

from cc2desktop.core.facilitation import service
from cc2desktop.core.learning.catalog import pick
from cc2desktop.core.learning.quiz import Quiz, quiz_from_dict
from cc2desktop.ui.learner.quiz import plain_prompt
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner

LETTERS = "ABCDEFGH"


def options(q: dict, lang: str) -> list[tuple[str, str]]:
    """(value, label) of the answers one can pick for a question (choice ids; true/false)."""
    if q.get("type") == "true_false":
        return [("true", QCoreApplication.translate("GroupQuizWidget", "True")),
                ("false", QCoreApplication.translate("GroupQuizWidget", "False"))]
    return [(str(c["id"]), pick(c.get("text"), lang)) for c in q.get("choices", [])]


class QuizSlide(QWidget):
    """The question as the room sees it: large type, lettered answers, the right one when revealed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.prompt = ""
        self.choices: list[tuple[str, str]] = []
        self.correct: set[str] = set()
        self.revealed = False
        self.setMinimumSize(480, 270)
        self.setAutoFillBackground(False)

    def show_question(self, title: str, prompt: str, choices: list[tuple[str, str]], correct: set[str]) -> None:
        self.title, self.prompt, self.choices, self.correct = title, prompt, choices, correct
        self.revealed = False
        self.update()

    def reveal(self, on: bool = True) -> None:
        self.revealed = on
        self.update()

    def paintEvent(self, _e) -> None:  # noqa: N802, ANN001
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#102a43"))
        w, h = self.width(), self.height()
        m = w * 0.05
        f = QFont(self.font())
        f.setPixelSize(max(12, int(h * 0.04)))
        p.setFont(f)
        p.setPen(QColor("#9fb3c8"))
        p.drawText(QRectF(m, h * 0.03, w - 2 * m, h * 0.07), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.title)
        f.setPixelSize(max(16, int(h * 0.075)))
        f.setBold(True)
        p.setFont(f)
        p.setPen(QColor("#ffffff"))
        prompt_rect = QRectF(m, h * 0.11, w - 2 * m, h * 0.3)
        p.drawText(prompt_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   self.prompt)
        n = max(1, len(self.choices))
        top, bottom = h * 0.43, h * 0.96
        gap = h * 0.02
        bh = min(h * 0.14, (bottom - top - gap * (n - 1)) / n)
        f.setPixelSize(max(14, int(bh * 0.42)))
        for i, (value, label) in enumerate(self.choices):
            r = QRectF(m, top + i * (bh + gap), w - 2 * m, bh)
            good = self.revealed and value in self.correct
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#2a9d8f" if good else "#243b53" if not self.revealed else "#1c2f42"))
            p.drawRoundedRect(r, bh * 0.15, bh * 0.15)
            f.setBold(True)
            p.setFont(f)
            p.setPen(QColor("#ffd166"))
            p.drawText(r.adjusted(bh * 0.3, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, LETTERS[i])
            f.setBold(False)
            p.setFont(f)
            p.setPen(QColor("#ffffff" if not self.revealed or good else "#829ab1"))
            p.drawText(r.adjusted(bh * 1.1, 0, -bh * 0.3, 0), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                       label + ("  ✓" if good else ""))
        p.end()


class ParticipantAnswersModel(QAbstractTableModel):
    """Present participants × the current question's answer (letters for choice questions)."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.people: list[tuple[str, str]] = []  # (learner_id, name)
        self.answers: dict[str, dict[str, Any]] = {}  # qid → learner → response
        self.qid = ""
        self.opts: list[tuple[str, str]] = []

    def set_people(self, people: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.people = people
        self.endResetModel()

    def set_question(self, qid: str, opts: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.qid, self.opts = qid, opts
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return [self.tr("Participant"), self.tr("Answer")][section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsEditable if index.column() == 1 and not self.opts else f

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        lid, name = self.people[index.row()]
        if index.column() == 0:
            return name
        v = self.answers.get(self.qid, {}).get(lid)
        if v is None:
            return ""
        for i, (value, label) in enumerate(self.opts):
            if value == str(v).lower() or (isinstance(v, bool) and value == str(v).lower()):
                return f"{LETTERS[i]} — {label}"
        return str(v)

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() != 1 or role != Qt.ItemDataRole.EditRole:
            return False
        self.set_answer(index.row(), value if str(value).strip() else None)
        return True

    def set_answer(self, row: int, value: Any) -> None:
        lid = self.people[row][0]
        per = self.answers.setdefault(self.qid, {})
        if value is None:
            per.pop(lid, None)
        else:
            per[lid] = value
        self.dataChanged.emit(self.index(row, 1), self.index(row, 1))

    def set_letter(self, row: int, letter: str) -> bool:
        letter = letter.upper()
        if not self.opts:
            return False
        if len(self.opts) == 2 and self.opts[0][0] == "true":
            letter = {"V": "A", "T": "A", "F": "B"}.get(letter, letter)
        i = LETTERS.find(letter)
        if 0 <= i < len(self.opts):
            value = self.opts[i][0]
            self.set_answer(row, (value == "true") if self.opts[0][0] == "true" else value)
            return True
        return False


class GroupQuizWidget(QWidget):
    """``recorded(GroupQuizResult)`` once the results are saved."""

    recorded = Signal(object)

    def __init__(self, fac, fs, session_id: str, quiz: Quiz | dict, runner: TaskRunner, *,  # noqa: ANN001
                 course_id: str | None, capsule_id: str, lang: str = "fr", title: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fac, self.fs, self.session_id = fac, fs, session_id
        self.quiz = quiz if isinstance(quiz, Quiz) else quiz_from_dict(quiz)
        self.course_id, self.capsule_id, self.lang, self.quiz_title = course_id, capsule_id, lang, title
        self.runner = runner
        self.i = 0
        self.mode: dict[str, str] = {}  # qid → "hands" | "individual"
        self.hands: dict[str, dict[str, int]] = {}
        self.projector: QuizSlide | None = None

        self.slide = QuizSlide()
        self.answers = ParticipantAnswersModel(self)
        # recording panel
        self.counter = QLabel()
        self.hands_radio = QRadioButton()
        self.indiv_radio = QRadioButton()
        grp = QButtonGroup(self)
        grp.addButton(self.hands_radio)
        grp.addButton(self.indiv_radio)
        self.hands_radio.toggled.connect(self._on_mode_toggled)
        self.stack = QStackedWidget()
        self.hands_page = QWidget()
        self.hands_form = QFormLayout(self.hands_page)
        self.spins: list[QSpinBox] = []
        self.table = QTableView()
        self.table.setModel(self.answers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.stack.addWidget(self.hands_page)
        self.stack.addWidget(self.table)
        self.present_label = QLabel()
        self.prev_btn = prev_btn = QPushButton()
        prev_btn.clicked.connect(self.previous)
        self.next_btn = next_btn = QPushButton()
        next_btn.clicked.connect(self.next)
        self.reveal_btn = reveal_btn = QPushButton()
        reveal_btn.clicked.connect(self.reveal)
        self.proj_btn = proj_btn = QPushButton()
        proj_btn.clicked.connect(self.open_projector)
        self.finish_btn = QPushButton()
        self.finish_btn.clicked.connect(self.finish)
        self.status = QLabel()
        self.status.setWordWrap(True)
        panel = QWidget()
        pl = QVBoxLayout(panel)
        pl.addWidget(self.counter)
        pl.addWidget(self.present_label)
        pl.addWidget(self.hands_radio)
        pl.addWidget(self.indiv_radio)
        pl.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        nav.addWidget(prev_btn)
        nav.addWidget(next_btn)
        pl.addLayout(nav)
        pl.addWidget(reveal_btn)
        pl.addWidget(proj_btn)
        pl.addWidget(self.finish_btn)
        pl.addWidget(self.status)
        split = QSplitter()
        split.addWidget(self.slide)
        split.addWidget(panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        for keys, slot in [(("PgDown", "Right"), self.next), (("PgUp", "Left"), self.previous), (("R",), self.reveal)]:
            for k in keys:
                QShortcut(QKeySequence(k), self, activated=slot)
        self.people_count: int | None = None
        self.result: service.GroupQuizResult | None = None
        self.retranslate()
        self._load_present()

    def retranslate(self) -> None:
        self.hands_radio.setText(self.tr("Show of hands"))
        self.indiv_radio.setText(self.tr("Each participant's answer"))
        self.prev_btn.setText(self.tr("◀ Previous"))
        self.next_btn.setText(self.tr("Next ▶"))
        self.reveal_btn.setText(self.tr("Reveal the answer (R)"))
        self.proj_btn.setText(self.tr("Show on the projector"))
        self.finish_btn.setText(self.tr("Save the results"))
        self.table.setAccessibleName(self.tr("Answers of the participants"))
        self.slide.setAccessibleName(self.tr("Question shown to the room"))
        if self.people_count is not None:
            self.present_label.setText(self.tr("%1 participants present").replace("%1", str(self.people_count)))
        if self.result is not None:
            self._show_result(self.result)
        self.answers.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        self._show()

    def changeEvent(self, e) -> None:  # noqa: N802, ANN001
        from PySide6.QtCore import QEvent

        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # --- data ---------------------------------------------------------------------------------
    def _load_present(self) -> None:
        fac, fs, sid = self.fac, self.fs, self.session_id
        self.runner.read(lambda job: [(r.learner_id, r.display_name) for r in fac.attendance(fs, sid) if r.present],
                         on_done=self._on_present_loaded, on_error=lambda e: self.status.setText(error_text(e)))

    def _on_present_loaded(self, people: list) -> None:
        self.answers.set_people(people)
        self.people_count = len(people)
        self.present_label.setText(self.tr("%1 participants present").replace("%1", str(len(people))))
        if not people:
            self.status.setText(self.tr("Take the attendance first: nobody is marked present."))

    def question(self) -> dict:
        return self.quiz.questions[self.i]

    def _show(self) -> None:
        q = self.question()
        opts = options(q, self.lang)
        correct = self._correct(q)
        self.counter.setText(self.tr("Question %1 of %2").replace("%1", str(self.i + 1))
                             .replace("%2", str(len(self.quiz.questions))))
        for view in (self.slide, self.projector):
            if view is not None:
                view.show_question(self.quiz_title, plain_prompt(q, self.lang), opts, correct)
        # recording panel
        while self.hands_form.rowCount():
            self.hands_form.removeRow(0)
        self.spins = []
        hands_ok = bool(service.hand_choices(q))
        counts = self.hands.get(q["id"], {})
        for i, (value, label) in enumerate(opts if hands_ok else []):
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setValue(int(counts.get(value, 0)))
            spin.valueChanged.connect(self._on_spin_changed)
            self.spins.append(spin)
            self.hands_form.addRow(f"{LETTERS[i]} — {label}", spin)
        self.answers.set_question(q["id"], opts)
        mode = self.mode.get(q["id"], "hands" if hands_ok else "individual")
        self.hands_radio.setEnabled(hands_ok)
        (self.hands_radio if mode == "hands" else self.indiv_radio).setChecked(True)
        self.stack.setCurrentIndex(0 if mode == "hands" else 1)

    @staticmethod
    def _correct(q: dict) -> set[str]:
        a = q.get("answer")
        if q.get("type") == "true_false":
            return {"true" if a else "false"}
        if isinstance(a, list):
            return {str(x) for x in a}
        return {str(a)}

    def _on_spin_changed(self, _v: int) -> None:
        q = self.question()
        opts = options(q, self.lang)
        self.hands[q["id"]] = {value: spin.value() for (value, _l), spin in zip(opts, self.spins)}

    def _on_mode_toggled(self, hands: bool) -> None:
        q = self.question()
        self.mode[q["id"]] = "hands" if hands else "individual"
        self.stack.setCurrentIndex(0 if hands else 1)

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        from PySide6.QtCore import QEvent

        if obj is self.table and event.type() == QEvent.Type.KeyPress and event.text().isalpha():
            row = self.table.currentIndex().row()
            if row >= 0 and self.answers.set_letter(row, event.text()):
                if row + 1 < self.answers.rowCount():
                    self.table.selectRow(row + 1)
                return True
        return super().eventFilter(obj, event)

    # --- navigation -------------------------------------------------------------------------
    def next(self) -> None:
        if self.i + 1 < len(self.quiz.questions):
            self.i += 1
            self._show()

    def previous(self) -> None:
        if self.i > 0:
            self.i -= 1
            self._show()

    def reveal(self) -> None:
        for view in (self.slide, self.projector):
            if view is not None:
                view.reveal(True)

    def open_projector(self) -> None:
        if self.projector is None:
            self.projector = QuizSlide()
            self.projector.setWindowTitle(self.tr("Group quiz"))
            for keys, slot in [(("PgDown", "Right"), self.next), (("PgUp", "Left"), self.previous),
                               (("R",), self.reveal), (("Esc",), self.projector.close)]:
                for k in keys:
                    QShortcut(QKeySequence(k), self.projector, activated=slot)
        self._show()
        self.projector.showFullScreen()

    # --- saving -------------------------------------------------------------------------------
    def results(self) -> tuple[dict, dict]:
        answers, hands = {}, {}
        for q in self.quiz.questions:
            mode = self.mode.get(q["id"], "hands" if service.hand_choices(q) else "individual")
            if mode == "hands" and q["id"] in self.hands and sum(self.hands[q["id"]].values()):
                hands[q["id"]] = dict(self.hands[q["id"]])
            elif mode == "individual" and self.answers.answers.get(q["id"]):
                answers[q["id"]] = dict(self.answers.answers[q["id"]])
        return answers, hands

    def finish(self) -> None:
        answers, hands = self.results()
        fac, fs, sid, quiz = self.fac, self.fs, self.session_id, self.quiz
        course_id, capsule_id = self.course_id, self.capsule_id
        self.finish_btn.setEnabled(False)
        self.runner.write(lambda job: fac.record_group_quiz(fs, sid, quiz, course_id=course_id, capsule_id=capsule_id,
                                                            answers=answers, hands=hands),
                          on_done=self._on_recorded, on_error=self._on_failed)

    def _on_recorded(self, res: service.GroupQuizResult) -> None:
        self.result = res
        self.finish_btn.setEnabled(True)
        self._show_result(res)
        self.recorded.emit(res)

    def _show_result(self, res: service.GroupQuizResult) -> None:
        self.status.setText(self.tr("Saved for %1 participants; average %2 %").replace("%1", str(res.attempts))
                            .replace("%2", f"{100 * res.mean_scaled:.0f}"))

    def _on_failed(self, exc: BaseException) -> None:
        self.finish_btn.setEnabled(True)
        self.status.setText(error_text(exc))

    def closeEvent(self, e) -> None:  # noqa: N802, ANN001
        if self.projector is not None:
            self.projector.close()
        super().closeEvent(e)
