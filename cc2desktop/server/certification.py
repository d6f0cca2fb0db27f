"""Certification on the server: the published courses (pack + server-only exam answer key), the
grading hook run when ``exam.claimed`` events are stored, the certificates table, the public
``GET /verify/<code>`` page (FR/EN) and the admin listing.

Wiring (``serve``): ``setup(app, courses_dir=…, data_dir=…, key_path=…)`` after ``create_app``.
"""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cc2desktop.core.certification import keys as keymod
from cc2desktop.core.certification import payload as pl
from cc2desktop.core.certification.decision import ITEM_KIND, Decision, PublishedCourse, counts_as_attempt, decide
from cc2desktop.core.certification.document import TEXTS, conditions_text, long_date
from cc2desktop.core.certification.exam import CLAIM_EVENT
from cc2desktop.core.certification.proctor import claim_session
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.event_types import EXAM_ANSWERED, EXAM_COSIGNED, EXAM_STARTED, EventRecord
from cc2desktop.core.errors import CCError
from cc2desktop.server.cert_models import CertHeld, CertSeed, ServerCertificate
from cc2desktop.server.models import Device, ServerEvent, ServerLearner

log = logging.getLogger(__name__)
DEFAULT_ISSUER_URL = "https://connexions-citoyennes.org"


class CoursesError(CCError):
    code = "cert_courses"


def load_courses(courses_dir: Path | None,
                 trusted_publishers: dict | None = None) -> dict[tuple[str, str], PublishedCourse]:
    """(course id, version) → published course, from ``*.cc2pack`` files with their
    ``.exam-key.json`` beside them (as written by ``pack build``). The pack's signature is
    checked against ``trusted_publishers`` (default: the demo publisher and nothing else), the
    key against the manifest's commitment (``answer_key_hmac``, or the unsalted ``answer_key_sha256``
    of packs built before: :func:`legacy_commitments` names them for a warning)."""
    from cc2desktop.core.packs import keys as pkeys
    from cc2desktop.core.packs.exam_key import key_path_for, load_exam_key
    from cc2desktop.core.packs.packfile import PackReader

    out: dict[tuple[str, str], PublishedCourse] = {}
    if courses_dir is None or not Path(courses_dir).is_dir():
        return out
    if trusted_publishers is None:
        demo = pkeys.demo_public_key()
        trusted_publishers = {demo.key_id: demo}
    for pack in sorted(Path(courses_dir).glob("*.cc2pack")):
        with PackReader(pack, trusted_publishers) as r:
            m = r.manifest
        if m.certification is None or m.certification.exam is None:
            continue
        kp = key_path_for(pack)
        if not kp.is_file():
            raise CoursesError(f"{pack.name}: its exam answer key {kp.name} is missing")
        key = load_exam_key(kp)
        exam = m.certification.exam
        if (key.course_id, key.course_version) != (m.id, m.version) \
                or not key.matches(exam.answer_key_hmac, exam.answer_key_sha256):
            raise CoursesError(f"{kp.name} is not the answer key of {pack.name}")
        answers = {q.id: q.model_dump(mode="json").get("answer") for q in key.questions}
        full = {q.id: q.model_dump(mode="json", exclude_none=True) for q in key.questions}
        out[(m.id, m.version)] = PublishedCourse(m, answers, full)
    return out


def legacy_commitments(courses: dict[tuple[str, str], PublishedCourse]) -> list[str]:
    """Published courses whose pack commits to its answer key with an unsalted digest: anyone can
    test guesses of the key against it (rebuild those packs)."""
    return sorted(f"{m.id} {m.version}" for (_c, _v), pc in courses.items() for m in [pc.manifest]
                  if m.certification and m.certification.exam and not m.certification.exam.answer_key_hmac
                  and m.certification.exam.answer_key_sha256)


