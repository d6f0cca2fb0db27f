"""``demo simulate --certify K``: K simulated learners complete a course and submit exam claims (some
failing on purpose), so the whole certification path can be exercised and load-tested."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cc2desktop.core import events as ev
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner
from cc2desktop.core.errors import CCError
from cc2desktop.core.learning import progress


@dataclass
class CertifySimulation:
    claims: int = 0
    meant_to_pass: int = 0
    learners: list[str] = field(default_factory=list)


def _wrong(q: Any, rng: random.Random) -> Any:
    """A response that is wrong for any sensible key (or at least a random one)."""
    t = q.type
    if t == "single":
        return rng.choice([c.id for c in q.choices])
    if t == "multiple":
        return []
    if t == "true_false":
        return rng.choice([True, False])
    if t == "numeric":
        return -987654321
    if t == "text":
        return "je ne sais pas"
    if t == "ordering":
        return [i.id for i in reversed(q.items)]
    if t == "matching":
        return {}
    return None


def complete_course(session, learner_id: str, m: Any) -> None:  # noqa: ANN001
    """A simulated learner watches every capsule of the course ``m`` (a manifest) and passes every
    practice quiz: the events the learning domain writes, through the event log."""
    def append(type_: str, payload: dict[str, Any]) -> None:
        progress.record(session, ev.append(session, learner_id, type_, payload, course_id=m.id))

    for mod in m.modules:
        for cap in mod.capsules:
            length = float(cap.duration_s or 60.0)
            append("video.watched", {"capsule_id": cap.id, "module_id": mod.id, "segments": [[0, length]],
                                     "position": length, "length": length, "progress": 1.0})
            if cap.quiz is not None:
                append("quiz.completed", {"capsule_id": cap.id, "quiz_id": cap.quiz.id, "attempt_id": new_id(),
                                          "score": len(cap.quiz.questions), "max_score": len(cap.quiz.questions),
                                          "scaled": 1.0, "success": True})
            append("capsule.completed", {"capsule_id": cap.id, "module_id": mod.id, "watched": 1.0,
                                         "quiz_scaled": 1.0})


def simulate_certification(kit, k: int, course_id: str, *, exam_key: Path | None = None,  # noqa: ANN001
                           fail_ratio: float = 0.3, seed: int = 0) -> CertifySimulation:
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, course_id)
    if m.certification is None or m.certification.exam is None:
        raise CCError(f"the course {course_id} has no final exam", code="exam_none")
    answers_key: dict[str, Any] = {}
    if exam_key is not None:
        from cc2desktop.core.packs.exam_key import load_exam_key

        key = load_exam_key(exam_key)
        for q in key.questions:
            a = q.model_dump(mode="json")["answer"]
            answers_key[q.id] = a[0] if q.type == "text" and isinstance(a, list) else a
    rng = random.Random(seed)
    out = CertifySimulation()
    with kit.session() as s:
        learners = [lr.id for lr in s.query(Learner).order_by(Learner.created_at, Learner.id)]
        decided = set()
        for lid in learners:
            if ev.for_learner(s, lid, course_id=m.id, types=("exam.claimed", "exam.started")):
                decided.add(lid)
        pool = [lid for lid in learners if lid not in decided][:k]
        while len(pool) < k:
            lid = new_id()
            s.add(Learner(id=lid, display_name=f"Apprenant·e simulé·e {len(pool) + 1}"))
            s.flush()
            pool.append(lid)
    for lid in pool:
        with kit.session() as s:
            complete_course(s, lid, m)
        fail = rng.random() < fail_ratio or not answers_key
        with kit.session() as s:
            att = ex.start_attempt(s, lid, m, seed=rng.randrange(1 << 30))
            answers = {q.id: (_wrong(q, rng) if fail else answers_key.get(q.id)) for q in att.questions}
            ex.submit_attempt(s, kit.paths.keys_dir, att, answers)
        out.claims += 1
        out.meant_to_pass += 0 if fail else 1
        out.learners.append(lid)
    return out
