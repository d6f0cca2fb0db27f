"""The server's decision on a claim: grade the exam with the answer key, check the course rules
against the learner's synced events, then issue a signed certificate or a refusal with reasons.

Pure logic over plain data (the server stores and serves; this module decides), so the same code
is tested without a server and runs in the server's event hook.

Refusal reason codes: ``device_not_enrolled``, ``bad_signature``, ``wrong_learner``,
``unknown_course``, ``pack_mismatch``, ``exam_mismatch``, ``replayed``, ``draw_mismatch``,
``seed_replayed``, ``timing``, ``too_many_attempts``, ``time_limit``, ``rules_not_met``,
``score_below_mastery``, ``malformed``, ``server_error``.

Only a refusal about the learner's own answer sheet counts as an exam attempt
(:data:`ANSWER_REASONS`: her answers, her time, or a sheet that breaks the exam's rules — its
draw, its seed, its timings); any other says the server, the centre's set-up, the PC or sync got
in the way, and the learner sends the same answers again later (docs/certification.md).

Sheets of version 2 (:mod:`.exam`) are checked against the attempt's own events (its start and
every saved answer, as the server holds them): the draw re-derived from the seed (:mod:`.draw`),
the seed used by no other attempt, the timings recomputed with the exam clock's rule
(:mod:`.clock`), the answers equal to the last ones saved. A sheet made in a supervised session is
decided with the facilitator's co-signature (:mod:`.proctor`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import cached_property
from collections.abc import Set
from typing import TYPE_CHECKING, Any, Iterable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cc2desktop.core.certification import payload as pl
from cc2desktop.core.certification.claims import claim_signature_ok, manifest_digest
from cc2desktop.core.certification.draw import DRAW_VERSION, legacy_order, question_order
from cc2desktop.core.certification.rules import evaluate
from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.event_types import EXAM_ANSWERED, EXAM_STARTED
from cc2desktop.core.packs.manifest import Manifest

if TYPE_CHECKING:
    from cc2desktop.core.certification.proctor import ProctorWord

TIME_GRACE_S = 120  # sheets without the exam clock: device clocks drift, a sheet a little late is still accepted
CLOCK_GRACE_S = 10  # sheets on the exam clock: the page hands in at zero; a few seconds for the last save

REASON_TEXT = {
    "device_not_enrolled": "the claim comes from a device that is not enrolled",
    "bad_signature": "the claim's signature does not match its content or its device",
    "wrong_learner": "the claim was made for another learner",
    "unknown_course": "the course or its exam is not published on this server",
    "pack_mismatch": "the exam was answered from a course pack that differs from the published one",
    "exam_mismatch": "the answer sheet does not match the published exam",
    "replayed": "this answer sheet was already decided",
    "draw_mismatch": "the questions answered are not those the attempt drew",
    "seed_replayed": "the attempt reuses the draw of another attempt",
    "timing": "the sheet's times or answers contradict what was saved during the exam",
    "too_many_attempts": "no exam attempt left",
    "time_limit": "the exam was submitted after its time limit",
    "rules_not_met": "the course requirements are not met",
    "score_below_mastery": "the exam score is below the pass mark",
    "malformed": "the claim is malformed",
    "server_error": "the server could not decide on the claim",
}

#: Refusal reasons about the learner's own answers: such a decision counts as an exam attempt.
ANSWER_REASONS = frozenset({"score_below_mastery", "time_limit", "too_many_attempts", "draw_mismatch",
                            "seed_replayed", "timing"})


def counts_as_attempt(d: "Decision") -> bool:
    """A certificate, or a refusal with a reason about the answers (:data:`ANSWER_REASONS`)."""
    return d.certified or any(r.code in ANSWER_REASONS for r in d.reasons)


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishedCourse:
    """What the server knows of a published course version: its manifest and exam answer key."""

    manifest: Manifest
    answer_key: dict[str, Any]  # question id -> answer
    # question id -> the whole question from the key file (weights, accepted answers, units…)
    key_questions: dict[str, dict] = field(default_factory=dict)

    @cached_property
    def digest(self) -> str:
        return manifest_digest(self.manifest)


@dataclass
class Decision:
    id: str
    kind: str                       # "certificate" | "refusal"
    claim_id: str | None
    learner_id: str
    course_id: str
    decided_at: str
    score: float | None = None      # scaled 0..1, when graded
    reasons: list[Reason] = field(default_factory=list)
    # certificate only
    code: str | None = None
    learner_name: str | None = None
    course_title: dict[str, str] = field(default_factory=dict)
    date: str | None = None
    payload: str | None = None
    verify_url: str | None = None   # set by the server that issued it
    event_id: str | None = None     # the exam.claimed event decided on (set by the server)
    badge: str | None = None        # Open Badges 3.0 credential, VC-JWT (set by the server)
    # a supervised exam: the facilitator's word (session code, facilitator, opened_at, closed_at)
    proctor: dict[str, Any] | None = None
    # graded decisions: which of the questions drawn were answered correctly ([{"id", "correct"}],
    # never the expected answers), for the learner's review
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def proctored(self) -> bool:
        return bool(self.proctor)

    @property
    def certified(self) -> bool:
        return self.kind == "certificate"

    def to_item(self) -> dict[str, Any]:
        """The body of the server item pulled by devices (JSON)."""
        d = asdict(self)
        d["state"] = "certified" if self.certified else "not_passed"
        return d

    @classmethod
    def from_item(cls, d: dict[str, Any]) -> "Decision":
        d = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        d["reasons"] = [Reason(**r) for r in d.get("reasons", [])]
        return cls(**d)


def grade_exam(course: PublishedCourse, answers: dict[str, Any],
               question_ids: Iterable[str] | None = None) -> tuple[float, list[dict]]:
    """Scaled score and per-question results over the questions an attempt drew (``question_ids``,
    default: the whole bank). Uses the learning domain's grader, the one the practice quizzes use:
    by default the share of questions answered correctly; an exam scored by ``fractions`` adds each
    question's score × points (see ``learning.quiz.attempt_points``)."""
    from cc2desktop.core.learning.quiz import attempt_points, grade

    _cert, exam = course.manifest.final_exam()
    results = []
    scores: dict[str, float] = {}
    graded: list[dict] = []
    drawn = set(question_ids) if question_ids is not None else None
    for q in exam.questions:
        if drawn is not None and q.id not in drawn:
            continue
        qd = q.model_dump(mode="json", exclude_none=True)
        full = course.key_questions.get(q.id)
        if full is not None:
            qd = {**qd, **full}
        else:
            qd["answer"] = course.answer_key.get(q.id)
        if qd.get("answer") is None and not qd.get("gaps"):
            raise ValueError(f"the answer key has no answer for {q.id}")
        g = grade(qd, answers.get(q.id))
        scores[q.id] = g.score
        graded.append(qd)
        results.append({"id": q.id, "correct": bool(g.correct)})
    points, most = attempt_points(graded, scores, exam.scoring)
    return (points / most if most else 0.0), results


