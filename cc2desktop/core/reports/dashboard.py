"""Dashboard figures for facilitators and funders, as SQL aggregates over the event log.

Read conventions (event payloads written by the learning, sync-simulator and facilitation domains;
``capsule_id``/``question_id`` as the learning domain writes them, ``capsule``/``item`` as the
simulator does):
- progress: distinct capsules of ``capsule.completed`` events / number of capsules in the course(s)
- quiz score: best ``scaled`` (0–1) per quiz of ``quiz.completed`` averaged per learner (group-session
  attempts included); a learner with answers but no completed attempt: share of right answers
- hardest questions: success rate of ``quiz.answered`` per question
- attendance rate: present / recorded in ``fac_attendance`` (derived from ``session.attended``)
- certificate state: the server's decisions as :mod:`cc2desktop.core.reports.figures` defines them
  (the same rule as ``server stats`` and ``server report``) and the ``exam.claimed`` events: certified,
  pending (more claims than decisions), not_passed, none

Every table is a :class:`Table` (columns + plain rows) so that the UI models and the CSV export share
one shape. Filters: group and period (``start``/``end`` dates, inclusive, on event and session dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from cc2desktop.core.facilitation.accounts import require
from cc2desktop.core.reports import csvfile
from cc2desktop.core.reports.figures import CERT_STATES, CLIENT_DECISIONS, category_code, gender_code, outcomes_sql

# Reports speak one vocabulary for people (figures.gender_code): the facilitator's tables spell it out.
GENDER = {"f": "female", "female": "female", "m": "male", "male": "male", "x": "other", "other": "other"}
CATEGORY = {"public_sector": "public_authority"}
OUTCOMES = outcomes_sql(CLIENT_DECISIONS)
# The payload fields the reports read. Migration f001 indexes exactly these expressions (SQLite uses an
# index on expressions only when the query spells the expression the same way): keep them in step
# with ``REPORT_INDEX_COLUMNS`` there (tests/facilitation checks the query plans).
CAPSULE = "COALESCE(json_extract(payload, '$.capsule_id'), json_extract(payload, '$.capsule'))"
QUESTION = "COALESCE(json_extract(payload, '$.question_id'), json_extract(payload, '$.item'))"
SUCCESS = "json_extract(payload, '$.success')"
QUIZ = f"COALESCE(json_extract(payload, '$.quiz_id'), {CAPSULE})"
SCALED = "json_extract(payload, '$.scaled')"
REPORT_INDEX_COLUMNS = ["type", "learner_id", CAPSULE, QUESTION, SUCCESS, QUIZ, SCALED, "created_at"]
# Per-question success rates group by (capsule, question): a second index in that order (no sort).
QUESTION_INDEX_COLUMNS = ["type", CAPSULE, QUESTION, SUCCESS, "learner_id", "created_at"]


@dataclass(frozen=True)
class Filters:
    group_id: str | None = None
    start: str | None = None  # YYYY-MM-DD inclusive
    end: str | None = None  # YYYY-MM-DD inclusive

    def params(self) -> dict[str, Any]:
        return {"g": self.group_id, "start": self.start or "0000",
                "end": (self.end + "T99") if self.end else "9999"}


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[tuple]

    def to_csv(self) -> str:
        """Formula-like text neutralised (:mod:`cc2desktop.core.reports.csvfile`)."""
        return csvfile.to_csv(self.columns, self.rows)

    def write_csv(self, path: Path) -> None:
        csvfile.write_csv(path, self.columns, self.rows)


@dataclass
class Dashboard:
    filters: Filters
    capsule_total: int
    learners: Table
    capsules: Table
    questions: Table
    by_gender: Table
    by_category: Table
    by_country: Table
    sessions: Table
    totals: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> list[Table]:
        return [self.learners, self.capsules, self.questions, self.by_gender, self.by_category, self.by_country,
                self.sessions]


# --- SQL (kept as text: the benchmark runs the very same statements raw) ------------------------

_MEMBERS = "SELECT learner_id FROM fac_group_members WHERE group_id = :g"
_PERIOD = "created_at >= :start AND created_at <= :end"

# Per-learner figures: the CTEs prog, quiz, ans, last and claims, from the log (``_LOG_CTES``) or from
# the running tallies (``_TALLY_CTES``, see core/reports/tallies.py); the rest is shared.
_LOG_CTES = f"""
prog AS (SELECT learner_id, COUNT(DISTINCT {CAPSULE}) AS done
         FROM events WHERE type = 'capsule.completed' AND {_PERIOD} GROUP BY learner_id),
