"""The course forum (docs/forum.md): threads per course (general, per module, per capsule), posts
and replies written offline, moderated on the server, carried to every PC of the course by the
broadcast scope (docs/sync-protocol.md, "Broadcast scope").

* A learner's post, edit, deletion (a tombstone) or flag is a **learner event** (``forum.posted``,
  ``forum.edited``, ``forum.deleted``, ``forum.flagged``): durable at once, pushed by the normal
  sync (HTTP or USB bundle), stored once by the server (idempotent by event id).
* The server's **moderation decisions** are signed broadcast items of the course's scope:
  ``forum.post`` (an approved post or an announcement), ``forum.edit`` (an approved edit),
  ``forum.hide`` (hidden after a flag, or deleted by its author). A refused post never reaches
  another PC: its author's PCs learn the refusal as a learner item ``forum.refused`` (her devices
  only).
* A PC shows the approved posts (in the origin server's order: identical on every PC) plus the
  posts of its own learners that are not approved yet: ``unsynced`` (not yet synced), ``pending``
  (awaiting moderation) or ``refused`` (with the moderator's reason).

Text is light: plain text with ``**bold**``, ``*italic*`` and links (clickable only once approved),
cleaned the same way on the PC and on the server (:func:`clean_text`). The author is shown by a
display name or pseudonym only — never her id, gender or country.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from cc2desktop.core.changes import Changes
from cc2desktop.core.errors import NotFoundError, ValidationError
from cc2desktop.core.event_types import FORUM_DELETED as DELETED
from cc2desktop.core.event_types import FORUM_EDITED as EDITED
from cc2desktop.core.event_types import FORUM_FLAGGED as FLAGGED
from cc2desktop.core.event_types import FORUM_POSTED as POSTED

EVENT_TYPES = (POSTED, EDITED, DELETED, FLAGGED)
ITEM_POST, ITEM_EDIT, ITEM_HIDE = "forum.post", "forum.edit", "forum.hide"   # broadcast kinds
ITEM_KINDS = (ITEM_POST, ITEM_EDIT, ITEM_HIDE)
REFUSED_ITEM = "forum.refused"                                              # learner item (author only)

MAX_TEXT = 2000      # characters of a post
MAX_TITLE = 120      # characters of a thread's title
MAX_AUTHOR = 60      # a display name or pseudonym
MAX_REASON = 200     # a flag's or a refusal's reason
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
FORUM_CHANGED = Changes(forum=True)

# bidirectional overrides and isolates (a "right-to-left override" can disguise text), zero-width
# joiners used to smuggle text, the BOM: removed
_INVISIBLE = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200E, 0x200F, 0xFEFF,
                            0x061C])


def clean_text(value: Any, *, limit: int = MAX_TEXT, what: str = "post", multiline: bool = True) -> str:
    """The text as it is stored and shown: NFC, control characters and bidirectional overrides
    removed, line ends ``\\n``, at most two blank lines in a row, trimmed. :class:`ValidationError`
    (one line) when it is not text, empty or longer than ``limit`` characters."""
    if not isinstance(value, str):
        raise ValidationError(f"the {what} is not text", code="forum_text")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).translate(_INVISIBLE)
    keep = "\n" if multiline else ""
    text = "".join(ch if ch == keep else (" " if ch in "\t\n" else ch) for ch in text
                   if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise ValidationError(f"the {what} is empty", code="forum_empty")
    if len(text) > limit:
        raise ValidationError(f"the {what} is too long ({len(text)} characters, at most {limit})",
                              code="too_long", field=what, limit=limit)
    return text


def check_id(value: Any, what: str = "id") -> str:
    if not isinstance(value, str) or not ID_RE.fullmatch(value):
        raise ValidationError(f"bad {what}: {str(value)[:40]!r}", code="forum_id")
    return value


def reason_text(value: Any) -> str:
    try:
        return clean_text(value, limit=MAX_REASON, what="reason", multiline=False)
    except ValidationError:
        return ""


# --- light Markdown ---------------------------------------------------------------------------
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+", re.IGNORECASE)


def to_html(text: str, *, links: bool) -> str:
    """Safe HTML of a post: everything escaped, then ``**bold**``, ``*italic*``, line breaks, and
    links clickable only when ``links`` (an approved post)."""
    out = html.escape(text, quote=True)
    out = re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"(?<![*\w])\*(\S(?:.*?\S)?)\*(?![*\w])", r"<i>\1</i>", out)
    if links:
        out = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', out)
    return out.replace("\n", "<br/>")


# --- the view a PC shows --------------------------------------------------------------------------
@dataclass
class Post:
    id: str
    thread: str
    title: str | None
    text: str
    author: str
    state: str                 # approved | unsynced | pending | refused | hidden
    created_at: str
    n: int = 0                 # origin order (approved); 0: not approved
    reason: str | None = None  # a refusal's reason
    pinned: bool = False
    capsule: str | None = None
    learner_id: str | None = None  # one of this PC's learners (her own post), else None
    edited: bool = False

    def as_json(self) -> dict:
        d = asdict(self)
        return {k: d[k] for k in ("id", "thread", "title", "text", "author", "state", "created_at", "reason",
                                  "pinned", "capsule")}


@dataclass
class Thread:
    id: str
    title: str
    capsule: str | None
    pinned: bool
    posts: list[Post] = field(default_factory=list)
    unread: int = 0

    @property
    def last_n(self) -> int:
        return max((p.n for p in self.posts), default=0)

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "capsule": self.capsule, "pinned": self.pinned,
                "unread": self.unread, "posts": [p.as_json() for p in self.posts]}


def _items(conn: Any, scope: str, thread: str | None) -> list[tuple[int, str, dict]]:
    sql = ("SELECT n, kind, body FROM sync_broadcast WHERE scope = ? AND applied = 1 "
           "AND kind IN ('forum.post', 'forum.edit', 'forum.hide')")
    args: tuple = (scope,)
    if thread is not None:  # the thread's posts, and every edit or hide (few): one scan, JSON only for the
        # rows whose text holds the thread's id (bodies are stored compact: a plain substring search first)
        sql += (" AND (kind <> 'forum.post' OR (instr(body, ?) > 0 AND json_extract(body, '$.thread') = ?))")
        args = (scope, json.dumps({"thread": thread}, separators=(",", ":"))[1:-1], thread)
    return [(int(n), k, json.loads(b)) for n, k, b in conn.exec_driver_sql(sql + " ORDER BY n", args)]


def posts(session: Any, course_id: str, *, thread: str | None = None) -> list[Post]:
    """The posts this PC shows for a course (one thread's with ``thread``): approved ones in the
    origin's order, then its own learners' not yet approved, oldest first."""
    from cc2desktop.core.sync.broadcast import course_scope

    conn = session.connection()
    by_id: dict[str, Post] = {}
    hidden: set[str] = set()
    for n, kind, b in _items(conn, course_scope(course_id), thread):
        if kind == ITEM_POST:
            by_id[b["id"]] = Post(b["id"], b["thread"], b.get("title"), b["text"], b.get("author") or "?",
                                  "approved", b.get("created_at") or "", n, pinned=bool(b.get("pinned")),
                                  capsule=b.get("capsule"))
        elif kind == ITEM_EDIT and b["id"] in by_id:
            by_id[b["id"]].text, by_id[b["id"]].edited = b["text"], True
        elif kind == ITEM_HIDE:
            hidden.add(b["id"])
    own = _own(conn, course_id, thread)
    approved = []
    for p in by_id.values():
        mine = own.pop(p.id, None)
        if p.id in hidden or (mine is not None and mine.state == "deleted"):
            continue  # hidden by the moderators, or withdrawn by its author here (before the server says so)
        if mine is not None:
            p.learner_id = mine.learner_id
            if mine.edited and mine.text != p.text and mine.state != "refused":  # moderated again first
                p.text, p.edited, p.state = mine.text, True, "pending"
        approved.append(p)
    return approved + sorted((p for p in own.values() if p.id not in hidden and p.state != "deleted"),
                             key=lambda p: p.created_at)


def _own(conn: Any, course_id: str, thread: str | None) -> dict[str, Post]:
    """This PC's learners' posts and their states, from their events and the refusals received."""
    rows = conn.exec_driver_sql(
        "SELECT e.learner_id, e.type, e.payload, e.created_at, e.synced FROM events e JOIN learners l "
        "ON l.id = e.learner_id WHERE e.course_id = ? AND e.type IN (?, ?, ?) ORDER BY e.created_at, e.seq",
        (course_id, POSTED, EDITED, DELETED)).all()
    out: dict[str, Post] = {}
    for lid, typ, payload, created, synced in rows:
        try:
            p = json.loads(payload)
            pid = p["post_id"]
            if typ == POSTED:
                if thread is not None and p.get("thread_id") != thread:
                    continue
                out[pid] = Post(pid, p["thread_id"], p.get("title"), p["text"], p.get("author") or "?",
                                "pending" if synced else "unsynced", created, capsule=p.get("capsule_id"),
                                learner_id=lid)
            elif pid in out and typ == EDITED:
                out[pid].text, out[pid].edited = p["text"], True
            elif pid in out and typ == DELETED:
                out[pid].state = "deleted"
        except (KeyError, TypeError, ValueError):
            continue
    if out:
        for (body,) in conn.exec_driver_sql("SELECT body FROM sync_items WHERE kind = ?", (REFUSED_ITEM,)):
            try:
                b = json.loads(body)
                if b.get("id") in out and out[b["id"]].state != "deleted":
                    out[b["id"]].state, out[b["id"]].reason = "refused", str(b.get("reason") or "")
            except (ValueError, AttributeError):
                continue
    return out


def threads(session: Any, course_id: str, *, learner_id: str | None = None) -> list[Thread]:
    """A course's threads with their posts: announcements first, then by last activity."""
    out: dict[str, Thread] = {}
    for p in posts(session, course_id):
        t = out.get(p.thread)
        if t is None:
            if p.id != p.thread:
                continue  # a reply whose thread this PC does not show (yet)
            t = out[p.thread] = Thread(p.thread, p.title or "", p.capsule, p.pinned)
        t.posts.append(p)
    if learner_id is not None:
        seen = read_marks(session, learner_id)
        for t in out.values():
            t.unread = sum(1 for p in t.posts if p.n > seen.get(t.id, 0) and p.learner_id != learner_id)
    return sorted(out.values(), key=lambda t: (not t.pinned, -(t.last_n or 10**12)))


def thread(session: Any, course_id: str, thread_id: str) -> list[Post]:
    """One thread's posts, the first one (its title) first."""
    got = posts(session, course_id, thread=thread_id)
    if not any(p.id == thread_id for p in got):
        return []
    return sorted(got, key=lambda p: p.id != thread_id)


def _read_key(learner_id: str) -> str:
    return f"forum.read.{learner_id}"[:64]


def read_marks(session: Any, learner_id: str) -> dict[str, int]:
    row = session.connection().exec_driver_sql("SELECT value FROM meta WHERE key = ?",
                                               (_read_key(learner_id),)).first()
    try:
        return dict(json.loads(row[0])) if row else {}
    except (ValueError, TypeError):
        return {}


def mark_read(session: Any, learner_id: str, thread_id: str, n: int) -> None:
    marks = read_marks(session, learner_id)
    if marks.get(thread_id, 0) >= n:
        return
    marks[thread_id] = n
    session.connection().exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                         (_read_key(learner_id), json.dumps(marks)))


