"""``demo simulate --certify K``: K simulated learners complete a course and take the final exam
through the app's own path (attempt drawn from the bank, every answer saved with the exam clock,
signed sheet), so the whole certification path can be exercised and load-tested.

Behaviours (``--exam-behaviour``):

- ``scripted`` (default): a share of learners (``fail_ratio``) answer everything wrong, the others
  everything right (with the exam key): who should pass is known in advance;
- ``cohort``: an honest cohort: each learner has an ability, each question a difficulty; a wrong
  answer is drawn from that question's typical mistakes (the same for every simulated PC: a few
  attractive wrong answers, rarer ones, and one-off typed answers);
- ``sharing``: learners copying one shared answer sheet of the whole bank (with its author's
  mistakes, taken among any wrong answer), each answer copied 9 times out of 10, all within an hour.

Times: learners start at ``start`` (UTC ISO, default now) spread over ``spread_h`` hours and spend
20–90 s per question, on a simulated exam clock (nobody waits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from cc2desktop.core import events as ev
from cc2desktop.core.certification import clock as clk
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner
from cc2desktop.core.errors import CCError
from cc2desktop.core.learning import progress

BEHAVIOURS = ("scripted", "cohort", "sharing")
COPY_RATE = 0.9


@dataclass
class CertifySimulation:
    claims: int = 0
    meant_to_pass: int = 0
    learners: list[str] = field(default_factory=list)


class SimClock(clk.Clock):
    """An exam clock that advances only when told (one sitting, one boot)."""

    def __init__(self, start: dt.datetime, sitting: str) -> None:
        self.start, self.mono, self.sitting = start, 1000.0, sitting

    def advance(self, seconds: float) -> None:
        self.mono += seconds

    def read(self) -> clk.Reading:
        t = self.start + dt.timedelta(seconds=self.mono - 1000.0)
        wall = t.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return clk.Reading(self.sitting, "sim-boot", self.mono, wall)


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


def typical_mistakes(q: Any, right: Any) -> list[tuple[Any, float]]:
    """A question's wrong answers with how often learners give them (most likely first): the same
    on every PC (seeded by the question id)."""
    rng = random.Random(int(hashlib.sha256(str(q.id).encode()).hexdigest()[:12], 16))
    t = q.type
    cands: list[Any] = []
    if t == "single":
        cands = [c.id for c in q.choices if c.id != right]
    elif t == "true_false":
        cands = [not right]
    elif t == "multiple":
        ids = [c.id for c in q.choices]
        base = set(right or [])
        cands = [sorted(base ^ {i}) for i in ids]
        cands = [c for c in cands if c]
    elif t == "ordering":
        r = list(right)
        cands = [r[:i] + [r[i + 1], r[i]] + r[i + 2:] for i in range(len(r) - 1)] + [list(reversed(r))]
    elif t == "matching":
        keys = sorted(right)
        for a in range(len(keys)):
            for b in range(a + 1, len(keys)):
                m = dict(right)
                m[keys[a]], m[keys[b]] = right[keys[b]], right[keys[a]]
                cands.append(m)
    elif t == "numeric":
        x = float(right)
        cands = [x * 10, x / 10, x + 1, round(x * 1.1, 2)]
    else:  # text
        word = str(right[0] if isinstance(right, list) else right)
        cands = [word[:-1] or "x", word + "s", "je ne sais pas"]
    rng.shuffle(cands)
    weights = [0.55, 0.25, 0.12, 0.05, 0.03][:len(cands)] or [1.0]
    weights += [0.02] * (len(cands) - len(weights))
    total = sum(weights)
    return [(c, w / total) for c, w in zip(cands, weights)]


def _pick(items: list[tuple[Any, float]], rng: random.Random) -> Any:
    x, acc = rng.random(), 0.0
    for value, w in items:
        acc += w
        if x <= acc:
            return value
    return items[-1][0]


def honest_answer(q: Any, right: Any, ability: float, rng: random.Random) -> Any:
    """An honest learner's answer: right with a probability set by her ability and the question's
    difficulty, else one of the question's typical mistakes (sometimes a one-off typed answer)."""
    diff = (int(hashlib.sha256(f"d:{q.id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF - 0.5) * 1.6
    if rng.random() < 1 / (1 + math.exp(-(ability - diff + 1.0))):
        return right
    if q.type in ("text", "numeric") and rng.random() < 0.3:
        return f"réponse {rng.randrange(10**6)}" if q.type == "text" else rng.randrange(10**6) + 0.5
    return _pick(typical_mistakes(q, right), rng)


def shared_sheet(questions: list[Any], key: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """An answer sheet of the whole bank passed around: right on most questions, and its author's
    own mistakes (any wrong answer, rare ones included) on the others."""
    out = {}
    for q in questions:
        right = key.get(q.id)
        out[q.id] = right if rng.random() < 0.7 else rng.choice([c for c, _w in typical_mistakes(q, right)])
    return out


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


def key_answers(exam_key: Path | None) -> dict[str, Any]:
    """Question id → a right answer, from an exam key file (the first accepted text)."""
    if exam_key is None:
        return {}
    from cc2desktop.core.packs.exam_key import load_exam_key

    out = {}
    for q in load_exam_key(exam_key).questions:
        a = q.model_dump(mode="json")["answer"]
        out[q.id] = a[0] if q.type == "text" and isinstance(a, list) else a
    return out


def _start(start: str | None) -> dt.datetime:
    if not start:
        return dt.datetime.now(dt.timezone.utc)
    return dt.datetime.fromisoformat(start.replace("Z", "+00:00"))


def simulate_certification(kit, k: int, course_id: str, *, exam_key: Path | None = None,  # noqa: ANN001
                           fail_ratio: float = 0.3, seed: int = 0, behaviour: str = "scripted",
                           start: str | None = None, spread_h: float = 1.0) -> CertifySimulation:
    from cc2desktop.core.packs.service import get_manifest

    if behaviour not in BEHAVIOURS:
        raise CCError(f"unknown exam behaviour {behaviour!r} ({', '.join(BEHAVIOURS)})", code="invalid")
    m = get_manifest(kit, course_id)
    if m.certification is None or m.certification.exam is None:
        raise CCError(f"the course {course_id} has no final exam", code="exam_none")
    key = key_answers(exam_key)
    if behaviour != "scripted" and not key:
        raise CCError("the cohort and sharing behaviours need the exam key (--exam-key)", code="invalid")
    rng = random.Random(seed)
    sheet = shared_sheet(m.certification.exam.questions, key, rng) if behaviour == "sharing" else {}
    t0 = _start(start)
    out = CertifySimulation()
    with kit.session() as s:
        learners = [lr.id for lr in s.query(Learner).order_by(Learner.created_at, text("learners.rowid"))]
        decided = set()
        for lid in learners:
            if ev.for_learner(s, lid, course_id=m.id, types=("exam.claimed", "exam.started")):
                decided.add(lid)
        pool = [lid for lid in learners if lid not in decided][:k]
        while len(pool) < k:
            lid = new_id()
            s.add(Learner(id=lid, display_name=f"Apprenant·e simulé·e {rng.randrange(10**6)}"))
            s.flush()
            pool.append(lid)
    for lid in pool:
        with kit.session() as s:
            complete_course(s, lid, m)
        fail = rng.random() < fail_ratio or not key
        ability = rng.gauss(0, 1) if behaviour == "cohort" else rng.gauss(-0.5, 1)
        clock = SimClock(t0 + dt.timedelta(seconds=rng.uniform(0, spread_h * 3600)), f"sim{rng.randrange(16**6):06x}")
        with kit.session() as s:
            att = ex.start_attempt(s, lid, m, seed=rng.randrange(1 << 52), clock=clock)
            answers = {}
            for q in att.questions:
                right = key.get(q.id)
                if behaviour == "scripted":
                    a = _wrong(q, rng) if fail else right
                elif behaviour == "cohort" or rng.random() >= COPY_RATE:
                    a = honest_answer(q, right, ability, rng)
                else:
                    a = sheet[q.id]
                clock.advance(rng.uniform(20, 90))
                if a is not None and a not in ("", [], {}):
                    ex.save_answer(s, lid, m, att.attempt_id, q.id, a, clock=clock)
                    answers[q.id] = a
            clock.advance(rng.uniform(5, 30))
            ex.submit_attempt(s, kit.paths.keys_dir, att, answers, clock=clock)
        out.claims += 1
        out.meant_to_pass += 0 if (fail or behaviour != "scripted") else 1
        out.learners.append(lid)
    return out
