"""Every event type a PC writes, declared once with its payload, and the one row type every layer
hands events around as (:class:`EventRecord`).

:func:`cc2desktop.core.events.append` refuses any other type and any payload that does not fit its
declaration (:func:`check_payload`: required fields present, declared fields of the declared JSON
type; other fields are kept, for later versions); the server accepts exactly the types declared here
(:func:`cc2desktop.core.sync.protocol.type_is_known`), so nothing a PC writes can be refused as
unknown by a server of the same version. The domains take their type names from this module. A
newer PC may write types an older server does not know yet: the server also takes any well-formed
type in the namespaces of :data:`NAMESPACES` (the declared ones, and those kept for types to come);
anything else is refused alone and quarantined on the PC with its reason. Stdlib only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

from cc2desktop.core.errors import ValidationError

# learning (core/learning): watching, practice quizzes, completion
VIDEO_WATCHED = "video.watched"
QUIZ_ANSWERED = "quiz.answered"
QUIZ_COMPLETED = "quiz.completed"
CAPSULE_COMPLETED = "capsule.completed"
# certification (core/certification): the final exam
EXAM_STARTED = "exam.started"
EXAM_ANSWERED = "exam.answered"
EXAM_CLAIMED = "exam.claimed"
EXAM_COSIGNED = "exam.cosigned"
EXAM_SESSION = "exam.session"
# facilitation (core/facilitation): groups, sessions, attendance
GROUP_ENROLLED = "group.enrolled"
GROUP_LEFT = "group.left"
GROUP_RENAMED = "group.renamed"
GROUP_DELETED = "group.deleted"
SESSION_PLANNED = "session.planned"
SESSION_UPDATED = "session.updated"
SESSION_ATTENDED = "session.attended"
SESSION_DELETED = "session.deleted"
# calls for projects (core/calls): a submitted application, the chunks of its attached files
CALL_SUBMITTED = "call.submitted"
CALL_ATTACHMENT = "call.attachment"
# forum (core/forum.py): posts, edits, tombstones and flags, moderated on the server
FORUM_POSTED = "forum.posted"
FORUM_EDITED = "forum.edited"
FORUM_DELETED = "forum.deleted"
FORUM_FLAGGED = "forum.flagged"

# JSON value kinds of payload fields
Kinds = tuple[type, ...]
STR: Kinds = (str,)
INT: Kinds = (int,)
BOOL: Kinds = (bool,)
LIST: Kinds = (list,)
OBJECT: Kinds = (dict,)
NUM: Kinds = (int, float)
ANY: Kinds = (str, int, float, bool, list, dict, type(None))


@dataclass(frozen=True)
class EventType:
    """An event type: the domain that writes it and its payload's fields (name → accepted kinds).
    ``required`` fields must be present (``None`` only where the kind allows it); ``optional`` ones
    may be missing or ``None``."""

    name: str
    domain: str
    required: Mapping[str, Kinds]
    optional: Mapping[str, Kinds] = field(default_factory=dict)


_CAPSULE: dict[str, Kinds] = {"capsule_id": STR}
_QUIZ_ATTEMPT: dict[str, Kinds] = {"capsule_id": STR, "quiz_id": STR, "attempt_id": STR}
_GROUP_QUIZ: dict[str, Kinds] = {"attempt": STR, "session_id": STR, "duration_s": NUM}  # a group quiz's fields
_SESSION: dict[str, Kinds] = {"session_id": STR, "group_id": STR, "date": STR}
_SESSION_MORE: dict[str, Kinds] = {"group_name": STR, "capsules": LIST, "notes": STR, "facilitator": STR}

#: every declared type (docs/learning.md, docs/certification.md and docs/facilitation.md describe each payload)
DECLARED: dict[str, EventType] = {t.name: t for t in (
    EventType(VIDEO_WATCHED, "learning", {**_CAPSULE, "segments": LIST},
              {"module_id": STR, "position": NUM, "length": NUM, "progress": NUM, "rate": NUM, "duration_s": NUM,
               "rendition": STR, "subtitles": STR}),
    EventType(QUIZ_ANSWERED, "learning", {**_QUIZ_ATTEMPT, "question_id": STR},
              {"interaction_type": STR, "question_type": STR, "response": ANY, "raw_response": ANY,
               "success": BOOL, "score": NUM, **_GROUP_QUIZ}),
    EventType(QUIZ_COMPLETED, "learning", {**_QUIZ_ATTEMPT, "scaled": NUM},
              {"score": NUM, "max_score": NUM, "success": BOOL, "mode": STR, **_GROUP_QUIZ}),
    EventType(CAPSULE_COMPLETED, "learning", _CAPSULE, {"module_id": STR, "watched": NUM, "quiz_scaled": NUM}),
    EventType(EXAM_STARTED, "certification",
              {"attempt_id": STR, "attempt": INT, "exam_id": STR, "seed": INT, "started_at": STR},
              {"time_limit_s": NUM, "manifest_sha256": STR, "pack_version": STR, "draw": INT, "clock": OBJECT,
               "proctor": OBJECT}),
    EventType(EXAM_ANSWERED, "certification", {"attempt_id": STR, "question_id": STR, "response": ANY},
              {"t": NUM, "clock": OBJECT}),
    EventType(EXAM_CLAIMED, "certification",
              {"v": INT, "claim_id": STR, "attempt_id": STR, "attempt": INT, "learner_id": STR, "device_id": STR,
               "course_id": STR, "pack_version": STR, "manifest_sha256": STR, "exam_id": STR, "order": LIST,
               "answers": OBJECT, "sig": STR},
              {"seed": INT, "started_at": STR, "submitted_at": STR, "time_limit_s": NUM, "draw": INT,
               "elapsed_s": NUM, "time_up": BOOL, "clock": OBJECT, "timeline": LIST, "proctor": OBJECT}),
    # a supervised exam session opened or closed by a facilitator, on each member's log, and her word
    # on a claim made in it (core/certification/proctor.py)
    EventType(EXAM_SESSION, "certification",
              {"session_id": STR, "code": STR, "course_id": STR, "state": STR, "opened_at": STR},
              {"closed_at": STR, "facilitator": STR, "group_id": STR, "group_name": STR}),
    EventType(EXAM_COSIGNED, "certification",
              {"claim_id": STR, "claim_sha256": STR, "session_id": STR, "session_code": STR, "verdict": STR,
               "device_id": STR, "sig": STR},
              {"course_id": STR, "facilitator": STR, "opened_at": STR, "closed_at": STR, "present": BOOL}),
    EventType(GROUP_ENROLLED, "facilitation", {"group_id": STR, "group_name": STR}),
    EventType(GROUP_LEFT, "facilitation", {"group_id": STR, "group_name": STR}),
    EventType(GROUP_RENAMED, "facilitation", {"group_id": STR, "group_name": STR}),
    EventType(GROUP_DELETED, "facilitation", {"group_id": STR, "group_name": STR}),
    EventType(SESSION_PLANNED, "facilitation", _SESSION, _SESSION_MORE),
    EventType(SESSION_UPDATED, "facilitation", _SESSION, _SESSION_MORE),
    EventType(SESSION_ATTENDED, "facilitation", {**_SESSION, "present": BOOL}, _SESSION_MORE),
    EventType(SESSION_DELETED, "facilitation", _SESSION, _SESSION_MORE),
    EventType(CALL_SUBMITTED, "calls",
              {"application_id": STR, "call_id": STR, "version": INT, "answers": OBJECT, "submitted_at": STR},
              {"attachments": LIST}),
    EventType(CALL_ATTACHMENT, "calls",
              {"application_id": STR, "call_id": STR, "sha256": STR, "i": INT, "n": INT, "data": STR}),
    EventType(FORUM_POSTED, "forum", {"post_id": STR, "thread_id": STR, "text": STR, "author": STR},
              {"title": STR, "capsule_id": STR}),
    EventType(FORUM_EDITED, "forum", {"post_id": STR, "text": STR}),
    EventType(FORUM_DELETED, "forum", {"post_id": STR}),
    EventType(FORUM_FLAGGED, "forum", {"post_id": STR, "reason": STR}),
)}

#: type → the domain that writes it
EVENT_TYPES: dict[str, str] = {name: t.domain for name, t in DECLARED.items()}


def _fits(value: Any, kinds: Kinds) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, not to JSON
        return bool in kinds
    return isinstance(value, kinds)


def check_payload(event_type: str, payload: dict[str, Any]) -> None:
    """:class:`ValidationError` (code ``bad_event_payload``, one line naming the field) unless
    ``payload`` fits the declaration of ``event_type``."""
    decl = DECLARED.get(event_type)
    if decl is None:
        raise ValidationError(f"event type {event_type!r} is not declared in core/event_types.py",
                              code="unknown_event_type")
    if not isinstance(payload, dict):
        raise ValidationError(f"{event_type} payload is not an object", code="bad_event_payload")
    for name, kinds in decl.required.items():
        if name not in payload:
            raise ValidationError(f"{event_type} payload lacks {name!r}", code="bad_event_payload")
        if not _fits(payload[name], kinds):
            raise ValidationError(f"{event_type} payload: {name!r} is not a {_kind_names(kinds)}",
                                  code="bad_event_payload")
    for name, kinds in decl.optional.items():
        value = payload.get(name)
        if value is not None and not _fits(value, kinds):
            raise ValidationError(f"{event_type} payload: {name!r} is not a {_kind_names(kinds)}",
                                  code="bad_event_payload")


def _kind_names(kinds: Kinds) -> str:
    names = {str: "string", int: "number", float: "number", bool: "boolean", list: "list", dict: "object",
             type(None): "null"}
    return " or ".join(dict.fromkeys(names[k] for k in kinds))


#: namespaces kept for types a later version may write (an older server then still stores them)
RESERVED_NAMESPACES = frozenset({
    "video", "quiz", "capsule", "module", "course", "exam", "session", "learner", "item", "reading",
    "activity", "audio", "document", "attendance", "facilitation", "note", "profile", "group",
})

NAMESPACES = frozenset(t.split(".", 1)[0] for t in EVENT_TYPES) | RESERVED_NAMESPACES


# --- the row ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventRecord:
    """One event of the log as every layer hands it around (read from the database, decoded from a
    sync batch, stored by the server): plain data, never an ORM object. ``payload_text`` is the JSON
    text as stored; :attr:`payload` parses it once, on first use."""

    id: str
    learner_id: str
    device_id: str
    seq: int
    type: str
    course_id: str | None
    payload_text: str
    created_at: str                  # the device's clock, UTC ISO
    synced: bool = False             # on a PC: acknowledged by the server
    received_at: str | None = None   # on the server: when it arrived

    @cached_property
    def payload(self) -> dict[str, Any]:
        value = json.loads(self.payload_text)
        return value if isinstance(value, dict) else {}

    @classmethod
    def from_row(cls, row: Any) -> "EventRecord":
        """From anything with the event table's columns (an ORM row, a result row)."""
        return cls(row.id, row.learner_id, row.device_id, row.seq, row.type, row.course_id, row.payload,
                   row.created_at, bool(row.synced))

    def wire(self) -> tuple[str, str, str, int, str, str | None, str, str]:
        """The fields a sync batch carries, in :func:`cc2desktop.core.sync.protocol.encode_batch`'s order."""
        return (self.id, self.learner_id, self.device_id, self.seq, self.type, self.course_id, self.payload_text,
                self.created_at)
