"""Practice quizzes: loading (docs/course-source-format.md) and grading of the seven question types.

Grading is pure: ``grade(question, response) -> Grade``. Responses are plain JSON values:
single → choice id; multiple → list of ids; true_false → bool; numeric → number or text
("54", "3,5"); text → string; ordering → list of item ids; matching → {left id: right id}.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cc2desktop.core.errors import ValidationError
from cc2desktop.core.learning.subtitles import fold

TYPES = ("single", "multiple", "true_false", "numeric", "text", "ordering", "matching")
XAPI_TYPES = {
    "single": "choice", "multiple": "choice", "true_false": "true-false", "numeric": "numeric",
    "text": "fill-in", "ordering": "sequencing", "matching": "matching",
}


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0..1 for this question (partial credit for multiple/ordering/matching)
    expected: Any  # the right answer, for feedback


@dataclass
class Quiz:
    id: str
    questions: list[dict]
    mastery_score: float = 0.6
    raw: dict = field(default_factory=dict)

    def question(self, qid: str) -> dict:
        for q in self.questions:
            if q["id"] == qid:
                return q
        raise ValidationError(f"no question {qid!r} in quiz {self.id}")


def load_quiz(path: str | Path) -> Quiz:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"cannot read the quiz {Path(path).name}: {exc}") from exc
    return quiz_from_dict(data)


def quiz_from_dict(data: dict) -> Quiz:
    qs = data.get("questions") or []
    for q in qs:
        if q.get("type") not in TYPES:
            raise ValidationError(f"question {q.get('id')!r}: unknown type {q.get('type')!r}")
    return Quiz(id=str(data.get("id", "quiz")), questions=qs, mastery_score=float(data.get("mastery_score", 0.6)),
                raw=data)


_NUM = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if not _NUM.match(text):
        return None
    return float(text.replace(",", "."))


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
    kind = q.get("type")
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
    }.get(kind)
    if ok is None or not ok(response):
        raise ValidationError(f"question {q.get('id')!r}: this answer does not fit a {kind} question",
                              code="bad_answer")
    if isinstance(response, str) and kind in ("text", "numeric"):
        limits.check_text(response, limits.TEXT_ANSWER, "answer")
    return response


def answer_fields(q: dict, response: Any) -> dict[str, Any]:
    """The response part of a ``quiz.answered`` payload: the xAPI string form, and the plain JSON
    value beside it only when it says something the string does not (a typed text is never
    stored twice)."""
    out: dict[str, Any] = {"response": xapi_response(q, response)}
    if q.get("type") != "text":
        out["raw_response"] = response
    return out


def grade(q: dict, response: Any) -> Grade:
    kind = q["type"]
    ans = q.get("answer")
    if kind == "single":
        ok = response is not None and str(response) == str(ans)
        return Grade(ok, 1.0 if ok else 0.0, ans)
    if kind == "multiple":
        want = {str(a) for a in ans}
        got = {str(r) for r in (response or [])}
        ok = got == want
        all_ids = {str(c["id"]) for c in q.get("choices", [])} or (want | got)
        right = sum(1 for c in all_ids if (c in want) == (c in got))
        return Grade(ok, 1.0 if ok else right / len(all_ids) if all_ids else 0.0, sorted(want))
    if kind == "true_false":
        val = response
        if isinstance(val, str):
            val = {"true": True, "vrai": True, "false": False, "faux": False}.get(val.strip().lower())
        ok = isinstance(val, bool) and val == bool(ans)
        return Grade(ok, 1.0 if ok else 0.0, bool(ans))
    if kind == "numeric":
        got = parse_number(response)
        tol = abs(float(q.get("tolerance", 0) or 0))
        ok = got is not None and abs(got - float(ans)) <= tol + 1e-9
        return Grade(ok, 1.0 if ok else 0.0, ans)
    if kind == "text":
        accepted = ans if isinstance(ans, list) else [ans]
        got = normalise_text(response or "")
        ok = bool(got) and any(got == normalise_text(a) for a in accepted)
        return Grade(ok, 1.0 if ok else 0.0, accepted[0])
    if kind == "ordering":
        want = [str(a) for a in ans]
        got = [str(r) for r in (response or [])]
        ok = got == want
        right = sum(1 for a, b in zip(got, want) if a == b)
        return Grade(ok, 1.0 if ok else right / len(want) if want else 0.0, want)
    if kind == "matching":
        want = {str(k): str(v) for k, v in ans.items()}
        got = {str(k): str(v) for k, v in (response or {}).items() if v is not None}
        ok = got == want
        right = sum(1 for k, v in want.items() if got.get(k) == v)
        return Grade(ok, 1.0 if ok else right / len(want) if want else 0.0, want)
    raise ValidationError(f"unknown question type {kind!r}")


def xapi_response(q: dict, response: Any) -> str:
    """The response in xAPI's string form (choice ids joined by ``[,]``, pairs ``l[.]r``)."""
    kind = q["type"]
    if kind in ("multiple", "ordering"):
        return "[,]".join(str(r) for r in (response or []))
    if kind == "matching":
        return "[,]".join(f"{k}[.]{v}" for k, v in sorted((response or {}).items()))
    if kind == "true_false":
        return "true" if response is True else "false" if response is False else ""
    return "" if response is None else str(response)


def score_attempt(answers: dict[str, float], quiz: Quiz) -> tuple[float, float]:
    """(points, max points) for an attempt from the best score per question answered in it."""
    return sum(answers.get(q["id"], 0.0) for q in quiz.questions), float(len(quiz.questions))