def _seconds(a: str, b: str) -> float:
    p = lambda s: dt.datetime.fromisoformat(str(s).replace("Z", "+00:00"))  # noqa: E731
    return (p(b) - p(a)).total_seconds()


def decide(
    claim: dict[str, Any],
    *,
    event_learner_id: str,
    event_device_id: str,
    device_public_key: str | None,
    learner_events: Iterable[Any],
    course: PublishedCourse | None,
    learner_name: str,
    issuer_key: Ed25519PrivateKey,
    decided_claim_ids: Set[str] = frozenset(),
    prior_claims: int = 0,
    seed_owner: str | None = None,
    proctor: "ProctorWord | None" = None,
    now: str | None = None,
) -> Decision:
    """Decide on one ``exam.claimed`` event.

    ``event_*`` are the ids under which the event was stored (the pushing device, the learner it
    was pushed for); ``device_public_key`` is the key that device enrolled with (None: unknown or
    revoked); ``learner_events`` the learner's events the server holds (her activities, and the
    attempt's start and saved answers); ``prior_claims`` counts this learner's earlier claims for
    the course that were decided; ``seed_owner`` the attempt that already drew with this claim's
    seed (None: none); ``proctor`` the facilitator's co-signature of a sheet made in a supervised
    session (checked here; a bad one is ignored: the sheet is then decided as unsupervised).
    """
    now = now or utcnow_iso()
    course_id = str(claim.get("course_id") or "")
    events = list(learner_events)

    def refuse(code: str, score: float | None = None, **detail: Any) -> Decision:
        return Decision(new_id(), "refusal", str(claim.get("claim_id") or "") or None, event_learner_id,
                        course_id, now, score=score, reasons=[Reason(code, REASON_TEXT[code], detail)],
                        learner_name=learner_name)

    if device_public_key is None:
        return refuse("device_not_enrolled")
    if not claim_signature_ok(claim, device_public_key) or claim.get("device_id") != event_device_id:
        return refuse("bad_signature")
    if claim.get("learner_id") != event_learner_id:
        return refuse("wrong_learner")
    if claim.get("claim_id") in decided_claim_ids:
        return refuse("replayed")
    if not isinstance(claim.get("answers"), dict) or not isinstance(claim.get("order"), list):
        return refuse("malformed")
    if course is None or course.manifest.certification is None or course.manifest.certification.exam is None:
        return refuse("unknown_course")
    m = course.manifest
    cert, exam = m.final_exam()
    if claim.get("manifest_sha256") != course.digest or claim.get("pack_version") != m.version:
        return refuse("pack_mismatch")
    if claim.get("exam_id") != exam.id:
        return refuse("exam_mismatch")
    clocked = claim.get("v") == 2
    if exam.draw is not None and not clocked:
        return refuse("exam_mismatch", why="an exam with a question bank needs an answer sheet of version 2")
    if not clocked:  # a sheet of an earlier app, for an exam without a bank: every question
        exam_ids = sorted(q.id for q in exam.questions)
        if sorted(map(str, claim["order"])) != exam_ids or not set(claim["answers"]) <= set(exam_ids):
            return refuse("exam_mismatch")
        drawn = exam_ids
    else:
        try:
            seed = claim["seed"]
            if isinstance(seed, bool) or not isinstance(seed, int):
                raise TypeError
            drawn = (question_order(m, seed) if exam.draw is not None and claim.get("draw") == DRAW_VERSION
                     else legacy_order([q.id for q in exam.questions], seed, exam.shuffle))
        except (KeyError, TypeError, ValueError):
            return refuse("malformed")
        if exam.draw is not None and claim.get("draw") != DRAW_VERSION:
            return refuse("draw_mismatch", why="unknown draw")
        if list(map(str, claim["order"])) != drawn:
            return refuse("draw_mismatch", why="the questions are not those the seed draws")
        if not set(claim["answers"]) <= set(drawn):
            return refuse("draw_mismatch", why="answers to questions the attempt did not draw")
    if prior_claims >= cert.exam_attempts:
        return refuse("too_many_attempts", attempts=cert.exam_attempts)
    if clocked:
        if seed_owner is not None and seed_owner != claim.get("attempt_id"):
            return refuse("seed_replayed")
        problem = check_timings(claim, events, drawn, cert.exam_time_limit_s)
        if problem is not None:
            code, why = problem
            return refuse(code, why=why)
        took = float(claim["elapsed_s"])
    elif cert.exam_time_limit_s:
        try:
            took = _seconds(claim["started_at"], claim["submitted_at"])
        except (KeyError, ValueError, TypeError):
            return refuse("malformed")
    else:
        took = 0.0
    limit = cert.exam_time_limit_s
    if limit and took > limit + (CLOCK_GRACE_S if clocked else TIME_GRACE_S):
        return refuse("time_limit", took_s=round(took), limit_s=limit)
    word = proctor.check(claim, took) if proctor is not None else None
    if isinstance(word, tuple):
        return refuse(*word[:1], why=word[1])

    score, results = grade_exam(course, claim["answers"], drawn)
    reasons: list[Reason] = []
    elig = evaluate(m, events)
    if not elig.prerequisites_met:
        missing = [f"{i.kind}:{i.id}" for i in elig.missing]
        reasons.append(Reason("rules_not_met", REASON_TEXT["rules_not_met"], {"missing": missing}))
    if score + 1e-9 < cert.exam_mastery:
        reasons.append(Reason("score_below_mastery", REASON_TEXT["score_below_mastery"],
                              {"score": round(score, 4), "mastery": cert.exam_mastery}))
    if reasons:
        return Decision(new_id(), "refusal", claim["claim_id"], event_learner_id, course_id, now,
                        score=score, reasons=reasons, learner_name=learner_name, proctor=word, results=results)

    code = pl.new_verification_code()
    date = now[:10]
    title = dict(m.title)
    lang = m.languages[0]
    qr = pl.sign(pl.CertificateClaims(code=code, name=learner_name, course_id=m.id,
                                      course_title=title.get(lang, m.id), date=date,
                                      score=round(score * 100), proctored=word is not None), issuer_key)
    return Decision(new_id(), "certificate", claim["claim_id"], event_learner_id, course_id, now,
                    score=score, code=code, learner_name=learner_name, course_title=title, date=date,
                    payload=qr, proctor=word, results=results)