@dataclass
class Certifier:
    """The event hook: decides on every new ``exam.claimed`` event, in the push transaction; a sheet
    made in a supervised session waits for its ``exam.cosigned`` event (:mod:`.proctor`)."""

    courses: dict[tuple[str, str], PublishedCourse]
    issuer_key: Any
    public_url: str | None = None
    courses_dir: Path | None = None                                  # where ``courses`` were read
    event_types: ClassVar[frozenset[str]] = frozenset({CLAIM_EVENT, EXAM_COSIGNED})  # the hub passes only these

    def __call__(self, session: Session, events: list[EventRecord]) -> None:
        for e in events:
            if e.type == CLAIM_EVENT:
                self._on_claim(session, e)
            elif e.type == EXAM_COSIGNED:
                self._on_cosign(session, e)
        self.release_expired(session)

    # --- arrivals --------------------------------------------------------------------------------
    def _on_claim(self, session: Session, e: EventRecord) -> None:
        claim = _payload(e)
        code = claim_session(claim)
        cid = str(claim.get("claim_id") or "")
        if code and cid and self._cosign_event(session, e.learner_id, cid) is None:
            try:
                with session.begin_nested():
                    if session.get(CertHeld, cid) is None:
                        session.add(CertHeld(claim_id=cid, event_id=e.id, learner_id=e.learner_id,
                                             course_id=str(claim.get("course_id") or e.course_id or "")[:128],
                                             session_code=code[:16], held_at=utcnow_iso()))
                log.info("claim %s of learner %s waits for its co-signature (session %s)", cid, e.learner_id, code)
                return
            except Exception:  # noqa: BLE001 - decided now rather than lost
                log.exception("could not hold claim %s", cid)
        self._decide_guarded(session, e, claim)

    def _on_cosign(self, session: Session, e: EventRecord) -> None:
        cid = str(_payload(e).get("claim_id") or "")
        held = session.get(CertHeld, cid) if cid else None
        if held is None:
            return  # its sheet is not here yet (it will find this word), or was decided already
        claim_event = _event(session, held.event_id)
        session.delete(held)
        session.flush()
        if claim_event is not None:
            self._decide_guarded(session, claim_event, _payload(claim_event))

    def release_expired(self, session: Session, *, now: str | None = None) -> int:
        """Decide, as unsupervised exams, the held sheets whose co-signature did not come within
        :data:`~cc2desktop.core.certification.proctor.HOLD_DAYS` days."""
        import datetime as dt

        from cc2desktop.core.certification.proctor import HOLD_DAYS

        now_dt = dt.datetime.fromisoformat((now or utcnow_iso()).replace("Z", "+00:00"))
        cutoff = (now_dt - dt.timedelta(days=HOLD_DAYS)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        stale = list(session.scalars(select(CertHeld).where(CertHeld.held_at < cutoff)))
        for held in stale:
            claim_event = _event(session, held.event_id)
            session.delete(held)
            session.flush()
            if claim_event is not None:
                self._decide_guarded(session, claim_event, _payload(claim_event), unsupervised=True)
        return len(stale)

    # --- deciding --------------------------------------------------------------------------------
    def _decide_guarded(self, session: Session, e: EventRecord, claim: dict, *, unsupervised: bool = False) -> None:
        try:
            with session.begin_nested():  # a bug here must never fail the learner's push
                self._decide_and_store(session, e, claim, unsupervised=unsupervised)
        except Exception:  # noqa: BLE001 - logged; the learner is told, her attempt does not count
            log.exception("could not decide on claim event %s", e.id)
            try:
                with session.begin_nested():
                    self._store(session, e, self._server_error(e, claim))
            except Exception:  # noqa: BLE001 - the claim stays undecided, the push goes on
                log.exception("could not record the failure on claim event %s", e.id)

    @staticmethod
    def _server_error(e: Any, claim: dict) -> Decision:
        from cc2desktop.core.certification.decision import REASON_TEXT, Reason
        from cc2desktop.core.db.base import new_id

        return Decision(new_id(), "refusal", str(claim.get("claim_id") or "") or None, e.learner_id,
                        str(claim.get("course_id") or e.course_id or ""), utcnow_iso(),
                        reasons=[Reason("server_error", REASON_TEXT["server_error"])])

    def _decide_and_store(self, session: Session, e: Any, claim: dict, *, unsupervised: bool = False) -> None:
        d = self.decide(session, e, claim, unsupervised=unsupervised)
        if d.certified:
            from cc2desktop.core.certification.badges import credential, sign_jwt

            d.badge = sign_jwt(credential(
                cert_id=d.id, code=d.code, learner_id=d.learner_id, learner_name=d.learner_name or "",
                course_id=d.course_id, course_title=d.course_title, date=d.date, issued_at=d.decided_at,
                score=round((d.score or 0) * 100), issuer_url=self.public_url or DEFAULT_ISSUER_URL,
                proctored=d.proctored), self.issuer_key)
        self._store(session, e, d)
        self._after(session, e, claim, d)

    def _store(self, session: Session, e: Any, d: Decision) -> None:
        from cc2desktop.server.hub import add_item

        d.event_id = e.id
        body = d.to_item()
        session.add(ServerCertificate(
            # only a claim that counts as an attempt owns its claim id (and is counted against the
            # attempts allowed): a replayed or forged copy cannot block it, and a refusal that is
            # not about the answers costs nothing (docs/certification.md)
            id=d.id, kind=d.kind, claim_id=d.claim_id if counts_as_attempt(d) else None,
            event_id=e.id, learner_id=d.learner_id, course_id=d.course_id, code=d.code, score=d.score,
            learner_name=d.learner_name, payload=d.payload, body=json.dumps(body, ensure_ascii=False),
            decided_at=d.decided_at))
        session.flush()
        add_item(session, ITEM_KIND, body, learner_id=e.learner_id)
        log.info("claim %s of learner %s: %s %s", d.claim_id, d.learner_id, d.kind,
                 ",".join(r.code for r in d.reasons))

    def _after(self, session: Session, e: Any, claim: dict, d: Decision) -> None:
        """What a decided sheet leaves behind: its seed taken, and (graded) its answer pattern for the
        answer-sharing signal (:mod:`cc2desktop.server.sharing`)."""
        if d.reasons and d.reasons[0].code in PRE_CHECKS:
            return
        course = self._course(claim)
        if course is None:
            return
        _cert, exam = course.manifest.final_exam()
        seed = claim.get("seed")
        if claim.get("v") == 2 and isinstance(seed, int) and not isinstance(seed, bool) and \
                session.get(CertSeed, (course.manifest.id, exam.id, seed)) is None:
            session.add(CertSeed(course_id=course.manifest.id, exam_id=exam.id, seed=seed, learner_id=e.learner_id,
                                 attempt_id=str(claim.get("attempt_id")), used_at=utcnow_iso()))
            session.flush()
        if d.score is not None:
            from cc2desktop.server import sharing

            sharing.record(session, course, claim, device_id=e.device_id, learner_id=e.learner_id)

    def _course(self, claim: dict) -> PublishedCourse | None:
        course = self.courses.get((str(claim.get("course_id")), str(claim.get("pack_version"))))
        if course is None:  # maybe another version of the course is published: compare hashes there
            course = next((c for (cid_, _), c in self.courses.items() if cid_ == claim.get("course_id")), None)
        return course

    def _cosign_event(self, s: Session, learner_id: str, claim_id: str) -> EventRecord | None:
        rows = s.execute(select(*_EVENT_COLUMNS).where(
            ServerEvent.learner_id == learner_id, ServerEvent.type == EXAM_COSIGNED).order_by(ServerEvent.pos)).all()
        found = [r for r in (_record(r) for r in rows) if r.payload.get("claim_id") == claim_id]
        return found[-1] if found else None

    def decide(self, s: Session, e: Any, claim: dict, *, unsupervised: bool = False) -> Decision:
        from cc2desktop.core.certification.proctor import ProctorWord

        dev = s.get(Device, str(claim.get("device_id") or ""))
        pub = dev.public_key if dev is not None and dev.revoked_at is None else None
        learner = s.get(ServerLearner, e.learner_id)
        rows = s.execute(select(*_EVENT_COLUMNS).where(
            ServerEvent.learner_id == e.learner_id, ServerEvent.course_id == e.course_id,
            ServerEvent.type.in_(("capsule.completed", "quiz.completed", "video.watched", EXAM_STARTED,
                                  EXAM_ANSWERED)))).all()
        aid = claim.get("attempt_id")
        history = [r for r in (_record(r) for r in rows)
                   if r.type not in (EXAM_STARTED, EXAM_ANSWERED) or r.payload.get("attempt_id") == aid]
        decided = set(s.scalars(select(ServerCertificate.claim_id).where(
            ServerCertificate.learner_id == e.learner_id, ServerCertificate.claim_id.is_not(None))))
        cid = str(claim.get("claim_id") or "")
        prior = s.scalar(select(func.count()).select_from(ServerCertificate).where(
            ServerCertificate.learner_id == e.learner_id, ServerCertificate.course_id == e.course_id,
            ServerCertificate.claim_id.is_not(None))) or 0
        already = cid in decided or s.scalar(
            select(ServerCertificate.id).where(ServerCertificate.claim_id == cid)) is not None
        course = self._course(claim)
        seed_owner = None
        if course is not None and course.manifest.certification and course.manifest.certification.exam:
            seed = claim.get("seed")
            if isinstance(seed, int) and not isinstance(seed, bool) and abs(seed) < 2**62:
                row = s.get(CertSeed, (course.manifest.id, course.manifest.certification.exam.id, seed))
                seed_owner = row.attempt_id if row is not None else None
        word = None
        if claim_session(claim) and not unsupervised:
            ce = self._cosign_event(s, e.learner_id, cid)
            if ce is not None:
                cdev = s.get(Device, ce.device_id)
                word = ProctorWord(ce.payload, ce.device_id,
                                   cdev.public_key if cdev is not None and cdev.revoked_at is None else None)
        d = decide(claim, event_learner_id=e.learner_id, event_device_id=e.device_id, device_public_key=pub,
                   learner_events=history, course=course, learner_name=(learner.display_name if learner else "?"),
                   issuer_key=self.issuer_key, decided_claim_ids=({cid} if already else set()), prior_claims=prior,
                   seed_owner=seed_owner, proctor=word)
        if d.certified and self.public_url:
            d.verify_url = f"{self.public_url.rstrip('/')}/verify/{d.code}"
        return d


#: refusals decided before the sheet was read as an attempt (nothing of it is recorded)
PRE_CHECKS = frozenset({"device_not_enrolled", "bad_signature", "wrong_learner", "replayed", "malformed",
                        "unknown_course", "pack_mismatch", "exam_mismatch", "server_error"})

_EVENT_COLUMNS = (ServerEvent.id, ServerEvent.learner_id, ServerEvent.device_id, ServerEvent.seq, ServerEvent.type,
                  ServerEvent.course_id, ServerEvent.payload, ServerEvent.created_at, ServerEvent.received_at)


def _record(r: Any) -> EventRecord:
    return EventRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], synced=True, received_at=r[8])


