"""No refused event hides and none blocks the others: every event type a PC writes (declared once in
core/event_types.py) is accepted by a real server; a bad event is refused alone, kept aside on the
PC with its reason (never resent on its own, exportable, releasable), online and by USB bundle;
an oversized text can no longer be written, and one written by an older version never blocks sync."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from cc2desktop.core import event_types
from cc2desktop.core.sync.client import SyncClient, Transport, refused_events, release_refused, status
from tests.sync.conftest import add_events, add_learner, enrolled, write_raw_event

REPO = Path(__file__).resolve().parents[2]
DEMO_PACKS = REPO / "assets" / "packs"


def _all_domains_write(kit) -> str:
    """A learner and a facilitator use the app: every domain function that writes an event runs
    once (learning, final exam, groups, sessions, attendance, group quiz). Returns the learner id."""
    from cc2desktop.core.certification import service as cert
    from cc2desktop.core.certification.simulate import complete_course
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.facilitation import service as fac
    from cc2desktop.core.learning.catalog import load_courses
    from cc2desktop.core.learning.service import Profiles
    from cc2desktop.core.packs.service import get_manifest, install_pack

    install_pack(kit, next(DEMO_PACKS.glob("*.cc2pack")))
    [course] = load_courses(kit)
    cap = next(c for c in course.capsules if c.has_quiz)
    quiz = cap.load_quiz()
    learner = Profiles(kit).create("Aïssatou")
    me = Profiles(kit).open(learner.id)
    me.record_watch(course, cap, [[0.0, 30.0]], position=30.0, length=float(cap.duration_s or 60), duration_s=30.0)
    q = quiz.questions[0]
    me.answer(course, cap, quiz, q["id"], {"single": "a", "true_false": True, "multiple": ["a"], "numeric": "3",
                                           "text": "données ouvertes"}.get(q["type"]), attempt_id="a1")
    me.complete_quiz(course, cap, quiz, attempt_id="a1")
    with kit.session() as s:
        complete_course(s, learner.id, get_manifest(kit, course.id))
    with kit.session() as s:
        accounts.add_facilitator(s, "Awa", "correct horse")
    with kit.session() as s:
        fs = accounts.authenticate(s, "Awa", "correct horse")
        others = [fac.new_learner(s, fs, f"P{i}") for i in range(3)]
        fac.create_group(s, fs, "Groupe du soir")
        fac.enrol(s, fs, "Groupe du soir", [learner.id, *others])
    exam_session = kit.certification.open_exam_session(fs, "Groupe du soir", course.id).value  # supervised exam
    view = cert.start_exam(kit, learner.id, course.id, proctor=exam_session["code"])
    simple = {"single": "a", "true_false": True, "multiple": ["a"], "numeric": "3", "text": "données ouvertes"}
    q1 = next(x for x in view["questions"] if x["type"] in simple)  # the draw decides which questions come
    given = simple[q1["type"]]
    cert.save_exam_answer(kit, learner.id, course.id, view["attempt"]["attempt_id"], q1["id"], given)
    claim = cert.submit_exam(kit, view["attempt"], {q1["id"]: given})
    with kit.session() as s:
        fac.record_attendance(s, fs, exam_session["session_id"])
    kit.certification.cosign(fs, exam_session["session_id"], [claim["claim_id"]])
    with kit.session() as s:
        sid = fac.plan_session(s, fs, "Groupe du soir", "2026-11-28", [cap.id], "Salle 2")
        fac.update_session(s, fs, sid, notes="Salle 3")
        fac.record_attendance(s, fs, sid, absent=others[2:])
        single = q["type"] in ("single", "true_false")
        fac.record_group_quiz(s, fs, sid, quiz, course_id=course.id, capsule_id=cap.id,
                              answers={q["id"]: {learner.id: "a" if q["type"] == "single" else True}} if single else {})
        fac.leave(s, fs, "Groupe du soir", [others[1]])
        fac.rename_group(s, fs, "Groupe du soir", "Groupe du jeudi soir")
        extra = fac.plan_session(s, fs, "Groupe du jeudi soir", "2026-11-29", [], "planned twice by mistake")
        fac.delete_session(s, fs, extra)
        fac.create_group(s, fs, "Groupe test")
        fac.enrol(s, fs, "Groupe test", [others[0]])
        fac.delete_group(s, fs, "Groupe test")
    from cc2desktop.core import forum  # the forum: a subject, its edit, a report, then withdrawn

    post = forum.write_post(kit, learner.id, course.id, "Qui vient jeudi ?", title="Séance de jeudi")
    forum.edit_post(kit, learner.id, course.id, post["id"], "Qui vient jeudi soir ?")
    forum.flag_post(kit, learner.id, course.id, post["id"], "doublon")
    forum.delete_post(kit, learner.id, course.id, post["id"])
    return learner.id


# Written only for a call for projects held on the PC by a certified learner: tests/calls (the
# domain's end to end, a real server) writes both and checks the server accepts them.
CALL_TYPES = {"call.submitted", "call.attachment"}


def test_every_event_type_a_pc_writes_is_accepted_by_a_real_server(server, make_kit):
    from sqlalchemy import text

    kit = enrolled(make_kit("pc"), server)
    _all_domains_write(kit)
    with kit.session() as s:
        written = set(s.execute(text("SELECT DISTINCT type FROM events")).scalars())
    assert written == set(event_types.EVENT_TYPES) - CALL_TYPES, "every declared type is written by some domain"
    rep = SyncClient(kit).sync()
    assert rep.rejections == [] and status(kit)["pending"] == 0 and status(kit)["rejected"] == 0
    with server.hub.ReadSession() as s:
        stored = set(s.execute(text("SELECT DISTINCT type FROM events")).scalars())
    assert stored == set(event_types.EVENT_TYPES) - CALL_TYPES


def _own_nodes(f):  # noqa: ANN001, ANN202
    """The nodes of a function's body, not those of the functions defined inside it."""
    todo = list(ast.iter_child_nodes(f))
    while todo:
        n = todo.pop()
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(n))


