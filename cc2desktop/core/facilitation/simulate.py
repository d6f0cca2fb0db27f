"""Simulated centre activity for benchmarks and demos.

Learners and their learning log come from the sync domain's simulator (``cc2desktop demo simulate``,
:func:`cc2desktop.core.sync.simulate.simulate`); this module adds what facilitators produce on top:
groups of ``group_size`` learners and a weekly group session with ~85 % attendance, written as
``group.enrolled`` and ``session.attended`` events of a facilitator PC (its own device id), then
applied to the derived tables with :func:`service.rebuild`, as after an import.
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from cc2desktop.core.facilitation import service


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def simulate_centre(kit, *, learners: int = 200, days: int = 30, capsules: int = 30, group_size: int = 40,
                    seed: int = 1, job=None) -> dict:  # noqa: ANN001
    """``learners`` simulated learners over ``days`` days on a course outline of ``capsules`` capsules
    (5 per module, 3 questions each; the sync simulator's ``outline``), grouped, with weekly sessions
    and attendance."""
    from cc2desktop.core.sync import simulate as sim

    modules, per = max(1, capsules // 5), 5 if capsules >= 5 else capsules
    kinds = ["single", "true_false", "multiple", "numeric", "text"]
    outline = {f"m{m + 1}": {f"m{m + 1}c{c + 1}": [kinds[(m + c + q) % len(kinds)] for q in range(3)]
                             for c in range(per)} for m in range(modules)}
    res = sim.simulate(kit, learners=learners, days=days, seed=seed, outline=outline,
                       end=datetime(2026, 11, 28, 18, tzinfo=timezone.utc))
    if job:
        job.check()
    with kit.session() as s:
        ids = [r[0] for r in s.execute(text("SELECT id FROM learners ORDER BY created_at, rowid"))][-learners:]
    added = add_groups_and_attendance(kit, ids, days=days, capsules=[f"m{m + 1}c{c + 1}" for m in range(modules)
                                                                     for c in range(per)],
                                      group_size=group_size, seed=seed)
    return {"learners": learners, "events": res.events + added, "capsules": modules * per}


def add_groups_and_attendance(kit, learner_ids: list[str], *, days: int, capsules: list[str], group_size: int = 40,
                              seed: int = 1, end: datetime | None = None) -> int:  # noqa: ANN001
    rnd = random.Random(seed)
    end = end or datetime(2026, 11, 28, 18, tzinfo=timezone.utc)
    start = end - timedelta(days=days)
    dev = str(uuid.UUID(int=rnd.getrandbits(128)))  # the facilitator's PC
    seq = 0
    rows = []

    def ev(lid: str, typ: str, payload: dict, t: datetime) -> None:
        nonlocal seq
        seq += 1
        rows.append((str(uuid.UUID(int=rnd.getrandbits(128))), lid, dev, seq, typ, None,
                     json.dumps(payload, separators=(",", ":"), sort_keys=True), _iso(t), 1))

    for gi in range(0, len(learner_ids), group_size):
        gid, gname = str(uuid.UUID(int=rnd.getrandbits(128))), f"Groupe {gi // group_size + 1:03d}"
        members = learner_ids[gi:gi + group_size]
        for lid in members:
            ev(lid, "group.enrolled", {"group_id": gid, "group_name": gname}, start)
        for w in range(max(1, days // 7)):
            day = start + timedelta(days=7 * w + 1)
            sess = {"session_id": str(uuid.UUID(int=rnd.getrandbits(128))), "group_id": gid, "group_name": gname,
                    "date": day.date().isoformat(), "capsules": capsules[w * 2:w * 2 + 2], "notes": "",
                    "facilitator": "Simulation"}
            for lid in members:
                ev(lid, "session.attended", {**sess, "present": rnd.random() < 0.85}, day)
    raw = sqlite3.connect(kit.paths.db_path)  # bulk insert on its own connection
    try:
        raw.executemany("INSERT INTO events (id, learner_id, device_id, seq, type, course_id, payload, created_at,"
                        " synced) VALUES (?,?,?,?,?,?,?,?,?)", rows)
        raw.commit()
    finally:
        raw.close()
    with kit.session() as s:
        service.rebuild(s)
    return len(rows)
