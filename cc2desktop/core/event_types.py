"""Every event type a PC writes, declared once.

:func:`cc2desktop.core.events.append` refuses any other type, and the server accepts exactly the
types declared here (:func:`cc2desktop.core.sync.protocol.type_is_known`), so nothing a PC writes
can be refused as unknown by a server of the same version. The domains take their type names from
this module. A newer PC may write types an older server does not know yet: the server also takes
any well-formed type in the namespaces of :data:`NAMESPACES` (the declared ones, and those kept for
types to come); anything else is refused alone and quarantined on the PC with its reason.
"""

from __future__ import annotations

# learning (core/learning): watching, practice quizzes, completion
VIDEO_WATCHED = "video.watched"
QUIZ_ANSWERED = "quiz.answered"
QUIZ_COMPLETED = "quiz.completed"
CAPSULE_COMPLETED = "capsule.completed"
# certification (core/certification): the final exam
EXAM_STARTED = "exam.started"
EXAM_ANSWERED = "exam.answered"
EXAM_CLAIMED = "exam.claimed"
# facilitation (core/facilitation): groups, sessions, attendance
GROUP_ENROLLED = "group.enrolled"
GROUP_LEFT = "group.left"
SESSION_PLANNED = "session.planned"
SESSION_UPDATED = "session.updated"
SESSION_ATTENDED = "session.attended"

#: type → the domain that writes it (docs/data-model.md describes each payload)
EVENT_TYPES: dict[str, str] = {
    VIDEO_WATCHED: "learning", QUIZ_ANSWERED: "learning", QUIZ_COMPLETED: "learning",
    CAPSULE_COMPLETED: "learning",
    EXAM_STARTED: "certification", EXAM_ANSWERED: "certification", EXAM_CLAIMED: "certification",
    GROUP_ENROLLED: "facilitation", GROUP_LEFT: "facilitation", SESSION_PLANNED: "facilitation",
    SESSION_UPDATED: "facilitation", SESSION_ATTENDED: "facilitation",
}

#: namespaces kept for types a later version may write (an older server then still stores them)
RESERVED_NAMESPACES = frozenset({
    "video", "quiz", "capsule", "module", "course", "exam", "session", "learner", "item", "reading",
    "activity", "audio", "document", "attendance", "facilitation", "note", "profile", "group",
})

NAMESPACES = frozenset(t.split(".", 1)[0] for t in EVENT_TYPES) | RESERVED_NAMESPACES


def is_declared(event_type: str) -> bool:
    return event_type in EVENT_TYPES