best AS (SELECT learner_id, {QUIZ} AS quiz, MAX({SCALED}) AS score
         FROM events WHERE type = 'quiz.completed' AND {_PERIOD} GROUP BY learner_id, quiz),
quiz AS (SELECT learner_id, AVG(score) AS avg_score, COUNT(*) AS quizzes FROM best GROUP BY learner_id),
ans AS (SELECT learner_id, AVG(CASE WHEN {SUCCESS} THEN 1.0 ELSE 0.0 END) AS rate,
               COUNT(DISTINCT {CAPSULE}) AS quizzes
        FROM events WHERE type = 'quiz.answered' AND {_PERIOD} GROUP BY learner_id),
last AS (SELECT learner_id, MAX(created_at) AS last FROM events WHERE {_PERIOD} GROUP BY learner_id),
claims AS (SELECT learner_id, COUNT(*) AS n FROM events WHERE type = 'exam.claimed' GROUP BY learner_id)"""

# A payload without the key is tallied under the empty blob (no JSON value is a blob): NULL again here.
NO_KEY = "x''"
TALLY_TRIGGERS = ("tally_insert", "tally_delete", "tally_update")  # on events, see core/reports/tallies.py
_TALLY_CTES = """
prog AS (SELECT learner_id, done FROM tally_learners WHERE done > 0),
quiz AS (SELECT learner_id, quiz_avg AS avg_score, quizzes FROM tally_learners WHERE quizzes > 0),
ans AS (SELECT learner_id, correct * 1.0 / answers AS rate, answered AS quizzes FROM tally_learners WHERE answers > 0),
last AS (SELECT learner_id, last_at AS last FROM tally_learners WHERE events > 0),
claims AS (SELECT learner_id, claims AS n FROM tally_learners WHERE claims > 0)"""


def _learners_sql(figures: str) -> str:
    return f"""
WITH sel AS (SELECT id FROM learners WHERE :g IS NULL OR id IN ({_MEMBERS})),{figures},
att AS (SELECT a.learner_id, SUM(a.present) AS present, COUNT(*) AS recorded
        FROM fac_attendance a JOIN fac_sessions s ON s.id = a.session_id
        WHERE s.date >= :start AND s.date <= :end AND (:g IS NULL OR s.group_id = :g)
        GROUP BY a.learner_id),
decs AS ({OUTCOMES}),
cert AS (SELECT claims.learner_id,
                CASE WHEN decs.ok = 1 THEN 3 WHEN claims.n > COALESCE(decs.n, 0) THEN 2 ELSE 1 END AS st
         FROM claims LEFT JOIN decs ON decs.learner_id = claims.learner_id
         UNION ALL SELECT learner_id, CASE WHEN ok = 1 THEN 3 ELSE 1 END FROM decs
               WHERE learner_id NOT IN (SELECT learner_id FROM claims)),
grp AS (SELECT m.learner_id, group_concat(g.name, ' / ') AS groups
        FROM fac_group_members m JOIN fac_groups g ON g.id = m.group_id GROUP BY m.learner_id)
SELECT l.id, l.display_name, l.code, grp.groups, l.gender, l.category, l.country,
       COALESCE(prog.done, 0), COALESCE(quiz.avg_score, ans.rate), COALESCE(quiz.quizzes, ans.quizzes, 0),
       last.last,
       COALESCE(att.present, 0), COALESCE(att.recorded, 0), COALESCE(cert.st, 0)
FROM sel JOIN learners l ON l.id = sel.id
LEFT JOIN prog ON prog.learner_id = l.id LEFT JOIN quiz ON quiz.learner_id = l.id
LEFT JOIN ans ON ans.learner_id = l.id
LEFT JOIN last ON last.learner_id = l.id LEFT JOIN att ON att.learner_id = l.id
LEFT JOIN cert ON cert.learner_id = l.id LEFT JOIN grp ON grp.learner_id = l.id
ORDER BY l.display_name, l.id
"""


LEARNERS_SQL = _learners_sql(_LOG_CTES)
LEARNERS_TALLY_SQL = _learners_sql(_TALLY_CTES)

_SEL_EVENTS = f"(:g IS NULL OR learner_id IN ({_MEMBERS})) AND {_PERIOD}"

CAPSULES_SQL = f"""
WITH done AS (SELECT {CAPSULE} AS capsule, COUNT(DISTINCT learner_id) AS learners
              FROM events WHERE type = 'capsule.completed' AND {_SEL_EVENTS} GROUP BY capsule),
