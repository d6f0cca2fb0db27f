"""Practice quizzes: loading (docs/course-source-format.md) and grading of the question types.

Grading is pure: ``grade(question, response) -> Grade``. Responses are plain JSON values:
single → choice id; multiple → list of ids; true_false → bool; numeric → number or text
("54", "3,5", "12 km"); text → string; ordering → list of item ids; matching → {left id: right id};
gaps → {gap id: that gap's response}.

Optional fields carry what faithful grading of imported quizzes needs (docs/quiz-import.md): choice
``weights`` (partial credit, negative marking), ``accept`` lists tried in order (numeric tolerance
and several values, short answers with ``*`` wildcards and their own weights), ``units``, ordering
``grading`` modes and the ``gaps`` type. A question without them grades as it always did.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cc2desktop.core.errors import ValidationError
from cc2desktop.core.learning.texts import fold

TYPES = ("single", "multiple", "true_false", "numeric", "text", "ordering", "matching", "gaps")
XAPI_TYPES = {
    "single": "choice", "multiple": "choice", "true_false": "true-false", "numeric": "numeric",
    "text": "fill-in", "ordering": "sequencing", "matching": "matching", "gaps": "other",
}
EPS = 1e-9


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # this question's score: 0..1, below 0 only for a negatively weighted single choice
    expected: Any  # the right answer, for feedback
    feedback: tuple[dict, ...] = ()  # {lang: text} maps to show after answering (picked choices, outcome)


@dataclass
class Quiz:
    id: str
    questions: list[dict]
    mastery_score: float = 0.6
    raw: dict = field(default_factory=dict)
    scoring: str = "right_answers"  # or "fractions"
    images: dict[str, Path] = field(default_factory=dict)  # <img src> of HTML questions → file on disk

    def question(self, qid: str) -> dict:
        for q in self.questions:
            if q["id"] == qid:
                return q
        raise ValidationError(f"no question {qid!r} in quiz {self.id}")

    def attempt_score(self, scores: dict[str, float]) -> tuple[float, float]:
        """(points, max points) of an attempt from each question's score in it (missing = 0)."""
        return attempt_points(self.questions, scores, self.scoring)


def attempt_points(questions: list[dict], scores: dict[str, float], scoring: str | None) -> tuple[float, float]:
    """``right_answers``: a point per question fully right. ``fractions``: Σ points × score (a
    question's ``points`` default 1), never below 0 in total — Moodle's sum of marks."""
    if scoring == "fractions":
        weights = [float(q.get("points") or 1.0) for q in questions]
        got = sum(w * float(scores.get(q["id"], 0.0)) for w, q in zip(weights, questions))
        return max(0.0, got), float(sum(weights))
    return float(sum(1 for q in questions if scores.get(q["id"], 0.0) >= 1.0 - EPS)), float(len(questions))


def load_quiz(path: str | Path) -> Quiz:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"cannot read the quiz {Path(path).name}: {exc}") from exc
    folder = Path(path).parent
    return quiz_from_dict(data, resolve=lambda src: folder / src)


def quiz_from_dict(data: dict, resolve: Callable[[str], Path] | None = None) -> Quiz:
    """``resolve(src)`` maps an image path of an HTML question to its file (source folder: relative
    to the quiz file; installed pack: the pack path)."""
    qs = data.get("questions") or []
    for q in qs:
        if q.get("type") not in TYPES:
            raise ValidationError(f"question {q.get('id')!r}: unknown type {q.get('type')!r}")
    images: dict[str, Path] = {}
    if resolve is not None:
        from cc2desktop.core.packs.manifest import media_paths

        for q in qs:
            for src in media_paths(q):
                try:
                    images[src] = Path(resolve(src))
                except (KeyError, ValueError, OSError):
                    continue
    return Quiz(id=str(data.get("id", "quiz")), questions=qs, mastery_score=float(data.get("mastery_score", 0.6)),
                raw=data, scoring=str(data.get("scoring") or "right_answers"), images=images)


_NUM = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_SPACES = ("\u00a0", " ", "\u202f", "\u2009")


