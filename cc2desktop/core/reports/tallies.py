"""Running tallies of the event log for the dashboard: per learner, per learner × capsule, per learner ×
quiz and per question, kept up to date by SQLite triggers on ``events`` in the very transaction that
writes (or deletes, or rewrites) an event, whatever writes it: ``events.append``, a sync pull, a bundle
from another PC, a restored backup, the simulators' raw inserts. Counters move by one; a maximum
(best score, last activity) that loses its event is recomputed from the log for that one key.

:func:`rebuild` recomputes every tally from the log (the migration that adds them runs it; so does
``cc2desktop facilitator tallies --rebuild``); :func:`differences` compares the tallies with the
same aggregates computed afresh from the log (tests and the rebuild command use it).

The tallies cover what the unfiltered (or group-filtered) dashboard reads, with the dashboard's own
definitions (:mod:`cc2desktop.core.reports.dashboard`): events whose ``created_at`` lies in the
dashboard's open period ('0000'–'9999'), capsule / quiz / question keys spelled by the same
expressions. A key that is missing from the payload (JSON null) is stored as the empty blob ``x''``,
a value no JSON text can produce, so that it is still one key (SQL groups nulls together) and the
tables keep NOT NULL primary keys; readers turn it back into NULL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from cc2desktop.core.reports.dashboard import CAPSULE, NO_KEY, QUESTION, QUIZ, SCALED, SUCCESS, TALLY_TRIGGERS


DDL = [
    # (keys and best scores are declared BLOB: no type affinity, values stay as json_extract gave them)
    # events/last_at/answers/correct: events in the period; claims: every exam.claimed (any date);
    # done/answered: capsules completed / with answers; quizzes, quiz_avg: count and mean of the best scores
    """CREATE TABLE IF NOT EXISTS tally_learners (
        learner_id TEXT NOT NULL PRIMARY KEY, events INTEGER NOT NULL, last_at TEXT, answers INTEGER NOT NULL,
        correct INTEGER NOT NULL, claims INTEGER NOT NULL, done INTEGER NOT NULL, answered INTEGER NOT NULL,
        quizzes INTEGER NOT NULL, quiz_avg REAL) WITHOUT ROWID""",
    # completed: capsule.completed; answers/correct: quiz.answered; quizzes: quiz.completed, best: its top scaled
    """CREATE TABLE IF NOT EXISTS tally_learner_capsules (
        learner_id TEXT NOT NULL, capsule BLOB NOT NULL, completed INTEGER NOT NULL, answers INTEGER NOT NULL,
        correct INTEGER NOT NULL, quizzes INTEGER NOT NULL, best BLOB,
        PRIMARY KEY (learner_id, capsule)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS tally_learner_quizzes (
        learner_id TEXT NOT NULL, quiz BLOB NOT NULL, quizzes INTEGER NOT NULL, best BLOB,
        PRIMARY KEY (learner_id, quiz)) WITHOUT ROWID""",
    # per capsule, over its learner rows: completed, took a quiz, have a score, sum of the scores
    """CREATE TABLE IF NOT EXISTS tally_capsules (
        capsule BLOB NOT NULL PRIMARY KEY, completed INTEGER NOT NULL, takers INTEGER NOT NULL,
        scored INTEGER NOT NULL, score_sum REAL NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS tally_questions (
        capsule BLOB NOT NULL, question BLOB NOT NULL, answers INTEGER NOT NULL, correct INTEGER NOT NULL,
        PRIMARY KEY (capsule, question)) WITHOUT ROWID""",
]
TABLES = ("tally_learner_capsules", "tally_learner_quizzes", "tally_learners", "tally_capsules", "tally_questions")
KEYS = {"tally_learners": 1, "tally_learner_capsules": 2, "tally_learner_quizzes": 2, "tally_capsules": 1,
        "tally_questions": 2}


def _on(row: str, expr: str) -> str:
    """A payload expression of the dashboard, read from the trigger's NEW or OLD row."""
    return expr.replace("json_extract(payload", f"json_extract({row}.payload")


def _key(expr: str) -> str:
    return f"IFNULL({expr}, {NO_KEY})"


def _ok(row: str | None = None) -> str:
    return f"(CASE WHEN {_on(row, SUCCESS) if row else SUCCESS} THEN 1 ELSE 0 END)"


def _max(col: str) -> str:
    """``col`` ← the larger of itself and the incoming value, nulls ignored (as MAX() does)."""
    return (f"{col} = CASE WHEN excluded.{col} IS NULL THEN {col} WHEN {col} IS NULL THEN excluded.{col} "
            f"WHEN excluded.{col} > {col} THEN excluded.{col} ELSE {col} END")


_LEARNING = "('quiz.answered', 'quiz.completed', 'capsule.completed')"
_PER = "created_at >= '0000' AND created_at <= '9999'"


def _score(d: str) -> str:
    """A learner's score on a capsule (the dashboard's rule): best completed attempt, else share right."""
    return f"(CASE WHEN {d}.answers > 0 THEN COALESCE({d}.best, {d}.correct * 1.0 / {d}.answers) ELSE {d}.best END)"


def _statements(row: str, add: bool) -> list[str]:
    """The statements that count the event ``row`` (NEW or OLD) in (``add``) or out (it has left the log).
    Each carries its own condition, so that one trigger runs them in this order."""
    t, lid = f"{row}.type", f"{row}.learner_id"
    per = f"({row}.created_at >= '0000' AND {row}.created_at <= '9999')"
    learning = f"({per} AND {t} IN {_LEARNING})"
    answered, completed, capsule_done = f"({t} = 'quiz.answered')", f"({t} = 'quiz.completed')", \
        f"({t} = 'capsule.completed')"
    cap, quiz, question = _key(_on(row, CAPSULE)), _key(_on(row, QUIZ)), _key(_on(row, QUESTION))
    scaled, ok = _on(row, SCALED), _ok(row)
    best_of = ("(SELECT MAX({SCALED}) FROM events WHERE learner_id = {lid} AND type = 'quiz.completed' "
               "AND {PER} AND {key} = {value})").replace("{SCALED}", SCALED).replace("{PER}", _PER) \
        .replace("{lid}", lid)
    mine = f"d.learner_id = {lid} AND d.capsule = {cap}"
    this = f"learner_id = {lid} AND capsule = {cap}"  # (a trigger's UPDATE or DELETE takes no alias)
    out = []
    if add:
        out += [
            f"""INSERT INTO tally_learners SELECT {lid}, 1, {row}.created_at, {answered}, {answered} * {ok}, 0, 0, 0, 0,
                NULL WHERE {per} ON CONFLICT (learner_id) DO UPDATE SET events = events + 1, {_max('last_at')},
                answers = answers + excluded.answers, correct = correct + excluded.correct""",
            f"""INSERT INTO tally_learners SELECT {lid}, 0, NULL, 0, 0, 1, 0, 0, 0, NULL WHERE {t} = 'exam.claimed'
                ON CONFLICT (learner_id) DO UPDATE SET claims = claims + 1""",
        ]
    else:
        out += [
            f"""UPDATE tally_learners SET events = events - 1, answers = answers - {answered},
                correct = correct - {answered} * {ok},
                last_at = CASE WHEN {row}.created_at < last_at THEN last_at ELSE
                    (SELECT MAX(created_at) FROM events WHERE learner_id = {lid} AND {_PER}) END
                WHERE learner_id = {lid} AND {per}""",
            f"UPDATE tally_learners SET claims = claims - 1 WHERE learner_id = {lid} AND {t} = 'exam.claimed'",
        ]
    # the capsule's totals lose this learner's row as it was, and gain it as it becomes
    c = "tally_capsules"
    out.append(f"""UPDATE {c} SET completed = {c}.completed - (d.completed > 0),
                takers = {c}.takers - (d.answers > 0 OR d.quizzes > 0),
                scored = {c}.scored - ({_score('d')} IS NOT NULL),
                score_sum = {c}.score_sum - IFNULL({_score('d')}, 0)
                FROM tally_learner_capsules AS d WHERE {learning} AND {mine} AND tally_capsules.capsule = {cap}""")
    if add:
        out.append(f"""INSERT INTO tally_learner_capsules SELECT {lid}, {cap}, {capsule_done}, {answered},
                {answered} * {ok}, {completed}, CASE WHEN {completed} THEN {scaled} END WHERE {learning}
                ON CONFLICT (learner_id, capsule) DO UPDATE SET completed = completed + excluded.completed,
                answers = answers + excluded.answers, correct = correct + excluded.correct,
                quizzes = quizzes + excluded.quizzes, {_max('best')}""")
    else:
        out += [
            f"""UPDATE tally_learner_capsules SET completed = completed - {capsule_done},
                answers = answers - {answered}, correct = correct - {answered} * {ok}, quizzes = quizzes - {completed},
                best = CASE WHEN {completed} THEN {best_of.replace('{key}', _key(CAPSULE)).replace('{value}', cap)}
                ELSE best END WHERE {learning} AND {this}""",
            f"""DELETE FROM tally_learner_capsules WHERE {learning} AND {this}
                AND completed = 0 AND answers = 0 AND quizzes = 0""",
        ]
    out.append(f"""INSERT INTO tally_capsules SELECT d.capsule, d.completed > 0, d.answers > 0 OR d.quizzes > 0,
                {_score('d')} IS NOT NULL, IFNULL({_score('d')}, 0) FROM tally_learner_capsules AS d
                WHERE {learning} AND {mine} AND d.capsule != {NO_KEY}
                ON CONFLICT (capsule) DO UPDATE SET completed = completed + excluded.completed,
                takers = takers + excluded.takers, scored = scored + excluded.scored,
                score_sum = score_sum + excluded.score_sum""")
    if not add:
        out.append(f"DELETE FROM tally_capsules WHERE {learning} AND capsule = {cap} AND completed = 0 AND takers = 0")
    if add:
        out.append(f"""INSERT INTO tally_learner_quizzes SELECT {lid}, {quiz}, 1, {scaled} WHERE {per} AND {completed}
                ON CONFLICT (learner_id, quiz) DO UPDATE SET quizzes = quizzes + 1, {_max('best')}""")
    else:
        out += [
            f"""UPDATE tally_learner_quizzes SET quizzes = quizzes - 1,
                best = {best_of.replace('{key}', _key(QUIZ)).replace('{value}', quiz)}
                WHERE {per} AND {completed} AND learner_id = {lid} AND quiz = {quiz}""",
            f"""DELETE FROM tally_learner_quizzes WHERE {per} AND {completed} AND learner_id = {lid} AND quiz = {quiz}
                AND quizzes = 0""",
        ]
    # the learner's totals over its capsule and quiz rows (at most a course's worth of rows)
    out.append(f"""UPDATE tally_learners SET
                done = CASE WHEN {capsule_done} THEN (SELECT COUNT(*) FROM tally_learner_capsules
                    WHERE learner_id = {lid} AND completed > 0 AND capsule != {NO_KEY}) ELSE done END,
                answered = CASE WHEN {answered} THEN (SELECT COUNT(*) FROM tally_learner_capsules
                    WHERE learner_id = {lid} AND answers > 0 AND capsule != {NO_KEY}) ELSE answered END,
                quizzes = CASE WHEN {completed} THEN (SELECT COUNT(*) FROM tally_learner_quizzes
                    WHERE learner_id = {lid}) ELSE quizzes END,
                quiz_avg = CASE WHEN {completed} THEN (SELECT AVG(best) FROM tally_learner_quizzes
                    WHERE learner_id = {lid}) ELSE quiz_avg END
                WHERE {learning} AND learner_id = {lid}""")
    if not add:
        out.append(f"DELETE FROM tally_learners WHERE learner_id = {lid} AND events = 0 AND claims = 0")
    out.append(f"""INSERT INTO tally_questions SELECT {cap}, {question}, 1, {ok} WHERE {per} AND {answered}
                ON CONFLICT (capsule, question) DO UPDATE SET answers = answers + 1,
                correct = correct + excluded.correct""" if add else
               f"""UPDATE tally_questions SET answers = answers - 1, correct = correct - {ok}
                WHERE {per} AND {answered} AND capsule = {cap} AND question = {question}""")
    if not add:
        out.append(f"""DELETE FROM tally_questions WHERE {per} AND {answered} AND capsule = {cap}
                AND question = {question} AND answers = 0""")
    return out


def _triggers() -> dict[str, str]:
    cols = "learner_id, type, payload, created_at"
    insert, delete, update = TALLY_TRIGGERS
    bodies = {
        insert: ("AFTER INSERT ON events", _statements("NEW", True)),
        delete: ("AFTER DELETE ON events", _statements("OLD", False)),
        # a rewritten event (nothing rewrites these columns today): out with the old, in with the new
        update: (f"AFTER UPDATE OF {cols} ON events", _statements("OLD", False) + _statements("NEW", True)),
    }
    return {name: f"CREATE TRIGGER {name} {when} BEGIN " + ";\n".join(stmts) + "; END"
            for name, (when, stmts) in bodies.items()}


def _trigger_names(conn: Connection) -> list[str]:
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tally\\_%' ESCAPE '\\'")]


# --- the same aggregates, from the log ---------------------------------------------------------------
_FRESH_LC = f"""
        SELECT learner_id, {_key(CAPSULE)} AS capsule, SUM(type = 'capsule.completed') AS completed,
               SUM(type = 'quiz.answered') AS answers, SUM((type = 'quiz.answered') * {_ok()}) AS correct,
               SUM(type = 'quiz.completed') AS quizzes, MAX(CASE WHEN type = 'quiz.completed' THEN {SCALED} END) AS best
        FROM events WHERE type IN {_LEARNING} AND {_PER} GROUP BY learner_id, 2"""
_FRESH_LQ = f"""
        SELECT learner_id, {_key(QUIZ)} AS quiz, COUNT(*) AS quizzes, MAX({SCALED}) AS best
        FROM events WHERE type = 'quiz.completed' AND {_PER} GROUP BY learner_id, 2"""
_FRESH_LEARNERS = f"""
        c AS (SELECT learner_id, SUM(completed > 0 AND capsule != {NO_KEY}) AS done,
                     SUM(answers > 0 AND capsule != {NO_KEY}) AS answered FROM lc GROUP BY learner_id),
        q AS (SELECT learner_id, COUNT(*) AS quizzes, AVG(best) AS quiz_avg FROM lq GROUP BY learner_id),
        e AS (SELECT learner_id, SUM({_PER}) AS events, MAX(CASE WHEN {_PER} THEN created_at END) AS last_at,
                     SUM({_PER} AND type = 'quiz.answered') AS answers,
                     SUM(({_PER} AND type = 'quiz.answered') * {_ok()}) AS correct, SUM(type = 'exam.claimed') AS claims
              FROM events GROUP BY learner_id HAVING SUM({_PER}) > 0 OR SUM(type = 'exam.claimed') > 0)
        SELECT e.learner_id, e.events, e.last_at, e.answers, e.correct, e.claims, COALESCE(c.done, 0),
               COALESCE(c.answered, 0), COALESCE(q.quizzes, 0), q.quiz_avg
        FROM e LEFT JOIN c ON c.learner_id = e.learner_id LEFT JOIN q ON q.learner_id = e.learner_id"""
_FRESH_CAPSULES = f"""
        SELECT capsule, SUM(completed > 0), SUM(answers > 0 OR quizzes > 0), SUM({_score('lc')} IS NOT NULL),
               TOTAL({_score('lc')})
        FROM lc WHERE capsule != {NO_KEY} GROUP BY capsule"""


def _fresh(lc: str, lq: str) -> dict[str, str]:
    """Each tally as a query; the per-learner and per-capsule totals over ``lc`` and ``lq`` (the learner ×
    capsule and learner × quiz tallies: computed from the log, or the tables a rebuild has just filled)."""
    return {
        "tally_learner_capsules": _FRESH_LC,
        "tally_learner_quizzes": _FRESH_LQ,
        "tally_learners": f"WITH lc AS ({lc}), lq AS ({lq}),{_FRESH_LEARNERS}",
        "tally_capsules": f"WITH lc AS ({lc}){_FRESH_CAPSULES}",
        "tally_questions": f"""
        SELECT {_key(CAPSULE)} AS c, {_key(QUESTION)} AS q, COUNT(*), SUM({_ok()})
        FROM events WHERE type = 'quiz.answered' AND {_PER} GROUP BY c, q""",
    }


FRESH_SQL = _fresh(_FRESH_LC, _FRESH_LQ)  # everything from the log alone
_REBUILD_SQL = _fresh("SELECT * FROM tally_learner_capsules", "SELECT * FROM tally_learner_quizzes")


def install(conn: Connection) -> None:
    """Create (or re-create) the tally tables and triggers, then fill them from the log."""
    for name in _trigger_names(conn):
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    for ddl in DDL:
        conn.exec_driver_sql(ddl)
    for trig in _triggers().values():
        conn.exec_driver_sql(trig)
    rebuild(conn)


def installed(conn: Connection) -> bool:
    return sorted(_trigger_names(conn)) == sorted(_triggers())


def rebuild(conn: Connection) -> dict[str, int]:
    """Recompute every tally from the event log (in the caller's transaction); rows per table."""
    out = {}
    for table in TABLES:
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(f"INSERT INTO {table} {_REBUILD_SQL[table]}")  # (TABLES: details first)
        out[table] = int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar() or 0)
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):  # sums and means: the order of additions differs
        return a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def differences(conn: Connection, limit: int = 5) -> dict[str, list[tuple[Any, ...]]]:
    """Rows that differ between each tally table and the same aggregate computed afresh from the log:
    ``(key, tally row or None, fresh row or None)``, at most ``limit`` per table. Counts and maxima
    must be equal; sums and means equal to 1e-9 (relative). Empty when the tallies are right."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        n = KEYS[table]
        kept = {tuple(r[:n]): tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {table}")}
        fresh = {tuple(r[:n]): tuple(r) for r in conn.exec_driver_sql(FRESH_SQL[table])}
        bad = [(k, kept.get(k), fresh.get(k)) for k in sorted(kept.keys() | fresh.keys(), key=repr)
               if k not in kept or k not in fresh or not all(map(_same, kept[k], fresh[k]))]
        if bad:
            out[table] = bad[:limit]
    return out
