"""Certification rules evaluated against a learner's events: the eligibility checklist.

The same function serves the app (what is left to do) and the server (may a certificate be issued):
both derive everything from the event log, never from cached tables.

Events read (written by the learning domain, see docs/data-model.md):

- ``capsule.completed`` ``{"capsule_id", ...}`` and ``quiz.completed`` ``{"capsule_id", "scaled"
  0..1, ...}``, folded by :func:`cc2desktop.core.learning.progress.fold_events`
- ``exam.started`` / ``exam.claimed`` (this domain, :mod:`.exam`)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from types import SimpleNamespace
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


def _records(events: Iterable[Any], course_id: str) -> list[SimpleNamespace]:
    out = []
    for e in events:
        if _get(e, "course_id") not in (course_id, None, ""):
            continue
        out.append(SimpleNamespace(type=_get(e, "type"), payload=_get(e, "payload") or {},
                                   created_at=_get(e, "created_at") or "", course_id=_get(e, "course_id")))
    return out


def facts(events: Iterable[Any], course_id: str, capsule_ids: Iterable[str]
          ) -> tuple[set[str], dict[str, float], list[dict], set[str]]:
    """(completed capsule ids, best scaled quiz score per capsule id, exam claims, started attempt
    ids) from events of one learner (EventRecord objects or dicts with type/course_id/payload/
    created_at). Capsule state is folded by the learning domain's :func:`fold_events`."""
    from cc2desktop.core.learning.progress import fold_events

    recs = _records(events, course_id)
    completed: set[str] = set()
    best: dict[str, float] = {}
    for cid in capsule_ids:
        st = fold_events(course_id, cid, recs)
        if st.completed:
            completed.add(cid)
        if st.quiz_best is not None:
            best[cid] = st.quiz_best
    claims = [r.payload for r in recs if r.type == "exam.claimed" and r.course_id == course_id]
    started = {str(r.payload.get("attempt_id")) for r in recs if r.type == "exam.started" and r.course_id == course_id}
    return completed, best, claims, started


def evaluate(manifest: Manifest, events: Iterable[Any], *, decided_claims: Iterable[str] = (),
             uncounted_attempts: Iterable[str] = ()) -> Eligibility:
    """The checklist for one learner. ``decided_claims``: claim ids the server already answered
    (certificate or refusal); other claims are pending. ``uncounted_attempts``: attempt ids the
    server refused to grade for a reason that is not about the answers (they do not count)."""
    cert = manifest.certification
    items: list[CheckItem] = []
    required = manifest.required_capsule_ids() if cert else []
    completed, best, claims, started = facts(events, manifest.id, required)
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
    if cert is not None and cert.exam is not None:
        items.append(CheckItem("exam", cert.exam.id, dict(manifest.title), False, None, cert.exam_mastery))
    return Eligibility(
        course_id=manifest.id, items=items,
        # an attempt counts once started (abandoning one does not give a free look at the questions)
        attempts_used=len((started | {str(c.get("attempt_id")) for c in claims}) - set(uncounted_attempts)),
        attempts_allowed=cert.exam_attempts if cert else 0,
        time_limit_s=cert.exam_time_limit_s if cert else None,
        exam_mastery=cert.exam_mastery if cert else 0.0,
        has_exam=has_exam, pending_claims=pending,
    )
