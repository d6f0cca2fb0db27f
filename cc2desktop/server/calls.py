"""Calls for projects on the server (docs/calls.md): publishing a call (a broadcast item of the
course's scope), judging every submitted version that arrives (event hook: certified for the
course? in time? answers fit?), one application per learner and call, reviewers' scores, the
decisions and the status items that carry them back to the learner's PCs (signed by the origin
server), and the incubation cohort (a broadcast item the PCs turn into a facilitation group).

Wiring: :func:`attach` on every :class:`~cc2desktop.server.hub.Hub` (its constructor does it); a
centre's hub relaying another server's items judges nothing (the central server does).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import Float, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cc2desktop.core.calls import spec as S
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import NotFoundError, ValidationError
from cc2desktop.core.event_types import EventRecord
from cc2desktop.server.models import Device, ServerBase, ServerLearner, ServerMeta

log = logging.getLogger(__name__)


class ServerCall(ServerBase):
    __tablename__ = "calls"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    course_id: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)           # the checked call (JSON)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class ServerApplication(ServerBase):
    """One per learner and call (id: :func:`spec.application_id`): the version that counts."""

    __tablename__ = "call_applications"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(40), index=True)
    learner_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[str | None] = mapped_column(String(40))   # the PC's clock, as it said
    received_at: Mapped[str] = mapped_column(String(32))           # the server's clock (first tier)
    event_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str | None] = mapped_column(String(36))
    answers: Mapped[str] = mapped_column(Text)
    attachments: Mapped[str] = mapped_column(Text)
    submissions: Mapped[int] = mapped_column(Integer)               # versions received (counted or not)
    seq: Mapped[int] = mapped_column(Integer)                       # status items sent so far
    updated_at: Mapped[str] = mapped_column(String(32))
    decided_at: Mapped[str | None] = mapped_column(String(32))


class ServerScore(ServerBase):
    __tablename__ = "call_scores"
    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reviewer: Mapped[str] = mapped_column(String(80), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(32))


# --- publishing ------------------------------------------------------------------------------------
def create_call(hub: Any, doc: Any) -> dict[str, Any]:
    """Check a call file and publish it to every PC of its course (publishing the same id again
    replaces it: a new deadline, a fixed label)."""
    call = S.check_call(doc)
    hub.server_key  # noqa: B018 - created before the write
    now = utcnow_iso()
    with hub.Session.begin() as s:
        row = s.get(ServerCall, call["id"])
        if row is not None and row.course_id != call["course"]:
            raise ValidationError(f"the call {call['id']!r} belongs to the course {row.course_id!r}",
                                  code="call_course")
        if row is None:
            s.add(ServerCall(id=call["id"], course_id=call["course"], body=json.dumps(call, ensure_ascii=False),
                             created_at=now, updated_at=now))
        else:
            row.body, row.updated_at = json.dumps(call, ensure_ascii=False), now
        item = hub.publish(f"course:{call['course']}", S.CALL_ITEM, call, session=s)
    return {"id": call["id"], "course": call["course"], "scope": item.scope, "n": item.n,
            "state": "replaced" if row is not None else "published"}


def list_calls(session: Session) -> list[dict[str, Any]]:
    out = []
    for r in session.scalars(select(ServerCall).order_by(ServerCall.created_at)):
        call = json.loads(r.body)
        n = session.scalar(select(func.count()).select_from(ServerApplication).where(
            ServerApplication.call_id == r.id, ServerApplication.status != "refused")) or 0
        out.append({"id": r.id, "course": r.course_id, "title": call["title"], "opens": call["opens"],
                    "closes": call["closes"], "grace_hours": call["grace_hours"], "applications": n})
    return out


def get_call(session: Session, call_id: str) -> dict[str, Any] | None:
    row = session.get(ServerCall, call_id)
    return json.loads(row.body) if row is not None else None


# --- arrivals --------------------------------------------------------------------------------------
def certified(session: Session, learner_id: str, course_id: str) -> bool:
    from cc2desktop.server.cert_models import ServerCertificate

    return session.scalar(select(ServerCertificate.id).where(
        ServerCertificate.learner_id == learner_id, ServerCertificate.course_id == course_id,
        ServerCertificate.kind == "certificate", ServerCertificate.revoked_at.is_(None)).limit(1)) is not None


@dataclass
class CallsHook:
    """The event hook: every ``call.submitted`` event new to this server, in the push transaction."""

    hub: Any
    key: Any = None
    event_types: ClassVar[frozenset[str]] = frozenset({S.SUBMITTED})
    judged: list[str] = field(default_factory=list)

    def __call__(self, session: Session, events: list[EventRecord]) -> None:
        if session.get(ServerMeta, "broadcast_origin") is not None:
            return  # a centre's hub: the central server judges
        for e in events:
            try:
                with session.begin_nested():
                    self.judge(session, e)
            except Exception:  # noqa: BLE001 - one bad submission never blocks the push
                log.exception("call submission %s not judged", e.id)

    def judge(self, s: Session, e: EventRecord) -> None:
        p = e.payload if isinstance(e.payload, dict) else {}
        call_id, app_id = str(p.get("call_id") or "")[:40], str(p.get("application_id") or "")
        call = get_call(s, call_id)
        if app_id != S.application_id(e.learner_id, call_id):
            log.warning("call submission %s: application id does not match its learner and call", e.id)
            return
        rx = e.received_at or utcnow_iso()
        v = p.get("version")
        version = v if isinstance(v, int) and not isinstance(v, bool) else 0
        row = s.get(ServerApplication, app_id)
        reason: str | None = None
        clean: dict[str, Any] = {}
        if call is None:
            reason = "unknown_call"
        elif not certified(s, e.learner_id, call["course"]):
            reason = "not_certified"
        elif not S.counts_in_time(call, received_at=rx, submitted_at=p.get("submitted_at")):
            reason = "closed"
        else:
            try:
                clean = S.check_answers(call, p.get("answers"))
            except ValidationError as exc:
                reason = f"answers: {exc.message}"[:200]
        if row is not None and row.status != "refused":
            row.submissions += 1
            if reason is not None:
                log.info("call %s: version %s of %s not counted (%s)", call_id, version, app_id, reason)
                s.flush()
                return  # the version that counts stays (a late or bad resubmission changes nothing)
            if (version, str(p.get("submitted_at") or ""), e.id) <= (row.version, row.submitted_at or "", row.event_id):
                s.flush()
                return  # an older version arriving late (another stick): the newer one counts
            if row.status not in ("received",):
                s.flush()
                return  # decided already: the reviewed version stays
            self._fill(row, e, p, clean, version, rx)
            s.flush()
            self.send_status(s, row)
            return
        if row is None:
            row = ServerApplication(id=app_id, call_id=call_id, learner_id=e.learner_id, status="received", seq=0,
                                    submissions=0, version=0, received_at=rx, event_id=e.id, answers="{}",
                                    attachments="[]", updated_at=rx)
            s.add(row)
        row.submissions += 1
        row.status, row.reason = ("refused", reason) if reason else ("received", None)
        if reason is None:
            self._fill(row, e, p, clean, version, rx)
        else:
            row.received_at, row.event_id, row.device_id = rx, e.id, e.device_id
        s.flush()
        self.send_status(s, row)
        self.judged.append(app_id)

    @staticmethod
    def _fill(row: ServerApplication, e: EventRecord, p: dict, clean: dict, version: int, rx: str) -> None:
        row.version, row.submitted_at, row.received_at = version, str(p.get("submitted_at") or "")[:40], rx
        row.event_id, row.device_id, row.updated_at = e.id, e.device_id, utcnow_iso()
        row.answers = json.dumps(clean, ensure_ascii=False)
        atts = p.get("attachments") if isinstance(p.get("attachments"), list) else []
        row.attachments = json.dumps([a for a in atts if isinstance(a, dict)][:S.FILES_MAX], ensure_ascii=False)

    def send_status(self, s: Session, row: ServerApplication) -> None:
        """A signed status item to the learner's PCs (online and in USB replies)."""
        from cc2desktop.server.items import add_item

        row.seq += 1
        call = get_call(s, row.call_id) or {}
        body = {"v": 1, "application_id": row.id, "call_id": row.call_id, "course_id": call.get("course"),
                "learner_id": row.learner_id, "status": row.status, "reason": row.reason, "version": row.version,
                "seq": row.seq, "at": utcnow_iso()}
        add_item(s, S.STATUS_ITEM, S.sign_status(self.key or _session_key(s), body), learner_id=row.learner_id)
        s.flush()