def test_no_code_writes_an_undeclared_event_type():
    """Every ``events.append(session, learner, TYPE, …)`` in the package names a declared type (a
    constant of core/event_types.py or a literal in it; through a local helper, every call of the
    helper does); append refuses anything else at run time."""
    declared = {k for k, v in vars(event_types).items() if isinstance(v, str) and v in event_types.EVENT_TYPES}
    declared |= {"CLAIM_EVENT", "START_EVENT", "ANSWER_EVENT"}  # certification's names for its types

    module: dict = {}

    def value_of(t) -> object:  # noqa: ANN001 - a module-level name or a dotted name, read from the module itself
        import importlib

        if not isinstance(t, (ast.Name, ast.Attribute)) or not all(
                isinstance(n, (ast.Name, ast.Attribute, ast.Load)) for n in ast.walk(t)):
            return None
        try:
            return eval(compile(ast.Expression(t), "<type>", "eval"), vars(importlib.import_module(module["name"])))
        except Exception:  # noqa: BLE001 - a local variable: not a constant
            return None

    def ok(t) -> bool:  # noqa: ANN001
        name = t.attr if isinstance(t, ast.Attribute) else t.id if isinstance(t, ast.Name) else None
        return ((isinstance(t, ast.Constant) and t.value in event_types.EVENT_TYPES) or name in declared
                or value_of(t) in event_types.EVENT_TYPES)

    problems, checked = [], 0
    for path in (REPO / "cc2desktop").rglob("*.py"):
        module["name"] = ".".join(path.relative_to(REPO).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for f in funcs:
            params = [a.arg for a in f.args.args]
            for node in _own_nodes(f):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "append" and isinstance(node.func.value, ast.Name)
                        and node.func.value.id in ("ev", "events") and len(node.args) >= 3):
                    continue
                t, checked = node.args[2], checked + 1
                if isinstance(t, ast.Name) and t.id in params:  # a helper: look at every call of it
                    i = params.index(t.id)
                    calls = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                             and c.func.id == f.name and len(c.args) > i]
                    bad = [c for c in calls if not ok(c.args[i])]
                    problems += [f"{path.relative_to(REPO)}:{c.lineno}: {ast.unparse(c.args[i])}" for c in bad]
                    if calls:
                        continue
                if not ok(t):
                    problems.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(t)}")
    assert checked > 10 and not problems, problems


def test_append_refuses_undeclared_types_and_oversized_payloads(kit):
    from cc2desktop.core import events
    from cc2desktop.core.errors import ValidationError

    with kit.session() as s:
        with pytest.raises(ValidationError) as err:
            events.append(s, "L1", "bitcoin.mined", {})
        assert err.value.code == "unknown_event_type"
        with pytest.raises(ValidationError) as err:
            events.append(s, "L1", "quiz.answered", {"capsule_id": "m1c1", "quiz_id": "q", "attempt_id": "A1",
                                                     "question_id": "q1", "response": "é" * 9000})
        assert err.value.code == "too_large"
    with kit.session() as s:
        assert events.for_learner(s, "L1") == []


