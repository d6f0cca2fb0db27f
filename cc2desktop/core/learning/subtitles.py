"""WebVTT and SRT subtitles, as found in the wild.

Tolerates: a UTF-8 BOM, CRLF or CR line ends, ``WEBVTT`` headers with text, ``NOTE``/``STYLE``/
``REGION`` blocks, cue identifiers, cue settings after the timing (``align:start line:90%``),
styling tags (``<i>``, ``<b>``, ``<c.yellow>``, ``<v Speaker>``, ``<00:00:01.000>``, ``{\\an8}``),
hours-less timestamps (``01:02.500``), commas or dots before the milliseconds, overlapping cues,
zero-length or reversed cues (kept when zero-length, dropped when reversed), numbering gaps, a
missing blank line at the end, and Latin-1 files that are not valid UTF-8.

The format is sniffed from the content (an installed pack stores files by hash, without their
extension). Nothing here imports Qt.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from pathlib import Path

from cc2desktop.core.learning.texts import fold


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # plain text, lines joined with "\n", tags removed


class SubtitleError(ValueError):
    """The file holds no readable cue."""


_TS = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(r"^\s*" + _TS + r"\s*-->\s*" + _TS + r"(?:\s+(.*))?$")
_TAG = re.compile(r"<[^>]*>")
_ASS = re.compile(r"\{\\[^}]*\}")


def _seconds(h: str | None, m: str, s: str, frac: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(frac.ljust(3, "0")[:3]) / 1000


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff")


def clean_text(lines: list[str]) -> str:
    out = []
    for line in lines:
        line = _ASS.sub("", _TAG.sub("", line))
        line = html.unescape(line).replace("\u00a0", " ").strip()
        if line:
            out.append(line)
    return "\n".join(out)


def parse(text: str) -> list[Cue]:
    """Cues sorted by start time (stable for equal starts)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    cues: list[Cue] = []
    i, n = 0, len(lines)
    is_vtt = lines[0].strip().startswith("WEBVTT") if lines else False
    if is_vtt:  # skip the header block
        while i < n and lines[i].strip():
            i += 1
    while i < n:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if is_vtt and (line in ("STYLE", "REGION") or line.startswith(("NOTE", "STYLE ", "REGION "))):
            while i < n and lines[i].strip():
                i += 1
            continue
        m = _TIMING.match(lines[i])
        if m is None and i + 1 < n:
            m2 = _TIMING.match(lines[i + 1])
            if m2 is not None:  # an identifier (SRT number or VTT id) before the timing
                i += 1
                m = m2
        if m is None:  # garbage line: skip it
            i += 1
            continue
        start = _seconds(*m.group(1, 2, 3, 4))
        end = _seconds(*m.group(5, 6, 7, 8))
        i += 1
        body = []
        while i < n and lines[i].strip():
            if _TIMING.match(lines[i]):  # a timing line with no blank line before it
                break
            if i + 1 < n and _TIMING.match(lines[i + 1]) and lines[i].strip().isdigit():
                break  # an SRT number announcing the next cue
            body.append(lines[i])
            i += 1
        if end < start:
            continue
        cue_text = clean_text(body)
        if cue_text:
            cues.append(Cue(start, end, cue_text))
    cues.sort(key=lambda c: (c.start, c.end))
    return cues


def load(path: str | Path) -> list[Cue]:
    data = Path(path).read_bytes()
    cues = parse(decode(data))
    if not cues and data.strip():
        raise SubtitleError(f"no subtitle cue could be read from {Path(path).name}")
    return cues


class Track:
    """Fast lookups on a list of cues: what is on screen at time t (overlaps allowed)."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = sorted(cues, key=lambda c: (c.start, c.end))
        self._starts = [c.start for c in self.cues]
        self._max_len = max((c.end - c.start for c in self.cues), default=0.0)

    def active(self, t: float) -> list[Cue]:
        """Cues showing at ``t`` (start <= t < end); a zero-length cue shows for 0.5 s so it is seen."""
        hi = bisect.bisect_right(self._starts, t)
        lo = bisect.bisect_left(self._starts, t - max(self._max_len, 0.5) - 1e-9)
        return [c for c in self.cues[lo:hi] if c.start <= t < max(c.end, c.start + 0.5)]

    def index_at(self, t: float) -> int:
        """Index of the last cue started at or before ``t`` (-1 before the first)."""
        return bisect.bisect_right(self._starts, t) - 1

    def text_at(self, t: float) -> str:
        return "\n".join(c.text for c in self.active(t))


def search(cues: list[Cue], query: str) -> list[int]:
    """Indexes of the cues whose text contains every word of ``query`` (case and accents ignored)."""
    words = fold(query).split()
    if not words:
        return []
    return [i for i, c in enumerate(cues) if all(w in fold(c.text) for w in words)]
