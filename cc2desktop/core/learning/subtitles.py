"""WebVTT and SRT subtitles, as found in the wild.

Tolerates: a UTF-8 BOM, CRLF or CR line ends, ``WEBVTT`` headers with text, ``NOTE``/``STYLE``/
``REGION`` blocks, cue identifiers, cue settings after the timing (``align:start line:90%``),
styling tags (``<i>``, ``<b>``, ``<c.yellow>``, ``<v Speaker>``, ``<00:00:01.000>``, ``{\\an8}``),
hours-less timestamps (``01:02.500``), commas or dots before the milliseconds, overlapping cues,
zero-length or reversed cues (kept when zero-length, dropped when reversed), numbering gaps, a
missing blank line at the end, Latin-1/Windows-1252 files, a UTF-8 file with one stray byte, UTF-16
with or without a BOM, ASS ``\\N``/``\\h``, ``<`` and ``>`` in the text (``Si x < 5``), a bare ``&``
(``&notamment``), tag debris, a cue id starting with ``NOTE``.

The format is sniffed from the content (an installed pack stores files by hash, without their
extension). Nothing here imports Qt.
"""

from __future__ import annotations

import bisect
import codecs
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
# A markup tag: <i>, </i>, <c.yellow>, <v Speaker>, <font color="red">, <00:00:01.000>. Not "< 5" nor
# "x<y>z" in prose: a tag name starts right after "<" (or "</") with a letter, a timestamp with a digit.
_TAG_NAMES = r"(?:[biu]|c|v|lang|ruby|rt|font|span|br|em|strong|sub|sup|s)"
_TAG = re.compile(r"</?" + _TAG_NAMES + r"(?:[.\s][^<>]*)?/?>|<\d{1,2}(?::\d{2}){1,2}[.,]\d{1,3}>", re.IGNORECASE)
# what a broken editor leaves: a tag cut at the end or start of a line, an unclosed {\...} override
_TAG_DEBRIS = re.compile(r"</?" + _TAG_NAMES + r"(?:[.\s][^<>]*)?$|^/?" + _TAG_NAMES + r">|\{\\[^}\s]*(?:\s|$)|\{\}",
                         re.IGNORECASE)
_ASS = re.compile(r"\{\\[^}]*\}")
# an entity with its semicolon (&eacute; &#233; &#xE9;); "&notamment" is text, not "¬amment"
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _seconds(h: str | None, m: str, s: str, frac: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(frac.ljust(3, "0")[:3]) / 1000


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when ``data`` looks like UTF-16 text without a BOM (mostly ASCII: one
    byte of every pair is zero), else None."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    pairs = len(sample) // 2
    even_zero = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd_zero = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd_zero > 0.6 * pairs and even_zero < 0.1 * pairs:
        return "utf-16-le"
    if even_zero > 0.6 * pairs and odd_zero < 0.1 * pairs:
        return "utf-16-be"
    return None


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("cc2desktop.cp1252", _cp1252_fallback)


def decode(data: bytes) -> str:
    """Text of a subtitle or transcript file: UTF-8 (BOM or not), UTF-16 (BOM or not), or
    Windows-1252/Latin-1. A UTF-8 file with a stray byte stays UTF-8 (that byte alone is read as
    Windows-1252); a file with no UTF-8 sequence at all is read as Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    elif (utf16 := _utf16_without_bom(data)) is not None:
        return data.decode(utf16, errors="replace").lstrip("\ufeff")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        mixed = data.decode("utf-8", errors="cc2desktop.cp1252")
        strict = data.decode("utf-8", errors="ignore")
        # not one valid multi-byte UTF-8 sequence: a Windows-1252 file (its é is one byte)
        text = mixed if any(ord(ch) > 0x7F for ch in strict) else data.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff")


def load_text(path: str | Path) -> str:
    """A transcript (plain text), decoded like subtitles; line ends made LF."""
    return decode(Path(path).read_bytes()).replace("\r\n", "\n").replace("\r", "\n")


def clean_line(line: str) -> str:
    line = _ASS.sub("", _TAG.sub("", line))
    line = _TAG_DEBRIS.sub("", line)
    line = line.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")  # ASS line break, hard space
    line = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    return line.replace("\u00a0", " ")


def clean_text(lines: list[str]) -> str:
    out = []
    for line in lines:
        for part in clean_line(line).split("\n"):
            part = " ".join(part.split())
            if part:
                out.append(part)
    return "\n".join(out)


def _is_comment_block(lines: list[str], i: int) -> bool:
    """A WebVTT NOTE/STYLE/REGION block, not a cue whose identifier starts with those words (a cue id
    is followed by its timing line)."""
    line = lines[i].strip()
    if not (line in ("NOTE", "STYLE", "REGION") or line.startswith(("NOTE ", "NOTE\t", "STYLE ", "REGION "))):
        return False
    return not (i + 1 < len(lines) and _TIMING.match(lines[i + 1]))


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
        if is_vtt and _is_comment_block(lines, i):
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
