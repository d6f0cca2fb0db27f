"""The whole centre on the facilitator's PC, with no network: merge other PCs' USB sync bundles.

A *push* bundle (``cc2desktop sync export`` on a learners' PC, format of the sync domain) carries the
learner profiles and events of that PC, signed by its device key. Only bundles of PCs this PC knows
are taken: enrolled with the same server as this PC (the bundle carries the server's signed word,
``device_cert``), or paired once by a facilitator (:func:`pair`: both PCs show the same 6-digit code), each
holding only events of that PC. Importing adds them to
this PC's log as a set union (``INSERT OR IGNORE`` on ``(device, id)``, ``(device, seq)`` unique), marks
them synced so that this PC never pushes another PC's events, and rebuilds the derived tables
(learning progress cache, groups and attendance). A learner already on this PC keeps her profile
and PIN (a bundle never overrides them; they come from the server). Importing the same bundle twice
changes nothing.
The bundle file itself is left untouched: it can still be forwarded to the hub with ``sync import``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from sqlalchemy import text

from cc2desktop.core import events as ev
from cc2desktop.core.db.models import Learner
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


class UnknownPCError(ValidationError):
    """A bundle of a PC that is not paired with this one; ``params``: ``file`` (name), ``path``,
    ``device``, ``pairing_code`` (what the facilitator compares with the code the other PC shows)."""

    code = "unknown_pc"


def read_header(path: Path) -> dict:
    from cc2desktop.core.sync import bundles

    try:
        header, _payload, _digest = bundles.read_bundle(bundles.read_file(path))
    except OSError as exc:
        raise ValidationError(f"{Path(path).name}: cannot read ({exc.strerror or exc})", code="bad_bundle") from exc
    except ValidationError as exc:
        raise ValidationError(f"{Path(path).name}: {exc.message}", code="bad_bundle") from exc
    return header


def pairing_of(path: Path) -> dict:
    """``{"device", "pairing_code", "paired"}`` of the PC that wrote a bundle."""
    from cc2desktop.core.sync.bundles import pairing_code

    header = read_header(path)
    return {"device": header["device"], "pairing_code": pairing_code(header["key"]), "key": header["key"]}


def pair(kit, fs: FacilitatorSession, path: Path, code: str) -> str:  # noqa: ANN001
    """Pair the PC that wrote the bundle at ``path``, once the facilitator typed (or confirmed) the
    code that PC shows; returns its device id."""
    from cc2desktop.core.db.base import utcnow_iso
    from cc2desktop.core.facilitation.models import PairedPC

    require(fs)
    info = pairing_of(path)
    if "".join(str(code).split()) != info["pairing_code"].replace(" ", ""):
        raise ValidationError("the pairing code does not match the one of that PC", code="pairing_code")
    with kit.write() as s:
        if info["device"] == ev.device_id(s):
            raise ValidationError("this bundle was exported by this PC", code="own_bundle")
        row = s.get(PairedPC, info["device"])
        if row is None:
            s.add(PairedPC(device_id=info["device"], public_key=info["key"], paired_at=utcnow_iso(),
                          paired_by=fs.facilitator_id))
        else:
            row.public_key, row.paired_at, row.paired_by = info["key"], utcnow_iso(), fs.facilitator_id
    return info["device"]


def import_bundles(kit, fs: FacilitatorSession, paths: Iterable[Path], *, job=None) -> ImportReport:  # noqa: ANN001
    """Merge push bundles from other PCs of the centre. A damaged or foreign file refuses the whole
    import (nothing changes) with a one-line reason naming the file."""
    from cc2desktop.core.learning import progress
    from cc2desktop.core.sync import bundles
    from cc2desktop.core.sync import protocol as P
    from cc2desktop.core.sync.client import upsert_learner

    from cc2desktop.core.facilitation.models import PairedPC
    from cc2desktop.core.sync.bundles import pairing_code

    require(fs)
    paths = [Path(p) for p in paths]
    decoded_all = []
    from cc2desktop.core.sync.models import SyncState

    with kit.session() as s:
        own = ev.device_id(s)
        paired = {r.device_id: r.public_key for r in s.query(PairedPC)}
        st = s.query(SyncState).first()
        our_server = st.server_public_key if st is not None else None
    for i, path in enumerate(paths):
        if job:
            job.check()
            job.progress(i, len(paths), path.name)
        try:
            header, payload, _digest = bundles.read_bundle(bundles.read_file(path))
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
        if paired.get(header["device"]) != header["key"] and not P.device_cert_ok(
                payload.get("device_cert"), header["device"], header["key"], our_server):
            raise UnknownPCError(f"{path.name}: written by a PC not paired with this one (pairing code "
                                 f"{pairing_code(header['key'])})", file=path.name, path=str(path),
                                 device=header["device"], pairing_code=pairing_code(header["key"]))
        try:
            profiles = [P.clean_profile(p) for p in payload.get("l") or []]
            batches = list(payload.get("bs") or []) + ([payload["b"]] if payload.get("b") else [])  # both layouts
            evs = [e for b in batches for e in P.decode_batch(b)]
        except (ValidationError, KeyError, TypeError) as exc:
            raise ValidationError(f"{path.name}: malformed content ({exc})", code="bad_bundle", file=path.name) from exc
        if any(e.device_id != header["device"] for e in evs):
            raise ValidationError(f"{path.name}: holds events of another PC", code="bad_bundle", file=path.name)
        decoded_all.append((header["device"], profiles, evs))
    rep = ImportReport(bundles=len(paths))
    with kit.session() as s:
        conn = s.connection()
        before = conn.execute(text("SELECT COUNT(*) FROM learners")).scalar()
        touched: set[str] = set()
        from cc2desktop.core.learning.erase import erased_ids

        for device, profiles, evs in decoded_all:
            rep.devices.append(device)
            gone = erased_ids(s, [p["id"] for p in profiles] + [e.learner_id for e in evs])
            evs = [e for e in evs if e.learner_id not in gone]  # erased here: her data stays out
            for p in profiles:
                if s.get(Learner, p["id"]) is None:  # a learner here keeps her profile and PIN
                    upsert_learner(s, {**p, "pin_hash": None})
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
