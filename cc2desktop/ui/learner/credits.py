"""The course's credits: who speaks in it (name, role, country) and in which capsules.

A small page of its own, fed plain data (:meth:`cc2desktop.core.learning.catalog.Course.credits`);
the learner reaches it from her home page ("Credits").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from cc2desktop.core.learning.countries import FRANCOPHONE_AFRICA, OTHER_COUNTRIES


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
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "fr"
        self.course = None
        self.title = QLabel()
        self.title.setObjectName("title")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.back = QPushButton()
        self.back.clicked.connect(self.back_requested)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.back)
        self.cards_box = QWidget()
        self.cards = QVBoxLayout(self.cards_box)
        self.cards.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.cards_box)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.intro)
        lay.addWidget(self.empty)
        lay.addWidget(self.scroll, 1)
        self.retranslate()

    def set_course(self, course, lang: str) -> None:  # noqa: ANN001 - a learning.catalog.Course
        self.course, self.lang = course, lang
        while self.cards.count() > 1:
            w = self.cards.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        for i, speaker in enumerate(course.credits() if course is not None else []):
            self.cards.insertWidget(i, SpeakerCard(speaker))
        self.retranslate()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def _cards(self) -> list[SpeakerCard]:
        return [w for i in range(self.cards.count()) if isinstance(w := self.cards.itemAt(i).widget(), SpeakerCard)]

    def retranslate(self) -> None:
        course = self.course
        title = _text(course.title, self.lang) if course is not None else ""
        self.title.setText(self.tr("Credits: %1").replace("%1", title) if title else self.tr("Credits"))
        self.back.setText(self.tr("&Back"))
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