def test_a_refused_event_is_kept_aside_alone_and_everything_else_flows(server, make_kit, tmp_path):
    kit = enrolled(make_kit("pc"), server)
    lid = add_learner(kit)
    add_events(kit, lid, 3)
    alien = write_raw_event(kit, lid, "bitcoin.mined", {"x": 1})  # a type no server knows
    big = write_raw_event(kit, lid, "quiz.answered", {"response": "Ô" * 4200, "raw_response": "Ô" * 4200})  # 17 KB
    broken = write_raw_event(kit, lid, "quiz.answered", "[1, 2]")  # a payload that is not an object
    add_events(kit, lid, 2)
    rep = SyncClient(kit).sync()
    assert sorted(r["reason"] for r in rep.rejections) == ["bad_event", "too_large", "unknown_type"]
    st = status(kit)
    assert st["pending"] == 0 and st["rejected"] == 3 and st["synced"] == 5
    assert st["rejected_reasons"] == {"unknown_type": 1, "too_large": 1, "bad_event": 1}
    assert server.hub.stats()["events"] == 5
    rows = refused_events(kit)
    assert {r["id"]: r["reason"] for r in rows} == {alien: "unknown_type", big: "too_large", broken: "bad_event"}
    assert rows[0]["learner_name"] == "Aïcha" and rows[1]["size"] > 16_384
    # never resent on their own: the next sync sends nothing, more work keeps flowing
    add_events(kit, lid, 2)
    rep = SyncClient(kit).sync()
    assert rep.rejections == [] and rep.pushed == 2 and status(kit)["rejected"] == 3
    # exportable, whole, for the programme
    from cc2desktop.core.sync.client import export_refused

    doc = json.loads(export_refused(kit, tmp_path / "out" / "refused.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in doc["events"]} == {alien, big, broken}
    assert next(e for e in doc["events"] if e["id"] == big)["payload"]["response"] == "Ô" * 4200
    # a facilitator sends one again (e.g. after a server update): refused again, still kept
    assert release_refused(kit, [alien]) == 1 and status(kit)["rejected"] == 2
    rep = SyncClient(kit).sync()
    assert [r["reason"] for r in rep.rejections] == ["unknown_type"] and status(kit)["rejected"] == 3


def test_the_server_refuses_an_oversized_event_alone(server, make_kit):
    """A PC of an older version sends a 17 KB event among good ones (no check of its own): the
    server stores the others and names the big one, which that PC keeps aside."""
    from cc2desktop.core.sync import protocol as P

    kit = enrolled(make_kit("pc"), server)
    lid = add_learner(kit)
    add_events(kit, lid, 2)
    big = write_raw_event(kit, lid, "quiz.answered", {"response": "Ô" * 4200, "raw_response": "Ô" * 4200})
    add_events(kit, lid, 2)
    client = SyncClient(kit)
    with kit.session() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT id, learner_id, device_id, seq, type, course_id, payload, created_at FROM events ORDER BY seq"
        ).cursor.fetchall()
        dev, token = rows[0][2], s.connection().exec_driver_sql("SELECT token FROM sync_state").scalar()
    _d, _b, profiles, hashes = client.next_batch(1, with_profiles=True)
    t = Transport(server.url, token)
    try:
        body = b'{"l":' + P.dumps_compact(profiles) + b',"b":' + P.batch_bytes(P.encode_batch(dev, rows)) + b"}"
        out = t.call("POST", "/sync/push", json_body=body)
    finally:
        t.close()
    assert out["acked"] == [[1, 2], [4, 5]] and out["rejected"] == [{"id": big, "seq": 3, "reason": "too_large"}]
    client.apply_acks(dev, out, hashes)
    assert status(kit)["pending"] == 0 and status(kit)["rejected"] == 1
    from cc2desktop.server.models import Rejection

    with server.hub.ReadSession() as s:
        assert [(r.event_id, r.reason) for r in s.query(Rejection)] == [(big, "too_large")]


def test_a_push_refused_whole_is_split_until_the_bad_event_is_alone(server, make_kit):
    """An event whose id is damaged makes any server refuse the whole push (it cannot name it): the
    PC halves the batch until that event is alone, keeps it aside, and sends everything else."""
    kit = enrolled(make_kit("pc"), server)
    lid = add_learner(kit)
    add_events(kit, lid, 20)
    from cc2desktop.core.db.models import Event

    with kit.session() as s:  # a row damaged on disk (its id is no longer a UUID)
        row = s.query(Event).filter(Event.seq == 13).one()
        row.id = "not-a-uuid"
    client = SyncClient(kit)
    rep = client.sync()
    assert rep.rejections == [{"id": "not-a-uuid", "reason": "bad_event"}] and rep.pushed == 19
    assert status(kit)["pending"] == 0 and server.hub.stats()["events"] == 19
    assert rep.requests < 20  # a handful of splits, not one request per event


def test_refused_events_by_usb_bundle_and_reply(server, make_kit, tmp_path):
    from cc2desktop.core.sync.client import SyncClient as C

    pc = make_kit("usb-pc")
    relay = enrolled(make_kit("relay"), server)
    lid = add_learner(pc)
    add_events(pc, lid, 2)
    alien = write_raw_event(pc, lid, "bitcoin.mined", {"x": 1})
    big = write_raw_event(pc, lid, "quiz.answered", {"response": "Ô" * 4200, "raw_response": "Ô" * 4200})
    add_events(pc, lid, 2)
    bundle = C(pc).export_bundle(tmp_path / "stick", code=server.hub.new_enrolment_code())
    assert status(pc)["rejected"] == 1  # the oversized one is kept aside, never put on the stick
    reply = Path(C(relay).import_bundle(bundle)["reply"])
    res = C(pc).import_bundle(reply)
    assert res["acked"] == 4 and res["rejected"] == 1
    assert {r["id"]: r["reason"] for r in refused_events(pc)} == {alien: "unknown_type", big: "too_large"}
    st = status(pc)
    assert st["pending"] == 0 and st["rejected"] == 2
    # the next bundle carries no refused event again
    again = C(pc).export_bundle(tmp_path / "stick2")
    from cc2desktop.core.sync import bundles

    _h, payload, _d = bundles.read_bundle(again.read_bytes())
    assert payload["bs"] == []


def test_text_answers_are_bounded_in_core_and_stored_once(kit):
    from cc2desktop.core import limits
    from cc2desktop.core.errors import ValidationError
    from cc2desktop.core.learning.catalog import load_courses
    from cc2desktop.core.learning.service import Profiles
    from cc2desktop.core.packs.service import install_pack

    install_pack(kit, next(DEMO_PACKS.glob("*.cc2pack")))
    [course] = load_courses(kit)
    cap = next(c for c in course.capsules if c.has_quiz and any(q["type"] == "text" for q in c.load_quiz().questions))
    quiz = cap.load_quiz()
    q = next(x for x in quiz.questions if x["type"] == "text")
    me = Profiles(kit).open(Profiles(kit).create("Aïssatou").id)
    with pytest.raises(ValidationError) as err:
        me.answer(course, cap, quiz, q["id"], "é" * 4200, attempt_id="a1")
    assert err.value.code == "too_long" and err.value.params["limit"] == limits.TEXT_ANSWER
    me.answer(course, cap, quiz, q["id"], "é" * limits.TEXT_ANSWER, attempt_id="a1")
    from cc2desktop.core import events

    with kit.session() as s:
        [e] = events.for_learner(s, me.learner_id, types=("quiz.answered",))
    assert "raw_response" not in e.payload and e.payload["response"] == "é" * limits.TEXT_ANSWER
    assert len(events.dumps(e.payload).encode("utf-8")) < limits.EVENT_PAYLOAD_BYTES // 10


def test_cli_lists_exports_and_releases_refused_events(server, make_kit, tmp_path, capsys):
    from cc2desktop.cli import main

    kit = enrolled(make_kit("pc"), server)
    lid = add_learner(kit)
    add_events(kit, lid, 2)
    alien = write_raw_event(kit, lid, "bitcoin.mined", {"x": 1})
    SyncClient(kit).sync()
    d = str(kit.paths.root)
    assert main(["--data-dir", d, "sync", "refused", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["reason"]) for r in rows] == [(alien, "unknown_type")]
    assert main(["--data-dir", d, "sync", "refused", "--export", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["events"][0]["payload"] == {"x": 1}
    assert main(["--data-dir", d, "sync", "refused", "--release"]) == 0
    assert status(kit)["rejected"] == 0 and status(kit)["pending"] == 1
