"""Certification rules evaluated against a learner's events: the eligibility checklist.

The same function serves the app (what is left to do) and the server (may a certificate be issued):
both derive everything from the event log, never from cached tables.

Events read (written by the learning domain, see docs/data-model.md):

- ``capsule.completed`` ``{"capsule_id": ...}``
- ``quiz.completed`` ``{"capsule_id": ..., "quiz_id": ..., "score": scaled 0..1, "success": bool}``
- ``exam.started`` / ``exam.claimed`` (this domain, :mod:`.exam`)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from cc2desktop.core.packs.manifest import Manifest


@dataclass(frozen=True)
class CheckItem:
    kind: str                 # "capsule" | "quiz" | "exam"
    id: str                   # capsule id, or exam id
    title: dict[str, str]     # {lang: text}
    done: bool
    score: float | None = None        # best scaled score (quiz), when any
    required_score: float | None = None


@dataclass(frozen=True)
class Eligibility:
    course_id: str
    items: list[CheckItem]
    attempts_used: int
    attempts_allowed: int
    time_limit_s: int | None
    exam_mastery: float
    has_exam: bool
    pending_claims: list[str] = field(default_factory=list)  # claim ids not decided yet

    @property
    def prerequisites_met(self) -> bool:
        return all(i.done for i in self.items if i.kind != "exam")

    @property
    def attempts_left(self) -> int:
        return max(0, self.attempts_allowed - self.attempts_used)

    @property
    def can_take_exam(self) -> bool:
        return self.has_exam and self.prerequisites_met and self.attempts_left > 0 and not self.pending_claims

    @property
    def missing(self) -> list[CheckItem]:
        return [i for i in self.items if not i.done and i.kind != "exam"]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(prerequisites_met=self.prerequisites_met, attempts_left=self.attempts_left,
                 can_take_exam=self.can_take_exam)
        return d


def _get(e: Any, name: str) -> Any:
    return e.get(name) if isinstance(e, dict) else getattr(e, name)


def facts(events: Iterable[Any], course_id: str) -> tuple[set[str], dict[str, float], list[dict], set[str]]:
    """(completed capsule ids, best quiz score per capsule id, exam claims, started attempt ids)
    from events of one learner (EventRecord objects or dicts with type/course_id/payload)."""
    completed: set[str] = set()
    best: dict[str, float] = {}
    claims: list[dict] = []
    started: set[str] = set()
    for e in events:
        if _get(e, "course_id") not in (course_id, None):
            continue
        t, p = _get(e, "type"), _get(e, "payload") or {}
        if t == "capsule.completed":
            cid = p.get("capsule_id") or p.get("capsule")
            if cid:
                completed.add(str(cid))
        elif t == "quiz.completed":
            cid = p.get("capsule_id") or p.get("capsule")
            score = p.get("score", p.get("scaled"))
            if isinstance(score, dict):
                score = score.get("scaled")
            if cid and isinstance(score, (int, float)):
                best[str(cid)] = max(best.get(str(cid), 0.0), float(score))
        elif t == "exam.claimed" and _get(e, "course_id") == course_id:
            claims.append(p)
        elif t == "exam.started" and _get(e, "course_id") == course_id:
            started.add(str(p.get("attempt_id")))
    return completed, best, claims, started


def evaluate(manifest: Manifest, events: Iterable[Any], *, decided_claims: Iterable[str] = ()) -> Eligibility:
    """The checklist for one learner. ``decided_claims``: claim ids the server already answered
    (certificate or refusal); other claims are pending."""
    cert = manifest.certification
    completed, best, claims, started = facts(events, manifest.id)
    items: list[CheckItem] = []
    required = manifest.required_capsule_ids() if cert else []
    quiz_mastery = cert.quiz_mastery if cert else 0.0
    for cid in required:
        cap = manifest.capsule(cid)
        items.append(CheckItem("capsule", cid, dict(cap.title), cid in completed))
        if cap.quiz is not None:
            score = best.get(cid)
            items.append(CheckItem("quiz", cid, dict(cap.title), score is not None and score >= quiz_mastery - 1e-9,
                                   score, quiz_mastery))
    has_exam = bool(cert and cert.exam)
    decided = set(decided_claims)
    pending = [str(c.get("claim_id")) for c in claims if c.get("claim_id") not in decided]
    if has_exam:
        items.append(CheckItem("exam", cert.exam.id, dict(manifest.title), False, None, cert.exam_mastery))
    return Eligibility(
        course_id=manifest.id, items=items,
        # an attempt counts once started (abandoning one does not give a free look at the questions)
        attempts_used=len(started | {str(c.get("attempt_id")) for c in claims}),
        attempts_allowed=cert.exam_attempts if cert else 0,
        time_limit_s=cert.exam_time_limit_s if cert else None,
        exam_mastery=cert.exam_mastery if cert else 0.0,
        has_exam=has_exam, pending_claims=pending,
    )
