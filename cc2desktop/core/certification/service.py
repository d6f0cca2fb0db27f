"""Certification on the learner's PC: the server's decisions (pulled by sync as ``certificate``
items), claim states (pending / certified / not passed with reasons), the eligibility checklist,
exam attempts, certificate documents and offline verification. The facade the UI and CLI call."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cc2desktop.core import events as ev
from cc2desktop.core.certification import keys as keymod
from cc2desktop.core.certification import payload as pl
from cc2desktop.core.certification.decision import Decision, counts_as_attempt, decisions
from cc2desktop.core.certification.document import CertificateView, DocumentError, extract_payload_from_pdf
from cc2desktop.core.certification.proctor import claim_session
from cc2desktop.core.errors import NotFoundError

DEFAULT_VERIFY_BASE = "https://certificats.connexions-citoyennes.org"


@dataclass
class ClaimState:
    claim_id: str
    learner_id: str
    course_id: str
    attempt: int
    submitted_at: str
    state: str                    # "pending" | "certified" | "not_passed" | "not_graded"
    score: float | None = None
    reasons: list[dict] = field(default_factory=list)
    certificate_id: str | None = None
    code: str | None = None
    decision_id: str | None = None
    proctor: str | None = None    # the supervised session's code the sheet names
    results: list[dict] = field(default_factory=list)  # graded: [{"id", "correct"}] per question drawn

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def claim_states(session, learner_id: str, course_id: str | None = None) -> list[ClaimState]:  # noqa: ANN001
    """Every exam claim of the learner with the server's answer, oldest first."""
    ds = decisions(session, learner_id=learner_id)
    by_event = {d.event_id: d for d in ds if d.event_id}
    by_claim = {d.claim_id: d for d in ds if d.certified or d.score is not None}  # graded ones
    out = []
    for e in ev.for_learner(session, learner_id, course_id=course_id, types=("exam.claimed",)):
        p = e.payload
        d = by_event.get(e.id) or by_claim.get(p.get("claim_id"))
        st = ClaimState(str(p.get("claim_id")), learner_id, e.course_id or "", int(p.get("attempt") or 0),
                        str(p.get("submitted_at") or e.created_at), "pending", proctor=claim_session(p))
        if d is not None:
            # not_graded: refused for a reason that is not about her answers (the attempt does not count)
            st.state = "certified" if d.certified else "not_passed" if counts_as_attempt(d) else "not_graded"
            st.score, st.reasons, st.decision_id = d.score, [asdict(r) for r in d.reasons], d.id
            st.certificate_id, st.code = (d.id, d.code) if d.certified else (None, None)
            st.results = [r for r in d.results if isinstance(r, dict) and isinstance(r.get("id"), str)]
        out.append(st)
    return out


def view_of(d: Decision, *, verify_base: str | None = None) -> CertificateView:
    claims, _, _ = pl.decode_unverified(d.payload or "")
    trusted = keymod.trusted_issuers()
    demo = keymod.is_demo_key(trusted[claims.issuer]) if claims.issuer in trusted else False
    url = d.verify_url or ""
    if not url:
        url = f"{(verify_base or DEFAULT_VERIFY_BASE).rstrip('/')}/verify/{d.code}"
    return CertificateView(id=d.id, code=d.code or "", learner_name=d.learner_name or claims.name,
                           course_id=d.course_id, course_title=d.course_title or {"fr": claims.course_title},
                           date=d.date or claims.date, score=claims.score, payload=d.payload or "",
                           verify_url=url, issuer=claims.issuer, demo=demo, proctored=claims.proctored,
                           session_date=str((d.proctor or {}).get("opened_at") or "")[:10] or None)


