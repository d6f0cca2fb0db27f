"""Every figure of ``server report`` against an independent computation written here, on a programme
simulated through the real path (tests/support/programme.py), and "certified" agreeing everywhere it
is shown: the server's decisions, ``server stats``, ``server report`` and its splits, a centre's CSV
and the PC's certificate list."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys

import pytest

from tests.support.facilitation import PASSWORD
from tests.support.programme import COURSE_ID, EXPERTS

LEARNING = ("video.watched", "quiz.answered", "quiz.completed", "capsule.completed")
SPLITS = {"by_gender": 1, "by_country": 2, "by_category": 3, "by_campaign": 4, "by_centre": 5}


def cc(*args, stdin: str = ""):
    r = subprocess.run([sys.executable, "-m", "cc2desktop.cli", *map(str, args)], input=stdin,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout


def independent(db_path) -> dict:
    """The figures from the server's tables, written without the report's code: window functions and
    Python sets instead of the report's aggregates."""
    con = sqlite3.connect(db_path)
    try:
        people = {}
        for lid, g, country, cat, camp, origin in con.execute(
                "SELECT id, gender, country, category, campaign, origin_device FROM learners"):
            people[lid] = [g or "unknown", country or "unknown", cat or "unknown", camp or "none", origin]
        last = dict(con.execute(
            "SELECT learner_id, device_id FROM (SELECT learner_id, device_id, ROW_NUMBER() OVER "
            "(PARTITION BY learner_id ORDER BY created_at DESC, pos DESC) AS rn FROM events) WHERE rn = 1"))
        centre = dict(con.execute("SELECT d.id, e.centre FROM devices d JOIN enrolment_codes e "
                                  "ON e.code_hash = d.code_hash"))
        for lid, p in people.items():
            p.append(centre.get(last.get(lid, p[4]), "unknown"))
        started = {r[0] for r in con.execute(
            f"SELECT DISTINCT learner_id FROM events WHERE type IN ({','.join('?' * len(LEARNING))})", LEARNING)}
        completed = {r[0] for r in con.execute(
            "SELECT learner_id FROM events WHERE type = 'capsule.completed' AND course_id = ? GROUP BY learner_id "
            "HAVING COUNT(DISTINCT json_extract(payload, '$.capsule_id')) >= 2", (COURSE_ID,))}
        claimed = {r[0] for r in con.execute("SELECT DISTINCT learner_id FROM events WHERE type = 'exam.claimed'")}
        certified = {r[0] for r in con.execute(
            "SELECT DISTINCT learner_id FROM certificates WHERE kind = 'certificate' AND revoked_at IS NULL")}
        decided = {r[0] for r in con.execute("SELECT DISTINCT learner_id FROM certificates")}
    finally:
        con.close()
    certified &= set(people)
    not_passed = (decided & set(people)) - certified
    stages = {"enrolled": set(people), "started": started & set(people), "completed": completed & set(people),
              "exam_claimed": claimed & set(people), "certified": certified, "not_passed": not_passed}
    women = {lid for lid, p in people.items() if p[0] == "f"}
    splits = {}
    for split, col in SPLITS.items():
        cells: dict[str, dict[str, int]] = {}
        for lid, p in people.items():
            cell = cells.setdefault(p[col - 1] if col < 5 else p[5], dict.fromkeys([*stages, "women"], 0))
            for st, ids in stages.items():
                cell[st] += lid in ids
            cell["women"] += lid in women
        splits[split] = cells
    return {"stages": stages, "women": women, "splits": splits,
            "countries": len({p[1] for p in people.values()} - {"unknown"})}


def test_every_figure_matches_an_independent_computation(programme):
    from cc2desktop.core.reports import programme as P

    ind = independent(programme.db_path)
    with programme.hub.ReadSession() as s:
        r = P.build(s.connection(), P.ReportFilters(), P.published([programme.pack.parent]))
    st = ind["stages"]
    assert r["enrolled"] == len(st["enrolled"]) >= 300
    assert r["countries"] == ind["countries"] == 22
    assert r["women"] == len(ind["women"])
    for stage in ("started", "completed", "exam_claimed", "certified", "not_passed"):
        assert r[stage] == len(st[stage]), stage
    assert 0 < r["certified"] < r["exam_claimed"] and r["not_passed"] > 0
    assert [f["stage"] for f in r["funnel"]] == list(P.STAGES)
    for f in r["funnel"][:5]:
        assert f["count"] == len(st[f["stage"]]) and f["women"] == len(st[f["stage"]] & ind["women"])
    assert [f["count"] for f in r["funnel"][5:]] == [0, 0]  # the call for projects is not there yet
    for split in SPLITS:
        got = {k: {s: c[s] for s in [*st, "women"]} for k, c in r[split].items()}
        assert got == ind["splits"][split], split
    assert set(r["by_centre"]) == {f"Centre {i:02d}" for i in range(1, 11)}
    assert set(r["by_campaign"]) == {"none", "femmes-2025", "radio-2025"}
    assert r["by_campaign"]["femmes-2025"]["women"] == r["by_campaign"]["femmes-2025"]["enrolled"]
    assert r["speakers"] == {"total": 3, "women": 2, "men": 1, "countries": 2, "women_pct": 66.7}
    assert len(EXPERTS) == 3


