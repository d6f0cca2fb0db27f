"""The final exam, taken offline: an attempt (questions shuffled with a recorded seed, optional time
limit, limited attempts) whose submitted answer sheet becomes a **claim**: an ``exam.claimed`` event
signed by this device's Ed25519 key. The app never grades the exam (it has no key); the server does.

Claim (the ``exam.claimed`` payload)::

    {"v": 1, "claim_id", "attempt_id", "attempt": n, "learner_id", "device_id", "course_id",
     "pack_version", "manifest_sha256", "exam_id", "seed", "order": [question ids as shown],
     "started_at", "submitted_at", "time_limit_s", "answers": {question id: response},
     "sig": base64url Ed25519 signature of the canonical JSON of every other field}

(signed and checked by :mod:`cc2desktop.core.certification.claims`).

Responses: ``single`` "a"; ``multiple`` ["a","c"]; ``true_false`` true; ``numeric`` 54;
``text`` "open data"; ``ordering`` ["b","a","c"]; ``matching`` {"l1": "r2"}.

While an attempt is open every answer is saved as it is given: an ``exam.answered`` event
``{"attempt_id", "question_id", "response"}`` (``response`` null: the answer was cleared). The
latest one per question is the answer; the exam page is rebuilt from them after anything (a
language switch, a closed window, a power cut). The clock is the attempt's ``started_at``: it runs
while the app is closed. An attempt whose time ran out before it was handed in is handed in with
the answers saved before its deadline, as the exam page would have done at zero.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cc2desktop.core import events as ev
from cc2desktop.core.certification.claims import device_key, manifest_digest, sign_claim
from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.errors import CCError
from cc2desktop.core.event_types import EXAM_ANSWERED, EXAM_CLAIMED, EXAM_STARTED
from cc2desktop.core.packs.manifest import Manifest

CLAIM_EVENT = EXAM_CLAIMED
START_EVENT = EXAM_STARTED
ANSWER_EVENT = EXAM_ANSWERED
CLAIM_VERSION = 1


class ExamError(CCError):
    code = "exam"


# --- an attempt ---------------------------------------------------------------------------------
@dataclass
class ExamAttempt:
    attempt_id: str
    attempt: int
    learner_id: str
    course_id: str
    pack_version: str
    manifest_sha256: str
    exam_id: str
    seed: int
    order: list[str]
    started_at: str
    time_limit_s: int | None
    questions: list[Any] = field(default_factory=list)  # manifest Question models, in order

    def deadline(self) -> str | None:
        """UTC ISO time at which the time allowed is over (None: no time limit)."""
        if not self.time_limit_s:
            return None
        return _iso(_dt(self.started_at) + _td(self.time_limit_s))

    def deadline_passed(self, now_iso: str | None = None) -> bool:
        if not self.time_limit_s:
            return False
        now = _dt(now_iso or utcnow_iso())
        return (now - _dt(self.started_at)).total_seconds() > self.time_limit_s

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "questions"}


def _dt(iso: str):  # noqa: ANN202
    import datetime as dt

    return dt.datetime.fromisoformat(str(iso).replace("Z", "+00:00"))


def _td(seconds: float):  # noqa: ANN202
    import datetime as dt

    return dt.timedelta(seconds=seconds)


def _iso(t) -> str:  # noqa: ANN001
    import datetime as dt

    return t.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def shuffled_order(question_ids: list[str], seed: int, shuffle: bool = True) -> list[str]:
    order = list(question_ids)
    if shuffle:
        random.Random(seed).shuffle(order)
    return order


def start_attempt(session, learner_id: str, manifest: Manifest, *, seed: int | None = None) -> ExamAttempt:  # noqa: ANN001
    """Open an attempt (an ``exam.started`` event), or give back the one still open (same seed,
    order and start: its clock kept running). Refused if the rules are not met yet, the attempts
    are used up, or a claim is still waiting for the server's decision, or while an attempt whose
    time ran out is not handed in yet (``exam_time_over``: see :func:`hand_in_expired`)."""
    from cc2desktop.core.certification.rules import evaluate

    cert = manifest.certification
    if cert is None or cert.exam is None:
        raise ExamError(f"the course {manifest.id} has no final exam", code="exam_none")
    history = ev.for_learner(session, learner_id)
    decided = decided_claim_ids(session, learner_id)
    elig = evaluate(manifest, history, decided_claims=decided,
                    uncounted_attempts=uncounted_attempt_ids(session, learner_id))
    if not elig.prerequisites_met:
        left = ", ".join(f"{i.kind} {i.id}" for i in elig.missing[:5])
        raise ExamError(f"not yet eligible for the exam: still to do {left}", code="exam_not_eligible")
    if elig.pending_claims:
        raise ExamError("an exam answer sheet is still waiting for the server's decision", code="exam_pending")
    exam = cert.exam
    by_id = {q.id: q for q in exam.questions}
    resumed = unclaimed_attempt(history, manifest)
    if resumed is not None and resumed.deadline_passed():
        raise ExamError("the time of the open exam attempt is over: it must be handed in first", code="exam_time_over")
    if resumed is not None:  # a power cut or a closed window: the same attempt goes on, clock running
        resumed.questions = [by_id[i] for i in resumed.order]
        return resumed
    if elig.attempts_left <= 0:
        raise ExamError(f"no exam attempt left ({elig.attempts_allowed} allowed)", code="exam_no_attempts")
    seed = secrets.randbits(31) if seed is None else seed
    order = shuffled_order([q.id for q in exam.questions], seed, exam.shuffle)
    att = ExamAttempt(
        attempt_id=new_id(), attempt=elig.attempts_used + 1, learner_id=learner_id, course_id=manifest.id,
        pack_version=manifest.version, manifest_sha256=manifest_digest(manifest), exam_id=exam.id,
        seed=seed, order=order, started_at=utcnow_iso(), time_limit_s=cert.exam_time_limit_s,
    )
    att.questions = [by_id[i] for i in order]
    ev.append(session, learner_id, START_EVENT, {
        "attempt_id": att.attempt_id, "attempt": att.attempt, "exam_id": exam.id, "seed": seed,
        "started_at": att.started_at, "time_limit_s": att.time_limit_s,
        "manifest_sha256": att.manifest_sha256, "pack_version": att.pack_version,
    }, course_id=manifest.id)
    return att


def unclaimed_attempt(history: list, manifest: Manifest) -> ExamAttempt | None:
    """The last started attempt of this course version that has no claim yet, rebuilt from its
    ``exam.started`` event (same seed, same order, same start), whether or not its time is over."""
    claimed = {e.payload.get("attempt_id") for e in history if e.type == CLAIM_EVENT}
    digest = manifest_digest(manifest)
    for e in reversed(history):
        p = e.payload
        if e.type != START_EVENT or e.course_id != manifest.id or p.get("attempt_id") in claimed:
            continue
        if p.get("manifest_sha256") != digest:
            return None
        _cert, exam = manifest.final_exam()
        return ExamAttempt(
            attempt_id=p["attempt_id"], attempt=int(p["attempt"]), learner_id=e.learner_id, course_id=manifest.id,
            pack_version=manifest.version, manifest_sha256=digest, exam_id=exam.id, seed=int(p["seed"]),
            order=shuffled_order([q.id for q in exam.questions], int(p["seed"]), exam.shuffle),
            started_at=p["started_at"], time_limit_s=p.get("time_limit_s"))
    return None


def saved_answers(history: list, attempt_id: str, *, until: str | None = None) -> tuple[dict[str, Any], str | None]:
    """(question id → the latest answer saved in an attempt, the question answered last) from the
    ``exam.answered`` events in ``history`` (oldest first); ``until``: only those saved by then."""
    answers: dict[str, Any] = {}
    last: str | None = None
    end = _dt(until) if until is not None else None
    for e in history:
        if e.type != ANSWER_EVENT or e.payload.get("attempt_id") != attempt_id:
            continue
        if end is not None and _dt(e.created_at) > end:
            continue
        qid, r = e.payload.get("question_id"), e.payload.get("response")
        if not isinstance(qid, str):
            continue
        last = qid
        if r is None or r == "" or r == [] or r == {}:
            answers.pop(qid, None)
        else:
            answers[qid] = r
    return answers, last


def save_answer(session, learner_id: str, manifest: Manifest, attempt_id: str, question_id: str,  # noqa: ANN001
                response: Any) -> ev.EventRecord:
    """Save one answer of the open attempt (an ``exam.answered`` event, durable when the session
    commits). Refused when the attempt is not the open one, its time is over, the question is not
    in the exam or the answer does not fit its question (wrong shape, too long a text)."""
    from cc2desktop.core.learning.quiz import check_response

    att = unclaimed_attempt(ev.for_learner(session, learner_id, course_id=manifest.id,
                                           types=(START_EVENT, CLAIM_EVENT)), manifest)
    if att is None or att.attempt_id != attempt_id:
        raise ExamError("this exam attempt is not open any more", code="exam_not_open")
    if att.deadline_passed():
        raise ExamError("the time allowed for the exam is over", code="exam_time_over")
    q = next((q for q in manifest.final_exam()[1].questions if q.id == question_id), None)
    if q is None:
        raise ExamError(f"answer to an unknown question {question_id!r}", code="exam_bad_answer")
    check_response(q.model_dump(mode="json", exclude_none=True), response)
    if response in ("", [], {}):
        response = None
    return ev.append(session, learner_id, ANSWER_EVENT, {"attempt_id": attempt_id, "question_id": question_id,
                                                        "response": response}, course_id=manifest.id)


def hand_in_expired(session, keys_dir: Path, attempt: ExamAttempt, history: list | None = None) -> dict[str, Any]:  # noqa: ANN001
    """Seal an attempt whose time ran out while nobody could hand it in (closed window, power cut):
    the answers saved before its deadline, submitted at the deadline."""
    if history is None:
        history = ev.for_learner(session, attempt.learner_id, course_id=attempt.course_id)
    end = attempt.deadline()
    answers, _ = saved_answers(history, attempt.attempt_id, until=end)
    return submit_attempt(session, keys_dir, attempt, answers, submitted_at=end)


def submit_attempt(session, keys_dir: Path, attempt: ExamAttempt, answers: dict[str, Any], *,  # noqa: ANN001
                   submitted_at: str | None = None) -> dict[str, Any]:
    """Seal the answer sheet: a signed claim stored as an ``exam.claimed`` event (durable when the
    session commits). Unanswered questions are sent as missing; a late sheet is still sent (the
    server applies the time limit)."""
    unknown = sorted(set(answers) - set(attempt.order))
    if unknown:
        raise ExamError(f"answer to an unknown question {unknown[0]!r}", code="exam_bad_answer")
    if attempt.questions:
        from cc2desktop.core.learning.quiz import check_response

        for q in attempt.questions:
            if q.id in answers:
                check_response(q.model_dump(mode="json", exclude_none=True), answers[q.id])
    body = {
        "v": CLAIM_VERSION, "claim_id": new_id(), "attempt_id": attempt.attempt_id, "attempt": attempt.attempt,
        "learner_id": attempt.learner_id, "device_id": ev.device_id(session), "course_id": attempt.course_id,
        "pack_version": attempt.pack_version, "manifest_sha256": attempt.manifest_sha256,
        "exam_id": attempt.exam_id, "seed": attempt.seed, "order": list(attempt.order),
        "started_at": attempt.started_at, "submitted_at": submitted_at or utcnow_iso(),
        "time_limit_s": attempt.time_limit_s,
        "answers": {k: answers[k] for k in attempt.order if k in answers},
    }
    claim = sign_claim(body, device_key(keys_dir))
    ev.append(session, attempt.learner_id, CLAIM_EVENT, claim, course_id=attempt.course_id)
    return claim


def decided_claim_ids(session, learner_id: str) -> set[str]:  # noqa: ANN001
    """Claim ids the server has answered (certificates and refusals pulled by sync)."""
    from cc2desktop.core.certification.decision import decisions

    return {d.claim_id for d in decisions(session, learner_id=learner_id) if d.claim_id}


def uncounted_attempt_ids(session, learner_id: str) -> set[str]:  # noqa: ANN001
    """Attempts whose every claim the server refused for a reason that is not about the learner's
    answers (:data:`cc2desktop.core.certification.decision.ANSWER_REASONS`): they do not count."""
    from cc2desktop.core.certification.decision import counts_as_attempt, decisions

    by_claim: dict[str, list] = {}
    for d in decisions(session, learner_id=learner_id):
        if d.claim_id:
            by_claim.setdefault(d.claim_id, []).append(d)
    counted: dict[str, list[bool | None]] = {}
    for e in ev.for_learner(session, learner_id, types=(CLAIM_EVENT,)):
        ds = by_claim.get(str(e.payload.get("claim_id")), [])
        counted.setdefault(str(e.payload.get("attempt_id")), []).append(
            None if not ds else any(counts_as_attempt(d) for d in ds))
    return {a for a, states in counted.items() if states and all(x is False for x in states)}


def resend_claim(session, keys_dir: Path, learner_id: str, claim_id: str) -> dict[str, Any]:  # noqa: ANN001
    """Send again an answer sheet the server did not grade for a reason that is not about the
    learner's answers (the course was not published on it, a server error…): the same attempt, the
    same answers and times under a new claim id, signed by this PC. Refused for a sheet that was
    graded, still waits, or is not the learner's latest."""
    claims = list(ev.for_learner(session, learner_id, types=(CLAIM_EVENT,)))
    mine = next((e for e in claims if e.payload.get("claim_id") == claim_id), None)
    if mine is None:
        raise ExamError(f"no answer sheet {claim_id!r} for this learner", code="exam_no_claim")
    if claims[-1].payload.get("claim_id") != claim_id:
        raise ExamError("only the latest answer sheet can be sent again", code="exam_not_latest")
    if str(mine.payload.get("attempt_id")) not in uncounted_attempt_ids(session, learner_id):
        raise ExamError("this answer sheet was graded or still waits for the server", code="exam_not_resendable")
    body = {k: v for k, v in mine.payload.items() if k != "sig"}
    body.update(claim_id=new_id(), device_id=ev.device_id(session))
    claim = sign_claim(body, device_key(keys_dir))
    ev.append(session, learner_id, CLAIM_EVENT, claim, course_id=mine.course_id)
    return claim
