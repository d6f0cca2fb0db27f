"""The answer-sharing signal through the real path: PCs of four centres (each enrolled with a code
labelled with its centre), learners simulated by ``demo simulate --certify`` taking the demo exam
(drawn from its bank), ``sync`` to a real server that grades and watches. An honest cohort raises no
flag; six learners of one centre copying one shared answer sheet within an hour are flagged, for a
person to review: the flag shows in ``server flags`` and on the admin page, and revokes nothing."""

from __future__ import annotations

import json

CENTRES = {"Centre Dakar": 40, "Centre Bamako": 40, "Centre Douala": 40, "Centre Lomé": 40}
START = "2026-11-14T08:30:00.000Z"


def _cli(capsys, *args) -> str:
    from cc2desktop.cli import main

    capsys.readouterr()
    rc = main([str(a) for a in args])
    out = capsys.readouterr().out
    assert rc == 0, out
    return out


def test_a_cluster_sharing_answers_is_flagged_and_an_honest_cohort_is_not(tmp_path, demo_server, demo_courses,
                                                                          capsys):
    pack = next(demo_courses.glob("*.cc2pack"))
    key = next(demo_courses.glob("*.exam-key.json"))
    honest_claims: dict[str, list[str]] = {}
    cheats: list[str] = []
    for i, (centre, n) in enumerate(CENTRES.items()):
        dd = ["--data-dir", tmp_path / f"pc{i}"]
        _cli(capsys, *dd, "pack", "install", pack)
        code = demo_server.hub.new_enrolment_code(uses=1, label=centre)
        _cli(capsys, *dd, "device", "enrol", demo_server.url, "--code", code, "--name", f"{centre} PC 1")
        out = _cli(capsys, *dd, "demo", "simulate", "--learners", "0", "--days", "0", "--seed", str(10 + i),
                   "--certify", str(n), "--exam-key", key, "--exam-behaviour", "cohort", "--exam-start", START,
                   "--exam-spread-h", "2")
        assert json.loads(out.splitlines()[-1])["certify"]["claims"] == n
        honest_claims[centre] = [r["claim_id"] for r in json.loads(_cli(capsys, *dd, "certificate", "list", "--json"))]
        if centre == "Centre Lomé":  # the same morning, six learners copy one sheet passed around
            _cli(capsys, *dd, "demo", "simulate", "--learners", "0", "--days", "0", "--seed", "99",
                 "--certify", "6", "--exam-key", key, "--exam-behaviour", "sharing", "--exam-start",
                 "2026-11-14T09:00:00.000Z", "--exam-spread-h", "1")
        _cli(capsys, *dd, "sync")
        rows = json.loads(_cli(capsys, *dd, "certificate", "list", "--json"))
        assert all(r["state"] in ("certified", "not_passed") for r in rows) and len(honest_claims[centre]) == n
        if centre == "Centre Lomé":
            cheats = sorted({r["claim_id"] for r in rows} - set(honest_claims[centre]))
    assert len(cheats) == 6

    server_db = demo_server.hub.engine.url.database
    flags = json.loads(_cli(capsys, "server", "flags", "--db", server_db, "--json"))
    # looked at again with every sheet's answers known: the same verdicts
    again = json.loads(_cli(capsys, "server", "flags", "--db", server_db, "--rescan", "--courses", demo_courses,
                            "--json"))
    assert [sorted(c["claim_id"] for c in f["claims"]) for f in again] == \
        [sorted(c["claim_id"] for c in f["claims"]) for f in flags]
    honest = {c for ids in honest_claims.values() for c in ids}
    flagged = {c["claim_id"] for f in flags for c in f["claims"]}
    false_flags = len(flagged & honest)
    print(f"honest claims flagged: {false_flags} of {len(honest)}; cluster members flagged: "
          f"{len(flagged & set(cheats))} of 6")
    assert false_flags / len(honest) < 0.01
    [flag] = [f for f in flags if {c["claim_id"] for c in f["claims"]} & set(cheats)]
    assert flag["centre"] == "Centre Lomé" and flag["status"] == "open"
    assert len({c["claim_id"] for c in flag["claims"]} & set(cheats)) >= 3
    from cc2desktop.server.sharing import LINK_SCORE, MIN_UNUSUAL

    assert all(e["score"] >= LINK_SCORE and len(e["shared_wrong"]) >= MIN_UNUSUAL for e in flag["evidence"])
    # a flag revokes nothing: every certificate of the cluster still verifies on the server
    import requests

    for c in flag["claims"]:
        if c["code"]:
            assert requests.get(f"{demo_server.url}/verify/{c['code']}", params={"format": "json"},
                                timeout=10).status_code == 200
    # the admin page shows it (with the learners' names and the answers in common) and records a review
    import re

    web = requests.Session()
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', web.get(f"{demo_server.url}/admin/login").text).group(1)
    web.post(f"{demo_server.url}/admin/login", data={"csrf": csrf, "password": demo_server.ADMIN_PASSWORD})
    page = web.get(f"{demo_server.url}/admin/flags", params={"lang": "fr"}).text
    assert "Centre Lomé" in page and "Erreurs inhabituelles en commun" in page and "à examiner" in page
    assert all(c["name"] in page for c in flag["claims"])
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
    r = web.post(f"{demo_server.url}/admin/flags/review", data={"csrf": csrf, "id": flag["id"], "status": "dismissed",
                                                                "note": "séance surveillée, rien vu"})
    assert r.status_code == 200 and "Conclusion enregistrée" in r.text and "écarté" in r.text
    # the text listing names the centre and the shared answers; a person closes the flag
    text = _cli(capsys, "server", "flags", "--db", server_db)
    assert "Centre Lomé" in text and "same unusual wrong answers" in text
    _cli(capsys, "server", "flags", "--db", server_db, "--review", flag["id"][:8], "--set", "confirmed",
         "--note", "copies seen during the session")
    again = json.loads(_cli(capsys, "server", "flags", "--db", server_db, "--json", "--status", "confirmed"))
    assert [f["id"] for f in again] == [flag["id"]] and again[0]["note"] == "copies seen during the session"