def parse_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip()
    for sp in _SPACES:
        text = text.replace(sp, "")
    text = text.replace("\u2212", "-")  # the minus sign
    if not _NUM.match(text):
        return None
    try:
        x = float(text.replace(",", "."))
    except (ValueError, OverflowError):
        return None
    return x if math.isfinite(x) else None


def normalise_text(text: str) -> str:
    """Case, accents, spaces and trailing punctuation do not matter."""
    t = fold(str(text))
    t = re.sub(r"[\s\-_]+", " ", t)
    return t.strip(" .!?;:'\"«»")


def check_response(q: dict, response: Any) -> Any:
    """The response when it has the shape its question type takes and fits the length limits, else
    a :class:`ValidationError` (``bad_answer``, or ``too_long`` for a typed text over
    :data:`cc2desktop.core.limits.TEXT_ANSWER`). ``None`` (no answer) is accepted."""
    from cc2desktop.core import limits

    if response is None:
        return None
    kind = str(q.get("type"))

    def ids(r: Any) -> bool:
        return isinstance(r, list) and len(r) <= 64 and all(isinstance(x, str) and len(x) <= 64 for x in r)

    ok = {
        "single": lambda r: isinstance(r, str) and len(r) <= 64,
        "multiple": ids,
        "true_false": lambda r: isinstance(r, bool),
        "numeric": lambda r: (isinstance(r, (int, float)) and not isinstance(r, bool)) or isinstance(r, str),
        "text": lambda r: isinstance(r, str),
        "ordering": ids,
        "matching": lambda r: isinstance(r, dict) and len(r) <= 64 and all(
            isinstance(k, str) and len(k) <= 64 and (v is None or (isinstance(v, str) and len(v) <= 64))
            for k, v in r.items()),
        "gaps": lambda r: isinstance(r, dict) and len(r) <= 64 and all(
            isinstance(k, str) and len(k) <= 64 for k in r),
    }.get(kind)
    if ok is None or not ok(response):
        raise ValidationError(f"question {q.get('id')!r}: this answer does not fit a {kind} question",
                              code="bad_answer")
    if isinstance(response, str) and kind in ("text", "numeric"):
        limits.check_text(response, limits.TEXT_ANSWER, "answer")
    if kind == "gaps":
        gaps = {g.get("id"): g for g in q.get("gaps") or []}
        for k, v in response.items():
            if k not in gaps:
                raise ValidationError(f"question {q.get('id')!r}: no gap {k!r}", code="bad_answer")
            check_response({**gaps[k], "id": f"{q.get('id')}.{k}"}, v)
    return response


def answer_fields(q: dict, response: Any) -> dict[str, Any]:
    """The response part of a ``quiz.answered`` payload: the xAPI string form, and the plain JSON
    value beside it only when it says something the string does not (a typed text is never
    stored twice)."""
    out: dict[str, Any] = {"response": xapi_response(q, response)}
    if q.get("type") != "text":
        out["raw_response"] = response
    return out


def _fb(texts: Any) -> tuple[dict, ...]:
    return (texts,) if isinstance(texts, dict) and any(texts.values()) else ()


def _choice_feedback(q: dict, ids: list[str]) -> tuple[dict, ...]:
    out: tuple[dict, ...] = ()
    for c in q.get("choices") or []:
        if str(c.get("id")) in ids:
            out += _fb(c.get("feedback"))
    return out


# --- per type ------------------------------------------------------------------------------------
def _single(q: dict, response: Any) -> Grade:
    ans = q.get("answer")
    chosen = None if response is None or response == "" else str(response)
    fb = _choice_feedback(q, [chosen] if chosen is not None else [])
    weights = q.get("weights")
    if weights:
        w = float(weights.get(chosen, 0.0)) if chosen is not None else 0.0
        return Grade(w >= 1.0 - EPS, w, ans, fb)
    ok = chosen is not None and chosen == str(ans)
    return Grade(ok, 1.0 if ok else 0.0, ans, fb)


