"""The course forum on the server (docs/forum.md): the moderation queue.

Learners' posts, edits, deletions and flags arrive as learner events (push or USB bundle, stored
once); :class:`ForumHook` files each post or edit as a pending *submission*. A moderator's decision
is published in the same transaction: approving publishes a signed broadcast item of the course's
scope (``forum.post`` / ``forum.edit``) that every PC of the course receives; rejecting sends the
reason to the author's devices only (learner item ``forum.refused``), so a refused post never
reaches another PC; hiding publishes ``forum.hide``. A banned learner's submissions are refused as
they arrive. Announcements by the programme team are published at once (pinned, no moderation).

Wiring: :func:`attach` on every :class:`~cc2desktop.server.hub.Hub` (its constructor does it); a
centre's hub relaying another server's items moderates nothing (the central server does).
"""

from __future__ import annotations

import json
import logging
from typing import Any, ClassVar

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cc2desktop.core import forum as F
from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.errors import CCError, NotFoundError, ValidationError
from cc2desktop.core.event_types import EventRecord
from cc2desktop.core.sync.broadcast import course_scope
from cc2desktop.server.items import add_item
from cc2desktop.server.models import ServerBase, ServerMeta

log = logging.getLogger(__name__)
PROGRAMME_AUTHOR = "Équipe du programme"


class ForumSubmission(ServerBase):
    """A post or an edit waiting for (or having had) a moderator's decision."""

    __tablename__ = "forum_submissions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)      # post id (a post) or event id (an edit)
    post_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(8))                       # post | edit | announce
    course_id: Mapped[str] = mapped_column(String(128), index=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(80))
    capsule_id: Mapped[str | None] = mapped_column(String(64))
    learner_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[str] = mapped_column(String(40))                 # the PC's clock
    received_at: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), index=True)         # pending|approved|rejected|hidden|deleted
    reason: Mapped[str | None] = mapped_column(String(240))
    flags: Mapped[int] = mapped_column(Integer, default=0)
    flag_reasons: Mapped[str | None] = mapped_column(Text)             # JSON list
    decided_at: Mapped[str | None] = mapped_column(String(32))


class ForumBan(ServerBase):
    __tablename__ = "forum_bans"
    learner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(240))


