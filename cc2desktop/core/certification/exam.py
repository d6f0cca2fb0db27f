"""The final exam, taken offline: an attempt (questions drawn from the exam's bank and shuffled
with a recorded seed, choices shuffled too, optional time limit, limited attempts) whose submitted
answer sheet becomes a **claim**: an ``exam.claimed`` event signed by this device's Ed25519 key.
The app never grades the exam (it has no key); the server does.

Claim (the ``exam.claimed`` payload), version 2::

    {"v": 2, "claim_id", "attempt_id", "attempt": n, "learner_id", "device_id", "course_id",
     "pack_version", "manifest_sha256", "exam_id", "seed", "draw": 1, "order": [question ids as shown],
     "started_at", "submitted_at", "time_limit_s", "elapsed_s", "time_up": bool,
     "clock": {"s", "b", "m", "w"}, "timeline": [[question id, t], …], "proctor": {"session": code}?,
     "answers": {question id: response},
     "sig": base64url Ed25519 signature of the canonical JSON of every other field}

(signed and checked by :mod:`cc2desktop.core.certification.claims`). The draw, the order and the
choice orders come from the seed (:mod:`.draw`); the time spent from the exam clock
(:mod:`.clock`): ``elapsed_s`` at hand-in, ``clock`` its reading (``w``: wall clock), ``timeline``
the attempt's saved answers in order with the time spent at each. Attempts of exams without a bank
(packs built before) have no ``draw`` (order of :func:`.draw.legacy_order`).

Responses: ``single`` "a"; ``multiple`` ["a","c"]; ``true_false`` true; ``numeric`` 54;
``text`` "open data"; ``ordering`` ["b","a","c"]; ``matching`` {"l1": "r2"}.

While an attempt is open every answer is saved as it is given: an ``exam.answered`` event
``{"attempt_id", "question_id", "response", "t", "clock"}`` (``response`` null: the answer was
cleared; ``t``: time spent then). The latest one per question is the answer; the exam page is
rebuilt from them after anything (a language switch, a closed window, a power cut). The clock keeps
running while the app is closed (:mod:`.clock`). An attempt whose time ran out before it was handed
in is handed in with the answers saved in time, as the exam page would have done at zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cc2desktop.core import events as ev
from cc2desktop.core.certification import clock as clk
from cc2desktop.core.certification.claims import device_key, manifest_digest, sign_claim
from cc2desktop.core.certification.draw import DRAW_VERSION, legacy_order, new_seed, question_order
from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.errors import CCError
from cc2desktop.core.event_types import EXAM_ANSWERED, EXAM_CLAIMED, EXAM_STARTED
from cc2desktop.core.packs.manifest import Manifest

CLAIM_EVENT = EXAM_CLAIMED
START_EVENT = EXAM_STARTED
ANSWER_EVENT = EXAM_ANSWERED
CLAIM_VERSION = 2
#: saved answers one attempt may hold (keeps its claim within one sync message)
MAX_SAVES = 600


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
    draw: int = 0                      # the draw's version (0: an exam without a bank)
    proctor: str | None = None         # the supervised session's code
    questions: list[Any] = field(default_factory=list)  # manifest Question models, in order

    def deadline(self, history: list | None = None, clock: clk.Clock = clk.SYSTEM) -> str | None:
        """UTC ISO time (by this PC's wall clock) at which the time allowed will be over (None: no
        time limit); an estimate for display: the limit is kept on the exam clock."""
        if not self.time_limit_s:
            return None
        now = clock.read()
        left = self.time_limit_s - self.elapsed(history, now)
        return _iso(_dt(now.wall) + _td(left))

    def elapsed(self, history: list | None = None, now: clk.Reading | None = None) -> float:
        """Seconds spent in the attempt (:mod:`.clock`): from its last point (start or saved answer)
        in ``history``, or by the wall clock for attempts started before the exam clock."""
        now = now or clk.SYSTEM.read()
        last = last_point(history or [], self.attempt_id)
        if last is None:
            return max(0.0, (_dt(now.wall) - _dt(self.started_at)).total_seconds())
        t, reading = last
        return t + clk.advance(reading, now)

    def deadline_passed(self, history: list | None = None, now: clk.Reading | None = None) -> bool:
        if not self.time_limit_s:
            return False
        return self.elapsed(history, now) > self.time_limit_s

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
    """The order of an attempt at an exam without a bank (see :func:`.draw.legacy_order`)."""
    return legacy_order(question_ids, seed, shuffle)


def attempt_points(history: list, attempt_id: str) -> list[tuple[float, clk.Reading, Any]]:
    """(time spent, clock reading, event) of the attempt's start and saved answers, in log order;
    empty for an attempt started before the exam clock."""
    out: list[tuple[float, clk.Reading, Any]] = []
    for e in history:
        p = e.payload
        if p.get("attempt_id") != attempt_id or e.type not in (START_EVENT, ANSWER_EVENT) or "clock" not in p:
            continue
        try:
            reading = clk.Reading.from_json(p["clock"])
            t = 0.0 if e.type == START_EVENT else float(p.get("t"))
        except (ValueError, TypeError):
            continue
        out.append((t, reading, e))
    return out


def last_point(history: list, attempt_id: str) -> tuple[float, clk.Reading] | None:
    pts = attempt_points(history, attempt_id)
    return (pts[-1][0], pts[-1][1]) if pts else None


def start_attempt(session, learner_id: str, manifest: Manifest, *, seed: int | None = None,  # noqa: ANN001
                  clock: clk.Clock = clk.SYSTEM, proctor: str | None = None) -> ExamAttempt:
    """Open an attempt (an ``exam.started`` event), or give back the one still open (same seed,
    draw, order and start: its clock kept running). Refused if the rules are not met yet, the
    attempts are used up, or a claim is still waiting for the server's decision, or while an
    attempt whose time ran out is not handed in yet (``exam_time_over``: see :func:`hand_in_expired`).
    ``proctor``: the code of the supervised session the attempt is taken in (:mod:`.proctor`)."""
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
    if resumed is not None and resumed.deadline_passed(history, clock.read()):
        raise ExamError("the time of the open exam attempt is over: it must be handed in first", code="exam_time_over")
    if resumed is not None:  # a power cut or a closed window: the same attempt goes on, clock running
        resumed.questions = [by_id[i] for i in resumed.order]
        return resumed
    if elig.attempts_left <= 0:
        raise ExamError(f"no exam attempt left ({elig.attempts_allowed} allowed)", code="exam_no_attempts")
    if proctor is not None:
        from cc2desktop.core.certification.proctor import normalize_session_code

        code = normalize_session_code(proctor)
        if code is None:
            raise ExamError("this is not a session code (8 characters, e.g. EX7K-3M9Q)", code="exam_bad_session_code")
        proctor = code
    seed = new_seed() if seed is None else seed
    order = question_order(manifest, seed)
    reading = clock.read()
    att = ExamAttempt(
        attempt_id=new_id(), attempt=elig.attempts_used + 1, learner_id=learner_id, course_id=manifest.id,
        pack_version=manifest.version, manifest_sha256=manifest_digest(manifest), exam_id=exam.id,
        seed=seed, order=order, started_at=reading.wall, time_limit_s=cert.exam_time_limit_s,
        draw=DRAW_VERSION if exam.draw is not None else 0, proctor=proctor,
    )
    att.questions = [by_id[i] for i in order]
    payload: dict[str, Any] = {
        "attempt_id": att.attempt_id, "attempt": att.attempt, "exam_id": exam.id, "seed": seed,
        "started_at": att.started_at, "time_limit_s": att.time_limit_s,
        "manifest_sha256": att.manifest_sha256, "pack_version": att.pack_version, "clock": reading.to_json(),
    }
    if att.draw:
        payload["draw"] = att.draw
    if proctor:
        payload["proctor"] = {"session": proctor}
    ev.append(session, learner_id, START_EVENT, payload, course_id=manifest.id)
    return att


def unclaimed_attempt(history: list, manifest: Manifest) -> ExamAttempt | None:
    """The last started attempt of this course version that has no claim yet, rebuilt from its
    ``exam.started`` event (same seed, same draw and order, same start), whether or not its time is
    over."""
    claimed = {e.payload.get("attempt_id") for e in history if e.type == CLAIM_EVENT}
    digest = manifest_digest(manifest)
    for e in reversed(history):
        p = e.payload
        if e.type != START_EVENT or e.course_id != manifest.id or p.get("attempt_id") in claimed:
            continue
        if p.get("manifest_sha256") != digest:
            return None
        _cert, exam = manifest.final_exam()
        seed = int(p["seed"])
        draw = int(p.get("draw") or 0)
        order = question_order(manifest, seed) if draw else legacy_order([q.id for q in exam.questions], seed,
                                                                          exam.shuffle)
        proctor = p.get("proctor") if isinstance(p.get("proctor"), dict) else {}
        return ExamAttempt(
            attempt_id=p["attempt_id"], attempt=int(p["attempt"]), learner_id=e.learner_id, course_id=manifest.id,
            pack_version=manifest.version, manifest_sha256=digest, exam_id=exam.id, seed=seed, order=order,
            started_at=p["started_at"], time_limit_s=p.get("time_limit_s"), draw=draw,
            proctor=str(proctor["session"]) if proctor.get("session") else None)
    return None


def saved_answers(history: list, attempt_id: str, *, until: str | None = None,
                  until_t: float | None = None) -> tuple[dict[str, Any], str | None]:
    """(question id → the latest answer saved in an attempt, the question answered last) from the
    ``exam.answered`` events in ``history`` (oldest first); ``until``: only those saved by then
    (wall clock); ``until_t``: only those saved within that time spent (exam clock)."""
    answers: dict[str, Any] = {}
    last: str | None = None
    end = _dt(until) if until is not None else None
    for e in history:
        if e.type != ANSWER_EVENT or e.payload.get("attempt_id") != attempt_id:
            continue
        if end is not None and _dt(e.created_at) > end:
            continue
        t = e.payload.get("t")
        if until_t is not None and isinstance(t, (int, float)) and t > until_t + clk.TOLERANCE_S:
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
                response: Any, *, clock: clk.Clock = clk.SYSTEM) -> ev.EventRecord:
    """Save one answer of the open attempt (an ``exam.answered`` event, durable when the session
    commits). Refused when the attempt is not the open one, its time is over, the question is not
    one the attempt drew or the answer does not fit its question (wrong shape, too long a text)."""
    from cc2desktop.core.learning.quiz import check_response

    history = ev.for_learner(session, learner_id, course_id=manifest.id,
                             types=(START_EVENT, CLAIM_EVENT, ANSWER_EVENT))
    att = unclaimed_attempt(history, manifest)
    if att is None or att.attempt_id != attempt_id:
        raise ExamError("this exam attempt is not open any more", code="exam_not_open")
    reading = clock.read()
    t = att.elapsed(history, reading)
    if att.time_limit_s and t > att.time_limit_s:
        raise ExamError("the time allowed for the exam is over", code="exam_time_over")
    q = next((q for q in manifest.final_exam()[1].questions if q.id == question_id), None)
    if q is None or question_id not in att.order:
        raise ExamError(f"answer to a question this attempt did not draw {question_id!r}", code="exam_bad_answer")
    if sum(1 for e in history if e.type == ANSWER_EVENT and e.payload.get("attempt_id") == attempt_id) >= MAX_SAVES:
        raise ExamError("this attempt has saved too many changes", code="exam_too_many_saves")
    check_response(q.model_dump(mode="json", exclude_none=True), response)
    return _append_answer(session, att, history, question_id, response, t, reading)


def _append_answer(session, att: ExamAttempt, history: list, question_id: str, response: Any,  # noqa: ANN001
                   t: float, reading: clk.Reading) -> ev.EventRecord:
    if response in ("", [], {}):
        response = None
    payload: dict[str, Any] = {"attempt_id": att.attempt_id, "question_id": question_id, "response": response}
    if last_point(history, att.attempt_id) is not None:  # an attempt on the exam clock
        payload.update(t=round(t, 2), clock=reading.to_json())
    return ev.append(session, att.learner_id, ANSWER_EVENT, payload, course_id=att.course_id)


def hand_in_expired(session, keys_dir: Path, attempt: ExamAttempt, history: list | None = None,  # noqa: ANN001
                    *, clock: clk.Clock = clk.SYSTEM) -> dict[str, Any]:
    """Seal an attempt whose time ran out while nobody could hand it in (closed window, power cut):
    the answers saved in time, handed in at the deadline."""
    if history is None:
        history = ev.for_learner(session, attempt.learner_id, course_id=attempt.course_id)
    if last_point(history, attempt.attempt_id) is None:  # an attempt started before the exam clock
        end = attempt.deadline(history, clock)
        answers, _ = saved_answers(history, attempt.attempt_id, until=end)
        return submit_attempt(session, keys_dir, attempt, answers, submitted_at=end, clock=clock)
    answers, _ = saved_answers(history, attempt.attempt_id, until_t=float(attempt.time_limit_s or 0))
    return submit_attempt(session, keys_dir, attempt, answers, clock=clock, time_up=True)


def submit_attempt(session, keys_dir: Path, attempt: ExamAttempt, answers: dict[str, Any], *,  # noqa: ANN001
                   submitted_at: str | None = None, clock: clk.Clock = clk.SYSTEM,
                   time_up: bool = False) -> dict[str, Any]:
    """Seal the answer sheet: a signed claim stored as an ``exam.claimed`` event (durable when the
    session commits). Unanswered questions are sent as missing; a late sheet is still sent (the
    server applies the time limit). The sheet is the attempt's saved answers: an answer given here
    that was not saved yet is saved first (``time_up``: the time ran out, the answers saved in time
    are handed in as they are)."""
    unknown = sorted(set(answers) - set(attempt.order))
    if unknown:
        raise ExamError(f"answer to an unknown question {unknown[0]!r}", code="exam_bad_answer")
    if attempt.questions:
        from cc2desktop.core.learning.quiz import check_response

        for q in attempt.questions:
            if q.id in answers:
                check_response(q.model_dump(mode="json", exclude_none=True), answers[q.id])
    history = ev.for_learner(session, attempt.learner_id, course_id=attempt.course_id)
    body: dict[str, Any] = {
        "claim_id": new_id(), "attempt_id": attempt.attempt_id, "attempt": attempt.attempt,
        "learner_id": attempt.learner_id, "device_id": ev.device_id(session), "course_id": attempt.course_id,
        "pack_version": attempt.pack_version, "manifest_sha256": attempt.manifest_sha256,
        "exam_id": attempt.exam_id, "seed": attempt.seed, "order": list(attempt.order),
        "started_at": attempt.started_at, "time_limit_s": attempt.time_limit_s,
    }
    if last_point(history, attempt.attempt_id) is None:  # an attempt started before the exam clock
        body.update(v=1, submitted_at=submitted_at or utcnow_iso(),
                    answers={k: answers[k] for k in attempt.order if k in answers})
    else:
        if not time_up:
            saved, _ = saved_answers(history, attempt.attempt_id)
            for qid in attempt.order:  # what the page holds and core has not saved yet is saved now
                if answers.get(qid) != saved.get(qid):
                    reading = clock.read()
                    _append_answer(session, attempt, history, qid, answers.get(qid),
                                   attempt.elapsed(history, reading), reading)
                    history = ev.for_learner(session, attempt.learner_id, course_id=attempt.course_id)
        reading = clock.read()
        spent = attempt.elapsed(history, reading)
        limit = float(attempt.time_limit_s or 0)
        sheet, _ = saved_answers(history, attempt.attempt_id, until_t=limit if time_up else None)
        body.update(
            v=CLAIM_VERSION, submitted_at=reading.wall, elapsed_s=round(min(spent, limit) if time_up else spent, 2),
            time_up=time_up, clock=reading.to_json(),
            timeline=[[e.payload["question_id"], e.payload.get("t")]
                      for _t, _r, e in attempt_points(history, attempt.attempt_id) if e.type == ANSWER_EVENT],
            answers={k: sheet[k] for k in attempt.order if k in sheet})
        if attempt.draw:
            body["draw"] = attempt.draw
        if attempt.proctor:
            body["proctor"] = {"session": attempt.proctor}
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