def flagged(session: Any) -> list[dict]:
    """The posts this PC's learners flagged (the facilitator's view), newest first."""
    rows = session.connection().exec_driver_sql(
        "SELECT e.course_id, e.payload, e.created_at, e.synced FROM events e WHERE e.type = ? "
        "ORDER BY e.created_at DESC", (FLAGGED,)).all()
    out = []
    for course, payload, created, synced in rows:
        try:
            p = json.loads(payload)
        except ValueError:
            continue
        post = next((x for x in thread_posts_by_id(session, course, p.get("post_id"))), None)
        out.append({"course": course, "post": p.get("post_id"), "reason": p.get("reason") or "",
                    "flagged_at": created, "synced": bool(synced), "text": post.text if post else "",
                    "author": post.author if post else "", "state": post.state if post else "hidden"})
    return out


def thread_posts_by_id(session: Any, course_id: str, post_id: Any) -> list[Post]:
    return [p for p in posts(session, course_id) if p.id == post_id]


# --- writing (the PC) -----------------------------------------------------------------------------
def course_on_pc(kit: Any, course_id: str) -> bool:
    from cc2desktop.core.sync.broadcast import course_scope, local_scopes

    return course_scope(course_id) in local_scopes(kit)


def write_post(kit: Any, learner_id: str, course_id: str, text: str, *, thread: str | None = None,
               title: str | None = None, capsule: str | None = None, author: str | None = None) -> dict:
    """A new thread (``title``) or a reply (``thread``), as an event of the learner; returns
    ``{"id", "thread", "state"}``. The author is her display name unless she gives a pseudonym."""
    from cc2desktop.core import events
    from cc2desktop.core.db.base import new_id
    from cc2desktop.core.db.models import Learner

    check_id(course_id, "course")
    body = clean_text(text)
    if not course_on_pc(kit, course_id):
        raise NotFoundError(f"course {course_id} is not on this PC", code="forum_no_course")
    if (thread is None) == (title is None):
        raise ValidationError("a new thread needs --title, a reply needs --thread", code="forum_thread")
    payload: dict[str, Any] = {"text": body}
    if capsule is not None:
        payload["capsule_id"] = check_id(capsule, "capsule")
    with kit.write() as s:
        row = s.get(Learner, learner_id)
        if row is None:
            raise NotFoundError(f"no learner {learner_id} on this PC")
        payload["author"] = clean_text(author or row.display_name, limit=MAX_AUTHOR, what="name", multiline=False)
        pid = new_id()
        if thread is None:
            payload.update(post_id=pid, thread_id=pid, title=clean_text(title, limit=MAX_TITLE, what="title",
                                                                          multiline=False))
        else:
            check_id(thread, "thread")
            if not any(p.id == thread for p in posts(s, course_id, thread=thread)):
                raise NotFoundError(f"no thread {thread} in course {course_id} on this PC", code="forum_no_thread")
            payload.update(post_id=pid, thread_id=thread)
        events.append(s, learner_id, POSTED, payload, course_id=course_id)
    return {"id": pid, "thread": payload["thread_id"], "state": "unsynced"}


