"""GIFT (Moodle's text format) → course-format questions.

The grammar, from Moodle's GIFT documentation:
- questions are separated by blank lines; lines starting with ``//`` are comments (a comment
  ``// [id:xyz]`` gives the next question its id); ``$CATEGORY: path`` sets the category;
- ``::title::`` names a question; ``[html]``, ``[moodle]``, ``[plain]`` or ``[markdown]`` before a
  text gives its format (answers and feedback default to the question's);
- the answers sit in ``{…}``: text after the block makes it a missing-word question (the block
  becomes ``_____``); no block at all is a description; ``{}`` is an essay;
- ``{T}``/``{TRUE}``/``{F}``/``{FALSE}`` (``#wrong-answer feedback#right-answer feedback``);
- ``~`` wrong and ``=`` right choices (no ``=`` at all: several answers may be ticked), ``%50%``
  weights (negative too), ``#feedback`` after an answer, ``####general feedback`` last;
- only ``=`` answers: short answer (case ignored, ``*`` wildcard);
- ``{#…}`` numerical: ``value``, ``value:tolerance``, ``min..max``, several ``=%n%…`` answers;
- ``=left -> right`` pairs: matching;
- ``\\~ \\= \\# \\{ \\} \\: \\\\`` are literal characters, ``\\n`` a line break.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from cc2desktop.core.quizimport import safexml  # noqa: F401 - registers the cp1252 fallback decoder
from cc2desktop.core.quizimport.common import (MAX_CHOICES, Texts, choice_question, entry, letters,
                                               matching_question, numeric_question, text_question, to_float)
from cc2desktop.core.quizimport.model import Item, MediaStore, QuizImportError, Refusal, Refused, short_name

MAX_BYTES = 64 * 1024 * 1024
_PH = {"\\\\": "\ue010", "\\~": "\ue011", "\\=": "\ue012", "\\#": "\ue013", "\\{": "\ue014", "\\}": "\ue015",
       "\\:": "\ue016", "\\n": "\ue017"}
_BACK = {"\ue010": "\\", "\ue011": "~", "\ue012": "=", "\ue013": "#", "\ue014": "{", "\ue015": "}", "\ue016": ":",
         "\ue017": "\n"}
_FORMATS = {"html": "html", "moodle": "moodle_auto_format", "plain": "plain_text", "markdown": "markdown"}
_FMT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%\s*(-?\d+(?:[.,]\d+)?)\s*%")
_TF = re.compile(r"^\s*(T|TRUE|F|FALSE|V|VRAI|FAUX)\s*(#|$)", re.IGNORECASE)


def protect(s: str) -> str:
    s = s.replace("\\\\", _PH["\\\\"])
    for k, v in _PH.items():
        if k != "\\\\":
            s = s.replace(k, v)
    return s


def restore(s: str) -> str:
    for k, v in _BACK.items():
        s = s.replace(k, v)
    return s


def decode(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="cc2-cp1252")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8", errors="cc2-cp1252")


def read(path: Path, media: MediaStore) -> list[Item | Refusal]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise QuizImportError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB", code="quiz_import_size")
        text = decode(path.read_bytes())
    except OSError as exc:
        raise QuizImportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if "\x00" in text:
        raise QuizImportError("not a GIFT text file (binary content)", line=1)
    return parse(text, media)


def _chunks(text: str) -> list[tuple[int, str, str | None]]:
    """(first line, text, id from a ``// [id:…]`` comment) of each question, in order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[tuple[int, str, str | None]] = []
    cur: list[str] = []
    start = 0
    pending_id: str | None = None
    cur_id: str | None = None
    depth = 0

    def close() -> None:
        nonlocal cur, depth, cur_id
        if cur:
            out.append((start, "\n".join(cur), cur_id))
        cur, depth, cur_id = [], 0, None

    for no, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            m = re.search(r"\[id:([^\]]+)\]", stripped)
            if m:
                pending_id = m.group(1).strip()
            continue
        if not stripped:
            if depth > 0:  # a blank line inside an answer block: the block goes on (intent is clear)
                cur.append("")
                continue
            close()
            continue
        if not cur:
            start = no
            cur_id, pending_id = pending_id, None
        cur.append(line)
        p = protect(line)
        depth = max(0, depth + p.count("{") - p.count("}"))
    close()
    return out


def parse(text: str, media: MediaStore | None) -> list[Item | Refusal]:
    results: list[Item | Refusal] = []
    category: str | None = None
    for line, chunk, idnumber in _chunks(text):
        body = chunk.strip()
        if body.startswith("$CATEGORY:"):
            first, _, rest = body.partition("\n")
            category = first[len("$CATEGORY:"):].strip() or None
            if not rest.strip():
                continue
            body, line = rest.strip(), line + 1
        name = short_name(_name_of(body), f"question at line {line}")
        try:
            item = _question(body, media, name, line)
        except Refused as exc:
            results.append(Refusal(name, line, exc.reason))
            continue
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
            results.append(Refusal(name, line, f"cannot be read: {type(exc).__name__}: {exc}"))
            continue
        item.idnumber, item.category = idnumber, category
        results.append(item)
    return results


def _name_of(body: str) -> str:
    p = protect(body)
    m = re.match(r"^\s*::(.*?)::", p, re.DOTALL)
    if m:
        return restore(m.group(1)).strip()
    t = _FMT.sub("", p)
    return restore(t.split("{", 1)[0]).strip()[:60]


class _G:
    def __init__(self, media: MediaStore | None, fmt: str) -> None:
        self.texts = Texts(media)
        self.fmt = fmt

    def split_fmt(self, s: str) -> tuple[str, str]:
        m = _FMT.match(s)
        if m:
            return s[m.end():], _FORMATS[m.group(1).lower()]
        return s, self.fmt

    def rich(self, s: str) -> str:
        s, fmt = self.split_fmt(s.strip())
        return self.texts.html(restore(s).strip(), fmt)

    def plain(self, s: str, what: str = "an answer") -> str:
        s, fmt = self.split_fmt(s.strip())
        return self.texts.plain(restore(s).strip(), fmt, what)

    def feedback(self, s: str | None) -> str | None:
        if s is None or not s.strip():
            return None
        return self.rich(s) or None


def _weight(s: str) -> tuple[float | None, str]:
    m = _WEIGHT.match(s)
    if not m:
        return None, s
    return max(-1.0, min(1.0, float(m.group(1).replace(",", ".")) / 100.0)), s[m.end():]


def _question(body: str, media: MediaStore | None, name: str, line: int) -> Item:
    p = protect(body)
    m = re.match(r"^\s*::(.*?)::", p, re.DOTALL)
    if m:
        p = p[m.end():]
    fmt = "moodle_auto_format"
    fm = _FMT.match(p)
    if fm:
        fmt = _FORMATS[fm.group(1).lower()]
        p = p[fm.end():]
    g = _G(media, fmt)
    open_at = p.find("{")
    if open_at < 0:
        text = g.rich(p)
        if not text:
            raise Refused("empty question")
        return Item({"type": "description", "prompt": text}, name, line, "description", list(g.texts.images))
    close_at = p.find("}", open_at)
    if close_at < 0:
        raise Refused("the answer block '{' is never closed with '}'")
    before, inner, after = p[:open_at], p[open_at + 1:close_at], p[close_at + 1:]
    if "{" in inner:
        raise Refused("a second '{' inside the answer block (write \\{ for a literal brace)")
    if after.strip():  # missing word: the block becomes the blank, as Moodle writes it
        prompt_src = before + "_____" + after
    else:
        prompt_src = before
    answer, _, general = inner.partition("####")
    q: dict[str, Any] = {"prompt": g.rich(prompt_src)}
    if general.strip():
        q["explanation"] = g.rich(general)
    a = answer.strip()
    if not a:
        raise Refused("essay questions are marked by a teacher; the app grades automatically. Keep it as a "
                      "reflection in the capsule, or rewrite it with an answer key")
    if a.startswith("#"):
        q.update(_numerical(g, a[1:]))
        kind = "numerical"
    elif "~" in a:
        q.update(_multichoice(g, a))
        kind = "multichoice"
    elif "->" in a:
        q.update(_matching(g, a))
        kind = "matching"
    elif _TF.match(a):
        q.update(_truefalse(g, a))
        kind = "truefalse"
    else:
        q.update(_shortanswer(g, a))
        kind = "shortanswer"
    if not q["prompt"]:
        raise Refused("the question text is empty")
    return Item(q, name, line, kind, list(g.texts.images))


def _parts(a: str, markers: str) -> list[tuple[str, str]]:
    """Split ``=x ~y =z`` into (marker, text) pairs (text before the first marker is dropped)."""
    out = []
    for piece in re.split(f"(?=[{re.escape(markers)}])", a):
        piece = piece.strip()
        if piece and piece[0] in markers:
            out.append((piece[0], piece[1:]))
        elif piece:
            out.append(("", piece))
    return out


def _multichoice(g: _G, a: str) -> dict:
    parts = [(mk, t) for mk, t in _parts(a, "~=") if mk]
    if len(parts) < 2:
        raise Refused("a multiple choice question needs at least two answers")
    if len(parts) > MAX_CHOICES:
        raise Refused(f"more than {MAX_CHOICES} answers")
    ids = letters(len(parts))
    choices, fracs = [], []
    for cid, (mk, t) in zip(ids, parts):
        w, t = _weight(t)
        text, _, fb = t.partition("#")
        frac = w if w is not None else (1.0 if mk == "=" else 0.0)
        c: dict[str, Any] = {"id": cid, "text": g.plain(text)}
        f = g.feedback(fb)
        if f:
            c["feedback"] = f
        choices.append(c)
        fracs.append(round(frac, 7))
    return choice_question(choices, fracs, "=" in a, True, " (mark the right one with = or a %weight%)")


def _truefalse(g: _G, a: str) -> dict:
    word, _, rest = a.partition("#")
    wrong_fb, _, right_fb = rest.partition("#")
    value = word.strip().upper() in ("T", "TRUE", "V", "VRAI")
    out: dict[str, Any] = {"type": "true_false", "answer": value}
    fb: dict[str, str] = {}
    right, wrong = g.feedback(right_fb), g.feedback(wrong_fb)
    if right:
        fb["true" if value else "false"] = right
    if wrong:
        fb["false" if value else "true"] = wrong
    if fb:
        out["feedback"] = fb
    return out


def _shortanswer(g: _G, a: str) -> dict:
    parts = _parts(a, "=")
    accept = []
    for _mk, t in parts:
        w, t = _weight(t)
        text, _, fb = t.partition("#")
        text = restore(g.split_fmt(text.strip())[0]).strip()
        if not text:
            continue
        accept.append(entry({"text": text[:500]}, w, g.feedback(fb)))
    return text_question(accept, "case_insensitive")


def _number(s: str) -> tuple[float, float]:
    s = restore(s).strip()
    if ".." in s:
        lo, _, hi = s.partition("..")
        a, b = to_float(lo), to_float(hi)
        if a is None or b is None:
            raise Refused(f"{s!r} is not a range of numbers")
        a, b = min(a, b), max(a, b)
        return (a + b) / 2, (b - a) / 2
    val, _, tol = s.partition(":")
    v = to_float(val)
    if v is None:
        raise Refused(f"{s!r} is not a number")
    t = to_float(tol, 0.0) if tol.strip() else 0.0
    if t is None:
        raise Refused(f"tolerance {tol!r} is not a number")
    return v, abs(t)


def _numerical(g: _G, a: str) -> dict:
    parts = _parts(a, "=~") if ("=" in a or "~" in a) else [("=", a)]
    accept = []
    for mk, t in parts:
        w, t = _weight(t)
        value, _, fb = t.partition("#")
        base: dict[str, Any]
        if not value.strip():
            if mk != "~":
                continue
            base = {"value": "*"}
        else:
            v, tol = _number(value)
            base = {"value": v}
            if tol:
                base["tolerance"] = tol
        weight = w if w is not None else (0.0 if mk == "~" else 1.0)
        accept.append(entry(base, weight, g.feedback(fb)))
    return numeric_question(accept)


def _matching(g: _G, a: str) -> dict:
    pairs = []
    for _mk, t in _parts(a, "="):
        if "->" not in t:
            raise Refused(f"matching pair {restore(t).strip()[:40]!r} has no '->'")
        stem, _, target = t.partition("->")
        pairs.append((g.plain(stem, "a matching item"), g.plain(target, "a matching answer")))
    return matching_question(pairs)
