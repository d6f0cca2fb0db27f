"""This PC's enrolment, read without the sync machinery (what other domains may ask of sync)."""

from __future__ import annotations

from typing import Any

from cc2desktop.core.sync.models import SyncState


def server_url(kit: Any) -> str | None:
    """The base address of the server this PC is enrolled with (``None``: not enrolled)."""
    with kit.read() as s:
        st = s.get(SyncState, 1)
        return st.server_url if st is not None and st.token else None