def _session_key(s: Session) -> Any:
    """The origin server's Ed25519 key, read (or first made) inside the caller's transaction."""
    from cc2desktop.core import crypto

    row = s.get(ServerMeta, "server_ed25519")
    if row is None:
        row = ServerMeta(key="server_ed25519", value=crypto.b64url(crypto.private_raw(crypto.generate_key())))
        s.add(row)
        s.flush()
    return crypto.private_key_from_raw(crypto.b64url_decode(row.value))


def attach(hub: Any) -> CallsHook:
    hook = CallsHook(hub)
    hub.event_hooks.append(hook)
    hub.calls = hook
    return hook


def _hook(hub: Any) -> CallsHook:
    hook = getattr(hub, "calls", None)
    if hook is None:
        hook = attach(hub)
    if hook.key is None:
        hook.key = hub.server_key
    return hook


# --- review ----------------------------------------------------------------------------------------
def _application(s: Session, app_id: str) -> ServerApplication:
    row = s.get(ServerApplication, app_id)
    if row is None:
        raise NotFoundError(f"no application {app_id!r}", code="application_unknown")
    return row


def _centre(s: Session, device_id: str | None) -> str | None:
    dev = s.get(Device, device_id) if device_id else None
    if dev is None:
        return None
    if dev.centre:
        return dev.centre
    via = s.get(Device, dev.via) if dev.via else None
    return via.centre if via is not None else None