def _own_post(s: Any, learner_id: str, course_id: str, post_id: str) -> Post:
    mine = _own(s.connection(), course_id, None).get(post_id)
    if mine is None or mine.learner_id != learner_id or mine.state == "deleted":
        raise NotFoundError(f"no post {post_id} of this learner", code="forum_no_post")
    return mine


def edit_post(kit: Any, learner_id: str, course_id: str, post_id: str, text: str) -> dict:
    """Change one's own post (moderated again before the change is shown to others)."""
    from cc2desktop.core import events

    body = clean_text(text)
    with kit.write() as s:
        _own_post(s, learner_id, course_id, post_id)
        events.append(s, learner_id, EDITED, {"post_id": post_id, "text": body}, course_id=course_id)
    return {"id": post_id, "state": "unsynced"}


def delete_post(kit: Any, learner_id: str, course_id: str, post_id: str) -> dict:
    """Withdraw one's own post (a tombstone: the server hides it everywhere)."""
    from cc2desktop.core import events

    with kit.write() as s:
        _own_post(s, learner_id, course_id, post_id)
        events.append(s, learner_id, DELETED, {"post_id": post_id}, course_id=course_id)
    return {"id": post_id, "state": "deleted"}


def flag_post(kit: Any, learner_id: str, course_id: str, post_id: str, reason: str) -> dict:
    """"Signaler": tell the moderators why a post should not be there."""
    from cc2desktop.core import events

    why = clean_text(reason, limit=MAX_REASON, what="reason", multiline=False)
    with kit.write() as s:
        if not thread_posts_by_id(s, course_id, post_id):
            raise NotFoundError(f"no post {post_id} in course {course_id}", code="forum_no_post")
        events.append(s, learner_id, FLAGGED, {"post_id": post_id, "reason": why}, course_id=course_id)
    return {"id": post_id, "flagged": True}


