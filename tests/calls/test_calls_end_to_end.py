"""Calls for projects end to end with a real server on 127.0.0.1 (docs/calls.md): the call reaches
the PCs through the broadcast scope (HTTP and USB replies), only certified learners apply (checked on
the PC and again on the server), one application per learner and call whatever the PCs and sticks,
the decision comes back as a signed status item, selecting makes a cohort group on the centre's PC,
hostile answers and closed calls are refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cc2desktop.core import events as ev
from cc2desktop.core.calls import service, spec
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.errors import CCError

from tests.support.certification_course import RIGHT, complete_course

PIN = "0000"
NOW = dt.datetime.now(dt.timezone.utc)


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


def call_doc(call_id: str = "incub-2027", *, opens: dt.datetime | None = None, closes: dt.datetime | None = None,
             grace_hours: int = 72) -> dict:
    return {"id": call_id, "course": "test-civictech",
            "title": {"fr": "Appel à projets 2027", "en": "Call for projects 2027"},
            "opens": _iso(opens or NOW - dt.timedelta(days=10)), "closes": _iso(closes or NOW + dt.timedelta(days=20)),
            "grace_hours": grace_hours,
            "fields": [
                {"id": "project", "type": "text", "required": True, "max": 80,
                 "label": {"fr": "Nom du projet", "en": "Project name"}},
                {"id": "pitch", "type": "long_text", "required": True, "max": 1500,
                 "label": {"fr": "Présentation", "en": "Pitch"}},
                {"id": "theme", "type": "choice", "required": True, "choices": ["santé", "éducation", "gouvernance"],
                 "label": {"fr": "Thème", "en": "Theme"}},
                {"id": "budget", "type": "number", "required": False, "max": 100000,
                 "label": {"fr": "Budget", "en": "Budget"}},
                {"id": "plan", "type": "file", "required": False, "max": 30000,
                 "label": {"fr": "Plan", "en": "Plan"}}]}


def _pc(tmp_path, name, course_pack):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from tests.support.certification_course import install_test_course

    kit = Kit(resolve_data_paths(tmp_path / name))
    install_test_course(kit, course_pack)
    return kit


def _learner(kit, name, *, certify: bool = True, gender: str = "f") -> str:
    from cc2desktop.core.packs.service import get_manifest

    lid = kit.learning.create_learner(name, PIN, gender=gender, country="SN").value.id
    m = get_manifest(kit, "test-civictech")
    with kit.session() as s:
        complete_course(s, lid, m)
        if certify:
            att = ex.start_attempt(s, lid, m)
            ex.submit_attempt(s, kit.paths.keys_dir, att, RIGHT)
    return lid


def _answers(tmp_path, **over) -> dict:
    a = {"project": "Budget ouvert de Thiès", "pitch": "Rendre le budget municipal lisible.\nPar quartier.",
         "theme": "gouvernance", "budget": 12000}
    a.update(over)
    return a


def _stick(kit, hub, usb, *, code=None):
    from cc2desktop.core.sync.client import SyncClient

    usb.mkdir(exist_ok=True)
    push = SyncClient(kit).export_bundle(usb, code=code)
    reply = usb / f"reply-{push.stem}.cc2bundle"
    reply.write_bytes(hub.import_bundle(push.read_bytes()))  # at the programme's office
    SyncClient(kit).import_bundle(reply)                      # back at the centre


def _sync(kit):
    from cc2desktop.core.sync.client import SyncClient

    return SyncClient(kit).sync()


@pytest.fixture
def online_pc(tmp_path, cert_server, course_pack):
    from cc2desktop.core.sync.client import SyncClient

    kit = _pc(tmp_path, "online", course_pack)
    SyncClient(kit).enrol(cert_server.url, cert_server.hub.new_enrolment_code(), "cybercafé Thiès")
    yield kit
    kit.close()


def test_call_from_publication_to_cohort_over_usb_and_online(tmp_path, cert_server, course_pack, online_pc, capsys):
    from cc2desktop.cli import main
    from cc2desktop.core.facilitation.models import Group, GroupMember
    from cc2desktop.core.sync.client import SyncClient, ensure_learner_code
    from cc2desktop.server import calls

    hub = cert_server.hub
    centre = _pc(tmp_path, "centre", course_pack)  # the centre's PC: USB only, its facilitator's too
    usb = tmp_path / "stick"
    try:
        awa = _learner(centre, "Awa Ndiaye-Fall")
        moussa = _learner(centre, "Moussa Diop", certify=False, gender="m")
        _stick(centre, hub, usb, code=hub.new_enrolment_code())  # stick 0: her exam; the certificate back
        assert service.eligibility_of(centre, awa, "test-civictech")["eligible"]

        # the programme publishes the call (the CLI checks the file first: a bad one changes nothing)
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({**call_doc(), "closes": "2027-01-01"}), encoding="utf-8")
        db = str(tmp_path / "server.sqlite3")
        assert main(["--data-dir", str(tmp_path / "srv"), "server", "call", "create", str(bad), "--db", db]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "offset" in err
        good = tmp_path / "call.json"
        good.write_text(json.dumps(call_doc()), encoding="utf-8")
        assert main(["--data-dir", str(tmp_path / "srv"), "server", "call", "create", str(good), "--db", db,
                     "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["state"] == "published"

        _stick(centre, hub, usb)  # the call reaches the USB-only PC in the reply
        assert [c["id"] for c in service.list_calls(centre)] == ["incub-2027"]
        _sync(online_pc)
        assert main(["--data-dir", str(online_pc.paths.root), "call", "list", "--json"]) == 0
        [listed] = json.loads(capsys.readouterr().out)
        assert listed["id"] == "incub-2027" and listed["state"] == "open"

        # uncertified: refused on the PC with one line, nothing written
        ans = tmp_path / "answers.json"
        ans.write_text(json.dumps(_answers(tmp_path)), encoding="utf-8")
        before = _count_events(centre)
        assert main(["--data-dir", str(centre.paths.root), "call", "apply", "--learner", moussa, "--pin", PIN,
                     "--call", "incub-2027", "--answers", str(ans)]) == 1
        err = capsys.readouterr().err
        assert "not certified" in err and err.count("\n") == 1 and _count_events(centre) == before

        # a draft, then a submission with an attached plan (hashed, in chunks)
        (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4 plan " * 1500)  # 21 000 bytes: 3 chunks
        ans.write_text(json.dumps(_answers(tmp_path, pitch="")), encoding="utf-8")
        assert main(["--data-dir", str(centre.paths.root), "call", "apply", "--learner", awa, "--pin", PIN,
                     "--call", "incub-2027", "--answers", str(ans), "--draft", "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {"id": spec.application_id(awa, "incub-2027"), "state": "draft"}
        ans.write_text(json.dumps(_answers(tmp_path, plan="plan.pdf")), encoding="utf-8")
        assert main(["--data-dir", str(centre.paths.root), "call", "apply", "--learner", awa, "--pin", PIN,
                     "--call", "incub-2027", "--answers", str(ans), "--json"]) == 0
        app_id = json.loads(capsys.readouterr().out)["id"]
        [st] = service.status(centre, awa, PIN)
        assert st["status"] == "pending" and st["version"] == 1 and not st["draft"]

        _stick(centre, hub, usb)  # stick 1 carries version 1; the reply says "received"
        [st] = service.status(centre, awa, PIN)
        assert st["status"] == "received" and st["counted_version"] == 1
        with hub.ReadSession() as s:
            [row] = calls.list_applications(s, "incub-2027")
            assert calls.attachment_data(s, awa, app_id, row["answers"]["plan"]["sha256"]) == \
                (tmp_path / "plan.pdf").read_bytes()

        # version 2 on the same PC, stick 2; then version 3 online, from a cybercafé where she signs in
        ans.write_text(json.dumps(_answers(tmp_path, project="Budget ouvert v2", plan="plan.pdf")), encoding="utf-8")
        assert service.apply(centre, awa, PIN, "incub-2027", json.loads(ans.read_text()),
                             base_dir=tmp_path)["state"] == "submitted"
        _stick(centre, hub, usb)
        with centre.session() as s:
            code = ensure_learner_code(s, awa)
        _stick(centre, hub, usb)  # her learner code reaches the server
        SyncClient(online_pc).claim(code, PIN)
        res = service.apply(online_pc, awa, PIN, "incub-2027", _answers(tmp_path, project="Budget ouvert v3"))
        assert res["version"] == 3
        _sync(online_pc)
        _stick(centre, hub, usb)  # a stick again: nothing new counted twice
        with hub.ReadSession() as s:
            rows = calls.list_applications(s, "incub-2027")
        assert len(rows) == 1 and rows[0]["id"] == app_id and rows[0]["version"] == 3
        assert rows[0]["answers"]["project"] == "Budget ouvert v3" and rows[0]["submissions"] == 3

        # review: scores, export (blind leaves out who she is), decision
        assert main(["--data-dir", str(tmp_path / "srv"), "server", "applications", "score", app_id,
                     "--reviewer", "Fatou", "--score", "17", "--comment", "clair", "--db", db]) == 0
        assert main(["--data-dir", str(tmp_path / "srv"), "server", "applications", "export", "--call", "incub-2027",
                     "--blind", "--db", db]) == 0
        sheet = capsys.readouterr().out
        assert "Budget ouvert v3" in sheet and "Awa" not in sheet and awa not in sheet and "SN" not in sheet
        assert main(["--data-dir", str(tmp_path / "srv"), "server", "applications", "list", "--call", "incub-2027",
                     "--db", db, "--json"]) == 0
        [listed] = json.loads(capsys.readouterr().out)
        assert {"id", "learner", "status", "submitted_at", "answers", "scores"} <= set(listed)
        assert listed["scores"][0]["score"] == 17 and listed["name"] == "Awa Ndiaye-Fall"
        assert main(["--data-dir", str(tmp_path / "srv"), "server", "applications", "decide", app_id,
                     "--status", "selected", "--db", db]) == 0
        assert "cohort Incubation" in capsys.readouterr().out

        # the status comes back online and by stick; the cohort group appears on the centre's PC
        _sync(online_pc)
        [st] = service.status(online_pc, awa, PIN)
        assert st["status"] == "selected" and "incubation" in st["next_step"]
        _stick(centre, hub, usb)
        [st] = service.status(centre, awa, PIN)
        assert st["status"] == "selected"
        with centre.session() as s:
            g = s.get(Group, spec.cohort_group_id("incub-2027"))
            assert g is not None and g.name.startswith("Incubation")
            assert [m.learner_id for m in s.query(GroupMember).filter_by(group_id=g.id)] == [awa]

        # the server refuses an uncertified learner whatever her PC says (an older PC that did not check)
        with centre.session() as s:
            ev.append(s, moussa, spec.SUBMITTED, {
                "application_id": spec.application_id(moussa, "incub-2027"), "call_id": "incub-2027", "version": 1,
                "answers": _answers(tmp_path), "submitted_at": _iso(NOW)}, course_id="test-civictech")
        _stick(centre, hub, usb)
        with hub.ReadSession() as s:
            refused = [r for r in calls.list_applications(s, "incub-2027") if r["learner"] == moussa]
        assert [(r["status"], r["reason"]) for r in refused] == [("refused", "not_certified")]
        assert main(["--data-dir", str(tmp_path / "srv"), "server", "report", "--db", db]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["applied"] == 1 and report["selected"] == 1  # the refused one is not counted
        assert (report["by_gender"]["f"]["applied"], report["by_gender"]["f"]["selected"]) == (1, 1)
        assert report["by_gender"].get("m", {}).get("applied", 0) == 0
    finally:
        centre.close()


def _count_events(kit) -> int:
    with kit.read() as s:
        return s.connection().exec_driver_sql("SELECT COUNT(*) FROM events").scalar()


def test_hostile_answers_and_closed_calls_are_refused(tmp_path, cert_server, course_pack, online_pc):
    from cc2desktop.server import calls

    hub = cert_server.hub
    lid = _learner(online_pc, "Aïcha Ouédraogo")
    calls.create_call(hub, call_doc())
    calls.create_call(hub, call_doc("late-grace", closes=NOW - dt.timedelta(hours=2)))
    calls.create_call(hub, call_doc("long-closed", closes=NOW - dt.timedelta(days=5)))
    _sync(online_pc)
    assert service.eligibility_of(online_pc, lid, "test-civictech")["eligible"]
    hostile = [
        ({"project": "x" * 81, "pitch": "p", "theme": "santé"}, "too long"),
        ({"project": 12, "pitch": "p", "theme": "santé"}, "takes a text"),
        ({"project": "p", "pitch": "p", "theme": "santé", "budget": "beaucoup"}, "takes a number"),
        ({"project": "p", "pitch": "p", "theme": "santé", "budget": 10**7}, "from 0 to 100000"),
        ({"project": "p", "pitch": "p", "theme": "sport"}, "not one of its choices"),
        ({"project": "p", "pitch": "p", "theme": "santé", "admin": True}, "unknown field"),
        ({"project": "p", "theme": "santé"}, "required"),
        ({"project": "p", "pitch": "p", "theme": "santé", "plan": "big.pdf"}, "too large"),
        ({"project": "p", "pitch": "p", "theme": "santé", "plan": "missing.pdf"}, "cannot read"),
        ([1, 2], "JSON object"),
    ]
    (tmp_path / "big.pdf").write_bytes(b"x" * 30001)
    before = _count_events(online_pc)
    for answers, words in hostile:
        with pytest.raises(CCError) as err:
            service.apply(online_pc, lid, PIN, "incub-2027", answers, base_dir=tmp_path)
        assert words in err.value.message and "\n" not in err.value.message, (answers, err.value.message)
    assert _count_events(online_pc) == before
    # a closed call refuses on the PC…
    for cid in ("late-grace", "long-closed"):
        with pytest.raises(CCError) as err:
            service.apply(online_pc, lid, PIN, cid, _answers(tmp_path))
        assert err.value.code == "call_closed"
    # …and on the server: submitted (by the PC's clock) before the deadline, it counts within the grace
    # period stated in the call, not after it
    before_deadline = NOW - dt.timedelta(days=6)
    for cid in ("late-grace", "long-closed"):
        service.apply(online_pc, lid, PIN, cid, _answers(tmp_path), now=before_deadline)
    _sync(online_pc)
    with hub.ReadSession() as s:
        got = {r["call"]: (r["status"], r["reason"]) for r in calls.list_applications(s)}
    assert got == {"late-grace": ("received", None), "long-closed": ("refused", "closed")}
    states = {r["call"]: r["status"] for r in service.status(online_pc, lid, PIN)}
    assert states == {"late-grace": "received", "long-closed": "refused"}