def test_a_learner_counts_once_at_the_centre_of_her_last_activity(programme):
    from cc2desktop.core.reports import programme as P

    assert programme.moved, "the simulated programme has learners on two PCs"
    with programme.hub.ReadSession() as s:
        r = P.build(s.connection())
        linked = dict(s.connection().exec_driver_sql(
            "SELECT learner_id, COUNT(*) FROM device_learners GROUP BY learner_id").all())
        n = s.connection().exec_driver_sql("SELECT COUNT(*) FROM learners").scalar()
    assert r["enrolled"] == n and sum(c["enrolled"] for c in r["by_centre"].values()) == n
    for lid, _first, _second in programme.moved:
        assert linked[lid] == 2  # on two PCs, one learner
    # her later days were on the second PC: her centre is that PC's
    ind = independent(programme.db_path)
    moved_centres = {programme.centre_of_pc[second] for _lid, _first, second in programme.moved}
    assert all(ind["splits"]["by_centre"][c]["enrolled"] == r["by_centre"][c]["enrolled"] for c in moved_centres)


def test_certified_agrees_everywhere(programme, tmp_path):
    from cc2desktop.core.certification.service import list_certificates
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.reports import dashboard
    from cc2desktop.core.reports import programme as P

    con = sqlite3.connect(programme.db_path)
    decided = {r[0] for r in con.execute("SELECT DISTINCT learner_id FROM certificates WHERE kind = 'certificate'")}
    issued = con.execute("SELECT COUNT(*) FROM certificates WHERE kind = 'certificate'").fetchone()[0]
    refusals = con.execute("SELECT COUNT(*) FROM certificates WHERE kind = 'refusal'").fetchone()[0]
    con.close()
    assert decided and refusals  # some passed, some did not
    stats = json.loads(cc("server", "stats", "--db", programme.db_path, "--json"))
    assert stats["certified"] == len(decided) and stats["certificates"] == issued  # a refusal is not one
    assert programme.hub.stats()["certified"] == len(decided)
    report = json.loads(cc("server", "report", "--db", programme.db_path, "--courses", programme.pack.parent))
    assert report["certified"] == len(decided)
    for split in SPLITS:
        assert sum(c["certified"] for c in report[split].values()) == len(decided), split
    # every PC: its centre CSV and its certificate list say the same for its learners
    total_on_pcs = set()
    for name, kit in programme.kits.items():
        with kit.session() as s:
            if not accounts.list_facilitators(s):
                accounts.add_facilitator(s, "Awa", PASSWORD)
        with kit.session() as s:
            fs = accounts.authenticate(s, "Awa", PASSWORD)
            d = dashboard.load(s, fs, capsule_total=2)
            here = {r[0] for r in s.connection().exec_driver_sql("SELECT id FROM learners")}
        rows = list(csv.DictReader(io.StringIO(d.learners.to_csv())))
        csv_certified = {row["learner_id"] for row in rows if row["certificate"] == "certified"}
        listed = {c["learner"] for c in list_certificates(kit) if c["state"] == "certified"}
        assert csv_certified == listed == decided & here, name
        assert d.totals["certified"] == len(csv_certified)
        total_on_pcs |= csv_certified
    assert total_on_pcs == decided
    with programme.hub.ReadSession() as s:  # the period and course filters keep the rule
        assert P.build(s.connection(), P.ReportFilters(course=COURSE_ID))["certified"] == len(decided)
        assert P.build(s.connection(), P.ReportFilters(course="another"))["certified"] == 0
        assert P.build(s.connection(), P.ReportFilters(end="2020-01-01"))["enrolled"] == 0