# --- broadcast appliers (core/broadcast_kinds.py) -------------------------------------------------
def apply_items(session: Any, items: list) -> Changes:
    """Check the forum items of a page (stored by the broadcast layer, read by :func:`posts`): a body
    that is not a well-formed forum item raises, and that item is set aside (never shown)."""
    for it in items:
        b = it.body
        check_id(b.get("id"), "post id")
        if it.kind == ITEM_POST:
            check_id(b.get("thread"), "thread")
            if clean_text(b.get("text")) != b.get("text"):
                raise ValidationError("forum post text is not clean", code="forum_text")
            if b.get("title") is not None and clean_text(b["title"], limit=MAX_TITLE, multiline=False) != b["title"]:
                raise ValidationError("forum post title is not clean", code="forum_text")
            clean_text(b.get("author"), limit=MAX_AUTHOR, what="name", multiline=False)
        elif it.kind == ITEM_EDIT:
            clean_text(b.get("text"))
    return FORUM_CHANGED


# --- the same, on a Kit (the GUI's lanes call these) ------------------------------------------------
def load_threads(kit: Any, course_id: str, learner_id: str | None = None) -> list[Thread]:
    with kit.read() as s:
        return threads(s, course_id, learner_id=learner_id)


def load_thread(kit: Any, course_id: str, thread_id: str) -> list[Post]:
    with kit.read() as s:
        return thread(s, course_id, thread_id)


def load_flagged(kit: Any) -> list[dict]:
    with kit.read() as s:
        return flagged(s)


def set_read(kit: Any, learner_id: str, thread_id: str, n: int) -> None:
    with kit.write() as s:
        mark_read(s, learner_id, thread_id, n)
