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