class ForumHook:
    """Files the forum events new to the server (inside the push's transaction); never raises: a
    malformed one is refused alone (logged) and the others are filed."""

    event_types: ClassVar[frozenset[str]] = frozenset(F.EVENT_TYPES)

    def __init__(self, hub: Any) -> None:
        self.hub = hub

    def __call__(self, s: Session, events: list[EventRecord]) -> None:
        if s.get(ServerMeta, "broadcast_origin") is not None:
            return  # a centre's hub: the central server moderates
        for e in events:
            try:
                with s.begin_nested():
                    self.file(s, e)
            except (CCError, KeyError, TypeError, ValueError) as exc:
                log.warning("forum event %s not filed: %s", e.id, exc)

    def file(self, s: Session, e: EventRecord) -> None:
        p = e.payload
        course = F.check_id(e.course_id, "course")
        pid = F.check_id(p.get("post_id"), "post id")
        rx = e.received_at or utcnow_iso()
        banned = s.get(ForumBan, e.learner_id) is not None
        if e.type == F.POSTED:
            if s.get(ForumSubmission, pid) is not None:
                return  # the same post id again (another device's copy): kept once
            thread = F.check_id(p.get("thread_id"), "thread")
            title = F.clean_text(p.get("title"), limit=F.MAX_TITLE, what="title", multiline=False) \
                if thread == pid else None
            row = ForumSubmission(id=pid, post_id=pid, kind="post", course_id=course, thread_id=thread, title=title,
                                  text=F.clean_text(p.get("text")), capsule_id=p.get("capsule_id")
                                  if isinstance(p.get("capsule_id"), str) and F.ID_RE.fullmatch(p["capsule_id"])
                                  else None,
                                  author=F.clean_text(p.get("author"), limit=F.MAX_AUTHOR, what="name",
                                                      multiline=False),
                                  learner_id=e.learner_id, created_at=str(e.created_at)[:40], received_at=rx,
                                  state="pending", flags=0)
            s.add(row)
            s.flush()
            if banned:
                _reject(s, row, "banned")
            return
        post = s.get(ForumSubmission, pid)
        if post is None or post.kind not in ("post", "announce"):
            raise NotFoundError(f"no forum post {pid}")
        if e.type == F.FLAGGED:
            post.flags = (post.flags or 0) + 1
            reasons = json.loads(post.flag_reasons or "[]")
            reasons.append(F.reason_text(p.get("reason")))
            post.flag_reasons = json.dumps(reasons[-20:], ensure_ascii=False)
            return
        if post.learner_id != e.learner_id:
            raise ValidationError("only its author changes a post")
        if e.type == F.DELETED:
            if post.state == "approved":
                self.hub.publish(course_scope(post.course_id), F.ITEM_HIDE, {"id": pid, "reason": "deleted"}, session=s)
            post.state, post.decided_at = "deleted", rx
            for edit in s.scalars(select(ForumSubmission).where(ForumSubmission.post_id == pid,
                                                                ForumSubmission.state == "pending")):
                edit.state = "deleted"
        elif e.type == F.EDITED and s.get(ForumSubmission, e.id) is None:
            row = ForumSubmission(id=e.id, post_id=pid, kind="edit", course_id=post.course_id, thread_id=post.thread_id,
                                  title=None, text=F.clean_text(p.get("text")), author=post.author,
                                  learner_id=e.learner_id, created_at=str(e.created_at)[:40], received_at=rx,
                                  state="pending", flags=0)
            s.add(row)
            s.flush()
            if banned:
                _reject(s, row, "banned")


def attach(hub: Any) -> ForumHook:
    hook = ForumHook(hub)
    hub.event_hooks.append(hook)
    return hook


# --- the moderator's actions -----------------------------------------------------------------------
def _row(s: Session, sid: str) -> ForumSubmission:
    row = s.get(ForumSubmission, str(sid))
    if row is None:
        raise NotFoundError(f"no forum post {str(sid)[:64]}", code="forum_no_post")
    return row


def _body(row: ForumSubmission, *, pinned: bool = False) -> dict:
    body = {"id": row.post_id, "thread": row.thread_id, "text": row.text, "author": row.author,
            "created_at": row.created_at}
    if row.title:
        body["title"] = row.title
    if row.capsule_id:
        body["capsule"] = row.capsule_id
    if pinned:
        body["pinned"] = True
    return body


def as_json(row: ForumSubmission) -> dict:
    return {"id": row.id, "text": row.text, "thread": row.thread_id, "course": row.course_id,
            "created_at": row.created_at, "title": row.title, "author": row.author, "kind": row.kind,
            "post": row.post_id, "state": row.state, "reason": row.reason, "flags": row.flags or 0,
            "flag_reasons": json.loads(row.flag_reasons or "[]"), "learner": row.learner_id,
            "received_at": row.received_at}


def pending(hub: Any, *, course: str | None = None, state: str = "pending") -> list[dict]:
    """The submissions awaiting a decision (or in another ``state``), oldest first."""
    with hub.ReadSession() as s:
        q = select(ForumSubmission).where(ForumSubmission.state == state)
        if course:
            q = q.where(ForumSubmission.course_id == course)
        q = q.order_by(ForumSubmission.received_at, ForumSubmission.created_at, ForumSubmission.id)
        return [as_json(r) for r in s.scalars(q)]


def flagged(hub: Any) -> list[dict]:
    """Approved posts someone flagged, most flagged first."""
    with hub.ReadSession() as s:
        q = select(ForumSubmission).where(ForumSubmission.flags > 0, ForumSubmission.state == "approved")
        return [as_json(r) for r in s.scalars(q.order_by(ForumSubmission.flags.desc(), ForumSubmission.id))]


