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
from sqlalchemy import Float, Index, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cc2desktop.core.certification import keys as keymod
from cc2desktop.core.certification import payload as pl
from cc2desktop.core.certification.decision import ITEM_KIND, Decision, PublishedCourse, counts_as_attempt, decide
from cc2desktop.core.certification.document import TEXTS, long_date
from cc2desktop.core.certification.exam import CLAIM_EVENT
from cc2desktop.core.event_types import EventRecord
from cc2desktop.core.errors import CCError
from cc2desktop.server.models import Device, ServerBase, ServerEvent, ServerLearner

log = logging.getLogger(__name__)
DEFAULT_ISSUER_URL = "https://connexions-citoyennes.org"


class ServerCertificate(ServerBase):
    """Every decision on a claim: certificates (``kind='certificate'``) and refusals."""

    __tablename__ = "certificates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))                    # certificate | refusal
    claim_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    event_id: Mapped[str] = mapped_column(String(36))
    learner_id: Mapped[str] = mapped_column(String(36))
    course_id: Mapped[str] = mapped_column(String(128))
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    score: Mapped[float | None] = mapped_column(Float)
    learner_name: Mapped[str | None] = mapped_column(String(255))
    payload: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)                          # Decision.to_item() JSON
    decided_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))
    __table_args__ = (Index("ix_certificates_learner_course", "learner_id", "course_id"),)


class CoursesError(CCError):
    code = "cert_courses"


def load_courses(courses_dir: Path | None,
                 trusted_publishers: dict | None = None) -> dict[tuple[str, str], PublishedCourse]:
    """(course id, version) → published course, from ``*.cc2pack`` files with their
    ``.exam-key.json`` beside them (as written by ``pack build``). The pack's signature is
    checked against ``trusted_publishers`` (default: the demo publisher and nothing else), the
    key against the manifest's ``answer_key_sha256``."""
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
        want = m.certification.exam.answer_key_sha256
        if (key.course_id, key.course_version) != (m.id, m.version) or (want and want != key.sha256):
            raise CoursesError(f"{kp.name} is not the answer key of {pack.name}")
        answers = {q.id: q.model_dump(mode="json").get("answer") for q in key.questions}
        full = {q.id: q.model_dump(mode="json", exclude_none=True) for q in key.questions}
        out[(m.id, m.version)] = PublishedCourse(m, answers, full)
    return out


@dataclass
class Certifier:
    """The event hook: decides on every new ``exam.claimed`` event, in the push transaction."""

    courses: dict[tuple[str, str], PublishedCourse]
    issuer_key: Any
    public_url: str | None = None
    courses_dir: Path | None = None                                  # where ``courses`` were read
    event_types: ClassVar[frozenset[str]] = frozenset({CLAIM_EVENT})  # the hub passes only these

    def __call__(self, session: Session, events: list[EventRecord]) -> None:
        for e in events:
            if e.type != CLAIM_EVENT:
                continue
            try:
                claim = e.payload
            except ValueError:
                claim = {}
            try:
                with session.begin_nested():  # a bug here must never fail the learner's push
                    self._decide_and_store(session, e, claim)
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
        from cc2desktop.core.db.base import new_id, utcnow_iso

        return Decision(new_id(), "refusal", str(claim.get("claim_id") or "") or None, e.learner_id,
                        str(claim.get("course_id") or e.course_id or ""), utcnow_iso(),
                        reasons=[Reason("server_error", REASON_TEXT["server_error"])])

    def _decide_and_store(self, session: Session, e: Any, claim: dict) -> None:
        d = self.decide(session, e, claim)
        if d.certified:
            from cc2desktop.core.certification.badges import credential, sign_jwt

            d.badge = sign_jwt(credential(
                cert_id=d.id, code=d.code, learner_id=d.learner_id, learner_name=d.learner_name or "",
                course_id=d.course_id, course_title=d.course_title, date=d.date, issued_at=d.decided_at,
                score=round((d.score or 0) * 100), issuer_url=self.public_url or DEFAULT_ISSUER_URL), self.issuer_key)
        self._store(session, e, d)

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

    def decide(self, s: Session, e: Any, claim: dict) -> Decision:
        dev = s.get(Device, str(claim.get("device_id") or ""))
        pub = dev.public_key if dev is not None and dev.revoked_at is None else None
        learner = s.get(ServerLearner, e.learner_id)
        rows = s.execute(select(ServerEvent.type, ServerEvent.course_id, ServerEvent.payload, ServerEvent.created_at)
                         .where(ServerEvent.learner_id == e.learner_id, ServerEvent.course_id == e.course_id,
                                ServerEvent.type.in_(("capsule.completed", "quiz.completed", "video.watched")))).all()
        history = [{"type": r.type, "course_id": r.course_id, "payload": json.loads(r.payload),
                    "created_at": r.created_at} for r in rows]
        decided = set(s.scalars(select(ServerCertificate.claim_id).where(
            ServerCertificate.learner_id == e.learner_id, ServerCertificate.claim_id.is_not(None))))
        cid = str(claim.get("claim_id") or "")
        prior = s.scalar(select(func.count()).select_from(ServerCertificate).where(
            ServerCertificate.learner_id == e.learner_id, ServerCertificate.course_id == e.course_id,
            ServerCertificate.claim_id.is_not(None))) or 0
        already = cid in decided or s.scalar(
            select(ServerCertificate.id).where(ServerCertificate.claim_id == cid)) is not None
        course = self.courses.get((str(claim.get("course_id")), str(claim.get("pack_version"))))
        if course is None:  # maybe another version of the course is published: compare hashes there
            course = next((c for (cid_, _), c in self.courses.items() if cid_ == claim.get("course_id")), None)
        d = decide(claim, event_learner_id=e.learner_id, event_device_id=e.device_id, device_public_key=pub,
                   learner_events=history, course=course, learner_name=(learner.display_name if learner else "?"),
                   issuer_key=self.issuer_key, decided_claim_ids=({cid} if already else set()), prior_claims=prior)
        if d.certified and self.public_url:
            d.verify_url = f"{self.public_url.rstrip('/')}/verify/{d.code}"
        return d


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
        f'<dt>{e(t["code"])}</dt><dd>{e(row.code or "")}</dd></dl>'
        f'<p><small>{e(t["note"])}</small></p></body></html>')


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
            return JSONResponse({"valid": True, "code": row.code, "payload": row.payload, **json.loads(row.body)})
        status, page = verify_page(row, code, _lang(lang, request.headers.get("accept-language")))
        return HTMLResponse(page, status_code=status)


def revoke(session: Session, code: str) -> str:
    from cc2desktop.core.db.base import utcnow_iso
    from cc2desktop.core.errors import NotFoundError

    row = lookup(session, code)
    if row is None:
        raise NotFoundError(f"no certificate with the code {code!r}", code="cert_not_found")
    row.revoked_at = row.revoked_at or utcnow_iso()
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