def list_certificates(kit, learner_id: str | None = None) -> list[dict[str, Any]]:  # noqa: ANN001
    """The CLI's ``certificate list``: one row per decision and per pending claim."""
    from cc2desktop.core.db.models import Learner

    rows: list[dict[str, Any]] = []
    with kit.session() as s:
        names = {lr.id: lr.display_name for lr in s.query(Learner)}
        learners = [learner_id] if learner_id else sorted(names)
        for lid in learners:
            ds = decisions(s, learner_id=lid)
            by_cert = {d.id: d for d in ds}
            states = claim_states(s, lid)
            for st in states:
                d = by_cert.get(st.decision_id) if st.decision_id else None
                rows.append({
                    "id": (d.id if d else st.claim_id), "learner": lid, "learner_name": names.get(lid),
                    "course": st.course_id, "state": st.state,
                    "score": None if st.score is None else round(st.score * 100),
                    "code": st.code, "date": d.date if d else None, "claim_id": st.claim_id,
                    "reasons": [r["code"] for r in st.reasons], "payload": d.payload if d else None,
                    "verify_url": d.verify_url if d and d.certified else None,
                })
            known = {st.decision_id for st in states}
            for d in ds:  # decisions whose claim was made on another PC
                if d.id not in known:
                    rows.append({"id": d.id, "learner": lid, "learner_name": names.get(lid), "course": d.course_id,
                                 "state": "certified" if d.certified else "not_passed",
                                 "score": None if d.score is None else round(d.score * 100), "code": d.code,
                                 "date": d.date, "claim_id": d.claim_id, "reasons": [r.code for r in d.reasons],
                                 "payload": d.payload, "verify_url": d.verify_url if d.certified else None})
    return rows


def find_certificate(kit, ident: str) -> Decision:  # noqa: ANN001
    """A received certificate by id, verification code or claim id."""
    code = pl.normalize_code(ident)
    with kit.session() as s:
        for d in decisions(s):
            if d.certified and (ident in (d.id, d.claim_id) or (code and d.code == code)):
                return d
    raise NotFoundError(f"no certificate {ident!r} on this PC (sync to receive it)", code="cert_not_found")


@dataclass
class VerifyResult:
    """The verdict of an offline check (the CLI's ``verify`` and the app's page say the same):
    ``valid`` (signature of a trusted issuer, not revoked by the list this PC holds), ``revoked``
    (valid signature, but on the issuer's revocation list), else invalid with ``reason``.
    ``list_*`` say which revocation list was consulted (None: this PC holds none for that issuer)."""

    valid: bool
    reason: str | None
    claims: dict[str, Any] | None
    demo: bool = False
    source: str = "payload"
    revoked: bool = False
    revoked_at: str | None = None
    list_issued_at: str | None = None
    list_age_days: float | None = None
    list_received_at: str | None = None
    list_source: str | None = None
    code: str | None = None        # why it is invalid, as an error code (cert_bad_signature…)

    @property
    def verdict(self) -> str:
        return "REVOKED" if self.revoked else "VALID" if self.valid else "INVALID"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


def revocation_lists(kit) -> dict[str, Any]:  # noqa: ANN001
    """Issuer → (newest revocation list, received at, source) this PC holds: synced ones and those
    the installed course packs carry."""
    from cc2desktop.core.certification import revocation as rv

    trusted = keymod.trusted_issuers(kit.paths.keys_dir)
    with kit.read() as s:
        return rv.held_lists(s, _pack_lists(kit), trusted=trusted)


def _pack_lists(kit) -> list[dict]:  # noqa: ANN001
    from cc2desktop.core.packs import store
    from cc2desktop.core.packs.service import installed_manifests

    out = []
    for m in installed_manifests(kit):
        path = m.certification.revocations if m.certification is not None else None
        if not path:
            continue
        try:
            out.append(json.loads(store.blob_path(kit.paths, m.file(path).sha256).read_text(encoding="utf-8")))
        except (KeyError, OSError, ValueError):
            continue
    return out


