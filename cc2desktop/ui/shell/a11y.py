"""Accessibility of the whole interface (issue 21): what a screen reader and a keyboard-only user
need and Qt does not give by default.

- :func:`announce`: a result or an error said aloud (Qt's accessibility announcement event, polite
  or assertive); :data:`announcer` re-emits each one (tests, the log).
- :class:`LiveLabel`: a label whose new texts are announced (error and result lines).
- :func:`make_heading`: a label read as a heading (role Heading, its text as the name).
- :func:`name_by_labels`: combo boxes, spin boxes and sliders named by the label that is their
  buddy (Qt on Linux names a combo box by its value: "Non précisé" instead of "Genre").
- :func:`focus_page`: the focus on a page's main control when the page is shown.
- :func:`install`: once per application: the heading factory, Enter pressing the focused button or
  card everywhere (Qt presses only with Space outside dialogs), names following the focus.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QAccessibleWidget,
                               QApplication, QComboBox, QDialog, QLabel, QPushButton, QScrollArea, QToolButton, QWidget)


class Announcer(QObject):
    """Every announcement, as sent (``announced(text, assertive)``)."""

    announced = Signal(str, bool)


announcer = Announcer()


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say ``text`` (about ``widget``, e.g. the label that shows it). Errors are
    ``assertive`` (said at once), results polite (after what is being said)."""
    text = (text or "").strip()
    if not text:
        return
    ev = QAccessibleAnnouncementEvent(widget, text)
    ev.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                     else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(ev)
    announcer.announced.emit(text, assertive)


class LiveLabel(QLabel):
    """A label whose new texts are announced (an error line, a result line): a live region.
    ``assertive``: errors, said at once."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, assertive: bool = False) -> None:
        super().__init__(text, parent)
        self.assertive = assertive

    def setText(self, text: str) -> None:  # noqa: N802
        changed = text != self.text()
        super().setText(text)
        if changed and text:
            announce(self, plain_text(text), assertive=self.assertive)


def plain_text(text: str) -> str:
    if text and QtGui.Qt.mightBeRichText(text):
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def label_text(text: str) -> str:
    """A label's text as a name: mnemonic ampersands and the trailing colon dropped."""
    t = plain_text(text).replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return t.rstrip(":").strip()


# ---------------------------------------------------------------------------------- headings
class _Heading(QAccessibleWidget):
    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)
        self._label = label

    def text(self, t: QAccessible.Text) -> str:  # noqa: D102
        if t == QAccessible.Text.Name:
            return self._label.accessibleName() or plain_text(self._label.text())
        return super().text(t)


def make_group(widget: QWidget, name: str) -> QWidget:
    """``widget`` read as a group (e.g. a question's answers) named ``name``."""
    widget.setProperty("a11y_group", True)
    widget.setAccessibleName(name)
    return widget


def make_heading(label: QLabel, level: int = 1) -> QLabel:
    """``label`` read as a heading of ``level``."""
    label.setProperty("a11y_heading", level)
    return label