best AS (SELECT {CAPSULE} AS capsule, learner_id, MAX({SCALED}) AS score
         FROM events WHERE type = 'quiz.completed' AND {_SEL_EVENTS} GROUP BY capsule, learner_id),
ans AS (SELECT capsule, learner_id, AVG(ok) AS score FROM (
            SELECT {CAPSULE} AS capsule, learner_id,
                   CASE WHEN {SUCCESS} THEN 1.0 ELSE 0.0 END AS ok
            FROM events WHERE type = 'quiz.answered' AND {_SEL_EVENTS}) GROUP BY capsule, learner_id),
per AS (SELECT ans.capsule, ans.learner_id, COALESCE(best.score, ans.score) AS score FROM ans
        LEFT JOIN best ON best.capsule = ans.capsule AND best.learner_id = ans.learner_id
        UNION ALL SELECT best.capsule, best.learner_id, best.score FROM best
        WHERE NOT EXISTS (SELECT 1 FROM ans WHERE ans.capsule = best.capsule AND ans.learner_id = best.learner_id)),
q AS (SELECT capsule, AVG(score) AS avg_score, COUNT(*) AS takers FROM per GROUP BY capsule),
caps AS (SELECT capsule FROM done UNION SELECT capsule FROM q)
SELECT caps.capsule, COALESCE(done.learners, 0), q.avg_score, COALESCE(q.takers, 0)
FROM caps LEFT JOIN done ON done.capsule = caps.capsule LEFT JOIN q ON q.capsule = caps.capsule
WHERE caps.capsule IS NOT NULL ORDER BY caps.capsule
"""

QUESTIONS_SQL = f"""
SELECT {CAPSULE} AS capsule, {QUESTION} AS question,
       COUNT(*) AS answers, AVG(CASE WHEN {SUCCESS} THEN 1.0 ELSE 0.0 END) AS success
FROM events WHERE type = 'quiz.answered' AND {_SEL_EVENTS}
GROUP BY capsule, question HAVING answers >= :min_answers
ORDER BY success ASC, answers DESC, capsule, question LIMIT :limit
"""

# The same three tables from the running tallies (no period filter; the questions for all learners).
CAPSULES_TALLY_SQL = """
SELECT capsule, completed, CASE WHEN scored > 0 THEN score_sum / scored END, takers
FROM tally_capsules WHERE :g IS NULL ORDER BY capsule
"""
# a group's capsules: its members' rows of the learner × capsule tallies
CAPSULES_GROUP_TALLY_SQL = f"""
WITH per AS (SELECT capsule, completed,
                    CASE WHEN answers > 0 THEN COALESCE(best, correct * 1.0 / answers) ELSE best END AS score,
                    (answers > 0 OR quizzes > 0) AS took
             FROM tally_learner_capsules WHERE capsule != {NO_KEY} AND learner_id IN ({_MEMBERS}))
SELECT capsule, SUM(completed > 0), AVG(score), SUM(took) FROM per GROUP BY capsule ORDER BY capsule
"""

QUESTIONS_TALLY_SQL = f"""
SELECT NULLIF(capsule, {NO_KEY}) AS capsule, NULLIF(question, {NO_KEY}) AS question, answers,
       correct * 1.0 / answers AS success
