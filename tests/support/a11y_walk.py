"""The page walk read through Qt's own accessibility interface (in-process, offscreen): what a screen
reader gets from every page and dialog the walk (:mod:`walk_learner`) shows.

A page is faulty when it has

- an interactive control (button, check box, radio, combo, field, slider, list, table, tab…) with no
  accessible name, a name without a letter ("…", "▶"), or named by its value (a combo box read
  "Non précisé" instead of "Genre");
- a table whose shown column headers have no text;
- no window title; in the main window, a title that does not name the page ("Connexions
  Citoyennes" alone);
- one Alt+letter for two visible controls or menus of a window;
- a focused control that shows no focus: the control photographed with and without the focus
  differs in too few pixels, or with less than 3:1 contrast (WCAG 2.2, 2.4.13).

    walker = A11yWalker(qtbot, "fr")
    tour.walk(walker)
    walker.assert_accessible()
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QMainWindow, QTableView, QTreeView, QWidget

from tests.support.page_walk import Walker, plain

R = QAccessible.Role
#: what a learner can act on (a screen reader must say what it is for)
INTERACTIVE = {R.PushButton, R.CheckBox, R.RadioButton, R.ComboBox, R.EditableText, R.Slider, R.SpinBox, R.List,
               R.Table, R.Tree, R.PageTab, R.ButtonMenu, R.ButtonDropDown, R.Dial, R.Link, R.TreeItem}
#: controls whose value must not stand for their name
VALUED = {R.ComboBox, R.Slider, R.SpinBox, R.Dial}
_LETTER = re.compile(r"[^\W\d_]")
APP_TITLE = "Connexions Citoyennes"


def _lum(c: QColor) -> float:
    def ch(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def focus_ring(w: QWidget) -> tuple[int, float]:
    """(pixels that change when ``w`` takes the focus with ≥ 3:1 contrast, the best contrast among
    the changed pixels): ``w`` photographed with and without the focus."""
    had = w.hasFocus()
    w.setFocus()
    QApplication.processEvents()
    on = w.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w.clearFocus()
    QApplication.processEvents()
    off = w.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    if had:
        w.setFocus()
        QApplication.processEvents()
    if on.size() != off.size():
        return 0, 1.0
    strong, best = 0, 1.0
    step = 1 if on.width() * on.height() < 200_000 else 2
    for y in range(0, on.height(), step):
        for x in range(0, on.width(), step):
            a, b = on.pixel(x, y), off.pixel(x, y)
            if a != b:
                c = contrast(QColor(a), QColor(b))
                best = max(best, c)
                if c >= 3.0:
                    strong += step * step
    return strong, best


_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonics(win: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the visible texts of ``win`` that take it (menu titles, buttons, labels of a
    field, group boxes, tabs)."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar

    texts: list[str] = []
    for w in [win, *win.findChildren(QWidget)]:
        if not w.isVisible() or w.window() is not win:
            continue
        if isinstance(w, QMenuBar):
            texts += [a.text() for a in w.actions() if a.isVisible()]
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLabel) and w.buddy() is not None:
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count()) if w.isTabVisible(i)]
    out: dict[str, list[str]] = {}
    for t in texts:
        m = _MNEMONIC.search(t or "")
        if m:
            out.setdefault(m.group(1).lower(), []).append(t.replace("&&", "&"))
    return out


def _name_problem(iface) -> str | None:  # noqa: ANN001 - QAccessibleInterface
    name = plain(iface.text(QAccessible.Text.Name) or "").strip()
    if not name:
        return "no accessible name"
    if not _LETTER.search(name):
        return f"name without a word {name!r}"
    role = iface.role()
    if role in VALUED:
        value = (iface.text(QAccessible.Text.Value) or "").strip()
        if value and value == name:
            return f"named by its value {name!r}"
    return None


def _describe(iface) -> str:  # noqa: ANN001
    obj = iface.object()
    cls = type(obj).__name__ if obj is not None else "?"
    oname = obj.objectName() if isinstance(obj, QWidget) else ""
    parent = obj.parent() if obj is not None else None
    ptxt = type(parent).__name__ if parent is not None else ""
    return f"{iface.role().name} {cls}{'#' + oname if oname else ''} (in {ptxt})"


def controls(root: QWidget) -> list:
    """The accessible interfaces below ``root`` that a screen reader lists, visible ones only (the
    items of a list or table are their view's: only the view is read)."""
    out = []
    top = QAccessible.queryAccessibleInterface(root)
    if top is None:
        return out
    stack = [top]
    seen = 0
    while stack and seen < 5000:
        i = stack.pop()
        seen += 1
        if i is None or not i.isValid() or i.state().invisible:
            continue
        out.append(i)
        if i.role() in (R.List, R.Table, R.Tree, R.ComboBox):
            continue  # rows and cells: the model's data
        stack += [i.child(k) for k in range(i.childCount() - 1, -1, -1)]
    return out


@dataclass
class A11yWalker(Walker):
    """A :class:`Walker` that reads every page as a screen reader does and checks it."""

    problems: list[str] = field(default_factory=list)
    unnamed: int = 0
    focus_checked: int = 0
    rings: dict = field(default_factory=dict)

    def check(self, page: str, root: QWidget) -> list:
        found = super().check(page, root)
        self.problems += [f"[{page}] {p}" for p in self.read(root)]
        return found

    def read(self, root: QWidget) -> list[str]:
        out = []
        win = root.window()
        title = win.windowTitle().strip()
        if not title:
            out.append(f"window {type(win).__name__} has no title")
        elif isinstance(win, QMainWindow) and title == APP_TITLE:
            out.append(f"the window title {title!r} does not name the page")
        for iface in controls(root):
            if iface.role() not in INTERACTIVE or iface.role() == R.TreeItem:
                continue
            obj = iface.object()
            if isinstance(obj, QWidget) and not obj.isEnabled() and iface.role() != R.PushButton:
                continue
            p = _name_problem(iface)
            if p:
                self.unnamed += 1
                out.append(f"{_describe(iface)}: {p}")
        for view in root.findChildren(QAbstractItemView):
            if not view.isVisibleTo(root) or not isinstance(view, (QTableView, QTreeView)) or view.model() is None:
                continue
            header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
            if header.isHidden() and view.model().columnCount() < 2:
                continue  # a list drawn as a tree or a table: no columns to name
            from PySide6.QtCore import Qt

            # (a hidden header is still read: the columns are named for a screen reader)
            for c in range(view.model().columnCount()):
                if header.isSectionHidden(c):
                    continue
                if not _LETTER.search(str(view.model().headerData(c, Qt.Orientation.Horizontal) or "")):
                    out.append(f"{_describe(QAccessible.queryAccessibleInterface(view))}: column {c} has no header")
        for key, where in mnemonics(win).items():
            if len(where) > 1:
                out.append(f"Alt+{key.upper()} is taken {len(where)} times: {where}")
        out += self._focus(win)
        return out

    def _focus(self, win: QWidget) -> list[str]:
        """The focused control shows its focus (each kind of control photographed once per window)."""
        w = QApplication.focusWidget()
        if w is None or w.window() is not win or not w.isVisible():
            return []
        key = (type(win).__name__, type(w).__name__, w.objectName())
        if key in self.rings:
            return []
        strong, best = focus_ring(w)
        self.rings[key] = (strong, round(best, 2))
        self.focus_checked += 1
        # a ring one pixel wide around the control, at least
        need = min(w.width(), 400) + min(w.height(), 200)
        if strong < need:
            iface = QAccessible.queryAccessibleInterface(w)
            return [f"{_describe(iface)}: the focus is not visible ({strong} pixels change at ≥ 3:1, "
                    f"best contrast {best:.2f}:1)"]
        return []

    def report(self) -> str:
        return "\n".join(self.problems)

    def assert_accessible(self) -> None:
        assert not self.problems, f"{len(self.problems)} accessibility problem(s):\n" + "\n".join(self.problems)
