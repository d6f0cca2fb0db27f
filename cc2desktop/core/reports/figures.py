"""One definition of each programme figure, for every place that shows it.

Two databases hold the same facts in two shapes: a PC's (``sync_items`` carry the server's decisions)
and the server's (``certificates`` is where decisions are made). Each side declares its *decisions*
relation once (:data:`CLIENT_DECISIONS`, :data:`SERVER_DECISIONS`: ``learner_id, course_id, ok,
decided_at``, ``ok`` = 1 for a valid certificate); everything else is written once over it:

- **certified**: a learner with at least one valid certificate (issued and not revoked) — counted once,
  whatever the number of certificates, courses or PCs;
- **not passed**: a learner with decisions but none a valid certificate;
- **pending**: a learner whose latest claim has no decision yet (PC side only: the server decides as
  it stores a claim);
- **certificates**: the valid certificates issued (a refusal is never a certificate).

Learners who were erased are gone from ``learners``: every figure joins on it, so she stops counting
while her certificate stays verifiable (docs/figures.md).

Users: the centre dashboard (:mod:`cc2desktop.core.reports.dashboard`), ``server stats`` and the
admin page's statistics (``Hub.stats``), the programme report (:mod:`cc2desktop.core.reports.programme`).
"""

from __future__ import annotations

from typing import Any

CERT_STATES = ("none", "not_passed", "pending", "certified")

#: The decisions a PC received (sync items of kind ``certificate``, ``Decision.to_item`` bodies).
CLIENT_DECISIONS = (
    "SELECT learner_id, json_extract(body, '$.course_id') AS course_id, "
    "CASE WHEN json_extract(body, '$.kind') = 'certificate' THEN 1 ELSE 0 END AS ok, "
    "json_extract(body, '$.decided_at') AS decided_at FROM sync_items WHERE kind = 'certificate'")

#: The decisions the server made (its ``certificates`` table: certificates and refusals).
SERVER_DECISIONS = (
    "SELECT learner_id, course_id, "
    "CASE WHEN kind = 'certificate' AND revoked_at IS NULL THEN 1 ELSE 0 END AS ok, decided_at FROM certificates")


def decisions_sql(side: str, *, course: bool = False, until: bool = False) -> str:
    """The decisions relation of ``side`` (``client`` | ``server``), optionally for one course
    (``:course``) and decided up to ``:until`` (inclusive prefix of an ISO date)."""
    base = CLIENT_DECISIONS if side == "client" else SERVER_DECISIONS
    where = []
    if course:
        where.append("d.course_id = :course")
    if until:
        where.append("d.decided_at <= :until")
    return f"SELECT d.* FROM ({base}) d" + (f" WHERE {' AND '.join(where)}" if where else "")


def outcomes_sql(decisions: str) -> str:
    """Per learner still on record: ``ok`` 1 = certified, 0 = not passed; ``n`` decisions."""
    return (f"SELECT o.learner_id, MAX(o.ok) AS ok, COUNT(*) AS n FROM ({decisions}) o "
            "WHERE o.learner_id IN (SELECT id FROM learners) GROUP BY o.learner_id")


def certificate_counts(conn: Any, side: str) -> dict[str, int]:
    """``certified``, ``not_passed`` (learners) and ``certificates`` (valid certificates issued)."""
    from sqlalchemy import text

    dec = decisions_sql(side)
    certified, not_passed = conn.execute(text(
        f"SELECT COALESCE(SUM(ok), 0), COALESCE(SUM(1 - ok), 0) FROM ({outcomes_sql(dec)}) x")).one()
    certificates = conn.execute(text(
        f"SELECT COUNT(*) FROM ({dec}) d WHERE d.ok = 1 AND d.learner_id IN (SELECT id FROM learners)")).scalar()
    return {"certificates": int(certificates or 0), "certified": int(certified or 0),
            "not_passed": int(not_passed or 0)}


# --- people: one vocabulary for every report ------------------------------------------------------

#: Profiles use the learning domain's codes (f/m/x/na); older simulated data wrote female/male/other.
GENDER_CODE = {"f": "f", "female": "f", "m": "m", "male": "m", "x": "x", "other": "x", "na": "na"}
CATEGORY_CODE = {"public_sector": "public_authority"}
UNKNOWN = "unknown"


def gender_code(value: str | None) -> str:
    return GENDER_CODE.get((value or "").strip().lower(), UNKNOWN)


def category_code(value: str | None) -> str:
    v = (value or "").strip()
    return CATEGORY_CODE.get(v, v) or UNKNOWN


# --- privacy --------------------------------------------------------------------------------------
SMALL_CELL = 5
SUPPRESSED = "<5"


def suppress(n: Any) -> Any:
    """A count of 1 to 4 people is shown as ``"<5"`` in public and funder exports (0 stays 0:
    it names nobody)."""
    if isinstance(n, int) and not isinstance(n, bool) and 0 < n < SMALL_CELL:
        return SUPPRESSED
    return n


def pct(num: int, den: int, *, public: bool = False) -> float | None:
    """``num`` as a percentage of ``den`` (one decimal); in public exports None when either side
    is a suppressed cell (a share would give the count back)."""
    if not den:
        return None
    if public and (0 < num < SMALL_CELL or 0 < den < SMALL_CELL):
        return None
    return round(100.0 * num / den, 1)
