"""The same decision travels by USB bundle (a PC that never connects) and runs on PostgreSQL."""

from __future__ import annotations

import json

import pytest

from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import service
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner

from tests.support.certification_course import RIGHT, complete_course


def _pc(tmp_path, name, course_pack):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs.service import get_manifest
    from tests.support.certification_course import install_test_course
    from cc2desktop.core.paths import resolve_data_paths

    kit = Kit(resolve_data_paths(tmp_path / name))
    install_test_course(kit, course_pack)
    m = get_manifest(kit, "test-civictech")
    lid = new_id()
    with kit.session() as s:
        s.add(Learner(id=lid, display_name="Chloé Ngono Éyébé"))
        s.flush()
        complete_course(s, lid, m)
        att = ex.start_attempt(s, lid, m)
        ex.submit_attempt(s, kit.paths.keys_dir, att, RIGHT)
    return kit, lid


def test_certificate_travels_by_usb_bundle(tmp_path, cert_server, course_pack):
    from cc2desktop.core.sync.client import SyncClient

    kit, lid = _pc(tmp_path, "usb-only-pc", course_pack)
    usb = tmp_path / "stick"
    usb.mkdir()
    try:
        push = SyncClient(kit).export_bundle(usb, code=cert_server.hub.new_enrolment_code())
        reply = cert_server.hub.import_bundle(push.read_bytes())  # at the programme's office
        reply_path = usb / "reply.cc2bundle"
        reply_path.write_bytes(reply)
        SyncClient(kit).import_bundle(reply_path)                  # back at the cybercafé
        with kit.session() as s:
            [st] = service.claim_states(s, lid)
        assert st.state == "certified" and st.score == 1.0
        cert = service.find_certificate(kit, st.code)
        assert service.verify_any(cert.payload).claims["name"] == "Chloé Ngono Éyébé"
    finally:
        kit.close()


@pytest.mark.postgres
def test_certification_on_postgresql(tmp_path, pg_cert_server, course_pack, pg_url, capsys):
    from cc2desktop.cli import main
    from cc2desktop.core.sync.client import SyncClient

    kit, lid = _pc(tmp_path, "pc", course_pack)
    try:
        SyncClient(kit).enrol(pg_cert_server.url, pg_cert_server.hub.new_enrolment_code(), "pc")
        SyncClient(kit).sync()
        with kit.session() as s:
            [st] = service.claim_states(s, lid)
        assert st.state == "certified"
        # replaying the same claim as a new event is refused (the claim id is taken)
        from cc2desktop.core import events as ev

        with kit.session() as s:
            [claim] = [e.payload for e in ev.for_learner(s, lid, types=("exam.claimed",))]
            ev.append(s, lid, "exam.claimed", claim, course_id="test-civictech")
        SyncClient(kit).sync()
        with kit.session() as s:
            states = [x.state for x in service.claim_states(s, lid)]
            reasons = [r.reasons[0].code for r in service.decisions(s, learner_id=lid) if r.reasons]
        assert states.count("certified") >= 1 and reasons == ["replayed"]
    finally:
        kit.close()
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "adm"), "server", "certificates", "--db", pg_url, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["state"] for r in rows] == ["certified", "not_passed"] and rows[0]["learner_name"] == "Chloé Ngono Éyébé"
