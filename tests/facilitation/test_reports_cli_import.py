import csv
import io
import subprocess
import sys

import pytest
from sqlalchemy import func, select, text

from cc2desktop.core import events
from cc2desktop.core.db.models import Event
from cc2desktop.core.errors import ValidationError
from cc2desktop.core.facilitation import accounts, centre, service
from cc2desktop.core.kit import Kit
from cc2desktop.core.paths import resolve_data_paths
from cc2desktop.core.reports import dashboard

from tests.support.certification_course import claim_payload
from tests.support.facilitation import PASSWORD, QUIZ, make_learners


def _activity(kit, lid, caps, score=1.0, course="c"):
    with kit.session() as s:
        for c in caps:
            events.append(s, lid, "quiz.answered", {"capsule_id": c, "quiz_id": f"{c}-q", "attempt_id": f"{c}-1",
                                                    "question_id": "q1", "success": score >= 0.5}, course_id=course)
            events.append(s, lid, "quiz.completed", {"capsule_id": c, "quiz_id": f"{c}-q", "attempt_id": f"{c}-1",
                                                     "scaled": score}, course_id=course)
            events.append(s, lid, "capsule.completed", {"capsule_id": c}, course_id=course)


def test_dashboard_figures_filters_and_csv(fac, tmp_path):
    kit, fs = fac
    ids = make_learners(kit, fs, 8)  # genders f,m,f,o,...; countries SN,CI,BF
    _activity(kit, ids[0], ["a", "b", "c", "d"], 1.0)
    _activity(kit, ids[1], ["a", "b"], 0.5)
    with kit.session() as s:
        service.create_group(s, fs, "G1")
        service.enrol(s, fs, "G1", ids[:4])
        sid = service.plan_session(s, fs, "G1", "2026-11-20", ["a"])
        service.record_attendance(s, fs, sid, absent=[ids[1]])
        events.append(s, ids[0], "exam.claimed", claim_payload(claim_id="k1", learner_id=ids[0]))
        events.append(s, ids[2], "exam.claimed", claim_payload(claim_id="k2", learner_id=ids[2]))
    with kit.session() as s:
        d = dashboard.load(s, fs, capsule_total=4)
        g = dashboard.load(s, fs, dashboard.Filters(dashboard.resolve_group(s, "G1")), capsule_total=4)
        empty = dashboard.load(s, fs, dashboard.Filters(None, "2030-01-01", "2030-12-31"), capsule_total=4)
    rows = {r["learner_id"]: r for r in dashboard.iter_rows(d.learners)}
    assert len(rows) == 8 and len(g.learners.rows) == 4
    a, b = rows[ids[0]], rows[ids[1]]
    assert (a["progress_pct"], a["avg_quiz_score_pct"], a["certificate"],
            a["attendance_pct"]) == (100.0, 100.0, "pending", 100.0)
    assert (b["progress_pct"], b["avg_quiz_score_pct"], b["attendance_pct"], b["groups"]) == (50.0, 50.0, 0.0, "G1")
    # certified learners come from the server's decisions: tests/reports/test_figures_agree.py
    assert rows[ids[2]]["certificate"] == "pending" and rows[ids[4]]["certificate"] == "none"
    assert d.totals["women"] == 4 and d.totals["women_pct"] == 50.0 and d.totals["certified"] == 0
    assert {r[0]: r[1] for r in d.by_gender.rows} == {"female": 4, "male": 2, "other": 2}
    assert {r[0]: r[1] for r in d.by_country.rows} == {"SN": 3, "CI": 3, "BF": 2}
    assert {r[0]: r[1] for r in d.capsules.rows} == {"a": 2, "b": 2, "c": 1, "d": 1}
    assert [r[1:] for r in d.sessions.rows] == [("G1", "a", "", "Awa", 3, 4, 75.0)]
    assert all(r[7] == 0 for r in empty.learners.rows) and not empty.sessions.rows
    paths = dashboard.write_csvs(d, tmp_path / "csv")
    assert sorted(p.name for p in paths) == sorted(f"{t.name}.csv" for t in d.tables())
    parsed = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "learners.csv").read_text(encoding="utf-8-sig"))))
    assert len(parsed) == 8 and parsed[0].keys() >= {"progress_pct", "avg_quiz_score_pct", "attendance_pct",
                                                     "certificate", "gender", "category", "country"}


