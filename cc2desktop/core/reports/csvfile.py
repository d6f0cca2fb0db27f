"""CSV files a facilitator opens in a spreadsheet: the one writer every CSV export uses.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
for Excel, LibreOffice and Google Sheets (a learner named ``=HYPERLINK(…)`` would run in the
facilitator's spreadsheet). Such text cells get a leading apostrophe (``'=…``), which spreadsheets
show as the text itself; numbers stay numbers (``-3`` as a number is not neutralised).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as a safe spreadsheet cell: None → "", formula-like text prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(columns: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([neutralise(c) for c in columns])
    w.writerows([neutralise(v) for v in r] for r in rows)
    return buf.getvalue()


def write_csv(path: Path | str, columns: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Path:
    """UTF-8 with a BOM: Excel opens the accents right."""
    path = Path(path)
    path.write_text(to_csv(columns, rows), encoding="utf-8-sig")
    return path
