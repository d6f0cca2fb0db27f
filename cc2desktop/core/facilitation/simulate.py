"""Simulated activity for benchmarks and demos: learners, groups, sessions and a learning log.

Interim generator until the sync domain's ``demo simulate`` lands (then this module delegates to it).
Writes straight through the DB-API with ``executemany`` (hundreds of thousands of events in seconds);
events look like those of several PCs (their own device ids and sequences), and the derived
facilitation tables are rebuilt from them at the end, as after a sync import.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timedelta, timezone

from cc2desktop.core.facilitation import service

COUNTRIES = ["SN", "CI", "BF", "ML", "BJ", "TG", "CM", "NE", "GN", "CD"]
CATEGORIES = ["student", "civil_society", "media", "public_sector", "other"]
FIRST = ["Awa", "Fatou", "Aïcha", "Mariam", "Aminata", "Kadiatou", "Moussa", "Koffi", "Ibrahim", "Yao", "Adama",
         "Seydou", "Nafissatou", "Rokia", "Oumar", "Jean", "Esther", "Paul", "Salimata", "Bintou"]
LAST = ["Diallo", "Traoré", "Ouédraogo", "Koné", "Sow", "Kaboré", "Mensah", "Kouassi", "Ndiaye", "Camara"]


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def simulate(kit, *, learners: int = 200, days: int = 30, capsules: int = 30, group_size: int = 40,
             seed: int = 1, devices: int = 8, job=None) -> dict:  # noqa: ANN001
    rnd = random.Random(seed)
    start = datetime(2026, 10, 1, 8, tzinfo=timezone.utc)
    caps = [f"m{1 + i // 5}c{1 + i % 5}" for i in range(capsules)]
    devs = [str(uuid.UUID(int=rnd.getrandbits(128))) for _ in range(devices)]
    seqs = {d: 0 for d in devs}
    lrows, erows = [], []

    def ev(lid: str, dev: str, typ: str, payload: dict, t: datetime) -> None:
        seqs[dev] += 1
        erows.append((str(uuid.UUID(int=rnd.getrandbits(128))), lid, dev, seqs[dev], typ, "demo",
                      json.dumps(payload, separators=(",", ":"), sort_keys=True), _iso(t), 0))

    ids = []
    for i in range(learners):
        lid = str(uuid.UUID(int=rnd.getrandbits(128)))
        ids.append(lid)
        gender = rnd.choices(["female", "male", "other", None], [46, 50, 1, 3])[0]
        lrows.append((lid, f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i:04d}", None, gender,
                      rnd.choice(COUNTRIES), rnd.choice(["18-24", "25-34", "35+"]), rnd.choice(CATEGORIES), 0,
                      _iso(start)))
        dev = rnd.choice(devs)
        t = start + timedelta(hours=rnd.random() * 24 * days / 3)
        reach = min(capsules, int(rnd.betavariate(1.3, 1.0) * (capsules + 1)))
        for c in caps[:reach] + ([caps[reach]] if reach < capsules and rnd.random() < 0.5 else []):
            t += timedelta(minutes=rnd.randint(5, 60 * 24 * max(1, days) // max(capsules, 1)))
            ev(lid, dev, "video.watched", {"capsule_id": c, "progress": 1.0}, t)
            ok_all = 0
            for q in range(3):
                ok = rnd.random() < (0.85 - 0.25 * (q == 2))
                ok_all += ok
                ev(lid, dev, "quiz.answered", {"capsule_id": c, "quiz_id": f"{c}-quiz", "question_id": f"q{q + 1}",
                                                "success": ok}, t)
            ev(lid, dev, "quiz.completed", {"capsule_id": c, "quiz_id": f"{c}-quiz", "score": round(ok_all / 3, 4),
                                             "success": ok_all >= 2}, t)
            if c in caps[:reach]:
                ev(lid, dev, "capsule.completed", {"capsule_id": c}, t)
        if reach == capsules and rnd.random() < 0.6:
            ev(lid, dev, "exam.claimed", {}, t + timedelta(days=1))
            if rnd.random() < 0.8:
                ev(lid, dev, "certificate.issued", {}, t + timedelta(days=2))
        if job and i % 500 == 0:
            job.check()
            job.progress(i, learners, "learners")
    # groups of group_size, one session a week, ~85 % attendance
    for gi in range(0, learners, group_size):
        gid, gname = str(uuid.UUID(int=rnd.getrandbits(128))), f"Groupe {gi // group_size + 1:03d}"
        dev = rnd.choice(devs)
        members = ids[gi:gi + group_size]
        t0 = start
        for lid in members:
            ev(lid, dev, "group.enrolled", {"group_id": gid, "group_name": gname}, t0)
        for w in range(max(1, days // 7)):
            day = start + timedelta(days=7 * w + 1)
            sess = {"session_id": str(uuid.UUID(int=rnd.getrandbits(128))), "group_id": gid, "group_name": gname,
                    "date": day.date().isoformat(), "capsules": caps[w * 2:w * 2 + 2], "notes": "",
                    "facilitator": "Simulation"}
            for lid in members:
                ev(lid, dev, "session.attended", {**sess, "present": rnd.random() < 0.85}, day)
    import sqlite3

    raw = sqlite3.connect(kit.paths.db_path)  # its own connection: the pragmas below stay local
    try:
        cur = raw.cursor()
        # Synthetic data: no fsync per page, a large cache (index pages stay in memory).
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-262144")
        cur.executemany("INSERT INTO learners (id, display_name, code, gender, country, age_band, category, local,"
                        " created_at, pin_failures) VALUES (?,?,?,?,?,?,?,?,?,0)", lrows)
        cur.executemany("INSERT INTO events (id, learner_id, device_id, seq, type, course_id, payload, created_at,"
                        " synced) VALUES (?,?,?,?,?,?,?,?,?)", erows)
        raw.commit()
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()
    with kit.session() as s:
        service.rebuild(s)
    if job:
        job.progress(learners, learners, "")
    return {"learners": learners, "events": len(erows), "capsules": capsules}
