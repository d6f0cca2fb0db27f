"""The whole centre on the facilitator's PC, with no network: merge other PCs' USB sync bundles.

A *push* bundle (``cc2desktop sync export`` on a learners' PC, format of the sync domain) carries the
learner profiles and events of that PC, signed by its device key. Importing it here adds them to
this PC's log as a set union (``INSERT OR IGNORE`` on the event id, ``(device, seq)`` unique), marks
them synced so that this PC never pushes another PC's events, and rebuilds the derived tables
(learning progress cache, groups and attendance). Importing the same bundle twice changes nothing.
The bundle file itself is left untouched: it can still be forwarded to the hub with ``sync import``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from sqlalchemy import text

from cc2desktop.core import events as ev
from cc2desktop.core.errors import ValidationError
from cc2desktop.core.facilitation import service
from cc2desktop.core.facilitation.accounts import FacilitatorSession, require


@dataclass
class ImportReport:
    bundles: int = 0
    learners_new: int = 0
    events_new: int = 0
    events_known: int = 0
    devices: list[str] = field(default_factory=list)


def import_bundles(kit, fs: FacilitatorSession, paths: Iterable[Path], *, job=None) -> ImportReport:  # noqa: ANN001
    """Merge push bundles from other PCs of the centre. A damaged or foreign file refuses the whole
    import (nothing changes) with a one-line reason naming the file."""
    from cc2desktop.core.learning import progress
    from cc2desktop.core.sync import bundles
    from cc2desktop.core.sync import protocol as P
    from cc2desktop.core.sync.client import upsert_learner

    require(fs)
    paths = [Path(p) for p in paths]
    decoded_all = []
    with kit.session() as s:
        own = ev.device_id(s)
    for i, path in enumerate(paths):
        if job:
            job.check()
            job.progress(i, len(paths), path.name)
        try:
            header, payload, _digest = bundles.read_bundle(path.read_bytes())
        except OSError as exc:
            raise ValidationError(f"{path.name}: cannot read ({exc.strerror or exc})", code="bad_bundle",
                                  file=path.name) from exc
        except ValidationError as exc:
            raise ValidationError(f"{path.name}: {exc.message}", code="bad_bundle", file=path.name) from exc
        if header.get("kind") != "push":
            raise ValidationError(f"{path.name}: not a bundle exported by a learners' PC (kind {header.get('kind')!r})",
                                  code="bad_bundle", file=path.name)
        if header.get("device") == own:
            raise ValidationError(f"{path.name}: this bundle was exported by this PC", code="own_bundle",
                                  file=path.name)
        try:
            profiles = [P.clean_profile(p) for p in payload.get("l") or []]
            batches = list(payload.get("bs") or []) + ([payload["b"]] if payload.get("b") else [])  # both layouts
            evs = [e for b in batches for e in P.decode_batch(b)]
        except (ValidationError, KeyError, TypeError) as exc:
            raise ValidationError(f"{path.name}: malformed content ({exc})", code="bad_bundle", file=path.name) from exc
        decoded_all.append((header["device"], profiles, evs))
    rep = ImportReport(bundles=len(paths))
    with kit.session() as s:
        conn = s.connection()
        before = conn.execute(text("SELECT COUNT(*) FROM learners")).scalar()
        touched: set[str] = set()
        for device, profiles, evs in decoded_all:
            rep.devices.append(device)
            for p in profiles:
                upsert_learner(s, p)
            s.flush()
            if evs:
                res = conn.execute(text(
                    "INSERT OR IGNORE INTO events (id, learner_id, device_id, seq, type, course_id, payload, "
                    "created_at, server_received_at, synced) VALUES (:id, :learner_id, :device_id, :seq, :type, "
                    ":course_id, :payload, :created_at, NULL, 1)"),
                    [{"id": e.id, "learner_id": e.learner_id, "device_id": e.device_id, "seq": e.seq, "type": e.type,
                      "course_id": e.course_id, "payload": e.payload_text, "created_at": e.created_at} for e in evs])
                new = max(res.rowcount, 0)
                rep.events_new += new
                rep.events_known += len(evs) - new
                if new:
                    touched |= {e.learner_id for e in evs}
        rep.learners_new = conn.execute(text("SELECT COUNT(*) FROM learners")).scalar() - before
        if rep.events_new:
            for lid in sorted(touched):
                progress.rebuild(s, lid)
            service.rebuild(s)
    if job:
        job.progress(len(paths), len(paths), "")
    return rep