FROM tally_questions WHERE answers >= :min_answers
ORDER BY success ASC, answers DESC, capsule, question LIMIT :limit
"""


def tallied(s: Session, f: "Filters") -> bool:
    """Whether the running tallies can answer for these filters (no period; tallies installed)."""
    if f.start is not None or f.end is not None:
        return False
    marks = ", ".join(f"'{n}'" for n in TALLY_TRIGGERS)
    return s.execute(text(f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})")
                     ).scalar() == len(TALLY_TRIGGERS)


def _capsule_total(s: Session, tallies: bool = False) -> int:
    """Fallback when the caller does not know the course: the capsules seen completed in the log."""
    if tallies:
        return int(s.execute(text("SELECT COUNT(DISTINCT capsule) FROM tally_learner_capsules "
                                  f"WHERE completed > 0 AND capsule != {NO_KEY}")).scalar() or 0)
    return int(s.execute(text(f"SELECT COUNT(DISTINCT {CAPSULE}) FROM events "
                              "WHERE type = 'capsule.completed'")).scalar() or 0)


def course_capsule_total(kit) -> int:  # noqa: ANN001
    """Capsules of the installed courses (packs) and course folders, via the learning catalogue."""
    try:
        from cc2desktop.core.learning.catalog import load_courses

        return sum(len(c.capsules) for c in load_courses(kit))
    except Exception:  # noqa: BLE001 - a broken or absent course must not hide the figures
        return 0


def _pct(num: float, den: float) -> float | None:
    return round(100.0 * num / den, 1) if den else None


LEARNER_COLUMNS = ["learner_id", "name", "code", "groups", "gender", "category", "country", "capsules_completed",
                   "progress_pct", "avg_quiz_score_pct", "quizzes_taken", "last_activity", "sessions_attended",
                   "sessions_recorded", "attendance_pct", "certificate"]


def learner_table(s: Session, f: Filters, capsule_total: int, *, tallies: bool = False) -> Table:
    """``tallies``: read the running tallies (only where :func:`tallied` says they answer for ``f``)."""
    rows = []
    for (lid, name, code, groups, gender, category, country, done, avg, quizzes, last, present, recorded,
         cert) in s.execute(text(LEARNERS_TALLY_SQL if tallies else LEARNERS_SQL), f.params()):
        rows.append((lid, name, code, groups, GENDER.get(gender_code(gender)), category and category_code(category),
                     country, done,
                     min(100.0, _pct(done, capsule_total) or 0.0), None if avg is None else round(100 * avg, 1),
                     quizzes, last, present, recorded, _pct(present, recorded), CERT_STATES[cert]))
    return Table("learners", LEARNER_COLUMNS, rows)


def _capsules_sql(f: Filters, tallies: bool) -> str:
    if not tallies:
        return CAPSULES_SQL
    return CAPSULES_TALLY_SQL if f.group_id is None else CAPSULES_GROUP_TALLY_SQL


def capsule_table(s: Session, f: Filters, learners: int, *, tallies: bool = False) -> Table:
    rows = [(cap, done, _pct(done, learners), None if avg is None else round(100 * avg, 1), takers)
            for cap, done, avg, takers in s.execute(text(_capsules_sql(f, tallies)), f.params())]
    return Table("capsules", ["capsule", "learners_completed", "completion_pct", "avg_quiz_score_pct",
                              "quiz_takers"], rows)


def question_table(s: Session, f: Filters, limit: int = 15, min_answers: int = 3, *,
                   tallies: bool = False) -> Table:
    sql = QUESTIONS_TALLY_SQL if tallies and f.group_id is None else QUESTIONS_SQL
    rows = [(cap, q, n, round(100 * rate, 1))
            for cap, q, n, rate in s.execute(text(sql), {**f.params(), "limit": limit, "min_answers": min_answers})]
    return Table("hardest_questions", ["capsule", "question", "answers", "success_pct"], rows)


SESSIONS_SQL = """
SELECT s.date, g.name, s.capsules, s.notes, s.facilitator, COALESCE(SUM(a.present), 0), COUNT(a.learner_id)
FROM fac_sessions s JOIN fac_groups g ON g.id = s.group_id LEFT JOIN fac_attendance a ON a.session_id = s.id
WHERE s.date >= :start AND s.date <= :end AND (:g IS NULL OR s.group_id = :g)
GROUP BY s.id ORDER BY s.date, g.name
"""


def session_table(s: Session, f: Filters) -> Table:
    import json

    rows = [(d, g, ", ".join(json.loads(caps or "[]")), notes, fac, present, recorded, _pct(present, recorded))
            for d, g, caps, notes, fac, present, recorded in s.execute(text(SESSIONS_SQL), f.params())]
    return Table("sessions", ["date", "group", "capsules", "notes", "facilitator", "present", "recorded",
                              "attendance_pct"], rows)


BREAKDOWN_COLUMNS = ["value", "learners", "share_pct", "avg_progress_pct", "completed_course", "certified",
                     "avg_quiz_score_pct", "attendance_pct", "women_pct"]


def breakdown(learners: Table, column: str, name: str) -> Table:
    idx = {c: i for i, c in enumerate(learners.columns)}
    key_i, gender_i, prog_i, cert_i, score_i, att_i, rec_i = (
        idx[column], idx["gender"], idx["progress_pct"], idx["certificate"], idx["avg_quiz_score_pct"],
        idx["sessions_attended"], idx["sessions_recorded"])
    acc: dict[str, list] = {}
    for r in learners.rows:
        key = r[key_i] or "unknown"
        a = acc.get(key)
        if a is None:
            a = acc[key] = [0, 0.0, 0, 0, 0.0, 0, 0, 0, 0]
        progress, score = r[prog_i], r[score_i]
        a[8] += r[gender_i] == "female"
        a[0] += 1
        a[1] += progress
        a[2] += progress >= 100.0
        a[3] += r[cert_i] == "certified"
        if score is not None:
            a[4] += score
            a[5] += 1
        a[6] += r[att_i]
        a[7] += r[rec_i]
    total = len(learners.rows)
    rows = [(k, a[0], _pct(a[0], total), round(a[1] / a[0], 1), a[2], a[3],
             round(a[4] / a[5], 1) if a[5] else None, _pct(a[6], a[7]), _pct(a[8], a[0]))
            for k, a in sorted(acc.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    return Table(name, BREAKDOWN_COLUMNS, rows)


def load(s: Session, fs: object, filters: Filters | None = None, *, capsule_total: int | None = None,
         job=None, tallies: bool | None = None) -> Dashboard:  # noqa: ANN001
    """Every dashboard table for the filters (facilitators only). ``capsule_total``: capsules of the
    course (see :func:`course_capsule_total`); default: the capsules seen completed in the log.
    ``tallies``: read the running tallies where they answer (default), or ``False``: aggregate the log."""
    require(fs)
    f = filters or Filters()
    steps = 4
    fast = tallied(s, f) if tallies is None or tallies else False
    total_caps = capsule_total or _capsule_total(s, fast)

    def step(done: int, what: str) -> None:
        if job:
            job.check()
            job.progress(done, steps, what)

    step(0, "learners")
    lt = learner_table(s, f, total_caps, tallies=fast)
    step(1, "capsules")
    ct = capsule_table(s, f, len(lt.rows), tallies=fast)
    step(2, "questions")
    qt = question_table(s, f, tallies=fast)
    step(3, "breakdowns")
    d = Dashboard(f, total_caps, lt, ct, qt, breakdown(lt, "gender", "by_gender"),
                  breakdown(lt, "category", "by_category"), breakdown(lt, "country", "by_country"),
                  session_table(s, f))
    n = len(lt.rows)
    women = sum(1 for r in lt.rows if r[4] == "female")
    d.totals = {
        "learners": n,
        "women": women,
        "women_pct": _pct(women, n),
        "active": sum(1 for r in lt.rows if r[11]),
        "completed_course": sum(1 for r in lt.rows if r[8] >= 100.0),
        "certified": sum(1 for r in lt.rows if r[15] == "certified"),
        "avg_progress_pct": round(sum(r[8] for r in lt.rows) / n, 1) if n else None,
        "attendance_pct": _pct(sum(r[12] for r in lt.rows), sum(r[13] for r in lt.rows)),
        "countries": len({r[6] for r in lt.rows if r[6]}),
        "capsules": total_caps,
    }
    if job:
        job.progress(steps, steps, "")
    return d


def write_csvs(d: Dashboard, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for t in d.tables():
        p = out_dir / f"{t.name}.csv"
        t.write_csv(p)
        paths.append(p)
    return paths


def resolve_group(s: Session, name: str | None) -> str | None:
    if not name:
        return None
    gid = s.execute(text("SELECT id FROM fac_groups WHERE name = :n OR id = :n"), {"n": name}).scalar()
    if gid is None:
        from cc2desktop.core.errors import NotFoundError

        raise NotFoundError(f"no group named {name!r}", code="group_not_found")
    return gid


def iter_rows(t: Table) -> Iterable[dict[str, Any]]:
    for r in t.rows:
        yield dict(zip(t.columns, r))
