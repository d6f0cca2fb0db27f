"""What a FAT32 or exFAT stick accepts, checked on the planned layout before anything is written.

- no file of 4 GiB or more on FAT32 (exFAT has no such limit, but a stick is often reformatted:
  the layout follows the stricter rule; big packs are split, see :mod:`cc2desktop.core.packs.parts`);
- no name FAT/exFAT or Windows refuses: ``< > : " / \\ | ? *``, control characters, a trailing dot
  or space, the device names (``CON``, ``NUL``, ``COM1``…) with any extension, components longer
  than 255 characters;
- no two paths that differ only by case (FAT and exFAT ignore case: one would overwrite the other);
- every path short enough for Windows without long-path support (drive + path < 260 characters).
"""

from __future__ import annotations

import re
from typing import Iterable

from cc2desktop.core import system
from cc2desktop.core.packs.parts import FAT32_MAX_FILE

MAX_NAME = 255
_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DEVICES = {"CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
            *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)),
            *(f"COM{c}" for c in "¹²³"), *(f"LPT{c}" for c in "¹²³")}


def name_problem(name: str) -> str | None:
    """Why one path component cannot be written on a FAT32/exFAT stick, or None."""
    if not name or name in (".", ".."):
        return "empty name"
    m = _ILLEGAL.search(name)
    if m:
        ch = m.group(0)
        shown = ch if ch.isprintable() else f"\\x{ord(ch):02x}"
        return f"the character {shown!r} is not allowed"
    if name[-1] in ". ":
        return "a name cannot end with a dot or a space"
    if len(name) > MAX_NAME:
        return f"name longer than {MAX_NAME} characters"
    if name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES:
        return "a Windows device name (CON, NUL, COM1…)"
    return None


def layout_problems(files: Iterable[tuple[str, int]], *, drive: str = "E:\\") -> list[str]:
    """Every reason the files (POSIX paths relative to the stick's root, sizes in bytes) cannot be
    written as they are on a FAT32 stick; [] when they can."""
    problems: list[str] = []
    seen: dict[str, str] = {}  # casefolded path (files and the folders above them) -> as written
    for rel, size in files:
        parts = rel.split("/")
        for part in parts:
            why = name_problem(part)
            if why:
                problems.append(f"{rel}: {why}")
                break
        if size > FAT32_MAX_FILE:
            problems.append(f"{rel}: {size / 1024**3:.1f} GiB, FAT32 holds no file of 4 GiB or more")
        if system.too_long_for_windows(rel, drive):
            problems.append(f"{rel}: path too long for Windows ({system.windows_path_length(rel, drive)} "
                            f"characters from {drive}, limit {system.WINDOWS_MAX_PATH - 1})")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            key = sub.casefold()
            other = seen.get(key)
            if other is None:
                seen[key] = sub
            elif other != sub:
                problems.append(f"{sub} and {other} differ only by case (a FAT stick cannot hold both)")
                break
    return problems
