"""Moodle's embedded answers (Cloze, ``multianswer``) → one ``gaps`` question.

A code ``{weight:TYPE:answers}`` in the question text becomes a gap ``[[gN]]``; ``answers`` are
separated by ``~``, each ``=`` (full credit) or ``%n%`` (n percent) then the text, then an optional
``#feedback``; ``\\~ \\} \\# \\/ \\" \\\\`` are literal characters. The gap's ``points`` is the weight
(default 1), as Moodle weighs sub-questions.
"""

from __future__ import annotations

import html
import re

from cc2desktop.core.quizimport import html as H
from cc2desktop.core.quizimport.common import (MAX_CHOICES, choice_question, entry, letters, numeric_question,
                                               text_question, to_float)
from cc2desktop.core.quizimport.model import Refused

_TYPES = {
    "SHORTANSWER": "sa", "SA": "sa", "MW": "sa",
    "SHORTANSWER_C": "sac", "SAC": "sac", "MWC": "sac",
    "NUMERICAL": "num", "NM": "num",
    "MULTICHOICE": "mc", "MC": "mc", "MULTICHOICE_V": "mc", "MCV": "mc", "MULTICHOICE_H": "mc", "MCH": "mc",
    "MULTICHOICE_S": "mc", "MCS": "mc", "MULTICHOICE_VS": "mc", "MCVS": "mc", "MULTICHOICE_HS": "mc", "MCHS": "mc",
    "MULTIRESPONSE": "mr", "MR": "mr", "MULTIRESPONSE_H": "mr", "MRH": "mr", "MULTIRESPONSE_S": "mr", "MRS": "mr",
    "MULTIRESPONSE_HS": "mr", "MRHS": "mr",
}
CODE = re.compile(r"\{(\d*)\s*:\s*([A-Za-z_]+)\s*:(.*?)(?<!\\)\}", re.DOTALL)
_ESC = {"~": "\ue001", "}": "\ue002", "#": "\ue003", "/": "\ue004", '"': "\ue005", "\\": "\ue006", "{": "\ue007"}
_UNESC = {v: k for k, v in _ESC.items()}
MAX_GAPS = 40


def _protect(s: str) -> str:
    return re.sub(r"\\([~}#/\"\\{])", lambda m: _ESC[m.group(1)], s)


def _restore(s: str) -> str:
    for k, v in _UNESC.items():
        s = s.replace(k, v)
    return s


def _text(s: str) -> str:
    """An answer as written inside the (HTML) question text → plain text."""
    return H.to_text(_restore(s)) if ("<" in s or "&" in s) else html.unescape(_restore(s)).strip()


def _answers(body: str) -> list[tuple[float, str, str]]:
    out = []
    for part in _protect(body).split("~"):
        if not part.strip():
            continue
        part = part.strip()
        frac = 0.0
        if part.startswith("="):
            frac, part = 1.0, part[1:]
        else:
            m = re.match(r"^%\s*(-?\d+(?:[.,]\d+)?)\s*%", part)
            if m:
                frac = max(-1.0, min(1.0, float(m.group(1).replace(",", ".")) / 100.0))
                part = part[m.end():]
        text, _, fb = part.partition("#")
        out.append((round(frac, 7), text, fb))
    return out


def parse(text: str, feedback_html) -> tuple[str, list[dict]]:  # noqa: ANN001 - feedback_html(str) -> str
    """(question text with ``[[gN]]`` in place of each code, the gaps)."""
    gaps: list[dict] = []
    pieces: list[str] = []
    last = 0
    for m in CODE.finditer(text):
        kind = _TYPES.get(m.group(2).strip().upper())
        if kind is None:
            raise Refused(f"embedded answer type {m.group(2)!r} is not supported")
        if len(gaps) >= MAX_GAPS:
            raise Refused(f"more than {MAX_GAPS} embedded answers in one question")
        gid = f"g{len(gaps) + 1}"
        weight = float(m.group(1)) if m.group(1) else 1.0
        answers = _answers(m.group(3))
        if not answers:
            raise Refused(f"embedded answer {len(gaps) + 1} has no answers")
        gap: dict = {"id": gid}
        if weight != 1.0:
            if weight <= 0:
                raise Refused(f"embedded answer {len(gaps) + 1} has weight 0")
            gap["points"] = weight

        def fb(raw: str) -> str | None:
            t = feedback_html(_restore(raw)) if raw.strip() else ""
            return t or None

        n = len(gaps) + 1
        try:
            if kind in ("sa", "sac"):
                accept = [entry({"text": _text(a)[:500]}, frac, fb(f)) for frac, a, f in answers if _text(a)]
                body = text_question(accept, "case_sensitive" if kind == "sac" else "case_insensitive")
            elif kind == "num":
                accept = []
                for frac, a, f in answers:
                    t = _text(a)
                    val, _, tol = t.partition(":")
                    v = "*" if t == "*" else to_float(val)
                    if v is None:
                        raise Refused(f"{t!r} is not a number")
                    base: dict = {"value": v}
                    tolerance = to_float(tol)
                    if v != "*" and tolerance:
                        base["tolerance"] = abs(tolerance)
                    accept.append(entry(base, frac, fb(f)))
                body = numeric_question(accept)
            else:
                if len(answers) > MAX_CHOICES:
                    raise Refused(f"more than {MAX_CHOICES} choices")
                if len(answers) < 2:
                    raise Refused("at least two choices are needed")
                choices = [entry({"id": cid, "text": _text(a) or "—"}, None, fb(f))
                           for cid, (_frac, a, f) in zip(letters(len(answers)), answers)]
                body = choice_question(choices, [a[0] for a in answers], kind == "mc", False)
                body.pop("shuffle")
        except Refused as exc:
            raise Refused(f"embedded answer {n}: {exc.reason}") from exc
        gap.update(body)
        gaps.append(gap)
        pieces.append(text[last:m.start()])
        pieces.append(f"[[{gid}]]")
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), gaps