def import_revocations(kit, path: Path) -> bool:  # noqa: ANN001
    """Keep the revocation list in a file (``server revocations --out``) if it is newer than the one
    held; a file that is not a valid list raises (nothing changes)."""
    from cc2desktop.core.certification import revocation as rv

    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8")[:10_000_000])
    except (OSError, ValueError) as exc:
        raise rv.RevocationError(f"cannot read the revocation list {Path(path).name}: {exc}") from exc
    with kit.write() as s:
        return rv.store(s, doc, trusted=keymod.trusted_issuers(kit.paths.keys_dir), source="file")


def _with_revocation(res: VerifyResult, lists: dict[str, Any] | None) -> VerifyResult:
    if not res.valid or res.claims is None or lists is None:
        return res
    held = lists.get(str(res.claims.get("issuer")))
    if held is None:
        return res
    rl, received, source = held
    res.list_issued_at, res.list_age_days = rl.issued_at, round(rl.age_days(), 1)
    res.list_received_at, res.list_source = received, source
    at = rl.revoked.get(str(res.claims.get("code")))
    if at is not None:
        res.valid, res.revoked, res.revoked_at = False, True, at
        res.reason = f"the certificate was revoked on {at[:10]}"
    return res


def verify_any(arg: str, *, keys_dir: Path | None = None, kit=None) -> VerifyResult:  # noqa: ANN001
    """Offline check of a PDF file, a payload string or a verification code (a code is looked up
    among the certificates on this PC), then against the revocation lists this PC holds (with
    ``kit``)."""
    res = _verify_signature(arg, keys_dir=keys_dir, kit=kit)
    return _with_revocation(res, revocation_lists(kit) if kit is not None else None)


def _verify_signature(arg: str, *, keys_dir: Path | None = None, kit=None) -> VerifyResult:  # noqa: ANN001
    trusted = keymod.trusted_issuers(keys_dir)
    source = "payload"
    text = arg.strip()
    if not text.startswith(pl.PREFIX) and Path(text).suffix.lower() == ".jwt":
        return _verify_badge(Path(text), trusted)
    if not text.startswith(pl.PREFIX) and Path(text).suffix.lower() == ".pdf":
        source = "pdf"
        try:
            text = extract_payload_from_pdf(Path(text))
        except (DocumentError, OSError) as exc:
            return VerifyResult(False, getattr(exc, "message", None) or str(exc), None, source=source,
                                code="cert_document")
    elif not text.startswith(pl.PREFIX):
        code = pl.normalize_code(text)
        if code is None:
            return VerifyResult(False, "not a certificate PDF, payload or verification code", None, source="code",
                                code="cert_invalid")
        if kit is None:
            return VerifyResult(False, "a verification code can only be checked on the server or on the learner's PC",
                                None, source="code", code="cert_not_found")
        try:
            text = find_certificate(kit, code).payload or ""
        except NotFoundError as exc:
            return VerifyResult(False, exc.message, None, source="code", code="cert_not_found")
        source = "code"
    try:
        claims = pl.verify(text, trusted)
    except pl.PayloadError as exc:
        return VerifyResult(False, exc.message, None, source=source, code=exc.code)
    return VerifyResult(True, None, claims.as_dict(), keymod.is_demo_key(trusted[claims.issuer]), source)


def _verify_badge(path: Path, trusted: dict) -> VerifyResult:
    from cc2desktop.core.certification.badges import BadgeError, verify_jwt

    try:
        token = path.read_text(encoding="ascii", errors="replace")[:100_000]
        cred = verify_jwt(token, trusted)
    except (OSError, BadgeError) as exc:
        return VerifyResult(False, getattr(exc, "message", None) or str(exc), None, source="badge")
    subj = cred.get("credentialSubject", {})
    kid = json.loads(base64_header(token)).get("kid")
    claims = {"name": subj.get("name"), "course_title": cred.get("name"),
              "course_id": str(subj.get("achievement", {}).get("id", "")).rsplit("/", 1)[-1],
              "date": str(cred.get("validFrom", ""))[:10],
              "score": int(str((subj.get("result") or [{}])[0].get("value", "0")).rstrip("%") or 0),
              "code": (cred.get("evidence") or [{}])[0].get("name"), "issuer": kid}
    return VerifyResult(True, None, claims, keymod.is_demo_key(trusted[kid]), "badge")