def check_timings(claim: dict[str, Any], events: list[Any], drawn: list[str],
                  limit: int | None) -> tuple[str, str] | None:
    """(reason code, why) when a version 2 sheet's timings or answers disagree with its attempt's
    events (its start and saved answers, in the order the PC wrote them); None when they agree."""
    from cc2desktop.core.certification import clock as clk

    aid = claim.get("attempt_id")
    # an attempt's events are written by one PC: its sequence numbers order them
    mine = sorted((e for e in events if _get(e, "type") in (EXAM_STARTED, EXAM_ANSWERED)
                   and (_get(e, "payload") or {}).get("attempt_id") == aid),
                  key=lambda e: (_get(e, "seq") or 0, _get(e, "created_at") or ""))
    starts = [e for e in mine if _get(e, "type") == EXAM_STARTED]
    if len(starts) != 1 or _get(starts[0], "payload").get("seed") != claim.get("seed"):
        return "timing", "the attempt's start is not on the server, or names another seed"
    answered = [e for e in mine if _get(e, "type") == EXAM_ANSWERED]
    try:
        points = [(0.0, clk.Reading.from_json(_get(starts[0], "payload").get("clock")))]
        for e in answered:
            p = _get(e, "payload")
            t = p.get("t")
            if isinstance(t, bool) or not isinstance(t, (int, float)):
                raise ValueError("an answer without its time")
            points.append((float(t), clk.Reading.from_json(p.get("clock"))))
        hand_in = clk.Reading.from_json(claim.get("clock"))
        elapsed = claim["elapsed_s"]
        if isinstance(elapsed, bool) or not isinstance(elapsed, (int, float)) or elapsed < 0:
            raise ValueError("no time spent")
        spent = points[-1][0] + clk.advance(points[-1][1], hand_in)
    except (KeyError, ValueError, TypeError) as exc:
        return "timing", f"unreadable times ({exc})"
    why = clk.check_points(points)
    if why is not None:
        return "timing", why
    undrawn = sorted({_get(e, "payload").get("question_id") for e in answered} - set(drawn))
    if undrawn:
        return "draw_mismatch", f"answers saved to questions the attempt did not draw ({undrawn[0]})"
    if claim.get("time_up"):
        if not limit or abs(float(elapsed) - limit) > clk.TOLERANCE_S or spent + clk.TOLERANCE_S < limit:
            return "timing", "handed in at the end of a time that had not run out"
    elif abs(spent - float(elapsed)) > clk.TOLERANCE_S:
        return "timing", f"time spent given as {float(elapsed):.1f} s where the clocks give {spent:.1f} s"
    timeline = [[_get(e, "payload").get("question_id"), _get(e, "payload").get("t")] for e in answered]
    if not _same_timeline(claim.get("timeline"), timeline):
        return "timing", "the sheet's timeline is not the one of the answers saved"
    last: dict[str, Any] = {}
    for e in answered:
        p = _get(e, "payload")
        if claim.get("time_up") and limit and float(p["t"]) > limit + clk.TOLERANCE_S:
            continue
        last[p["question_id"]] = p.get("response")
    sheet = {k: v for k, v in last.items() if v not in (None, "", [], {})}
    if sheet != claim["answers"]:
        return "timing", "the sheet's answers are not the last ones saved"
    return None


