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
from cc2desktop.core.quizimport.common import MAX_CHOICES, letters, to_float
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

        if kind in ("sa", "sac"):
            accept = []
            for frac, a, f in answers:
                t = _text(a)
                if not t:
                    continue
                entry: dict = {"text": t}
                if frac != 1.0:
                    entry["weight"] = frac
                if fb(f):
                    entry["feedback"] = fb(f)
                accept.append(entry)
            full = [a["text"] for a in accept if a.get("weight", 1.0) >= 1.0]
            best = max((a.get("weight", 1.0) for a in accept), default=0.0)
            if best <= 0:
                raise Refused(f"embedded answer {len(gaps) + 1} gives no credit for any answer")
            best_text = next(a["text"] for a in accept if a.get("weight", 1.0) == best)
            gap.update({"type": "text", "answer": full or [best_text],
                        "accept": accept, "match": "case_sensitive" if kind == "sac" else "case_insensitive",
                        "wildcard": True})
        elif kind == "num":
            accept = []
            for frac, a, f in answers:
                t = _text(a)
                if t == "*":
                    entry = {"value": "*"}
                else:
                    val, _, tol = t.partition(":")
                    v = to_float(val)
                    if v is None:
                        raise Refused(f"embedded answer {len(gaps) + 1}: {t!r} is not a number")
                    entry = {"value": v}
                    tv = to_float(tol)
                    if tv:
                        entry["tolerance"] = abs(tv)
                if frac != 1.0:
                    entry["weight"] = frac
                if fb(f):
                    entry["feedback"] = fb(f)
                accept.append(entry)
            first = next((a for a in accept if a["value"] != "*" and a.get("weight", 1.0) >= 1.0), None)
            if first is None:
                raise Refused(f"embedded answer {len(gaps) + 1} gives no number full credit")
            gap.update({"type": "numeric", "answer": first["value"], "tolerance": first.get("tolerance", 0),
                        "accept": accept})
        else:
            if len(answers) > MAX_CHOICES:
                raise Refused(f"embedded answer {len(gaps) + 1} has more than {MAX_CHOICES} choices")
            ids = letters(len(answers))
            choices = []
            for cid, (_frac, a, f) in zip(ids, answers):
                c = {"id": cid, "text": _text(a) or "—"}
                if fb(f):
                    c["feedback"] = fb(f)
                choices.append(c)
            fracs = [a[0] for a in answers]
            if len(choices) < 2:
                raise Refused(f"embedded answer {len(gaps) + 1} needs at least two choices")
            if kind == "mc":
                best = max(range(len(fracs)), key=lambda i: fracs[i])
                if fracs[best] <= 0:
                    raise Refused(f"embedded answer {len(gaps) + 1} has no right choice")
                gap.update({"type": "single", "choices": choices, "answer": ids[best]})
                if not (fracs.count(1.0) == 1 and all(f in (0.0, 1.0) for f in fracs)):
                    gap["weights"] = {ids[i]: f for i, f in enumerate(fracs) if f}
            else:
                if not any(f > 0 for f in fracs):
                    raise Refused(f"embedded answer {len(gaps) + 1} has no right choice")
                gap.update({"type": "multiple", "choices": choices,
                            "answer": [ids[i] for i, f in enumerate(fracs) if f > 0],
                            "weights": {ids[i]: f for i, f in enumerate(fracs) if f}})
        gaps.append(gap)
        pieces.append(text[last:m.start()])
        pieces.append(f"[[{gid}]]")
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), gaps