def _cli(data, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(data), *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_cli_facilitator_group_report(tmp_path):
    data = tmp_path / "d"
    r = _cli(data, "facilitator", "add", "--name", "Awa", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    r = _cli(data, "facilitator", "add", "--name", "Intrus", "--password-stdin", stdin="new password\nguess\n")
    assert r.returncode == 1 and r.stderr.strip() == "cc2desktop: wrong facilitator name or password"
    r = _cli(data, "facilitator", "add", "--name", "Binta", "--password-stdin", stdin=f"binta pass\n{PASSWORD}\n")
    assert r.returncode == 0, r.stderr
    r = _cli(data, "group", "add", "Matin", "--facilitator", "Awa", "--password-stdin", stdin="wrong pass\n")
    assert r.returncode == 1 and r.stderr.strip() == "cc2desktop: wrong facilitator name or password"
    assert _cli(data, "group", "add", "Matin", "--password-stdin", stdin=PASSWORD + "\n").returncode == 1  # which one?
    assert _cli(data, "group", "add", "Matin", "--facilitator", "Binta", "--password-stdin",
                stdin="binta pass\n").returncode == 0
    with Kit(resolve_data_paths(data)) as kit:
        with kit.session() as s:
            fs = accounts.authenticate(s, "Awa", PASSWORD)
        ids = make_learners(kit, fs, 3)
        _activity(kit, ids[0], ["a"])
    r = _cli(data, "group", "enrol", "Matin", *ids[:2], "--facilitator", "Awa", "--password-stdin",
             stdin=PASSWORD + "\n")
    assert r.returncode == 0 and "2 learner(s) enrolled" in r.stdout, r.stderr
    r = _cli(data, "group", "enrol", "Nope", ids[0], "--facilitator", "Awa", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 1 and "no group named 'Nope'" in r.stderr
    out = tmp_path / "all.csv"
    r = _cli(data, "report", "--format", "csv", "--out", str(out), "--facilitator", "Awa", "--password-stdin",
             stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3 and {r["country"] for r in rows} == {"SN", "CI", "BF"}
    r = _cli(data, "report", "--group", "Matin", "--format", "csv", "--out", str(out), "--facilitator", "Awa",
             "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0 and len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))) == 2
    pdf = tmp_path / "r.pdf"
    r = _cli(data, "report", "--format", "pdf", "--lang", "en", "--out", str(pdf), "--facilitator", "Awa",
             "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def _other_pc(tmp_path, name, n, seed):
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.core.sync.simulate import simulate

    with Kit(resolve_data_paths(tmp_path / name)) as k:
        simulate(k, learners=n, days=5, seed=seed)
        return SyncClient(k).export_bundle(tmp_path / "usb")


def test_usb_bundles_from_other_pcs_make_the_whole_centre_and_import_is_idempotent(fac, tmp_path):
    kit, fs = fac
    b1 = _other_pc(tmp_path, "pc1", 4, 1)
    b2 = _other_pc(tmp_path, "pc2", 3, 2)
    with kit.session() as s:
        before_events = s.scalar(select(func.count()).select_from(Event))
    with pytest.raises(centre.UnknownPCError):  # PCs not paired yet
        centre.import_bundles(kit, fs, [b1, b2])
    for b in (b1, b2):
        centre.pair(kit, fs, b, centre.pairing_of(b)["pairing_code"])
    rep = centre.import_bundles(kit, fs, [b1, b2])
    assert rep.bundles == 2 and rep.learners_new == 7 and rep.events_new > 0 and rep.events_known == 0
    with kit.session() as s:
        after = s.scalar(select(func.count()).select_from(Event))
        d1 = dashboard.load(s, fs, capsule_total=24)
        snapshot = s.execute(text("SELECT * FROM events ORDER BY id")).all()
        assert s.scalar(select(func.count()).select_from(Event).where(Event.synced.is_(False))) == before_events
    assert after - before_events == rep.events_new
    assert len(d1.learners.rows) == 7 and d1.totals["avg_progress_pct"] > 0
    again = centre.import_bundles(kit, fs, [b1, b2])
    assert (again.events_new, again.learners_new) == (0, 0) and again.events_known == rep.events_new
    with kit.session() as s:
        assert s.execute(text("SELECT * FROM events ORDER BY id")).all() == snapshot
        assert dashboard.load(s, fs, capsule_total=24).learners.rows == d1.learners.rows
    bad = tmp_path / "usb" / "bad.cc2sync"
    bad.write_bytes(b1.read_bytes()[:-20])
    with pytest.raises(ValidationError, match="bad.cc2sync"):
        centre.import_bundles(kit, fs, [b2, bad])
    with pytest.raises(Exception, match="reserved to facilitators"):
        centre.import_bundles(kit, object(), [b1])


def test_attendance_from_another_facilitator_pc_arrives_by_bundle(fac, tmp_path):
    """Sessions and attendance are events: taken on one PC, they show on another after import."""
    from cc2desktop.core.sync.client import SyncClient

    kit, fs = fac
    other = Kit(resolve_data_paths(tmp_path / "pcB"))
    try:
        with other.session() as s:
            accounts.add_facilitator(s, "Ben", PASSWORD)
        with other.session() as s:
            fsb = accounts.authenticate(s, "Ben", PASSWORD)
        ids = make_learners(other, fsb, 5)
        with other.session() as s:
            service.create_group(s, fsb, "Soir")
            service.enrol(s, fsb, "Soir", ids)
            sid = service.plan_session(s, fsb, "Soir", "2026-11-25", ["m1c1"], "séance 1")
            service.record_attendance(s, fsb, sid, absent=ids[:1])
            service.record_group_quiz(s, fsb, sid, QUIZ, course_id="c", capsule_id="m1c1",
                                      hands={"q1": {"a": 4}, "q2": {"true": 2, "false": 2}})
        bundle = SyncClient(other).export_bundle(tmp_path / "usb")
    finally:
        other.close()
    centre.pair(kit, fs, bundle, centre.pairing_of(bundle)["pairing_code"])
    centre.import_bundles(kit, fs, [bundle])
    with kit.session() as s:
        (info,) = service.list_sessions(s, fs)
        assert (info.group_name, info.date, info.notes, info.present,
                info.recorded) == ("Soir", "2026-11-25", "séance 1", 4, 5)
        d = dashboard.load(s, fs)
    quiz = {r[0]: r[9] for r in d.learners.rows}
    # (1 + 0.5 + 0) / 3: q1 all right, q2 half, q3 unanswered
    assert sorted(v for v in quiz.values() if v is not None) == [50.0, 50.0, 50.0, 50.0]


def test_report_queries_read_the_payload_through_the_f001_index(kit):
    """The aggregates must not parse every event's JSON: the planner uses the expression index."""
    import importlib.util

    from cc2desktop.core.db import MIGRATIONS_DIR

    spec = importlib.util.spec_from_file_location("f001", MIGRATIONS_DIR / "versions" / "f001_facilitation.py")
    mig = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mig)
    assert mig.REPORT_INDEX_COLUMNS == dashboard.REPORT_INDEX_COLUMNS
    assert mig.QUESTION_INDEX_COLUMNS == dashboard.QUESTION_INDEX_COLUMNS
    params = {**dashboard.Filters().params(), "limit": 15, "min_answers": 3}
    with kit.session() as s:
        for sql in (dashboard.LEARNERS_SQL, dashboard.CAPSULES_SQL, dashboard.QUESTIONS_SQL):
            plan = " | ".join(r[3] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql), params))
            assert "ix_events_report" in plan, plan
            assert "SCAN events" not in plan.replace("SCAN events USING", ""), plan
        qplan = " | ".join(r[3] for r in s.execute(text("EXPLAIN QUERY PLAN " + dashboard.QUESTIONS_SQL), params))
        assert "ix_events_report_q" in qplan and "GROUP BY" not in qplan, qplan
