"""Learning records out as xAPI 1.0.3: statements exported by the CLI from a real central server's
database (activity made on a PC through the app's own functions and the simulator, synced, an exam
graded), checked against Ralph's xAPI models (PyPI ``ralph-malph``); then forwarded as they arrive
to a real LRS — Ralph's, started from PyPI in its own venv (``.venv-lrs``, made by dev.sh)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from cc2desktop.core import events as ev
from cc2desktop.core.sync.client import SyncClient

from tests.relay.test_three_tiers import _learner_takes_exam, _pc
from tests.support.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]
LRS_PY = ROOT / ".venv-lrs" / "bin" / "python"
NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


@pytest.fixture
def central_with_activity(tmp_path, course_pack):
    """A central server that grades, and a PC whose activity reached it."""
    from cc2desktop.core.sync.simulate import simulate

    from tests.certification.conftest import CertServer

    srv = CertServer(f"sqlite:///{tmp_path / 'central.sqlite3'}", course_pack.parent, tmp_path / "central").start()
    kit = _pc(tmp_path, "pc", course_pack)
    try:
        SyncClient(kit).enrol(srv.url, srv.hub.new_enrolment_code(), "pc")
        simulate(kit, learners=3, days=4, seed=5)
        awa = _learner_takes_exam(kit, "Awa Diop")
        with kit.session() as s:
            for typed in ("3,5", "environ 3"):  # a French decimal comma; an answer that is no number
                ev.append(s, awa, "quiz.answered", {
                    "capsule_id": "c1", "quiz_id": "c1-quiz", "attempt_id": "3f1e2d3c-4b5a-4697-8877-665544332211",
                    "question_id": "n1", "interaction_type": "numeric", "question_type": "numeric",
                    "response": typed, "raw_response": typed, "success": typed == "3,5", "score": 1.0,
                    "duration_s": 12.5}, course_id="test-civictech")
        SyncClient(kit).sync()
        yield srv, kit, awa
    finally:
        kit.close()
        srv.stop()


def _export(db_url: str, out: Path, *extra: str) -> dict:
    r = subprocess.run([sys.executable, "-m", "cc2desktop", "server", "xapi", "export", "--db", db_url,
                        "--out", str(out), *extra], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_export_writes_valid_pseudonymous_statements(central_with_activity, tmp_path):
    from ralph.models.xapi.base.statements import BaseXapiStatement
    from ralph.models.xapi.video.statements import VideoPaused

    srv, kit, awa = central_with_activity
    db_url = str(srv.hub.engine.url)
    res = _export(db_url, tmp_path / "all.jsonl", "--iri-base", "https://lrs.example.org/cc")
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    stmts = [json.loads(x) for x in lines]
    assert res["statements"] == len(stmts) > 40
    verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in stmts}
    assert {"paused", "answered", "completed", "attempted", "submit", "passed"} <= verbs
    for st in stmts:
        BaseXapiStatement.model_validate(st)     # xAPI 1.0.3, as a maintained model reads it
        assert st["object"]["id"].startswith("https://lrs.example.org/cc/")
        assert set(st["actor"]) == {"objectType", "account"} and st["actor"]["account"]["homePage"]
    videos = [s for s in stmts if s["verb"]["id"].endswith("/paused")]
    for st in videos:
        VideoPaused.model_validate(st)           # the video profile's statement, with its extensions
    ext = {k for s in videos for k in (*s["context"]["extensions"], *s["result"]["extensions"])}
    assert {"https://w3id.org/xapi/video/extensions/played-segments", "https://w3id.org/xapi/video/extensions/progress",
            "https://w3id.org/xapi/video/extensions/cc-subtitle-lang"} <= ext
    answers = [s for s in stmts if s["verb"]["id"].endswith("/answered")]
    kinds = {s["object"]["definition"]["interactionType"] for s in answers}
    assert {"choice", "true-false", "numeric"} <= kinds
    for st in answers:
        assert st["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        if st["object"]["definition"]["interactionType"] == "numeric" and "response" in st.get("result", {}):
            assert NUMBER.fullmatch(st["result"]["response"]), st["result"]["response"]
    numeric = [s for s in answers if s["object"]["id"].endswith("/n1")]
    assert sorted(s["result"].get("response", "-") for s in numeric) == ["-", "3.5"]  # "environ 3" kept aside
    # pseudonymous: the learner's code, never her name, gender or country
    with kit.session() as s:
        from cc2desktop.core.db.models import Learner

        learners = s.query(Learner).all()
        codes = {lr.code for lr in learners}
        secrets = {lr.display_name for lr in learners} | {"Awa Diop"}
    assert {s["actor"]["account"]["name"] for s in stmts} <= codes
    text = "\n".join(lines)
    for word in secrets:
        assert word not in text
    assert '"gender"' not in text and '"country"' not in text and "mbox" not in text
    # ids: UUIDv5 of the event ids, stable across exports; --since gives only what came after
    again = _export(db_url, tmp_path / "again.jsonl")
    ids_again = [json.loads(x)["id"] for x in (tmp_path / "again.jsonl").read_text().splitlines()]
    assert ids_again == [s["id"] for s in stmts]
    assert all(s["id"][14] == "5" for s in stmts)
    with kit.session() as s:
        ev.append(s, awa, "capsule.completed", {"capsule_id": "c2", "module_id": "m1"}, course_id="test-civictech")
    SyncClient(kit).sync()
    later = _export(db_url, tmp_path / "later.jsonl", "--since", again["cursor"])
    assert later["statements"] == 1
    # a bad cursor: one line, nothing written
    r = subprocess.run([sys.executable, "-m", "cc2desktop", "server", "xapi", "export", "--db", db_url,
                        "--out", str(tmp_path / "bad.jsonl"), "--since", "x.y"], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and not (tmp_path / "bad.jsonl").exists()


#: Ralph 5.1.0's filesystem backend (its development backend, the one that needs no database server)
#: refuses every write once its file exists ("create"/"index"); its LRS then answers 500 to all but
#: the first POST. Started with its writes appending, it is otherwise Ralph's LRS as published.
RALPH_LAUNCHER = """
import sys, uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@pytest.fixture
def lrs(tmp_path):
    """Ralph's LRS (filesystem backend) on a free port, user cc2 / secret."""
    if not LRS_PY.exists():
        pytest.skip("the test LRS is installed by `bash packaging/dev.sh setup` (.venv-lrs)")
    app_dir = tmp_path / "ralph"
    app_dir.mkdir()
    hasher = "import bcrypt;print(bcrypt.hashpw(b'secret', bcrypt.gensalt(4)).decode())"
    pw = subprocess.run([str(LRS_PY), "-c", hasher], capture_output=True, text=True, check=True).stdout.strip()
    (app_dir / "auth.json").write_text(json.dumps([{
        "agent": {"account": {"homePage": "https://connexions-citoyennes.org", "name": "cc2"}, "objectType": "Agent"},
        "scopes": ["all"], "hash": pw, "username": "cc2"}]))
    port = free_port()
    env = {**os.environ, "RALPH_APP_DIR": str(app_dir), "RALPH_RUNSERVER_BACKEND": "fs",
           "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(tmp_path / "lrs-data"),
           "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "5000"}
    (tmp_path / "lrs-data").mkdir()
    p = subprocess.Popen([str(LRS_PY), "-c", RALPH_LAUNCHER, str(port)], env=env, cwd=tmp_path,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/xAPI"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/__heartbeat__", timeout=1).ok:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline or p.poll() is not None:
            p.kill()
            pytest.fail(f"Ralph's LRS did not start: {p.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
    yield url
    p.terminate()
    p.wait(10)


def _lrs_ids(url: str) -> list[str]:
    ids: list[str] = []
    nxt = f"{url}/statements?limit=5000"
    while nxt:
        r = requests.get(nxt, auth=("cc2", "secret"), headers={"X-Experience-API-Version": "1.0.3"}, timeout=30)
        r.raise_for_status()
        body = r.json()
        ids += [s["id"] for s in body["statements"]]
        more = body.get("more")
        nxt = (url.rsplit("/xAPI", 1)[0] + more) if more else None
    return ids


def test_serve_forwards_statements_to_a_real_lrs_once(central_with_activity, lrs, tmp_path):
    from cc2desktop.server.xapi.export import export_file
    from cc2desktop.server.xapi.forward import Forwarder

    srv, kit, awa = central_with_activity
    res = export_file(str(srv.hub.engine.url), tmp_path / "want.jsonl")
    want = [json.loads(x) for x in (tmp_path / "want.jsonl").read_text().splitlines()]
    # one statement is already in the LRS under a taken id, with another body: a 409 for it alone
    clash = dict(want[3], verb={"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "x"}})
    r = requests.put(f"{lrs}/statements", params={"statementId": clash["id"]}, json=clash, auth=("cc2", "secret"),
                     headers={"X-Experience-API-Version": "1.0.3"})
    assert r.status_code == 204
    fwd = Forwarder(srv.hub, lrs, "cc2:secret", batch=40, interval=0.2)
    fwd.attach()
    fwd.start()
    try:
        deadline = time.monotonic() + 60
        while fwd.state()["cursor"] != res["cursor"] and time.monotonic() < deadline:
            time.sleep(0.1)
        st = fwd.state()
        assert (st["sent"], st["conflicts"], st["refused"]) == (len(want) - 1, 1, 0), st
        # new activity arrives at the server: forwarded as it arrives
        with kit.session() as s:
            ev.append(s, awa, "capsule.completed", {"capsule_id": "c2", "module_id": "m1"}, course_id="test-civictech")
        SyncClient(kit).sync()
        deadline = time.monotonic() + 30
        while fwd.state()["sent"] < len(want) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert fwd.state()["sent"] == len(want)
    finally:
        fwd.stop()
    ids = _lrs_ids(lrs)
    assert len(ids) == len(set(ids)) == len(want) + 1
    assert {s["id"] for s in want} <= set(ids)
    # sent again from the start (a lost cursor): the LRS keeps one of each (204), nothing doubled
    again = Forwarder(srv.hub, lrs, "cc2:secret", batch=500)
    again.meta_key += ":again"
    out = again.run_once()
    assert out["sent"] == len(want) and out["conflicts"] == 1
    assert sorted(_lrs_ids(lrs)) == sorted(ids)
    # wrong credentials: an error, no cursor moved
    bad = Forwarder(srv.hub, lrs, "cc2:nope")
    bad.meta_key += ":bad"
    with pytest.raises(Exception) as err:
        bad.run_once()
    assert getattr(err.value, "code", "") == "lrs_unauthorized" and bad.state()["cursor"] == "0.0"
