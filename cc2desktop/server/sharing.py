"""The answer-sharing signal: clusters of graded answer sheets from one centre, close in time, that
share the same unusual wrong answers are flagged for a person to review. A flag never revokes or
refuses anything by itself (docs/certification.md, "Answer-sharing signal").

**Evidence between two sheets** ``a`` and ``b`` (a log-likelihood ratio of "both copied one source"
against "each answered alone"), over the questions both drew and answered, where at least one of
the two is wrong:

- the same wrong answer ``r`` to question ``q``: ``+ln(c / p + 1 - c)``, where ``p`` is how often
  ``r`` is given to ``q`` across every sheet of the exam the server graded (smoothed towards an even
  spread over the question's possible answers until enough sheets are in) and ``c`` the share of
  answers a copier takes from the source (:data:`COPY_RATE`): the rarer the shared mistake, the
  stronger the evidence;
- different answers: ``+ln(1 - c)`` (copiers rarely differ);
- both right: nothing (a right answer is shared by honest learners too).

Two sheets are **linked** when the evidence reaches :data:`LINK_SCORE` and they share at least
:data:`MIN_UNUSUAL` wrong answers given by fewer than :data:`UNUSUAL` of all sheets. A **cluster** is a
group of at least :data:`MIN_CLUSTER` sheets of one centre, submitted within :data:`WINDOW_H` hours of
each other, each linked to at least two others of the group (a single chance link never pulls an
honest sheet in); it becomes (or extends) an open flag. A question's answers count as evidence once
:data:`MIN_SHEETS` graded sheets answered it: the first sheets of a new exam are not watched
(``server flags --rescan`` looks again at every window with today's frequencies). The parameters
were set on simulated cohorts (``python -m tools.sharing_signal``: false flags and detection power).

A centre is the label of the enrolment code the sheet's PC enrolled with (else that code; else the
PC itself): :func:`centre_of`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.server.models import Device, EnrolmentCode, ServerBase

COPY_RATE = 0.8
LINK_SCORE = 2.0
UNUSUAL = 0.3
MIN_UNUSUAL = 2
MIN_CLUSTER = 3
WINDOW_H = 3.0
MIN_SHEETS = 30           # a question's answers count as evidence once this many graded sheets answered it
PRIOR_WEIGHT = 10.0       # sheets' worth of the even prior in a question's answer frequencies
FREE_ANSWERS = 10         # possible answers assumed for a typed (text, numeric) question
STATUSES = ("open", "dismissed", "confirmed")


class CertPattern(ServerBase):
    """A graded sheet's answers, for the signal: question id → normalised answer; the wrong ones."""

    __tablename__ = "cert_patterns"
    claim_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    learner_id: Mapped[str] = mapped_column(String(36))
    course_id: Mapped[str] = mapped_column(String(128))
    exam_id: Mapped[str] = mapped_column(String(128))
    centre: Mapped[str] = mapped_column(String(160))
    submitted_at: Mapped[str] = mapped_column(String(32))
    responses: Mapped[str] = mapped_column(Text)
    wrong: Mapped[str] = mapped_column(Text)