def _multiple(q: dict, response: Any) -> Grade:
    want = {str(a) for a in q.get("answer") or []}
    got = {str(r) for r in (response or [])} if isinstance(response, (list, tuple, set)) else set()
    ids = [str(c["id"]) for c in q.get("choices", [])]
    fb = _choice_feedback(q, sorted(got, key=lambda c: ids.index(c) if c in ids else len(ids)))
    weights = q.get("weights")
    if weights:
        total = sum(float(weights.get(c, 0.0)) for c in got if c in ids)
        score = min(1.0, max(0.0, total))
        return Grade(score >= 1.0 - EPS, score, sorted(want), fb)
    ok = got == want
    if q.get("grading") == "all_or_nothing":
        return Grade(ok, 1.0 if ok else 0.0, sorted(want), fb)
    all_ids = set(ids) or (want | got)
    right = sum(1 for c in all_ids if (c in want) == (c in got))
    return Grade(ok, 1.0 if ok else right / len(all_ids) if all_ids else 0.0, sorted(want), fb)


def _true_false(q: dict, response: Any) -> Grade:
    val = response
    if isinstance(val, str):
        val = {"true": True, "vrai": True, "false": False, "faux": False}.get(val.strip().lower())
    ans = q.get("answer")
    ok = isinstance(val, bool) and val == bool(ans)
    fb: tuple[dict, ...] = ()
    if isinstance(val, bool) and isinstance(q.get("feedback"), dict):
        fb = _fb(q["feedback"].get("true" if val else "false"))
    return Grade(ok, 1.0 if ok else 0.0, bool(ans), fb)


_UNIT_SPLIT = re.compile(r"^\s*([+\-\u2212]?[\d\s\u00a0\u202f.,]*\d(?:[eE][+-]?\d+)?)\s*(.*?)\s*$", re.DOTALL)
_UNIT_LEFT = re.compile(r"^\s*(\D*?)\s*([+\-\u2212]?[\d\s\u00a0\u202f.,]*\d(?:[eE][+-]?\d+)?)\s*$", re.DOTALL)


def parse_with_units(q: dict, response: Any) -> tuple[float | None, bool]:
    """(value in the base unit, whether the unit was right). Without ``units`` only a bare number
    counts; with them, a known unit (before or after the number) converts the value, a missing or
    unknown one leaves it as is and is reported as not right."""
    units = q.get("units") or []
    value = parse_number(response)
    if value is not None:
        return value, not units
    if not units or isinstance(response, (int, float, bool)) or response is None:
        return None, False
    text = str(response)
    for pattern, num_group, unit_group in ((_UNIT_SPLIT, 1, 2), (_UNIT_LEFT, 2, 1)):
        m = pattern.match(text)
        if not m:
            continue
        number = parse_number(m.group(num_group))
        if number is None:
            continue
        unit = m.group(unit_group).strip()
        for u in units:
            if unit == str(u.get("unit", "")).strip():
                return number / float(u.get("multiplier") or 1.0), True
        return number, False
    return None, False


def _numeric(q: dict, response: Any) -> Grade:
    value, unit_ok = parse_with_units(q, response)
    accept = q.get("accept")
    if not accept:
        accept = [{"value": q.get("answer"), "tolerance": q.get("tolerance", 0) or 0}]
    expected = q.get("answer")
    if expected is None:
        expected = next((a["value"] for a in accept
                         if a.get("value") != "*" and float(a.get("weight", 1.0)) >= 1.0 - EPS), None)
    blank = response is None or (isinstance(response, str) and not response.strip())
    for a in accept:
        target = a.get("value")
        if target == "*":
            hit = not blank
        elif target is None or value is None:
            hit = False
        else:
            tol = abs(float(a.get("tolerance") or 0))
            hit = abs(value - float(target)) <= tol + 1e-9 * max(1.0, abs(float(target)))
        if not hit:
            continue
        score = float(a.get("weight", 1.0) if a.get("weight") is not None else 1.0)
        if q.get("units") and q.get("unit_grading") and not unit_ok:
            penalty = float(q.get("unit_penalty") or 0)
            score = score * (1 - penalty) if q["unit_grading"] == "response" else max(0.0, score - penalty)
        return Grade(score >= 1.0 - EPS, score, expected, _fb(a.get("feedback")))
    return Grade(False, 0.0, expected)


