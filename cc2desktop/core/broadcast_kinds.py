"""Every kind of broadcast item a PC knows how to apply, declared once (docs/sync-protocol.md,
"Broadcast scope").

A broadcast item is something the origin server publishes for every PC of a scope (a course, or the
whole programme): an approved forum post, a moderation decision, an announcement, a call for
projects, a revocation list… Each kind names the function of its domain that applies it on a PC::

    def apply(session, items: list[BroadcastItem]) -> Changes | None

called inside the write transaction that stores the items (``items``: consecutive items of that
kind, in origin order; a body the function cannot use raises, and only that item is then set
aside). A kind a PC does not list here is stored anyway and applied by a later version that lists
it (:func:`cc2desktop.core.sync.broadcast.reapply`). Add one line per kind; stdlib only.
"""

from __future__ import annotations

#: kind → ``"module:function"`` that applies items of that kind on a PC
APPLIERS: dict[str, str] = {
    "certification.issuer": "cc2desktop.core.certification.keys:apply_issuer_items",
    "certificate.revocations": "cc2desktop.core.certification.revocation:apply_items",
    "call.published": "cc2desktop.core.calls.service:apply_call_items",
    "call.cohort": "cc2desktop.core.calls.service:apply_cohort_items",
    "forum.post": "cc2desktop.core.forum:apply_items",  # forum: approved posts, edits, hidden posts
    "forum.edit": "cc2desktop.core.forum:apply_items",
    "forum.hide": "cc2desktop.core.forum:apply_items",
}