def approve(hub: Any, sid: str) -> dict:
    """Publish a pending post (or edit) to every PC of its course."""
    hub.server_key  # noqa: B018 - created before the write
    with hub.Session.begin() as s:
        row = _row(s, sid)
        if row.state != "pending":
            raise ValidationError(f"forum post {sid} is {row.state}, not pending", code="forum_state")
        if row.kind == "edit":
            post = _row(s, row.post_id)
            if post.state == "approved":
                hub.publish(course_scope(row.course_id), F.ITEM_EDIT, {"id": row.post_id, "text": row.text}, session=s)
            post.text = row.text
        else:
            hub.publish(course_scope(row.course_id), F.ITEM_POST, _body(row), session=s)
        row.state, row.decided_at = "approved", utcnow_iso()
        return as_json(row)


def _reject(s: Session, row: ForumSubmission, reason: str) -> None:
    row.state, row.reason, row.decided_at = "rejected", reason, utcnow_iso()
    if row.learner_id:  # her devices only: a refused post never reaches another PC
        add_item(s, F.REFUSED_ITEM, {"id": row.post_id, "reason": reason, "kind": row.kind},
                 learner_id=row.learner_id)


def reject(hub: Any, sid: str, reason: str | None = None) -> dict:
    why = F.reason_text(reason) if reason else ""
    with hub.Session.begin() as s:
        row = _row(s, sid)
        if row.state != "pending":
            raise ValidationError(f"forum post {sid} is {row.state}, not pending", code="forum_state")
        _reject(s, row, why)
        return as_json(row)


def hide(hub: Any, sid: str, reason: str | None = None) -> dict:
    """Hide an approved post on every PC (after a flag)."""
    hub.server_key  # noqa: B018
    with hub.Session.begin() as s:
        row = _row(s, sid)
        if row.state == "pending":
            _reject(s, row, F.reason_text(reason) if reason else "")
        elif row.state == "approved":
            hub.publish(course_scope(row.course_id), F.ITEM_HIDE, {"id": row.post_id, "reason": "moderated"},
                        session=s)
            row.state, row.decided_at = "hidden", utcnow_iso()
        else:
            raise ValidationError(f"forum post {sid} is {row.state}: nothing to hide", code="forum_state")
        return as_json(row)


def ban(hub: Any, learner_id: str, reason: str | None = None) -> dict:
    """No more posts from this learner: what she has pending is refused, and all she sends later."""
    with hub.Session.begin() as s:
        if s.get(ForumBan, learner_id) is None:
            s.add(ForumBan(learner_id=str(learner_id)[:36], at=utcnow_iso(), reason=F.reason_text(reason) or None))
        rows = list(s.scalars(select(ForumSubmission).where(ForumSubmission.learner_id == learner_id,
                                                            ForumSubmission.state == "pending")))
        for row in rows:
            _reject(s, row, "banned")
        return {"learner": learner_id, "banned": True, "refused": len(rows)}


def announce(hub: Any, course_id: str, title: str, text: str) -> dict:
    """An announcement of the programme team: pinned, published at once."""
    F.check_id(course_id, "course")
    pid = new_id()
    row = ForumSubmission(id=pid, post_id=pid, kind="announce", course_id=course_id, thread_id=pid,
                          title=F.clean_text(title, limit=F.MAX_TITLE, what="title", multiline=False),
                          text=F.clean_text(text), author=PROGRAMME_AUTHOR, learner_id=None,
                          created_at=utcnow_iso(), received_at=utcnow_iso(), state="approved", flags=0,
                          decided_at=utcnow_iso())
    hub.server_key  # noqa: B018
    with hub.Session.begin() as s:
        s.add(row)
        s.flush()
        hub.publish(course_scope(course_id), F.ITEM_POST, _body(row, pinned=True), session=s)
        return as_json(row)