def list_applications(session: Session, call_id: str | None = None, *, blind: bool = False,
                      include_refused: bool = True) -> list[dict[str, Any]]:
    q = select(ServerApplication).order_by(ServerApplication.received_at, ServerApplication.id)
    if call_id:
        q = q.where(ServerApplication.call_id == call_id)
    out = []
    for r in session.scalars(q):
        if r.status == "refused" and not include_refused:
            continue
        scores = [{"reviewer": sc.reviewer, "score": sc.score, "comment": sc.comment, "at": sc.at}
                  for sc in session.scalars(select(ServerScore).where(ServerScore.application_id == r.id)
                                            .order_by(ServerScore.reviewer))]
        row: dict[str, Any] = {
            "id": r.id, "call": r.call_id, "learner": r.learner_id, "status": r.status, "reason": r.reason,
            "submitted_at": r.submitted_at, "received_at": r.received_at, "version": r.version,
            "submissions": r.submissions, "answers": json.loads(r.answers), "attachments": json.loads(r.attachments),
            "scores": scores,
            "score": round(sum(x["score"] for x in scores) / len(scores), 2) if scores else None}
        if not blind:
            lr = session.get(ServerLearner, r.learner_id)
            row.update(name=lr.display_name if lr else None, gender=lr.gender if lr else None,
                       country=lr.country if lr else None, category=lr.category if lr else None,
                       centre=_centre(session, r.device_id))
        else:
            row.pop("learner")
        out.append(row)
    return out


def score(hub: Any, app_id: str, reviewer: str, value: float, comment: str | None = None) -> dict[str, Any]:
    reviewer = " ".join((reviewer or "").split())[:80]
    if not reviewer:
        raise ValidationError("a score needs the reviewer's name", code="score_reviewer")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ValidationError("a score is a number from 0 to 100", code="score_value")
    with hub.Session.begin() as s:
        row = _application(s, app_id)
        if row.status == "refused":
            raise ValidationError(f"application {app_id} was refused ({row.reason}): nothing to score",
                                  code="application_refused")
        s.merge(ServerScore(application_id=app_id, reviewer=reviewer, score=float(value),
                            comment=(comment or "")[:2000] or None, at=utcnow_iso()))
    return {"id": app_id, "reviewer": reviewer, "score": float(value)}