def _same_timeline(given: Any, held: list[list[Any]]) -> bool:
    if not isinstance(given, list) or len(given) != len(held):
        return False
    for a, b in zip(given, held):
        if not isinstance(a, list) or len(a) != 2 or a[0] != b[0]:
            return False
        if isinstance(a[1], bool) or not isinstance(a[1], (int, float)) or abs(float(a[1]) - float(b[1])) > 0.05:
            return False
    return True


def _get(e: Any, name: str) -> Any:
    return e.get(name) if isinstance(e, dict) else getattr(e, name, None)


# --- on a PC: the decisions sync brought ------------------------------------------------------------
ITEM_KIND = "certificate"  # the sync item kind decisions travel as (docs/sync-protocol.md)


def decisions(session, *, learner_id: str | None = None, course_id: str | None = None) -> list[Decision]:  # noqa: ANN001
    """The server's decisions pulled to this PC (sync items), oldest first."""
    from cc2desktop.core.sync.client import items

    out = []
    for it in items(session, kind=ITEM_KIND, learner_id=learner_id):
        try:
            d = Decision.from_item(it["body"])
        except (TypeError, KeyError):
            continue  # an item this version cannot read: ignored, kept in sync_items
        if course_id is None or d.course_id == course_id:
            out.append(d)
    return out
