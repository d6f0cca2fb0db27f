"""The programme report: the funder's figures, computed on the server's database
(``cc2desktop server report``, the admin page's "Chiffres du programme").

Rules (docs/figures.md):

- **A learner counts once**: one row per learner id on the server, whatever the number of PCs she
  was claimed on; her events from every PC are grouped under her id.
- **Cohort**: the learners still on record whose profile was created within ``--from``/``--to``
  (the profile's creation time, else when the server received it); what they did is counted up to
  ``--to``.
- **Stages** (``funnel``): enrolled → started (a learning event) → completed (every capsule of a
  course; the capsules of the published course, else the most any learner completed) → exam claimed
  → certified (a valid certificate, :mod:`figures`) → applied → selected (the call for projects:
  :func:`call_stages`, 0 until its tables exist).
- **Centre** of a learner: the centre of the PC of her last activity (latest event by its time,
  then by arrival); a PC's centre is the one of the enrolment code it used (``server enrolment-code
  --centre``), else this server's own centre (``server_meta.centre``, a hub), else ``unknown``.
- **Privacy**: counts of 1 to 4 people become ``"<5"`` in public exports (:func:`figures.suppress`);
  the report never holds a name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import text

from cc2desktop.core.reports import figures as F

STAGES = ("enrolled", "started", "completed", "exam_claimed", "certified", "applied", "selected")
SPLITS = ("by_gender", "by_country", "by_category", "by_centre", "by_campaign")
LEARNING_TYPES = ("video.watched", "quiz.answered", "quiz.completed", "capsule.completed")
GAP_POINTS = 15.0        # women's rate trailing men's by more than this many points ...
GAP_MIN_LEARNERS = 20    # ... in a centre with at least this many learners raises an alert
NO_CAMPAIGN = "none"


@dataclass(frozen=True)
class ReportFilters:
    start: str | None = None   # YYYY-MM-DD, inclusive
    end: str | None = None     # YYYY-MM-DD, inclusive
    course: str | None = None
    public: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.end, "course": self.course, "public": self.public}


@dataclass(frozen=True)
class Published:
    """What the report needs of the published courses: capsules per course, the speakers and the
    campaigns (read from the server's course packs by :func:`published`)."""

    capsules: dict[str, int] = field(default_factory=dict)             # course id → capsule count
    speakers: list[dict[str, Any]] = field(default_factory=list)       # {"name", "gender", "country"}
    campaigns: dict[str, dict[str, str]] = field(default_factory=dict)  # code → title


def published(dirs: Iterable[Path | str | None]) -> Published:
    """The newest version of every course found as ``*.cc2pack`` in ``dirs`` (structure checked, a
    pack that does not open is skipped: the report must not fail on one bad file)."""
    from cc2desktop.core.errors import CCError
    from cc2desktop.core.packs.packfile import PackReader

    newest: dict[str, Any] = {}
    for d in dirs:
        if d is None or not Path(d).is_dir():
            continue
        for pack in sorted(Path(d).glob("*.cc2pack")):
            try:
                with PackReader(pack, None) as r:
                    m = r.manifest
            except (CCError, OSError, ValueError):
                continue
            if m.id not in newest or m.version_tuple > newest[m.id].version_tuple:
                newest[m.id] = m
    caps: dict[str, int] = {}
    speakers: dict[str, dict[str, Any]] = {}
    campaigns: dict[str, dict[str, str]] = {}
    for cid, m in sorted(newest.items()):
        caps[cid] = len(m.required_capsule_ids())
        for e in m.speakers():  # the same person in two courses counts once (by name)
            speakers.setdefault(" ".join(e.name.casefold().split()),
                                {"name": e.name, "gender": e.gender, "country": e.country})
        for c in m.campaigns or []:
            campaigns.setdefault(c.code, dict(c.title))
    return Published(caps, list(speakers.values()), campaigns)


# --- SQL: the aggregates the report needs (the benchmark runs these very statements raw) -----------

def _capsule_expr(dialect: str) -> str:
    if dialect == "postgresql":
        return "COALESCE(payload::json ->> 'capsule_id', payload::json ->> 'capsule')"
    return "COALESCE(json_extract(payload, '$.capsule_id'), json_extract(payload, '$.capsule'))"


def _course_clause(f: ReportFilters) -> str:
    return " AND course_id = :course" if f.course else ""


def activity_sql(dialect: str, f: ReportFilters) -> str:
    """Per learner and course: learning events, distinct capsules completed, exam claimed."""
    learning = ", ".join(f"'{t}'" for t in LEARNING_TYPES)
    return (f"SELECT learner_id, course_id, SUM(CASE WHEN type IN ({learning}) THEN 1 ELSE 0 END), "
            f"COUNT(DISTINCT CASE WHEN type = 'capsule.completed' THEN {_capsule_expr(dialect)} END), "
            "MAX(CASE WHEN type = 'exam.claimed' THEN 1 ELSE 0 END) "
            f"FROM events WHERE created_at <= :until{_course_clause(f)} GROUP BY learner_id, course_id")


def last_device_sql(dialect: str) -> str:
    """Per learner: the PC of her latest event (by its time, then its arrival)."""
    if dialect == "postgresql":
        return ("SELECT DISTINCT ON (learner_id) learner_id, device_id FROM events WHERE created_at <= :until "
                "ORDER BY learner_id, created_at DESC, pos DESC")
    # SQLite: the bare column comes from the row holding the MAX (documented SQLite behaviour)
    return ("SELECT learner_id, device_id, MAX(created_at || printf('%020d', pos)) FROM events "
            "WHERE created_at <= :until GROUP BY learner_id")


PEOPLE_SQL = ("SELECT id, gender, country, category, campaign, COALESCE(created_at, received_at), origin_device "
              "FROM learners")
CENTRES_SQL = ("SELECT d.id, COALESCE(d.centre, c.centre) FROM devices d "
               "LEFT JOIN enrolment_codes c ON c.code_hash = d.code_hash")


def _until(f: ReportFilters) -> str:
    return (f.end + "T99") if f.end else "9999"


def call_stages(conn: Any, f: ReportFilters) -> dict[str, tuple[bool, bool]]:
    """learner id → (applied, selected) from the call for projects; empty until its tables exist.
    The one place the report reads the calls: the call domain fills it in when it lands."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("call_applications"):
        return {}
    out: dict[str, tuple[bool, bool]] = {}
    rows = conn.execute(text("SELECT learner_id, MAX(CASE WHEN status = 'selected' THEN 1 ELSE 0 END) "
                             "FROM call_applications WHERE submitted_at IS NOT NULL AND status <> 'refused' "
                             "GROUP BY learner_id"))
    for lid, sel in rows:
        out[lid] = (True, bool(sel))
    return out


# --- the report -----------------------------------------------------------------------------------

def _blank() -> dict[str, int]:
    return {**dict.fromkeys(STAGES, 0), "not_passed": 0, "women": 0, "men": 0}


def compute(conn: Any, f: ReportFilters | None = None, pub: Published | None = None, *,
            now: str | None = None) -> dict[str, Any]:
    """Every figure of the report as plain data (counts are ints; :func:`public_view` suppresses)."""
    f = f or ReportFilters()
    pub = pub or Published()
    dialect = conn.dialect.name
    params: dict[str, Any] = {"until": _until(f), "course": f.course}
    start = f.start or "0000"
    people = [(lid, F.gender_code(g), (c or "").upper() or F.UNKNOWN, F.category_code(cat), camp or NO_CAMPAIGN,
               origin) for lid, g, c, cat, camp, created, origin in conn.execute(text(PEOPLE_SQL))
              if start <= (created or "") <= params["until"]]
    meta_centre = conn.execute(text("SELECT value FROM server_meta WHERE key = 'centre'")).scalar()
    centres: dict[str, str | None] = dict(conn.execute(text(CENTRES_SQL)).tuples().all())
    last = {r[0]: r[1] for r in conn.execute(text(last_device_sql(dialect)), params)}
    rows = conn.execute(text(activity_sql(dialect, f)), params).all()
    need = dict(pub.capsules)
    for _lid, course, _n, caps, _c in rows:  # a course not published here: the most anyone completed
        if course not in pub.capsules:
            need[course] = max(need.get(course, 0), int(caps or 0))
    acts: dict[str, tuple[bool, bool, bool]] = {}
    for lid, course, n_acts, caps, claimed in rows:
        a = acts.get(lid, (False, False, False))
        acts[lid] = (a[0] or bool(n_acts), a[1] or (need.get(course, 0) > 0 and int(caps or 0) >= need[course]),
                     a[2] or bool(claimed))
    dec = F.decisions_sql("server", course=bool(f.course), until=True)
    outcomes = {lid: ok for lid, ok, _n in conn.execute(text(F.outcomes_sql(dec)), params)}
    calls = call_stages(conn, f)

    total, women = _blank(), dict.fromkeys(STAGES, 0)
    splits: dict[str, dict[str, dict[str, int]]] = {s: {} for s in SPLITS}
    for lid, gender, country, category, campaign, origin in people:
        started, completed, claimed = acts.get(lid, (False, False, False))
        ok = outcomes.get(lid)
        applied, selected = calls.get(lid, (False, False))
        flags = (True, started, completed, claimed, ok == 1, applied, selected)
        # the PC of her last activity, else the PC that sent her profile first
        centre = centres.get(last.get(lid, origin)) or meta_centre or F.UNKNOWN
        keys = {"by_gender": gender, "by_country": country, "by_category": category, "by_centre": centre,
                "by_campaign": campaign}
        for cell in [total, *(splits[s].setdefault(k, _blank()) for s, k in keys.items())]:
            for stage, on in zip(STAGES, flags):
                cell[stage] += on
            cell["not_passed"] += ok == 0
            cell["women"] += gender == "f"
            cell["men"] += gender == "m"
            cell["_women_completed"] = cell.get("_women_completed", 0) + (gender == "f" and completed)
            cell["_men_completed"] = cell.get("_men_completed", 0) + (gender == "m" and completed)
            cell["_women_certified"] = cell.get("_women_certified", 0) + (gender == "f" and ok == 1)
            cell["_men_certified"] = cell.get("_men_certified", 0) + (gender == "m" and ok == 1)
        if gender == "f":
            for stage, on in zip(STAGES, flags):
                women[stage] += on
    alerts = gender_gap_alerts(splits["by_centre"])
    for cell in [total, *(c for sp in splits.values() for c in sp.values())]:
        for k in [k for k in cell if k.startswith("_")]:
            del cell[k]
    speakers = {"total": len(pub.speakers), "women": sum(1 for s in pub.speakers if s["gender"] == "f"),
                "men": sum(1 for s in pub.speakers if s["gender"] == "m"),
                "countries": len({s["country"] for s in pub.speakers if s["country"] != "na"})}
    return {
        "generated_at": now or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "filters": f.as_json(),
        "enrolled": total["enrolled"],
        "countries": len({k for k in splits["by_country"] if k != F.UNKNOWN}),
        "women": total["women"],
        "started": total["started"], "completed": total["completed"], "exam_claimed": total["exam_claimed"],
        "certified": total["certified"], "not_passed": total["not_passed"],
        "applied": total["applied"], "selected": total["selected"],
        **{s: dict(sorted(splits[s].items(), key=lambda kv: (-kv[1]["enrolled"], kv[0]))) for s in SPLITS},
        "funnel": [{"stage": s, "count": total[s], "women": women[s]} for s in STAGES],
        "speakers": speakers,
        "campaigns": pub.campaigns,
        "alerts": alerts,
    }


def gender_gap_alerts(by_centre: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """A centre with at least :data:`GAP_MIN_LEARNERS` learners where women's completion or
    certification rate trails men's by more than :data:`GAP_POINTS` points."""
    alerts = []
    for centre, cell in sorted(by_centre.items()):
        if cell["enrolled"] < GAP_MIN_LEARNERS or not cell["women"] or not cell["men"]:
            continue
        for measure in ("completed", "certified"):
            wr = 100.0 * cell[f"_women_{measure}"] / cell["women"]
            mr = 100.0 * cell[f"_men_{measure}"] / cell["men"]
            if mr - wr > GAP_POINTS:
                alerts.append({"centre": centre, "learners": cell["enrolled"], "measure": measure,
                               "women_pct": round(wr, 1), "men_pct": round(mr, 1), "gap": round(mr - wr, 1)})
    return alerts


def public_view(report: dict[str, Any]) -> dict[str, Any]:
    """The report with every count of 1 to 4 people shown as ``"<5"`` (and the shares that would
    give such a count back left out). Speakers are credited publicly: their counts stay."""
    s = F.suppress
    out = dict(report)
    for k in ("enrolled", "women", *STAGES, "not_passed"):
        out[k] = s(report[k])
    for split in SPLITS:
        out[split] = {key: {k: s(v) for k, v in cell.items()} for key, cell in report[split].items()}
    out["funnel"] = [{**st, "count": s(st["count"]), "women": s(st["women"])} for st in report["funnel"]]
    # alerts stay: they are rates of centres of 20 learners or more, which single nobody out
    out["filters"] = {**report["filters"], "public": True}
    return out


def with_shares(report: dict[str, Any]) -> dict[str, Any]:
    """Adds ``women_pct`` to the funnel stages and the split cells (None where suppressed)."""
    public = bool(report["filters"].get("public"))
    out = dict(report)

    def share(w: Any, n: Any) -> float | None:
        if not isinstance(w, int) or not isinstance(n, int):
            return None
        return F.pct(w, n, public=public)

    out["funnel"] = [{**st, "women_pct": share(st["women"], st["count"])} for st in report["funnel"]]
    for split in SPLITS:
        out[split] = {k: {**c, "women_pct": share(c["women"], c["enrolled"])} for k, c in report[split].items()}
    out["speakers"] = {**report["speakers"], "women_pct": F.pct(report["speakers"]["women"],
                                                                 report["speakers"]["total"])}
    return out


def build(conn: Any, f: ReportFilters | None = None, pub: Published | None = None, *,
          now: str | None = None) -> dict[str, Any]:
    """The report as ``server report --format json`` prints it."""
    f = f or ReportFilters()
    r = compute(conn, f, pub, now=now)
    return with_shares(public_view(r) if f.public else r)


# --- CSV --------------------------------------------------------------------------------------------
CSV_COLUMNS = ["split", "key", *STAGES, "not_passed", "women", "women_pct"]


def to_csv(report: dict[str, Any]) -> str:
    """One table: the programme total, then one row per value of each split, then the speakers.
    Always built from a suppressed report (a CSV is meant for funders)."""
    import csv
    import io

    if not report["filters"].get("public"):
        report = with_shares(public_view(report))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    total = {**{st["stage"]: st["count"] for st in report["funnel"]}, "not_passed": report["not_passed"],
             "women": report["women"], "women_pct": report["funnel"][0].get("women_pct")}
    w.writerow(["total", "all", *(total[c] for c in CSV_COLUMNS[2:])])
    for split in SPLITS:
        for key, cell in report[split].items():
            w.writerow([split[3:], key, *("" if cell.get(c) is None else cell.get(c) for c in CSV_COLUMNS[2:])])
    sp = report["speakers"]
    w.writerow(["speakers", "all", sp["total"], *[""] * (len(STAGES) - 1), "", sp["women"],
                "" if sp.get("women_pct") is None else sp["women_pct"]])
    return buf.getvalue()