def decide(hub: Any, app_id: str, status: str) -> dict[str, Any]:
    """Set an application's status, send it back to the learner (signed item) and, when someone
    enters or leaves ``selected``, publish the call's incubation cohort again."""
    if status not in S.DECISIONS:
        raise ValidationError(f"status must be one of {', '.join(S.DECISIONS)}", code="application_status")
    hook = _hook(hub)
    with hub.Session.begin() as s:
        row = _application(s, app_id)
        if row.status == "refused":
            raise ValidationError(f"application {app_id} was refused ({row.reason}): it cannot be decided",
                                  code="application_refused")
        before = row.status
        if before == status:
            return {"id": app_id, "status": status, "changed": False}
        row.status, row.decided_at, row.updated_at = status, utcnow_iso(), utcnow_iso()
        s.flush()
        hook.send_status(s, row)
        cohort = None
        if "selected" in (before, status):
            cohort = publish_cohort(hub, s, row.call_id)
    return {"id": app_id, "status": status, "changed": True, "cohort": cohort}


def publish_cohort(hub: Any, s: Session, call_id: str) -> dict[str, Any]:
    call = get_call(s, call_id) or {}
    members = sorted(s.scalars(select(ServerApplication.learner_id).where(
        ServerApplication.call_id == call_id, ServerApplication.status == "selected")))
    title = (call.get("title") or {}).get("fr") or call_id
    body = {"call_id": call_id, "group_id": S.cohort_group_id(call_id), "group_name": f"Incubation · {title}"[:80],
            "learners": members}
    item = hub.publish(f"course:{call.get('course')}", S.COHORT_ITEM, body, session=s)
    return {"group_id": body["group_id"], "group_name": body["group_name"], "members": len(members), "n": item.n}


BLIND_DROP = ("name", "gender", "country", "centre", "category")


def to_csv(rows: list[dict[str, Any]], call: dict[str, Any] | None, *, blind: bool = False) -> str:
    """Reviewers' sheet: one row per application, one column per field; ``blind`` leaves out the
    name, gender, country, category and centre (and the learner id)."""
    fields = [f["id"] for f in (call or {}).get("fields", [])]
    head = ["id", "status", "submitted_at", "version", "score"]
    if not blind:
        head[1:1] = ["learner", "name", "gender", "country", "category", "centre"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(head + [f"answer:{f}" for f in fields])
    for r in rows:
        vals = []
        for f in fields:
            v = r["answers"].get(f)
            vals.append(v["name"] + " (" + v["sha256"][:12] + ")" if isinstance(v, dict)
                        else ";".join(v) if isinstance(v, list) else "" if v is None else v)
        w.writerow([_cell(r.get(h)) for h in head] + [_cell(v) for v in vals])
    return out.getvalue()


def _cell(v: Any) -> Any:
    """A spreadsheet never runs what a learner typed (=, +, -, @ at the start: kept as text)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return "" if v is None else v


def attachment_data(session: Session, learner_id: str, app_id: str, sha256: str) -> bytes | None:
    """An attached file put together from its chunks, if they all arrived and its hash matches."""
    import base64
    import hashlib

    from cc2desktop.server.models import ServerEvent

    chunks: dict[int, bytes] = {}
    n = None
    for (payload,) in session.execute(select(ServerEvent.payload).where(
            ServerEvent.learner_id == learner_id, ServerEvent.type == S.ATTACHMENT)):
        try:
            p = json.loads(payload)
            if p.get("application_id") != app_id or p.get("sha256") != sha256:
                continue
            n = int(p["n"])
            chunks[int(p["i"])] = base64.b64decode(p["data"], validate=True)
        except (ValueError, KeyError, TypeError):
            continue
    if n is None or sorted(chunks) != list(range(n)):
        return None
    data = b"".join(chunks[i] for i in range(n))
    return data if hashlib.sha256(data).hexdigest() == sha256 else None