def _event(s: Session, event_id: str) -> EventRecord | None:
    r = s.execute(select(*_EVENT_COLUMNS).where(ServerEvent.id == event_id)).first()
    return _record(r) if r is not None else None


def _payload(e: EventRecord) -> dict:
    try:
        return e.payload
    except ValueError:
        return {}


def attach(hub: Any, *, courses_dir: Path | None = None, data_dir: Path | None = None, key_path: Path | None = None,
           public_url: str | None = None, courses: dict | None = None) -> Certifier:
    """Register the grading hook on a hub (the server, or ``sync import --db`` on a hub's database)."""
    certifier = Certifier(courses if courses is not None else load_courses(courses_dir),
                          keymod.issuer_key(data_dir, key_path), public_url, courses_dir)
    hub.event_hooks.append(certifier)
    hub.certifier = certifier
    publish_issuer_key(hub, certifier.issuer_key)
    return certifier


def publish_issuer_key(hub: Any, key: Any) -> bool:
    """Make the certificate issuer's public key known to every PC of the programme: a broadcast item
    (``certification.issuer`` in ``programme``) signed by this server as the origin, relayed unchanged
    by the centres' hubs; a PC stores it among its trusted issuers (``keys.apply_issuer_items``), so a
    PC enrolled at a centre verifies the certificates the central server signs. Published again only
    when the key changes; not by a server that relays another's items, nor for the DEMO key (every PC
    has it)."""
    from cc2desktop.core import crypto
    from cc2desktop.server.models import ServerBroadcast, ServerMeta

    pub = crypto.public_b64url(key)
    if keymod.is_demo_key(crypto.public_key_from_raw(crypto.b64url_decode(pub))):
        return False
    with hub.ReadSession() as s:
        if s.get(ServerMeta, "broadcast_origin") is not None:
            return False
        last = s.scalars(select(ServerBroadcast.body).where(
            ServerBroadcast.scope == "programme", ServerBroadcast.kind == keymod.ISSUER_ITEM_KIND)
            .order_by(ServerBroadcast.n.desc()).limit(1)).first()
    if last is not None and json.loads(last).get("key") == pub:
        return False
    hub.publish("programme", keymod.ISSUER_ITEM_KIND, {"key": pub, "key_id": keymod.key_id(key.public_key())})
    return True


