"""Realistic learner activity for demos, benchmarks and tests (``cc2desktop demo simulate``).

:func:`simulate` creates learners (about half women; mixed countries, categories, age bands) and
``D`` days of activity on the demo course: ``video.watched``, ``quiz.answered``, ``quiz.completed`` and
``capsule.completed`` with the learning domain's payloads (docs/learning.md), which keep what an xAPI
1.0.3 statement needs. Profile codes are the learning domain's (gender ``f|m|x|na``…). Deterministic for a given seed.
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
from cc2desktop.core.learning.pins import hash_pin
from cc2desktop.core.sync.protocol import canonical_payload, new_learner_code

COUNTRIES = ["SN", "CI", "CM", "BJ", "BF", "ML", "NE", "TG", "CD", "GN", "MG", "TD", "GA", "CG", "RW"]
#: beyond the first 15 (``countries=N``, up to 24): the programme's other francophone countries
MORE_COUNTRIES = ["MR", "DJ", "BI", "KM", "CF", "GQ", "HT", "TN", "MA"]
# The learning domain's profile codes (docs/learning.md).
GENDERS, GENDER_WEIGHTS = ["f", "m", "x", "na"], [49, 47, 2, 2]
CATEGORIES = ["student", "civil_society", "media", "public_authority", "other"]
AGE_BANDS, AGE_WEIGHTS = ["u18", "18-24", "25-34", "35-44", "45+"], [5, 40, 35, 14, 6]
FIRST_F = ["Aïcha", "Fatou", "Mariam", "Awa", "Aminata", "Grâce", "Nadège", "Rokia", "Salimata", "Esther", "Kadiatou"]
FIRST_M = ["Moussa", "Kofi", "Ibrahim", "Jean", "Ousmane", "Serge", "Mamadou", "Yao", "Cheikh", "Patrice", "Abdou"]
LAST = ["Diallo", "Traoré", "Koné", "Ndiaye", "Mensah", "Ouédraogo", "Camara", "Mbemba", "Sow", "Kaboré", "Tchoua"]

DEMO_COURSE_ID = "demo-intro-civictech"
#: The demo course's outline: module → capsule → quiz question types (mirrors assets/demo-course).
DEMO_OUTLINE = {
    "m1": {"m1c1": ["single", "true_false", "multiple", "matching"],
           "m1c2": ["ordering", "single", "true_false", "text"],
           "m1c3": ["numeric", "multiple", "text", "true_false"]},
    "m2": {"m2c1": ["numeric", "single", "true_false"],
           "m2c2": ["matching", "numeric", "single", "true_false"]},
    "m3": {"m3c1": ["ordering", "numeric", "single", "true_false"],
           "m3c2": ["multiple", "true_false", "single", "text"]},
}
XAPI_INTERACTION = {"single": "choice", "multiple": "choice", "true_false": "true-false", "matching": "matching",
                    "ordering": "sequencing", "numeric": "numeric", "text": "fill-in"}


@dataclass(frozen=True)
class SimulationResult:
    learners: int
    events: int
    women: int
    by_type: dict


def simulate(kit, learners: int = 20, days: int = 14, *, seed: int = 0, course_id: str = DEMO_COURSE_ID,  # noqa: ANN001
             max_events: int | None = None, pin: str = "0000", end: dt.datetime | None = None,
             outline: dict | None = None, countries: int | None = None, campaigns: list[str] | None = None,
             claimed: bool = False) -> SimulationResult:
    """Fill ``kit``'s data dir with ``learners`` new learners and ``days`` days of activity on
    ``outline`` (default: the demo course), with the learning domain's event payloads.

    ``countries``: draw from the first N countries of :data:`COUNTRIES` + :data:`MORE_COUNTRIES`
    (default the first 15); ``campaigns``: codes given to about a third of the new learners (a code
    starting with ``femmes`` only to women); ``claimed``: the learners already on this PC that were
    brought from another PC (``sync claim``) study here too, after the new ones."""
    rng = random.Random(seed)
    pool = (COUNTRIES + MORE_COUNTRIES)[:countries] if countries else COUNTRIES
    outline = outline or DEMO_OUTLINE
    capsules = [(m, c, qs) for m, caps in outline.items() for c, qs in caps.items()]
    end = end or dt.datetime.now(dt.timezone.utc)
    start = end - dt.timedelta(days=days)
    pin_hash = hash_pin(pin, n=16, r=1)  # one cheap hash shared by all simulated learners
    by_type: dict[str, int] = {}
    women = 0
    with kit.session() as s:
        dev = ev.device_id(s)
        seq = (s.scalar(select(func.max(Event.seq)).where(Event.device_id == dev)) or 0)
        conn = s.connection()
        people = []
        for _ in range(learners):
            g = rng.choices(GENDERS, weights=GENDER_WEIGHTS)[0]
            women += g == "f"
            first = rng.choice(FIRST_F if g == "f" else FIRST_M)
            lid = new_id()
            people.append(lid)
            fit = [c for c in campaigns or [] if g == "f" or not c.startswith("femmes")]
            camp = rng.choice(fit) if fit and rng.random() < 0.35 else None
            conn.execute(text(
                "INSERT INTO learners (id, display_name, code, pin_hash, pin_failures, gender, country, age_band, "
                "category, campaign, local, created_at) VALUES (:id, :n, :c, :p, 0, :g, :co, :a, :ca, :cp, 1, :t)"),
                {"id": lid, "n": f"{first} {rng.choice(LAST)}", "c": new_learner_code(), "p": pin_hash, "g": g,
                 "co": rng.choice(pool), "a": rng.choices(AGE_BANDS, weights=AGE_WEIGHTS)[0],
                 "ca": rng.choice(CATEGORIES), "cp": camp, "t": _iso(start)})
        if claimed:  # learners brought here from their first PC: their later days happen here
            people += [r[0] for r in conn.execute(text("SELECT id FROM learners WHERE local = 0 ORDER BY rowid"))]
        rows: list[dict] = []
        videos = 0  # subtitles follow the seed: the ids are random, the choice must not be
        for lid in people:
            diligence = rng.uniform(0.2, 1.0)
            pos = 0  # capsule reached
            for day in range(days):
                if rng.random() > diligence * 0.8:
                    continue
                t = start + dt.timedelta(days=day, hours=rng.uniform(8, 19))
                for _ in range(rng.randint(1, 3)):
                    if pos >= len(capsules):
                        break
                    module, cap, questions = capsules[pos]
                    length = float(rng.choice([180, 240, 300, 420]))
                    watched = float(rng.randint(int(length) // 2, int(length)))
                    t += dt.timedelta(seconds=watched + rng.randint(5, 60))
                    progress = round(watched / length, 3)
                    rows.append(_row(dev, lid, "video.watched", course_id, t, {
                        "capsule_id": cap, "module_id": module, "segments": [[0.0, watched]], "position": watched,
                        "length": length, "progress": progress, "rate": 1.0, "duration_s": watched,
                        "rendition": rng.choice(["360p", "360p", "240p"]),
                        "subtitles": ("fr", "off", "en")[videos % 3]}))
                    videos += 1
                    attempt = new_id()
                    good = 0
                    spent = 0.0
                    for qi, qtype in enumerate(questions):
                        ok = rng.random() < 0.55 + 0.4 * diligence
                        good += ok
                        dur = round(rng.uniform(6, 80), 1)
                        spent += dur
                        t += dt.timedelta(seconds=dur)
                        resp = rng.choice("abcd") if qtype in ("single", "multiple") else ("true" if ok else "false")
                        rows.append(_row(dev, lid, "quiz.answered", course_id, t, {
                            "capsule_id": cap, "quiz_id": f"{cap}-quiz", "attempt_id": attempt,
                            "question_id": f"q{qi + 1}", "interaction_type": XAPI_INTERACTION.get(qtype, "other"),
                            "question_type": qtype, "response": resp, "raw_response": resp, "success": ok,
                            "score": 1.0 if ok else 0.0, "duration_s": dur}))
                    scaled = round(good / len(questions), 3)
                    t += dt.timedelta(seconds=1)
                    rows.append(_row(dev, lid, "quiz.completed", course_id, t, {
                        "capsule_id": cap, "quiz_id": f"{cap}-quiz", "attempt_id": attempt, "score": float(good),
                        "max_score": float(len(questions)), "scaled": scaled, "success": scaled >= 0.6,
                        "duration_s": round(spent, 1)}))
                    if scaled >= 0.6 and progress >= 0.9:
                        t += dt.timedelta(seconds=1)
                        rows.append(_row(dev, lid, "capsule.completed", course_id, t, {
                            "capsule_id": cap, "module_id": module, "watched": progress, "quiz_scaled": scaled}))
                        pos += 1
                    elif scaled >= 0.6 and rng.random() < 0.5:
                        pos += 1  # moves on without finishing the video
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