class _Combo(QAccessibleWidget):
    """A combo box named by its purpose: Qt on Linux names it by its value (the AT-SPI label
    relation is all that says "Genre"), so "Non précisé, combo box" was all a screen reader got."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo, QAccessible.Role.ComboBox)
        self._combo = combo

    def text(self, t: QAccessible.Text) -> str:  # noqa: D102
        c = self._combo
        if t == QAccessible.Text.Name:
            return c.accessibleName() or buddy_text(c) or c.toolTip()
        if t == QAccessible.Text.Value:
            return c.lineEdit().text() if c.isEditable() and c.lineEdit() is not None else c.currentText()
        return super().text(t)

    def _kids(self) -> list:
        c = self._combo
        kids = [c.view()]
        if c.isEditable() and c.lineEdit() is not None:
            kids.append(c.lineEdit())
        return kids

    def childCount(self) -> int:  # noqa: N802, D102
        return len(self._kids())

    def child(self, i: int) -> Any:  # noqa: D102
        kids = self._kids()
        return QAccessible.queryAccessibleInterface(kids[i]) if 0 <= i < len(kids) else None

    def indexOfChild(self, child: Any) -> int:  # noqa: N802, D102
        obj = child.object() if child is not None else None
        return next((i for i, k in enumerate(self._kids()) if k is obj), -1)


def buddy_text(w: QWidget) -> str:
    """The text of the label whose buddy ``w`` is ("" when none)."""
    parent = w.parentWidget()
    while parent is not None and not parent.isWindow():
        parent = parent.parentWidget()
    for lab in (parent or w).findChildren(QLabel):
        if lab.buddy() is w:
            return label_text(lab.text())
    return ""


def _factory(_key: str, obj: QObject) -> Any:
    if isinstance(obj, QComboBox):
        return _Combo(obj)
    if isinstance(obj, QLabel) and obj.property("a11y_heading"):
        return _Heading(obj)
    if isinstance(obj, QWidget) and obj.property("a11y_group"):
        return QAccessibleWidget(obj, QAccessible.Role.Grouping)
    return None


# ---------------------------------------------------------------------------------- names
_NAMED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def name_by_labels(root: QWidget) -> None:
    """Name the combo boxes, spin boxes and sliders under ``root`` by their buddy label (again after
    a language switch); a name set in the code is kept."""
    for lab in root.findChildren(QLabel):
        b = lab.buddy()
        if not isinstance(b, _NAMED) or (b.accessibleName() and not b.property("a11y_auto")):
            continue
        text = label_text(lab.text())
        if text and text != b.accessibleName():
            b.setAccessibleName(text)
            b.setProperty("a11y_auto", True)


# ---------------------------------------------------------------------------------- focus
def _takes_tab(w: QWidget) -> bool:
    return bool(w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus) and w.isVisible() and w.isEnabled()


def first_control(page: QWidget) -> QWidget | None:
    """The first control of ``page`` in the Tab order (a bare scroll area skipped)."""
    w = page.nextInFocusChain()
    for _ in range(2000):
        if w is page or w is None:
            break
        if page.isAncestorOf(w) and _takes_tab(w) and not (isinstance(w, QScrollArea) and not w.accessibleName()):
            return w
        w = w.nextInFocusChain()
    return None


def focus_page(page: QWidget, *, force: bool = False) -> None:
    """The focus on ``page``'s main control: its ``main_control()`` when it names one (shown and
    enabled), else its first control (never the status bar). Without ``force``, a focus the page
    placed itself stays. A page not shown yet takes no focus (its window focuses it when shown).

    The page's own main control is not asked for its focus policy: that would build PySide's Python
    enums of the whole ``Qt`` namespace (≈ 20 ms) before the first frame of the welcome page."""
    if not page.isVisible():
        return  # no control of it can take the focus yet
    fw = QApplication.focusWidget()
    if not force and fw is not None and page.isAncestorOf(fw) and fw.isVisible():
        return  # the page placed it already
    main = getattr(page, "main_control", None)
    target = main() if callable(main) else None
    if target is None or not (target.isVisible() and target.isEnabled()):
        target = first_control(page)
    if target is not None:
        target.setFocus()  # (the reason: Qt.FocusReason.OtherFocusReason)


# ---------------------------------------------------------------------------------- keyboard
def closes_on_escape(window: QWidget) -> None:
    """A secondary window (not a dialog: those close on Escape already) closes on Escape and Ctrl+W."""
    from PySide6.QtGui import QKeySequence, QShortcut

    for keys in (QKeySequence(QtCore.Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)):
        QShortcut(keys, window, activated=window.close)


class _Keys(QObject):
    """Enter presses the focused push button or tool button (a card) where Qt does nothing."""

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if e.type() != QEvent.Type.KeyPress or e.key() not in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            return False
        if e.modifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(obj, (QPushButton, QToolButton)) or not obj.isEnabled() or not obj.isVisible():
            return False
        if isinstance(obj, QPushButton) and (obj.autoDefault() or obj.isDefault()) and isinstance(obj.window(),
                                                                                                  QDialog):
            return False  # a dialog's button: Qt presses it
        obj.click()
        return True


class _Watcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.keys = _Keys(self)
        self._windows: set[int] = set()

    def on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        if isinstance(new, QAbstractButton) and not new.property("a11y_keys"):
            new.setProperty("a11y_keys", True)
            new.installEventFilter(self.keys)
        win = new.window()
        if isinstance(win, QDialog):
            name_by_labels(win)


_watcher: _Watcher | None = None


def install(app: QApplication) -> None:
    """Once per application (idempotent)."""
    global _watcher
    if _watcher is not None:
        return
    QAccessible.installFactory(_factory)
    _watcher = _Watcher()
    app.focusChanged.connect(_watcher.on_focus)


def enter_presses(button: QAbstractButton) -> None:
    """Enter presses ``button`` from now on (before it ever had the focus)."""
    if _watcher is not None and not button.property("a11y_keys"):
        button.setProperty("a11y_keys", True)
        button.installEventFilter(_watcher.keys)
