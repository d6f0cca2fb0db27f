"""Realistic learner activity for demos, benchmarks and tests (``cc2desktop demo simulate``).

:func:`simulate` creates learners (about half women; mixed countries, categories, age bands) and
``D`` days of activity on the demo course: ``video.watched`` (watched segments, progress, length),
``quiz.answered`` (interaction type, response, success, score, duration) and ``capsule.completed``,
with payloads that keep what an xAPI 1.0.3 statement needs. Deterministic for a given seed.
Events are written straight into the event log (same rows :func:`cc2desktop.core.events.append`
writes), as unsynced events of this device.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select, text

from cc2desktop.core import events as ev
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Event
from cc2desktop.core.sync.protocol import canonical_payload, hash_pin, new_learner_code

COUNTRIES = ["SN", "CI", "CM", "BJ", "BF", "ML", "NE", "TG", "CD", "GN", "MG", "TD", "GA", "CG", "RW"]
CATEGORIES = ["student", "civil_society", "media", "public_sector", "entrepreneur", "other"]
AGE_BANDS = ["15-17", "18-24", "25-34", "35-49", "50+"]
FIRST_F = ["Aïcha", "Fatou", "Mariam", "Awa", "Aminata", "Grâce", "Nadège", "Rokia", "Salimata", "Esther", "Kadiatou"]
FIRST_M = ["Moussa", "Kofi", "Ibrahim", "Jean", "Ousmane", "Serge", "Mamadou", "Yao", "Cheikh", "Patrice", "Abdou"]
LAST = ["Diallo", "Traoré", "Koné", "Ndiaye", "Mensah", "Ouédraogo", "Camara", "Mbemba", "Sow", "Kaboré", "Tchoua"]

MODULES = 6
CAPSULES_PER_MODULE = 4
QUESTIONS_PER_CAPSULE = 3


@dataclass(frozen=True)
class SimulationResult:
    learners: int
    events: int
    women: int
    by_type: dict


def simulate(kit, learners: int = 20, days: int = 14, *, seed: int = 0, course_id: str = "cc-demo",  # noqa: ANN001
             max_events: int | None = None, pin: str = "0000", end: dt.datetime | None = None) -> SimulationResult:
    """Fill ``kit``'s data dir with ``learners`` new learners and ``days`` days of activity."""
    rng = random.Random(seed)
    end = end or dt.datetime.now(dt.timezone.utc)
    start = end - dt.timedelta(days=days)
    pin_hash = hash_pin(pin, iterations=1000)  # one cheap hash shared by all simulated learners
    by_type: dict[str, int] = {}
    women = 0
    with kit.session() as s:
        dev = ev.device_id(s)
        seq = (s.scalar(select(func.max(Event.seq)).where(Event.device_id == dev)) or 0)
        conn = s.connection()
        people = []
        for _ in range(learners):
            g = rng.choices(["female", "male", "other", None], weights=[49, 47, 2, 2])[0]
            women += g == "female"
            first = rng.choice(FIRST_F if g == "female" else FIRST_M)
            lid = new_id()
            people.append(lid)
            conn.execute(text(
                "INSERT INTO learners (id, display_name, code, pin_hash, pin_failures, gender, country, age_band, "
                "category, local, created_at) VALUES (:id, :n, :c, :p, 0, :g, :co, :a, :ca, 1, :t)"),
                {"id": lid, "n": f"{first} {rng.choice(LAST)}", "c": new_learner_code(), "p": pin_hash, "g": g,
                 "co": rng.choice(COUNTRIES), "a": rng.choices(AGE_BANDS, weights=[5, 40, 35, 15, 5])[0],
                 "ca": rng.choice(CATEGORIES), "t": _iso(start)})
        rows: list[dict] = []
        for lid in people:
            diligence = rng.uniform(0.2, 1.0)
            pos = 0  # capsule reached
            for day in range(days):
                if rng.random() > diligence * 0.8:
                    continue
                t = start + dt.timedelta(days=day, hours=rng.uniform(8, 19))
                for _ in range(rng.randint(1, 3)):
                    if pos >= MODULES * CAPSULES_PER_MODULE:
                        break
                    m, c = divmod(pos, CAPSULES_PER_MODULE)
                    cap = f"m{m + 1}c{c + 1}"
                    length = rng.choice([180, 240, 300, 420])
                    watched = rng.randint(length // 2, length)
                    t += dt.timedelta(seconds=watched + rng.randint(5, 60))
                    rows.append(_row(dev, lid, "video.watched", course_id, t, {
                        "capsule": cap, "video": f"{cap}-v1", "lang": rng.choice(["fr", "fr", "fr", "en"]),
                        "length_s": length, "segments": [[0, watched]], "progress": round(watched / length, 2),
                        "completed": watched >= length * 0.9}))
                    good = 0
                    for q in range(QUESTIONS_PER_CAPSULE):
                        ok = rng.random() < 0.55 + 0.4 * diligence
                        good += ok
                        t += dt.timedelta(seconds=rng.randint(8, 90))
                        rows.append(_row(dev, lid, "quiz.answered", course_id, t, {
                            "capsule": cap, "item": f"{cap}-q{q + 1}", "interaction": "choice",
                            "response": rng.choice("abcd"), "success": ok, "score": 1.0 if ok else 0.0,
                            "max": 1.0, "duration_ms": rng.randint(4000, 60000), "attempt": 1}))
                    if good >= 2:
                        t += dt.timedelta(seconds=2)
                        rows.append(_row(dev, lid, "capsule.completed", course_id, t, {
                            "capsule": cap, "module": f"m{m + 1}", "score": round(good / QUESTIONS_PER_CAPSULE, 2),
                            "duration_s": watched + 120}))
                        pos += 1
        rows.sort(key=lambda r: r["created_at"])
        if max_events is not None:
            rows = rows[:max_events]
        for r in rows:
            seq += 1
            r["seq"] = seq
            by_type[r["type"]] = by_type.get(r["type"], 0) + 1
        if rows:
            conn.execute(text(
                "INSERT INTO events (id, learner_id, device_id, seq, type, course_id, payload, created_at, synced) "
                "VALUES (:id, :learner_id, :device_id, :seq, :type, :course_id, :payload, :created_at, 0)"), rows)
    return SimulationResult(learners, len(rows), women, by_type)


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _row(dev: str, lid: str, typ: str, course: str, t: dt.datetime, payload: dict) -> dict:
    return {"id": new_id(), "learner_id": lid, "device_id": dev, "type": typ, "course_id": course,
            "payload": canonical_payload(payload), "created_at": _iso(t)}