def setup(app: Any, *, courses_dir: Path | None = None, data_dir: Path | None = None, key_path: Path | None = None,
          public_url: str | None = None, courses: dict | None = None) -> Certifier:
    """Register the grading hook on the app's hub and the ``/verify/<code>`` page."""
    certifier = attach(app.state.hub, courses_dir=courses_dir, data_dir=data_dir, key_path=key_path,
                       public_url=public_url, courses=courses)
    add_routes(app)
    return certifier


# --- verification page ----------------------------------------------------------------------------

def lookup(session: Session, code: str) -> ServerCertificate | None:
    norm = pl.normalize_code(code)
    if norm is None:
        return None
    return session.scalar(select(ServerCertificate).where(ServerCertificate.code == norm,
                                                          ServerCertificate.kind == "certificate"))


def _lang(query: str | None, accept: str | None) -> str:
    if query in ("fr", "en"):
        return query
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in ("fr", "en"):
            return tag
    return "fr"


PAGE_TEXT = {
    "fr": {"valid": "Certificat authentique", "invalid": "Aucun certificat valide pour ce code",
           "revoked": "Ce certificat a été révoqué", "name": "Titulaire", "course": "Cours", "date": "Date",
           "score": "Score à l'examen final", "code": "Code de vérification",
           "note": "Délivré et signé (Ed25519) par le serveur du programme Connexions Citoyennes.",
           "bad_code": "Vérifiez le code : 12 caractères, par exemple 7K3M-9QX2-PA4C.", "other": "English"},
    "en": {"valid": "Authentic certificate", "invalid": "No valid certificate for this code",
           "revoked": "This certificate has been revoked", "name": "Holder", "course": "Course", "date": "Date",
           "score": "Final exam score", "code": "Verification code",
           "note": "Issued and signed (Ed25519) by the Connexions Citoyennes programme server.",
           "bad_code": "Check the code: 12 characters, for example 7K3M-9QX2-PA4C.", "other": "Français"},
}


