"""The dashboard's running tallies (core/reports/tallies.py) against the event log they summarise:
after a real ``demo simulate``, real learning and attendance writes, an erasure, events removed and
rewritten behind the app's back, synced PCs of a simulated programme, and a rebuild; and the dashboard
read from them equal to the dashboard aggregated from the log."""

from __future__ import annotations

import json

import pytest

from cc2desktop.core import events
from cc2desktop.core.facilitation import accounts, service
from cc2desktop.core.facilitation.simulate import add_groups_and_attendance
from cc2desktop.core.learning.erase import erase_here
from cc2desktop.core.reports import dashboard, tallies

from tests.support.certification_course import claim_payload
from tests.support.facilitation import PASSWORD


def _same_rows(a: dashboard.Table, b: dashboard.Table) -> None:
    assert a.columns == b.columns and len(a.rows) == len(b.rows), a.name
    for ra, rb in zip(a.rows, b.rows):
        # figures are rounded to 0.1 %: a mean summed in another order may land on the other side
        assert ra == pytest.approx(rb, abs=0.1001), (a.name, ra, rb)
        assert [type(x) for x in ra] == [type(x) for x in rb], (a.name, ra, rb)


def _check(kit, fs, *filters: dashboard.Filters) -> None:
    with kit.read() as s:
        assert tallies.differences(s.connection()) == {}
        for f in (dashboard.Filters(), *filters):
            fast = dashboard.load(s, fs, f, capsule_total=30)
            slow = dashboard.load(s, fs, f, capsule_total=30, tallies=False)
            assert dashboard.tallied(s, f) == (f.start is None and f.end is None)
            for a, b in zip(fast.tables(), slow.tables()):
                _same_rows(a, b)
            assert fast.totals == pytest.approx(slow.totals)


def _cli(capsys, *argv: str) -> tuple[int, dict]:
    from cc2desktop.cli import main

    capsys.readouterr()
    rc = main(list(argv))
    return rc, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_tallies_follow_demo_simulate_learning_erasure_and_rebuild(tmp_path, capsys):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    dd = ["--data-dir", str(tmp_path / "pc")]
    rc, sim = _cli(capsys, *dd, "demo", "simulate", "--learners", "60", "--days", "12", "--seed", "5")
    assert rc == 0 and sim["events"] > 2000
    kit = Kit(resolve_data_paths(tmp_path / "pc"))
    try:
        with kit.write() as s:
            accounts.add_facilitator(s, "Awa", PASSWORD)
        with kit.write() as s:
            fs = accounts.authenticate(s, "Awa", PASSWORD)
            ids = [r[0] for r in s.connection().exec_driver_sql("SELECT id FROM learners ORDER BY id")]
            n = s.connection().exec_driver_sql("SELECT COUNT(*) FROM tally_learner_capsules").scalar()
        assert len(ids) == 60 and n > 100  # the simulator's raw inserts were tallied as they were written
        add_groups_and_attendance(kit, ids, days=12, capsules=["m1c1", "m1c2"], group_size=20)
        with kit.read() as s:
            g = dashboard.resolve_group(s, service.list_groups(s, fs)[0].name)
        _check(kit, fs, dashboard.Filters(g), dashboard.Filters(None, "2026-11-20", "2026-11-25"))

        # the app's own writes: a better attempt, a claim, a group session, then an erasure
        with kit.write() as s:
            events.append(s, ids[0], "quiz.answered", {"capsule_id": "m1c1", "quiz_id": "m1c1-quiz",
                                                       "attempt_id": "x1", "question_id": "q1", "success": True})
            events.append(s, ids[0], "quiz.completed", {"capsule_id": "m1c1", "quiz_id": "m1c1-quiz",
                                                        "attempt_id": "x1", "scaled": 1.0})
            events.append(s, ids[0], "capsule.completed", {"capsule_id": "m6c5"})
            events.append(s, ids[1], "exam.claimed", claim_payload(claim_id="k1", learner_id=ids[1]))
            erase_here(s, ids[2:4], origin="here")
        _check(kit, fs, dashboard.Filters(g))
        with kit.read() as s:
            row = s.connection().exec_driver_sql(
                "SELECT claims, done FROM tally_learners WHERE learner_id = ?", (ids[1],)).one()
            gone = s.connection().exec_driver_sql(
                "SELECT COUNT(*) FROM tally_learner_capsules WHERE learner_id IN (?, ?)", tuple(ids[2:4])).scalar()
        assert row[0] == 1 and gone == 0

        # events removed and rewritten by hand (a repair, a restored backup): the tallies follow
        with kit.write() as s:
            c = s.connection()
            c.exec_driver_sql("DELETE FROM events WHERE rowid % 9 = 0")
            c.exec_driver_sql("UPDATE events SET payload = json_set(payload, '$.scaled', 0.05) "
                              "WHERE type = 'quiz.completed' AND rowid % 5 = 0")
            c.exec_driver_sql("UPDATE events SET payload = json_remove(payload, '$.capsule_id') WHERE rowid % 31 = 0")
            c.exec_driver_sql("UPDATE events SET created_at = '2099-01-01T00:00:00.000Z', learner_id = ? "
                              "WHERE rowid % 23 = 0", (ids[5],))
        _check(kit, fs, dashboard.Filters(g))

        # the check can fail, and a rebuild from the log puts it right (CLI: facilitator tallies)
        with kit.write() as s:
            s.connection().exec_driver_sql("UPDATE tally_learners SET done = done + 1 WHERE learner_id = ?",
                                           (ids[0],))
        with kit.read() as s:
            assert set(tallies.differences(s.connection())) == {"tally_learners"}
        rc, out = _cli(capsys, *dd, "facilitator", "tallies")
        assert rc == 1 and out == {"differences": {"tally_learners": 1}}
        rc, out = _cli(capsys, *dd, "facilitator", "tallies", "--rebuild")
        assert rc == 0 and out["rebuilt"]["tally_learners"] == 58
        rc, out = _cli(capsys, *dd, "facilitator", "tallies")
        assert rc == 0 and out == {"differences": {}}
        _check(kit, fs, dashboard.Filters(g))
    finally:
        kit.close()


def test_tallies_on_synced_programme_pcs(programme):
    """PCs that pushed, were graded by the server and pulled: what they hold is tallied right."""
    for name, kit in programme.kits.items():
        with kit.read() as s:
            assert tallies.installed(s.connection()), name
            assert tallies.differences(s.connection()) == {}, name
