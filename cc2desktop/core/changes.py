"""What a mutation changed, so each screen refreshes only what concerns it (like Anki's OpChanges).

Every mutating method of a domain facade (``kit.learning``, ``kit.packs``, ``kit.sync``,
``kit.certification``, ``kit.facilitation``) returns ``Done(value, changes)``. The GUI's task runner
unwraps it: the caller's ``on_done`` gets ``value`` and every widget hears ``changes`` on one signal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    learners: bool = False       # a profile was added, renamed or its PIN changed (welcome tiles)
    courses: bool = False        # installed courses (outline, catalog, certificate rules)
    progress: bool = False       # a learner's progress (capsule states, home summary)
    pending_sync: bool = False   # events waiting to be sent, or the sync state (status bar)
    certificates: bool = False   # exam claims, server decisions
    groups: bool = False         # facilitator groups and their members
    sessions: bool = False       # facilitator sessions and attendance
    forum: bool = False          # course forum posts and moderation (core/forum.py)
    learner_ids: frozenset[str] = field(default_factory=frozenset)  # whose progress; empty = anyone's

    def __or__(self, other: "Changes") -> "Changes":
        kw = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self) if f.name != "learner_ids"}
        return Changes(**kw, learner_ids=self.learner_ids | other.learner_ids)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "learner_ids")

    def progress_of(self, learner_id: str) -> bool:
        """Whether the progress of this learner may have changed."""
        return self.progress and (not self.learner_ids or learner_id in self.learner_ids)


NONE = Changes()


@dataclass(frozen=True)
class Done(Generic[T]):
    """A mutation's result and what it changed."""

    value: T
    changes: Changes = NONE