def verify_page(row: ServerCertificate | None, code: str, lang: str) -> tuple[int, str]:
    t = PAGE_TEXT[lang]
    e = html.escape
    other = "en" if lang == "fr" else "fr"
    head = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{e(TEXTS[lang]["title"])} — {e(code)}</title><style>'
            'body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;'
            'color:#1d2b3a}'
            '.ok{color:#0f5e63}.bad{color:#a32020}dt{font-weight:bold;margin-top:.6em}dd{margin:0}'
            'small{color:#5a6673}</style></head><body>'
            f'<p><a href="?lang={other}">{t["other"]}</a></p><h1>{e(TEXTS[lang]["programme"])}</h1>')
    if row is None:
        msg = t["invalid"] if pl.normalize_code(code) else t["bad_code"]
        return 404, head + f'<h2 class="bad">✗ {e(t["invalid"])}</h2><p>{e(msg)}</p><p>{e(code)}</p></body></html>'
    body = json.loads(row.body)
    if row.revoked_at:
        return 410, head + f'<h2 class="bad">✗ {e(t["revoked"])}</h2><p>{e(row.code or "")}</p></body></html>'
    titles = body.get("course_title") or {}
    title = titles.get(lang) or next(iter(titles.values()), row.course_id)
    score = round((row.score or 0) * 100)
    return 200, head + (
        f'<h2 class="ok">✓ {e(t["valid"])}</h2><dl>'
        f'<dt>{e(t["name"])}</dt><dd>{e(row.learner_name or "")}</dd>'
        f'<dt>{e(t["course"])}</dt><dd>{e(title)}</dd>'
        f'<dt>{e(t["date"])}</dt><dd>{e(long_date(body.get("date") or row.decided_at, lang))}</dd>'
        f'<dt>{e(t["score"])}</dt><dd>{score}{" %" if lang == "fr" else "%"}</dd>'
        f'<dt>{e(TEXTS[lang]["conditions"])}</dt><dd>{e(_conditions(body, lang))}</dd>'
        f'<dt>{e(t["code"])}</dt><dd>{e(row.code or "")}</dd></dl>'
        f'<p><small>{e(t["note"])}</small></p></body></html>')


