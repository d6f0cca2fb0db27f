"""Qt values for the code on the path to the first frame (the welcome page), without PySide's ``Qt``.

The first read of ``PySide6.QtCore.Qt`` builds the Python enums of the whole namespace: 93 enum
classes, ≈ 22 ms on a quiet machine (more on an old PC), ~15 % of a bare window's start. So does a
call whose overloads take one of its enums when PySide has to try them (``QPainter.setBrush(QColor)``
tries ``Qt.BrushStyle``). The modules the welcome page is built from therefore do not import ``Qt``
at their top (they use ``QtCore.Qt.…`` in code that runs later), and set what the first frame needs
through these values: an item data role is an ``int`` in Qt's item API, an enum property is set by
its key through Qt's property system, a text alignment is an ``int`` for ``QPainter.drawText``.

``tests/test_startup_path.py`` checks each value against Qt's and that the first paint of the
welcome page leaves ``Qt`` unbuilt.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole
ACCESSIBLE_TEXT_ROLE = 11  # Qt.ItemDataRole.AccessibleTextRole
ALIGN_CENTER = 0x0084  # Qt.AlignmentFlag.AlignCenter (AlignHCenter | AlignVCenter), for QPainter.drawText


def set_enum(obj: QObject, prop: str, key: str) -> None:
    """``obj.set<Prop>(Qt.<Key>)`` through Qt's property system: ``set_enum(button, "focusPolicy",
    "StrongFocus")``. Raises ValueError for an unknown property or key (Qt would ignore it)."""
    if obj.metaObject().indexOfProperty(prop) < 0 or not obj.setProperty(prop, key):
        raise ValueError(f"{type(obj).__name__}.{prop} = {key!r}: no such property or key")