class CertResponseCount(ServerBase):
    """How many graded sheets gave each answer to each question of an exam."""

    __tablename__ = "cert_response_counts"
    course_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    exam_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    response: Mapped[str] = mapped_column(String(200), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class SharingFlag(ServerBase):
    __tablename__ = "cert_sharing_flags"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    course_id: Mapped[str] = mapped_column(String(128))
    exam_id: Mapped[str] = mapped_column(String(128))
    centre: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    claims: Mapped[str] = mapped_column(Text)       # JSON [{claim_id, learner_id, submitted_at}]
    evidence: Mapped[str] = mapped_column(Text)     # JSON [{a, b, score, shared_wrong: [[q, r, p]]}]
    status: Mapped[str] = mapped_column(String(16))  # open | dismissed | confirmed
    reviewed_at: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


# --- pure detection --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sheet:
    claim_id: str
    submitted_at: str
    responses: dict[str, str]          # question id → normalised answer (answered questions only)
    wrong: frozenset[str]              # question ids answered wrong
    learner_id: str = ""


@dataclass
class Frequencies:
    """Answer frequencies per question (counts across graded sheets) and each question's number of
    possible answers (for the prior)."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    options: dict[str, int] = field(default_factory=dict)

    def sheets(self, qid: str) -> int:
        return sum(self.counts.get(qid, {}).values())

    def p(self, qid: str, response: str) -> float:
        c = self.counts.get(qid, {})
        total = sum(c.values())
        k = max(2, self.options.get(qid, FREE_ANSWERS))
        return (c.get(response, 0) + PRIOR_WEIGHT / k) / (total + PRIOR_WEIGHT)


def pair_evidence(a: Sheet, b: Sheet, freq: Frequencies) -> tuple[float, list[tuple[str, str, float]]]:
    """(score, the unusual wrong answers both gave: (question, answer, frequency))."""
    score = 0.0
    shared: list[tuple[str, str, float]] = []
    for q in sorted(set(a.responses) & set(b.responses)):
        wa, wb = q in a.wrong, q in b.wrong
        if (not wa and not wb) or freq.sheets(q) < MIN_SHEETS:
            continue
        if a.responses[q] == b.responses[q]:
            p = freq.p(q, a.responses[q])
            score += math.log(COPY_RATE / p + 1 - COPY_RATE)
            if p < UNUSUAL:
                shared.append((q, a.responses[q], round(p, 4)))
        else:
            score += math.log(1 - COPY_RATE)
    return score, shared


def clusters(sheets: list[Sheet], freq: Frequencies) -> list[tuple[list[Sheet], list[dict]]]:
    """Clusters of linked sheets (each: its sheets, the evidence of its links), within the time
    window (sheets are taken as one centre's)."""
    links: dict[int, set[int]] = defaultdict(set)
    evidence: dict[frozenset[int], dict] = {}
    times = [_epoch(s.submitted_at) for s in sheets]
    window = WINDOW_H * 3600
    for i, j in itertools.combinations(range(len(sheets)), 2):
        if abs(times[i] - times[j]) > window:
            continue
        score, shared = pair_evidence(sheets[i], sheets[j], freq)
        if score >= LINK_SCORE and len(shared) >= MIN_UNUSUAL:
            links[i].add(j)
            links[j].add(i)
            evidence[frozenset((i, j))] = {"a": sheets[i].claim_id, "b": sheets[j].claim_id, "score": round(score, 2),
                                           "shared_wrong": [list(x) for x in shared]}
    out = []
    seen: set[int] = set()
    for start in sorted(links):
        if start in seen:
            continue
        comp, todo = set(), [start]
        while todo:
            x = todo.pop()
            if x not in comp:
                comp.add(x)
                todo.extend(links[x])
        seen |= comp
        core = _two_core(comp, links)
        if len(core) >= MIN_CLUSTER:
            ev = [v for k, v in evidence.items() if k <= core]
            out.append(([sheets[i] for i in sorted(core)], sorted(ev, key=lambda d: -d["score"])))
    return out


def _two_core(comp: set[int], links: dict[int, set[int]]) -> set[int]:
    """The sheets of a group linked to at least two others of it: a chance link from one honest
    sheet to a copier's does not pull the honest one in."""
    core = set(comp)
    while True:
        weak = {i for i in core if len(links[i] & core) < 2}
        if not weak:
            return core
        core -= weak


def _epoch(iso: str) -> float:
    try:
        return dt.datetime.fromisoformat(str(iso).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def normalise(response: Any) -> str:
    """An answer as one comparable string (typed text: case and spaces folded)."""
    if isinstance(response, str):
        return " ".join(response.casefold().split())[:200]
    if isinstance(response, list) and all(isinstance(x, str) for x in response):
        return json.dumps(response, ensure_ascii=False, separators=(",", ":"))[:200]
    if isinstance(response, dict):
        return json.dumps(response, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[:200]
    return json.dumps(response)[:200]


def options_of(question: Any) -> int:
    """How many answers a question admits (for the prior of its frequencies)."""
    t = question.type
    if t == "true_false":
        return 2
    if t == "single":
        return len(question.choices)
    if t == "multiple":
        return min(2 ** len(question.choices), 64)
    if t == "ordering":
        return min(math.factorial(len(question.items)), 120)
    if t == "matching":
        return min(math.factorial(len(question.right)), 120)
    return FREE_ANSWERS


# --- on the server ---------------------------------------------------------------------------------
def centre_of(session: Session, device_id: str) -> str:
    """The centre a PC belongs to: its enrolment code's label, else that code, else the PC."""
    dev = session.get(Device, device_id)
    if dev is None or not dev.code_hash:
        return f"pc:{device_id[:8]}"
    code = session.get(EnrolmentCode, dev.code_hash)
    if code is not None and code.label:
        return code.label[:160]
    return f"code:{dev.code_hash[:10]}"


def record(session: Session, course: Any, claim: dict, *, device_id: str, learner_id: str) -> list[str]:
    """Keep a graded sheet's pattern, count its answers, and flag the cluster it completes, if any.
    Returns the ids of the flags created or extended."""
    from cc2desktop.core.certification.decision import grade_exam

    _cert, exam = course.manifest.final_exam()
    cid = str(claim.get("claim_id") or "")
    if not cid or session.get(CertPattern, cid) is not None:
        return []
    answers = claim.get("answers") or {}
    drawn = [str(q) for q in claim.get("order") or []]
    _score, results = grade_exam(course, answers, drawn or None)
    responses = {q: normalise(answers[q]) for q in drawn if q in answers}
    wrong = sorted(r["id"] for r in results if not r["correct"] and r["id"] in responses)
    centre = centre_of(session, device_id)
    submitted = str(claim.get("submitted_at") or utcnow_iso())
    session.add(CertPattern(claim_id=cid, learner_id=learner_id, course_id=course.manifest.id, exam_id=exam.id,
                            centre=centre, submitted_at=submitted,
                            responses=json.dumps(responses, ensure_ascii=False), wrong=json.dumps(wrong)))
    for q, r in responses.items():
        key = (course.manifest.id, exam.id, q, r)
        row = session.get(CertResponseCount, key)
        if row is None:
            session.add(CertResponseCount(course_id=key[0], exam_id=key[1], question_id=q, response=r, n=1))
        else:
            row.n += 1
    session.flush()
    return _flag(session, course, exam, centre, submitted, cid)


def rescan(session: Session, courses: dict) -> list[str]:
    """Look again at every graded sheet's window with today's answer frequencies (sheets graded
    before a question had enough answers to count); returns the flags created or extended."""
    out: list[str] = []
    for course in courses.values():
        if course.manifest.certification is None or course.manifest.certification.exam is None:
            continue
        exam = course.manifest.certification.exam
        rows = session.execute(select(CertPattern.claim_id, CertPattern.centre, CertPattern.submitted_at).where(
            CertPattern.course_id == course.manifest.id, CertPattern.exam_id == exam.id)
            .order_by(CertPattern.submitted_at)).all()
        for cid, centre, at in rows:
            out.extend(f for f in _flag(session, course, exam, centre, at, cid) if f not in out)
    return out


def _frequencies(session: Session, course: Any, exam: Any) -> Frequencies:
    f = Frequencies(options={q.id: options_of(q) for q in exam.questions})
    rows = session.execute(select(CertResponseCount.question_id, CertResponseCount.response, CertResponseCount.n)
                           .where(CertResponseCount.course_id == course.manifest.id,
                                  CertResponseCount.exam_id == exam.id))
    for q, r, n in rows:
        f.counts.setdefault(q, {})[r] = n
    return f


def _shift(iso: str, hours: float) -> str:
    t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")) + dt.timedelta(hours=hours)
    return t.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _flag(session: Session, course: Any, exam: Any, centre: str, around: str, claim_id: str) -> list[str]:
    try:
        lo, hi = _shift(around, -2 * WINDOW_H), _shift(around, 2 * WINDOW_H)
    except ValueError:
        return []
    rows = session.scalars(select(CertPattern).where(
        CertPattern.course_id == course.manifest.id, CertPattern.exam_id == exam.id, CertPattern.centre == centre,
        CertPattern.submitted_at >= lo, CertPattern.submitted_at <= hi)).all()
    sheets = [Sheet(r.claim_id, r.submitted_at, json.loads(r.responses), frozenset(json.loads(r.wrong)), r.learner_id)
              for r in rows]
    if len(sheets) < MIN_CLUSTER:
        return []
    out = []
    for members, evidence in clusters(sheets, _frequencies(session, course, exam)):
        if claim_id not in {m.claim_id for m in members}:
            continue
        out.append(_upsert(session, course.manifest.id, exam.id, centre, members, evidence))
    return out


def _upsert(session: Session, course_id: str, exam_id: str, centre: str, members: list[Sheet],
            evidence: list[dict]) -> str:
    now = utcnow_iso()
    ids = {m.claim_id for m in members}
    for flag in session.scalars(select(SharingFlag).where(SharingFlag.course_id == course_id,
                                                          SharingFlag.exam_id == exam_id,
                                                          SharingFlag.centre == centre)):
        held = {c["claim_id"] for c in json.loads(flag.claims)}
        if held & ids:
            merged = {c["claim_id"]: c for c in json.loads(flag.claims)}
            merged.update({m.claim_id: _member(m) for m in members})
            old_ev = {(e["a"], e["b"]): e for e in json.loads(flag.evidence)}
            old_ev.update({(e["a"], e["b"]): e for e in evidence})
            flag.claims = json.dumps(sorted(merged.values(), key=lambda c: c["submitted_at"]))
            flag.evidence = json.dumps(sorted(old_ev.values(), key=lambda d: -d["score"]))
            flag.updated_at = now
            if flag.status != "open" and not ids <= held:
                flag.status = "open"  # new sheets joined a reviewed cluster: it needs another look
            return flag.id
    flag = SharingFlag(id=new_id(), course_id=course_id, exam_id=exam_id, centre=centre, created_at=now, updated_at=now,
                       claims=json.dumps([_member(m) for m in sorted(members, key=lambda m: m.submitted_at)]),
                       evidence=json.dumps(evidence), status="open")
    session.add(flag)
    session.flush()
    return flag.id


def _member(m: Sheet) -> dict[str, str]:
    return {"claim_id": m.claim_id, "learner_id": m.learner_id, "submitted_at": m.submitted_at}


def list_flags(session: Session, *, status: str | None = None) -> list[dict[str, Any]]:
    """Flags for review, newest first, with the learners' names and certificate codes."""
    from cc2desktop.server.cert_models import ServerCertificate
    from cc2desktop.server.models import ServerLearner

    q = select(SharingFlag).order_by(SharingFlag.updated_at.desc())
    if status:
        q = q.where(SharingFlag.status == status)
    out = []
    for f in session.scalars(q):
        claims = json.loads(f.claims)
        ids = [c["claim_id"] for c in claims]
        certs = {r.claim_id: r for r in session.scalars(select(ServerCertificate)
                                                        .where(ServerCertificate.claim_id.in_(ids)))}
        names = {r.id: r.display_name for r in session.scalars(select(ServerLearner).where(
            ServerLearner.id.in_([c["learner_id"] for c in claims])))}
        for c in claims:
            cert = certs.get(c["claim_id"])
            c.update(name=names.get(c["learner_id"]), state=None if cert is None else
                     ("certified" if cert.kind == "certificate" else "not_passed"),
                     code=cert.code if cert is not None else None,
                     score=None if cert is None or cert.score is None else round(cert.score * 100))
        out.append({"id": f.id, "course": f.course_id, "exam": f.exam_id, "centre": f.centre, "status": f.status,
                    "created_at": f.created_at, "updated_at": f.updated_at, "reviewed_at": f.reviewed_at,
                    "note": f.note, "claims": claims, "evidence": json.loads(f.evidence)})
    return out


def review(session: Session, flag_id: str, status: str, note: str | None = None) -> dict[str, Any]:
    """A person's conclusion on a flag (``dismissed`` or ``confirmed``; ``open`` again). It changes
    nothing else: revoking a certificate stays a separate, deliberate act."""
    from cc2desktop.core.errors import NotFoundError, ValidationError

    if status not in STATUSES:
        raise ValidationError(f"status must be one of {', '.join(STATUSES)}", code="bad_flag_status")
    flag = session.get(SharingFlag, flag_id)
    if flag is None:
        matches = list(session.scalars(select(SharingFlag).where(SharingFlag.id.startswith(flag_id)))) \
            if len(flag_id) >= 6 else []
        if len(matches) != 1:
            raise NotFoundError(f"no flag {flag_id!r}", code="flag_not_found")
        flag = matches[0]
    flag.status = status
    flag.reviewed_at = utcnow_iso()
    if note is not None:
        flag.note = note[:2000]
    session.flush()
    return {"id": flag.id, "status": flag.status, "reviewed_at": flag.reviewed_at, "note": flag.note}


def count_open(session: Session) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(SharingFlag).where(SharingFlag.status == "open")) or 0