def base64_header(token: str) -> bytes:
    from cc2desktop.core import crypto

    return crypto.b64url_decode(token.strip().split(".")[0])


def eligibility(kit, learner_id: str, course_id: str) -> dict[str, Any]:  # noqa: ANN001
    """The learner's checklist for a course and where the certification stands:
    ``state`` is ``certified``, ``in_exam`` (an attempt is open: ``open_attempt`` holds it, with the
    answers saved so far), ``pending`` (a claim waits for the server), ``not_graded`` (the last
    claim was refused for a reason that is not about her answers: it can be sent again, the
    attempt does not count), ``ready`` (may take the exam), ``not_passed`` (last claim refused,
    attempts left), ``no_attempts_left`` or ``not_eligible`` (requirements still to do)."""
    from cc2desktop.core.certification.exam import uncounted_attempt_ids, unclaimed_attempt
    from cc2desktop.core.certification.rules import evaluate
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, course_id)
    with kit.session() as s:
        states = claim_states(s, learner_id, course_id)
        decided = {st.claim_id for st in states if st.state != "pending"}
        history = ev.for_learner(s, learner_id)
        e = evaluate(m, history, decided_claims=decided, uncounted_attempts=uncounted_attempt_ids(s, learner_id))
        att = unclaimed_attempt(history, m) if m.certification and m.certification.exam else None
        out = e.to_dict()
        out["open_attempt"] = _attempt_view(att, history, m, kit) if att is not None else None
    out["claims"] = [st.to_dict() for st in states]
    if m.certification and m.certification.exam:  # the review after a decision: each question's prompt
        prompts = {q.id: dict(q.prompt) for q in m.certification.exam.questions}
        for c in out["claims"]:
            c["review"] = [{"id": r["id"], "prompt": prompts.get(r["id"], {}), "correct": bool(r.get("correct"))}
                           for r in c["results"]]
    certified = [st for st in states if st.state == "certified"]
    if certified:
        out["state"] = "certified"
        out["certificate_id"] = certified[-1].certificate_id
    elif att is not None:
        out["state"] = "in_exam"
    elif e.pending_claims:
        out["state"] = "pending"
    elif states and states[-1].state == "not_graded":
        out["state"] = "not_graded"
    elif not e.prerequisites_met:
        out["state"] = "not_eligible"
    elif e.attempts_left <= 0:
        out["state"] = "no_attempts_left"
    elif states:
        out["state"] = "not_passed"
    else:
        out["state"] = "ready"
    return out


def _attempt_view(att, history: list, m, kit) -> dict[str, Any]:  # noqa: ANN001
    """Plain data the exam page is built from: the attempt, the questions it drew in its order, their
    choices in its order (without answers), the answers saved so far and the question answered
    last, the time spent and its deadline, and the installed file of each image its questions show
    (``images``: pack path → file)."""
    from cc2desktop.core.certification import clock as clk
    from cc2desktop.core.certification.draw import shuffle_choices
    from cc2desktop.core.certification.exam import saved_answers
    from cc2desktop.core.packs import store

    exam = m.certification.exam
    by_id = {q.id: q for q in exam.questions}
    answers, last = saved_answers(history, att.attempt_id)
    now = clk.SYSTEM.read()
    elapsed = att.elapsed(history, now)

    def shown(q) -> dict[str, Any]:  # noqa: ANN001
        d = q.model_dump(mode="json", exclude_none=True)
        return shuffle_choices(d, att.seed) if att.draw and exam.shuffle else d

    images = {}
    for src in m.certification.exam.media_paths():
        try:
            images[src] = str(store.blob_path(kit.paths, m.file(src).sha256))
        except KeyError:
            continue
    return {"attempt": att.to_dict(), "languages": list(m.languages), "answers": answers, "position": last,
            "deadline": att.deadline(history), "elapsed_s": elapsed,
            "expired": bool(att.time_limit_s) and elapsed > att.time_limit_s, "images": images,
            "questions": [shown(by_id[i]) for i in att.order]}


