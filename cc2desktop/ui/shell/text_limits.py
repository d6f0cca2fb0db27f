"""Free text is bounded where it is typed: a field takes at most N characters (the limits live in
:mod:`cc2desktop.core.limits`, which core checks again before writing) and a counter under it
says how many are used, so nobody types a long answer that could never be saved or sent."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget


class CharCounter(QLabel):
    """"12 / 500 characters" under a QLineEdit or QPlainTextEdit that it also bounds."""

    def __init__(self, edit: QLineEdit | QPlainTextEdit, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit, self.limit = edit, limit
        self.setObjectName("charCounter")
        if isinstance(edit, QLineEdit):
            edit.setMaxLength(limit)
            edit.textChanged.connect(self._update)
        else:
            edit.textChanged.connect(self._on_plain_changed)
        self._update()

    def _text(self) -> str:
        return self.edit.text() if isinstance(self.edit, QLineEdit) else self.edit.toPlainText()

    def _on_plain_changed(self) -> None:
        text = self.edit.toPlainText()
        if len(text) > self.limit:  # typed or pasted past the limit: the end is cut, the caret stays at the end
            from PySide6.QtGui import QTextCursor

            self.edit.blockSignals(True)
            self.edit.setPlainText(text[:self.limit])
            self.edit.moveCursor(QTextCursor.MoveOperation.End)
            self.edit.blockSignals(False)
        self._update()

    def _update(self, *_args: object) -> None:
        n = len(self._text())
        self.setText(self.tr("%1 / %2 characters").replace("%1", str(n)).replace("%2", str(self.limit)))
        self.setStyleSheet("color: %s;" % ("#a32020" if n >= self.limit else "#8a4b00" if n >= 0.9 * self.limit
                                            else "#5a6673"))

    def changeEvent(self, e) -> None:  # noqa: N802, ANN001
        from PySide6.QtCore import QEvent

        if e.type() == QEvent.Type.LanguageChange:
            self._update()
        super().changeEvent(e)


def bounded(edit: QLineEdit | QPlainTextEdit, limit: int, parent: QObject | None = None) -> CharCounter:
    """Bound ``edit`` to ``limit`` characters and return its counter (add it under the field)."""
    return CharCounter(edit, limit)