def test_public_csv_and_pdf_suppress_small_cells_and_name_nobody(programme, tmp_path):
    from cc2desktop.core.reports import programme as P

    public = json.loads(cc("server", "report", "--db", programme.db_path, "--public", "--courses",
                           programme.pack.parent))
    assert public["filters"]["public"] is True
    seen_small = False
    for split in P.SPLITS:
        for cell in public[split].values():
            for k in (*P.STAGES, "not_passed", "women"):
                v = cell[k]
                assert v == "<5" or (isinstance(v, int) and (v == 0 or v >= 5)), (split, k, v)
                seen_small |= v == "<5"
            if cell["women"] == "<5" or cell["enrolled"] == "<5":
                assert cell["women_pct"] is None  # a share would give the count back
    assert seen_small
    out_csv = tmp_path / "figures.csv"
    cc("server", "report", "--db", programme.db_path, "--format", "csv", "--out", out_csv)
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert rows[0]["split"] == "total" and int(rows[0]["enrolled"]) == public["enrolled"]
    assert all(v == "<5" or v == "" or float(v) == 0 or float(v) >= 5
               for row in rows for k, v in row.items() if k in (*P.STAGES, "not_passed", "women"))
    out_pdf = tmp_path / "figures.pdf"
    cc("server", "report", "--db", programme.db_path, "--format", "pdf", "--out", out_pdf, "--courses",
       programme.pack.parent)
    assert out_pdf.read_bytes().startswith(b"%PDF")
    names = []
    for kit in programme.kits.values():
        with kit.read() as s:
            names += [r[0] for r in s.connection().exec_driver_sql("SELECT display_name FROM learners")]
    text = out_csv.read_text(encoding="utf-8-sig") + json.dumps(public, ensure_ascii=False)
    pdf_text = subprocess.run(["pdftotext", str(out_pdf), "-"], capture_output=True, text=True).stdout \
        if _has("pdftotext") else ""
    assert "Chiffres du programme" in pdf_text or not _has("pdftotext")
    for n in set(names):
        assert n not in text and n not in pdf_text


def _has(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None


@pytest.mark.parametrize("women,men,alert", [((20, 12, 6), (20, 14, 14), "certified"),
                                             ((20, 16, 8), (20, 16, 8), None)])
def test_gender_gap_alert_in_centres_of_twenty_or_more(women, men, alert):
    from cc2desktop.core.reports.programme import gender_gap_alerts

    (wn, wc, wcert), (mn, mc, mcert) = women, men
    cell = {"enrolled": wn + mn, "women": wn, "men": mn, "_women_completed": wc, "_men_completed": mc,
            "_women_certified": wcert, "_men_certified": mcert}
    got = gender_gap_alerts({"Centre A": cell, "Small": {**cell, "enrolled": 19}})
    assert [a["measure"] for a in got] == ([alert] if alert else [])
    if alert:
        assert got[0]["centre"] == "Centre A" and got[0]["gap"] == 40.0


def test_admin_page_shows_the_figures_and_offers_the_downloads(programme, tmp_path):
    import re

    import requests

    from cc2desktop.server import admin, checks
    from cc2desktop.server.app import create_app

    from tests.support.live_server import ThreadedServer

    app = create_app(f"sqlite:///{programme.db_path}")
    site = admin.mount(app, checks.ServeConfig(data_dir=tmp_path, courses_dir=programme.pack.parent))
    code = site.auth.new_setup_code()
    srv = ThreadedServer(app).start()
    try:
        s = requests.Session()
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', s.get(srv.url + "/admin/setup").text).group(1)
        s.post(srv.url + "/admin/setup", data={"csrf": csrf, "code": code, "password": "programme-2026",
                                               "again": "programme-2026"})
        page = s.get(srv.url + "/admin/programme")
        assert page.status_code == 200 and "Chiffres du programme" in page.text
        with programme.hub.ReadSession() as ss:
            from cc2desktop.core.reports import programme as P

            r = P.build(ss.connection(), P.ReportFilters(public=True))
        certified = re.search(r'id="stage-certified"><td>[^<]*</td><td class="n">([^<]*)<', page.text).group(1)
        assert certified.replace("\u202f", "").replace(" ", "").replace("\xa0", "") == str(r["certified"])
        assert "Centre 01" in page.text
        pdf = s.get(srv.url + "/admin/programme/pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["content-disposition"].startswith("attachment")
        data = s.get(srv.url + "/admin/programme/json", params={"course": COURSE_ID}).json()
        assert data["certified"] == r["certified"] and data["filters"]["course"] == COURSE_ID
        assert s.get(srv.url + "/admin/programme/csv").text.lstrip("\ufeff").startswith("split,key,enrolled")
        assert requests.get(srv.url + "/admin/programme/pdf", allow_redirects=False).status_code in (303, 302, 401)
    finally:
        srv.stop()
        app.state.hub.close()