def _wildcard_regex(pattern: str, flags: int) -> re.Pattern:
    """``*`` matches any text (runs of stars are one), ``\\*`` is a literal star."""
    parts, buf, i = [], [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and pattern[i + 1] == "*":
            buf.append("*")
            i += 2
            continue
        if ch == "*":
            parts.append("".join(buf))
            buf = []
            while i < len(pattern) and pattern[i] == "*":
                i += 1
            continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return re.compile(".*".join(re.escape(p) for p in parts), flags | re.DOTALL)


def text_matches(pattern: str, response: str, match: str | None = None, wildcard: bool | None = None) -> bool:
    mode = match or "normalised"
    if mode == "normalised":
        pat, got = normalise_text(pattern), normalise_text(response)
        flags = 0
    else:
        pat = unicodedata.normalize("NFC", str(pattern)).strip()
        got = unicodedata.normalize("NFC", str(response)).strip()
        flags = re.IGNORECASE if mode == "case_insensitive" else 0
        if mode == "case_insensitive":
            pat, got = pat.casefold(), got.casefold()
    if not got:
        return False
    if wildcard and "*" in pat:
        return _wildcard_regex(pat, flags).fullmatch(got) is not None
    if wildcard:
        pat = pat.replace("\\*", "*")
    return got == pat


def _text(q: dict, response: Any) -> Grade:
    answers = q.get("answer")
    answers = answers if isinstance(answers, list) else [answers] if answers is not None else []
    accept = q.get("accept") or [{"text": a} for a in answers]
    got = "" if response is None else str(response)
    expected = answers[0] if answers else next(
        (a["text"] for a in accept if float(a.get("weight") or 1.0) >= 1.0 - EPS), None)
    for a in accept:
        if text_matches(a["text"], got, q.get("match"), q.get("wildcard")):
            score = float(a["weight"]) if a.get("weight") is not None else 1.0
            return Grade(score >= 1.0 - EPS, score, expected, _fb(a.get("feedback")))
    return Grade(False, 0.0, expected)


def ordering_points(want: list[str], got: list[str], grading: str | None) -> tuple[float, float]:
    """(points, max points) of an ordering response under one of Moodle's ordering gradings."""
    n = len(want)
    mode = grading or "absolute_position"
    pos = {x: i for i, x in enumerate(want)}
    if mode == "all_or_nothing":
        return (1.0 if got == want else 0.0), 1.0
    if mode == "absolute_position":
        return float(sum(1 for a, b in zip(got, want) if a == b)), float(n)
    known = [x for x in got if x in pos]
    if mode == "relative_to_correct":
        return float(sum(max(0, (n - 1) - abs(i - pos[x])) for i, x in enumerate(got) if x in pos)), float(n * (n - 1))
    nxt = {x: (want[i + 1] if i + 1 < n else None) for i, x in enumerate(want)}
    prev = {x: (want[i - 1] if i > 0 else None) for i, x in enumerate(want)}
    if mode in ("relative_next_exclude_last", "relative_next_include_last"):
        last = mode == "relative_next_include_last"
        pts = 0
        for i, x in enumerate(got):
            after = got[i + 1] if i + 1 < len(got) else None
            if after is None and not last:
                continue
            pts += x in nxt and nxt[x] == after
        return float(pts), float(n if last else n - 1)
    if mode == "relative_one_previous_and_next":
        pts = 0
        for i, x in enumerate(got):
            if x not in pos:
                continue
            pts += prev[x] == (got[i - 1] if i > 0 else None)
            pts += nxt[x] == (got[i + 1] if i + 1 < len(got) else None)
        return float(pts), float(2 * n)
    if mode == "relative_all_previous_and_next":
        pts = 0
        for i, x in enumerate(got):
            if x not in pos:
                continue
            pts += sum(1 for y in got[:i] if y in pos and pos[y] < pos[x])
            pts += sum(1 for y in got[i + 1:] if y in pos and pos[y] > pos[x])
        return float(pts), float(n * (n - 1))
    if mode in ("longest_ordered_subset", "longest_contiguous_subset"):
        seq = [pos[x] for x in known]
        if mode == "longest_contiguous_subset":
            best = run = 1 if seq else 0
            for a, b in zip(seq, seq[1:]):
                run = run + 1 if b == a + 1 else 1
                best = max(best, run)
        else:  # longest increasing subsequence
            tails: list[int] = []
            for v in seq:
                lo, hi = 0, len(tails)
                while lo < hi:
                    mid = (lo + hi) // 2
                    if tails[mid] < v:
                        lo = mid + 1
                    else:
                        hi = mid
                tails[lo:lo + 1] = [v]
            best = len(tails)
        return (float(best) if best >= 2 else 0.0), float(n)
    raise ValidationError(f"unknown ordering grading {mode!r}")


def _ordering(q: dict, response: Any) -> Grade:
    want = [str(a) for a in q.get("answer") or []]
    got = [str(r) for r in (response or [])] if isinstance(response, (list, tuple)) else []
    ok = got == want
    pts, most = ordering_points(want, got, q.get("grading"))
    score = 1.0 if ok else (pts / most if most else 0.0)
    return Grade(ok, score, want)


def _matching(q: dict, response: Any) -> Grade:
    want = {str(k): str(v) for k, v in (q.get("answer") or {}).items()}
    got = {str(k): str(v) for k, v in (response or {}).items() if v is not None} if isinstance(response, dict) else {}
    ok = all(got.get(k) == v for k, v in want.items()) and set(got) <= set(want)
    if q.get("grading") == "all_or_nothing":
        return Grade(ok, 1.0 if ok else 0.0, want)
    right = sum(1 for k, v in want.items() if got.get(k) == v)
    return Grade(ok, 1.0 if ok else right / len(want) if want else 0.0, want)


def _gaps(q: dict, response: Any) -> Grade:
    resp = response if isinstance(response, dict) else {}
    total = got = 0.0
    ok = True
    expected: dict[str, Any] = {}
    fb: tuple[dict, ...] = ()
    for gap in q.get("gaps") or []:
        g = _GRADERS[gap["type"]](gap, resp.get(gap["id"]))
        w = float(gap.get("points") or 1.0)
        total += w
        got += w * g.score
        ok = ok and g.correct
        expected[gap["id"]] = g.expected
        fb += g.feedback
    ok = ok and bool(total)
    score = 1.0 if ok else (0.0 if q.get("grading") == "all_or_nothing" else got / total if total else 0.0)
    return Grade(ok, score, expected, fb)


_GRADERS: dict[str, Callable[[dict, Any], Grade]] = {
    "single": _single, "multiple": _multiple, "true_false": _true_false, "numeric": _numeric, "text": _text,
    "ordering": _ordering, "matching": _matching, "gaps": _gaps,
}


def grade(q: dict, response: Any) -> Grade:
    kind = q["type"]
    fn = _GRADERS.get(kind)
    if fn is None:
        raise ValidationError(f"unknown question type {kind!r}")
    g = fn(q, response)
    outcome = q.get("outcome_feedback")
    if isinstance(outcome, dict):
        key = "right" if g.correct else "partial" if g.score > EPS else "wrong"
        extra = _fb(outcome.get(key))
        if extra:
            g = Grade(g.correct, g.score, g.expected, g.feedback + extra)
    return g


def xapi_response(q: dict, response: Any) -> str:
    """The response in xAPI's string form (choice ids joined by ``[,]``, pairs ``l[.]r``)."""
    kind = q["type"]
    if kind in ("multiple", "ordering"):
        return "[,]".join(str(r) for r in (response or []))
    if kind in ("matching", "gaps"):
        items = sorted((response or {}).items()) if isinstance(response, dict) else []
        return "[,]".join(f"{k}[.]{xapi_response({'type': 'multiple'}, v) if isinstance(v, list) else v}"
                          for k, v in items)
    if kind == "true_false":
        return "true" if response is True else "false" if response is False else ""
    return "" if response is None else str(response)
