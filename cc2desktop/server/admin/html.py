"""Escaped-by-default HTML building: a :class:`HTML` string is trusted markup, anything else is text.

``html("<td>{}</td>", value)`` escapes ``value`` unless it is already :class:`HTML`; ``join`` does
the same for lists. Screens never concatenate raw strings into markup: every user-supplied or
database value goes through one of these.
"""

from __future__ import annotations

import datetime as dt
import html as _html
import string
from typing import Any, Iterable


class HTML(str):
    """A piece of trusted markup."""

    __slots__ = ()

    def __add__(self, other: Any) -> "HTML":
        return HTML(str.__add__(self, esc(other)))


def esc(value: Any) -> HTML:
    if isinstance(value, HTML):
        return value
    return HTML(_html.escape("" if value is None else str(value), quote=True))


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        return esc(value if isinstance(value, HTML) else super().format_field(value, format_spec))


_FMT = _Formatter()


def html(template: str, *args: Any, **kwargs: Any) -> HTML:
    """``template`` is trusted markup; each ``{}`` field is escaped unless it is :class:`HTML`."""
    return HTML(_FMT.format(template, *args, **kwargs))


def join(parts: Iterable[Any], sep: str = "") -> HTML:
    return HTML(sep.join(esc(p) for p in parts))


def table(headers: list[Any], rows: list[list[Any]], *, empty: str = "", cls: str = "") -> HTML:
    """A data table in a horizontally scrolling box (phones); ``empty``: the line shown instead of
    an empty table (what to do next)."""
    if not rows:
        return html('<p class="empty">{}</p>', empty)
    head = join(html("<th>{}</th>", h) for h in headers)
    body = join(html("<tr>{}</tr>", join(html("<td>{}</td>", c) for c in r)) for r in rows)
    return html('<div class="scroll"><table class="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>',
                cls, head, body)


def hidden(name: str, value: Any) -> HTML:
    return html('<input type="hidden" name="{}" value="{}">', name, value)


def form(action: str, csrf: str, inner: Any, *, cls: str = "", method: str = "post") -> HTML:
    """A POST form with its CSRF field (every POST needs one)."""
    return html('<form method="{}" action="{}" class="{}">{}{}</form>', method, action, cls, hidden("csrf", csrf),
                inner)


def button(label: str, *, name: str = "", value: str = "", cls: str = "") -> HTML:
    if name:
        return html('<button type="submit" name="{}" value="{}" class="{}">{}</button>', name, value, cls, label)
    return html('<button type="submit" class="{}">{}</button>', cls, label)


def parse_iso(iso: str | None) -> dt.datetime | None:
    if not iso:
        return None
    try:
        d = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=dt.timezone.utc)


def when(iso: str | None, lang: str, *, never: str = "—") -> str:
    """A date and time in the user's language (UTC), e.g. ``7 déc. 2026, 14:05 UTC``."""
    d = parse_iso(iso)
    if d is None:
        return never
    d = d.astimezone(dt.timezone.utc)
    months = {"fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
              "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]}[lang]
    return f"{d.day} {months[d.month - 1]} {d.year}, {d:%H:%M} UTC"


def ago(iso: str | None, lang: str, *, never: str = "—", now: dt.datetime | None = None) -> str:
    """How long ago, roughly (``il y a 5 min`` / ``5 min ago``); beyond a week, the date."""
    d = parse_iso(iso)
    if d is None:
        return never
    secs = ((now or dt.datetime.now(dt.timezone.utc)) - d).total_seconds()
    if secs < 0 or secs >= 7 * 86400:
        return when(iso, lang)
    if secs < 90:
        n, unit = None, ("à l'instant", "just now")
    elif secs < 5400:
        n, unit = round(secs / 60), ("min", "min")
    elif secs < 36 * 3600:
        n, unit = round(secs / 3600), ("h", "h")
    else:
        n, unit = round(secs / 86400), ("j", "d")
    if n is None:
        return unit[0] if lang == "fr" else unit[1]
    return f"il y a {n} {unit[0]}" if lang == "fr" else f"{n} {unit[1]} ago"


def number(n: Any, lang: str) -> str:
    """``12 345`` (French, narrow no-break space) or ``12,345``."""
    if not isinstance(n, int) or isinstance(n, bool):
        return str(n)
    return f"{n:,}".replace(",", "\u202f" if lang == "fr" else ",")