def has_open_attempt(kit, learner_id: str, course_id: str) -> bool:  # noqa: ANN001
    """Whether the learner left an exam attempt of the course open (not handed in yet)."""
    from cc2desktop.core.certification.exam import CLAIM_EVENT, START_EVENT, unclaimed_attempt
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, course_id)
    if m.certification is None or m.certification.exam is None:
        return False
    with kit.session() as s:
        history = ev.for_learner(s, learner_id, course_id=course_id, types=(START_EVENT, CLAIM_EVENT))
    return unclaimed_attempt(history, m) is not None


def start_exam(kit, learner_id: str, course_id: str, *, proctor: str | None = None) -> dict[str, Any]:  # noqa: ANN001
    """Open an exam attempt (durable ``exam.started`` event), or give back the open one; returns
    plain data for the exam page: the attempt, its questions in the shuffled order (as JSON dicts,
    without answers), the answers saved so far, the question answered last and the deadline.
    ``proctor``: the code of the supervised session the learner takes the exam in."""
    from cc2desktop.core.certification.exam import start_attempt
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, course_id)
    with kit.session() as s:
        att = start_attempt(s, learner_id, m, proctor=proctor)
        return _attempt_view(att, ev.for_learner(s, learner_id, course_id=course_id), m, kit)


def save_exam_answer(kit, learner_id: str, course_id: str, attempt_id: str, question_id: str,  # noqa: ANN001
                     response: Any) -> dict[str, Any]:
    """Save one answer of the open attempt as it is given (durable before this returns)."""
    from cc2desktop.core.certification.exam import save_answer
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, course_id)
    with kit.session() as s:
        rec = save_answer(s, learner_id, m, attempt_id, question_id, response)
    return {"question_id": question_id, "response": rec.payload.get("response"), "saved_at": rec.created_at}


def hand_in_expired(kit, learner_id: str, course_id: str) -> dict[str, Any] | None:  # noqa: ANN001
    """Seal the learner's attempt whose time ran out before it was handed in (closed window, power
    cut) with the answers saved in time; None when there is none."""
    from cc2desktop.core.certification.exam import hand_in_expired as seal
    from cc2desktop.core.certification.exam import unclaimed_attempt
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, course_id)
    with kit.session() as s:
        history = ev.for_learner(s, learner_id, course_id=course_id)
        att = unclaimed_attempt(history, m)
        if att is None or not att.deadline_passed(history):
            return None
        return seal(s, kit.paths.keys_dir, att, history)


def submit_exam(kit, attempt: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    """Seal the answer sheet as a signed claim (durable before this returns)."""
    from cc2desktop.core.certification.exam import ExamAttempt, submit_attempt

    att = ExamAttempt(**attempt)
    with kit.session() as s:
        return submit_attempt(s, kit.paths.keys_dir, att, answers)


def resend_claim(kit, learner_id: str, claim_id: str) -> dict[str, Any]:  # noqa: ANN001
    """Send again an answer sheet the server did not grade for a reason that is not about the
    answers (see :func:`cc2desktop.core.certification.exam.resend_claim`)."""
    from cc2desktop.core.certification.exam import resend_claim as resend

    with kit.session() as s:
        return resend(s, kit.paths.keys_dir, learner_id, claim_id)


def certificate_view(kit, learner_id: str, course_id: str) -> CertificateView | None:  # noqa: ANN001
    """The learner's latest certificate for a course, ready to show or print, or None."""
    with kit.session() as s:
        ds = [d for d in decisions(s, learner_id=learner_id, course_id=course_id) if d.certified]
    return view_of(ds[-1]) if ds else None
