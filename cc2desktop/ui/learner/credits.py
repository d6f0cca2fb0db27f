"""The course's page: its title and description, each module's capsules with their summaries, and
its credits: who speaks in it (name, role, country) and in which capsules.

A page of its own, fed the course (:meth:`cc2desktop.core.learning.catalog.Course.credits` for the
speakers); the learner reaches it from her home page ("About the course").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from cc2desktop.core.learning.countries import FRANCOPHONE_AFRICA, OTHER_COUNTRIES
from cc2desktop.ui.shell.a11y import make_heading


def _text(field: dict | None, lang: str) -> str:
    if not field:
        return ""
    return field.get(lang) or next(iter(field.values()), "")


class SpeakerCard(QFrame):
    def __init__(self, speaker: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.StyledPanel)
        self.speaker = speaker
        self.name = QLabel()
        self.name.setObjectName("subtitle")
        self.role = QLabel()
        self.role.setWordWrap(True)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setObjectName("muted")
        lay = QVBoxLayout(self)
        lay.addWidget(self.name)
        lay.addWidget(self.role)
        lay.addWidget(self.where)
        self.setFocusPolicy(Qt.TabFocus)  # reachable with the keyboard; a screen reader reads the card

    def fill(self, lang: str, capsule_titles: dict[str, str]) -> None:
        s = self.speaker
        self.name.setText(s["name"])
        self.role.setText(_text(s.get("role"), lang))
        country = s.get("country") or "na"
        names = {**OTHER_COUNTRIES, **FRANCOPHONE_AFRICA}
        place = names.get(country, {}).get(lang, "") if country != "na" else ""
        caps = ", ".join(capsule_titles.get(c, c) for c in s.get("capsules", []))
        line = self.tr("Speaks in: %1").replace("%1", caps)
        self.where.setText(f"{place} · {line}" if place else line)
        self.setAccessibleName(" — ".join(x for x in (s["name"], self.role.text(), self.where.text()) if x))


class CreditsPage(QWidget):
    """The course page: description, capsules with their summaries, then the speakers (one scroll)."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "fr"
        self.course = None
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        make_heading(self.title)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.capsules_title = QLabel()
        self.capsules_title.setObjectName("subtitle")
        make_heading(self.capsules_title, 2)
        self.summaries = QLabel()
        self.summaries.setWordWrap(True)
        self.summaries.setTextFormat(Qt.RichText)
        self.speakers_title = QLabel()
        self.speakers_title.setObjectName("subtitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.back = QPushButton()
        self.back.clicked.connect(self.back_requested)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.back, 0, Qt.AlignTop)
        self.cards_box = QWidget()
        self.cards = QVBoxLayout(self.cards_box)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        for w in (self.description, self.capsules_title, self.summaries, self.speakers_title, self.intro,
                  self.empty):
            self.cards.addWidget(w)
        self._fixed = self.cards.count()  # the cards go after these
        self.cards.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.cards_box)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.scroll, 1)
        self.retranslate()

    def set_course(self, course, lang: str) -> None:  # noqa: ANN001 - a learning.catalog.Course
        self.course, self.lang = course, lang
        for card in self._cards():
            self.cards.removeWidget(card)
            card.deleteLater()
        for i, speaker in enumerate(course.credits() if course is not None else []):
            self.cards.insertWidget(self._fixed + i, SpeakerCard(speaker))
        self.retranslate()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def _cards(self) -> list[SpeakerCard]:
        return [w for i in range(self.cards.count()) if isinstance(w := self.cards.itemAt(i).widget(), SpeakerCard)]

    def retranslate(self) -> None:
        import html

        course = self.course
        title = _text(course.title, self.lang) if course is not None else ""
        self.title.setText(title or self.tr("About the course"))
        self.setWindowTitle(self.title.text())
        self.back.setText(self.tr("&Back"))
        self.description.setText(_text(course.description, self.lang) if course is not None else "")
        self.description.setVisible(bool(self.description.text()))
        self.capsules_title.setText(self.tr("What you will learn"))
        rows = []
        for mi, m in enumerate(course.modules if course is not None else [], 1):
            rows.append(f"<p style='margin-top:8px'><b>{mi}. {html.escape(_text(m.title, self.lang))}</b></p>")
            for ci, c in enumerate(m.capsules, 1):
                summary = _text(c.summary, self.lang)
                rows.append(f"<p style='margin-left:12px'><b>{mi}.{ci} {html.escape(_text(c.title, self.lang))}</b>"
                            + (f"<br>{html.escape(summary)}" if summary else "") + "</p>")
        self.summaries.setText("".join(rows))
        self.capsules_title.setVisible(bool(rows))
        self.speakers_title.setText(self.tr("Who speaks in this course"))
        publisher = course.publisher if course is not None else ""
        self.intro.setText(self.tr("The people who speak in this course. Published by %1.").replace("%1", publisher)
                           if publisher else self.tr("The people who speak in this course."))
        cards = self._cards()
        self.empty.setVisible(not cards)
        self.empty.setText(self.tr("This course does not name its speakers."))
        titles = {c.id: _text(c.title, self.lang) for c in course.capsules} if course is not None else {}
        for card in cards:
            card.fill(self.lang, titles)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)