def _conditions(body: dict, lang: str) -> str:
    proctor = body.get("proctor") or {}
    return conditions_text(bool(proctor), lang, str(proctor.get("opened_at") or "")[:10] or None)


def add_routes(app: Any) -> None:
    """``GET /verify/<code>``: a plain HTML page (FR/EN by ``?lang=`` or Accept-Language), or JSON
    with ``?format=json``."""
    hub = app.state.hub
    @app.get("/verify/{code}", response_class=HTMLResponse, tags=["certification"])
    def verify(code: str, request: Request, lang: str | None = Query(None, max_length=5),
               format: str | None = Query(None, max_length=8)):  # noqa: A002
        code = code[:40]
        with hub.Session() as s:
            row = lookup(s, code)
        if format == "json":
            if row is None or row.revoked_at:
                return JSONResponse({"valid": False, "code": code}, status_code=404 if row is None else 410)
            body = json.loads(row.body)
            return JSONResponse({"valid": True, "code": row.code, "payload": row.payload, **body,
                                 "proctored": bool(body.get("proctor"))})
        status, page = verify_page(row, code, _lang(lang, request.headers.get("accept-language")))
        return HTMLResponse(page, status_code=status)


def revoke(session: Session, code: str, *, reason: str | None = None, issuer_key: Any = None,
           hub: Any = None) -> str:
    """Revoke a certificate (its /verify page then answers 410) and, with the issuer's key and the
    hub, publish the new signed revocation list to every PC (:mod:`cc2desktop.server.revocations`)."""
    from cc2desktop.core.errors import NotFoundError

    row = lookup(session, code)
    if row is None:
        raise NotFoundError(f"no certificate with the code {code!r}", code="cert_not_found")
    row.revoked_at = row.revoked_at or utcnow_iso()
    if reason:
        row.revoke_reason = reason[:200]
    session.flush()
    if issuer_key is not None and hub is not None:
        from cc2desktop.server.revocations import publish

        publish(session, issuer_key, hub)
    return row.code or code


def list_certificates(session: Session, *, learner_id: str | None = None) -> list[dict[str, Any]]:
    q = select(ServerCertificate).order_by(ServerCertificate.decided_at)
    if learner_id:
        q = q.where(ServerCertificate.learner_id == learner_id)
    out = []
    for r in session.scalars(q):
        body = json.loads(r.body)
        out.append({"id": r.id, "learner": r.learner_id, "learner_name": r.learner_name, "course": r.course_id,
                    "state": "certified" if r.kind == "certificate" else "not_passed",
                    "score": None if r.score is None else round(r.score * 100), "code": r.code,
                    "date": body.get("date") or r.decided_at[:10], "claim_id": r.claim_id,
                    "reasons": [x["code"] for x in body.get("reasons", [])], "payload": r.payload,
                    "revoked": bool(r.revoked_at), "decided_at": r.decided_at})
    return out
