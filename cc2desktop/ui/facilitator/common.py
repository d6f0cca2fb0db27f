"""What every facilitator screen shares: the interface language, dates in that language, capsule and
question titles instead of ids, a hint in empty tables, the retranslation hook, sizes that fit the
screen."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, Callable

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QObject, Qt, QTimeZone
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QWidget

from cc2desktop.core.learning.texts import pick

#: The smallest screen the app is used on (old PCs, cybercafés); a window's frame and a taskbar
#: leave about 700 pixels of height to the window's contents.
SMALL_SCREEN = (1366, 768)
CONTENT_HEIGHT = 700


def ui_lang() -> str:
    return "en" if QLocale().language() == QLocale.Language.English else "fr"


def fmt_date(iso: str | None, lang: str | None = None) -> str:
    """``2026-11-28`` → ``28 nov. 2026`` / ``28 Nov 2026`` (the month in words: never ambiguous)."""
    if not iso:
        return "—"
    try:
        d = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    loc = QLocale(lang) if lang else QLocale()
    return loc.toString(QDate(d.year, d.month, d.day), "d MMM yyyy")


def fmt_datetime(iso: str | None, lang: str | None = None) -> str:
    """An event time (UTC ISO) in local time: ``28 nov. 2026 14:05``."""
    if not iso:
        return "—"
    try:
        t = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return str(iso)
    qt = QDateTime.fromSecsSinceEpoch(int(t.timestamp()), QTimeZone.utc()).toLocalTime()
    loc = QLocale(lang) if lang else QLocale()
    return loc.toString(qt, "d MMM yyyy HH:mm")


def capsule_title(titles: dict[str, Any], capsule_id: str | None, lang: str) -> str:
    """A capsule's title in ``lang`` (its id only when the capsule is not installed on this PC)."""
    if not capsule_id:
        return ""
    return pick(titles.get(capsule_id), lang) or capsule_id


def with_titles(d: Any, titles: dict[str, Any], questions: dict[tuple[str, str], Any], lang: str) -> Any:
    """A copy of a :class:`~cc2desktop.core.reports.dashboard.Dashboard` whose capsule and question
    columns show titles and question texts in ``lang`` (for the screen, the PDF and the CSV files)."""
    from cc2desktop.core.reports.dashboard import Table

    def table(t: Table, fix: Callable[[tuple], tuple]) -> Table:
        return Table(t.name, t.columns, [fix(r) for r in t.rows])

    def cap_row(r: tuple) -> tuple:
        return (capsule_title(titles, r[0], lang), *r[1:])

    def question_row(r: tuple) -> tuple:
        text = pick(questions.get((r[0], r[1])), lang) if (r[0], r[1]) in questions else r[1]
        return (capsule_title(titles, r[0], lang), _plain(text), *r[2:])

    i = d.sessions.columns.index("capsules")

    def session_row(r: tuple) -> tuple:
        names = ", ".join(capsule_title(titles, c, lang) for c in (r[i] or "").split(", ") if c)
        return (*r[:i], names, *r[i + 1:])

    return dataclasses.replace(d, capsules=table(d.capsules, cap_row), questions=table(d.questions, question_row),
                               sessions=table(d.sessions, session_row))


def _plain(text: str) -> str:
    """A question prompt as one line of plain text (imported quizzes carry HTML)."""
    import html
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text or "")).split())


class Retranslating:
    """Mixin for a widget whose texts follow a language switch: it defines ``retranslate()``."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)  # type: ignore[misc]


class EmptyHint(QObject):
    """A sentence in the middle of an empty table saying what to do next (``text()`` follows the language)."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]) -> None:
        super().__init__(view)
        self.view, self.text = view, text
        self.label = QLabel(view.viewport())
        self.label.setObjectName("emptyHint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #5a6772; padding: 12px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        model = view.model()
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            sig.connect(self.update)
        self.update()

    @property
    def shown(self) -> bool:
        return not self.label.isHidden()

    def update(self, *_args: object) -> None:
        try:
            empty = self.view.model().rowCount() == 0
        except RuntimeError:  # the view is being destroyed (its model empties itself on the way)
            return
        self.label.setText(self.text() if empty else "")
        self.label.setVisible(empty)
        if empty:
            vp = self.view.viewport()
            self.label.setGeometry(8, 8, max(40, vp.width() - 16), max(40, vp.height() - 16))

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if e.type() in (QEvent.Type.Resize, QEvent.Type.LanguageChange, QEvent.Type.Show):
            self.update()
        return False


def set_label(form: QFormLayout, field: QWidget, text: str) -> None:
    """The label of a form row (its ``&`` letter jumps to the field) and the field's accessible name."""
    label = form.labelForField(field)
    if isinstance(label, QLabel):
        label.setText(text)
        label.setBuddy(field)
    field.setAccessibleName(text.replace("&", ""))


def fit_to_screen(w: QWidget, width: int, height: int) -> None:
    """Resize a top-level window to ``width`` × ``height``, or less when the screen is smaller."""
    screen = w.screen()
    if screen is not None:
        avail = screen.availableGeometry()
        width, height = min(width, avail.width() - 16), min(height, avail.height() - 48)
    w.resize(max(width, 320), max(height, 240))
