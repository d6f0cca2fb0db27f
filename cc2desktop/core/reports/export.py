"""CSV files of the dashboard's tables for a spreadsheet.

French spreadsheets (Excel, LibreOffice with a French locale) read ``;`` as the separator and ``,`` as
the decimal mark; English ones ``,`` and ``.``. The caller chooses (the UI defaults to its language)
and gives the column titles and the display names of coded values in the language of the file (core
has no translator). Files are UTF-8 with a BOM, so that Excel opens accents right.

A cell that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return: a participant named ``=HYPERLINK(…)``) is written with a leading apostrophe,
which spreadsheets show as plain text. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from cc2desktop.core.reports.dashboard import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any, decimal: str = ".") -> Any:
    """A value as a spreadsheet should read it: text that could run as a formula is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        text = repr(value)
        return (text[:-2] if text.endswith(".0") else text).replace(".", decimal)
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class CsvStyle:
    """``delimiter`` and ``decimal`` mark; ``headers``: column → title; ``values``: column → function
    giving the display text of a coded value (gender, category, certificate…); ``names``: table →
    file name without ``.csv``. Missing entries keep the core's own names."""

    delimiter: str = ","
    decimal: str = "."
    headers: dict[str, str] = field(default_factory=dict)
    values: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()

    @classmethod
    def french(cls, **kw: Any) -> "CsvStyle":
        return cls(delimiter=";", decimal=",", **kw)


def table_csv(t: Table, style: CsvStyle) -> str:
    cols = [i for i, c in enumerate(t.columns) if c not in style.hidden]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=style.delimiter, lineterminator="\r\n")
    w.writerow([safe_cell(style.headers.get(t.columns[i], t.columns[i])) for i in cols])
    for r in t.rows:
        out = []
        for i in cols:
            v = r[i]
            conv = style.values.get(t.columns[i])
            if conv is not None and v is not None:
                v = conv(v)
            out.append(safe_cell(v, style.decimal))
        w.writerow(out)
    return buf.getvalue()


def write_tables(tables: Iterable[Table], folder: Path, style: CsvStyle) -> list[Path]:
    """One ``<name>.csv`` per table in ``folder`` (written to a temporary name, then moved in place)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for t in tables:
        path = folder / f"{_file_name(style.names.get(t.name, t.name))}.csv"
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(table_csv(t, style), encoding="utf-8-sig", newline="")
        os.replace(tmp, path)
        paths.append(path)
    return paths


def _file_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip() or "table"
