"""Three tiers end to end with real servers on 127.0.0.1: a central server that grades (it alone
holds the exam answer key and the issuer key), hub A with two PCs syncing online, hub B where a
USB-only PC's bundles are imported. Claims go up through the hubs, certificates come down through
them; the central server holds every event once."""

from __future__ import annotations

import pytest

from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import service
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner

from tests.certification.conftest import CertServer
from tests.relay.conftest import hub_with_upstream, relay
from tests.support.certification_course import RIGHT, complete_course


@pytest.fixture
def central_cert(tmp_path, course_pack):
    from cc2desktop.core.certification.keys import generate_keypair

    data = tmp_path / "central-data"
    (data / "keys").mkdir(parents=True)
    generate_keypair(data / "keys" / "certificate-issuer.key")  # the programme's own key, not the demo one
    srv = CertServer(f"sqlite:///{tmp_path / 'central.sqlite3'}", course_pack.parent, data).start()
    yield srv
    srv.stop()


def _pc(tmp_path, name, course_pack):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    from tests.support.certification_course import install_test_course

    kit = Kit(resolve_data_paths(tmp_path / name))
    install_test_course(kit, course_pack)
    return kit


def _learner_takes_exam(kit, name: str) -> str:
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, "test-civictech")
    lid = new_id()
    with kit.session() as s:
        s.add(Learner(id=lid, display_name=name))
        s.flush()
        complete_course(s, lid, m)
        att = ex.start_attempt(s, lid, m)
        ex.submit_attempt(s, kit.paths.keys_dir, att, RIGHT)
    return lid


def _ids(kit) -> list[str]:
    with kit.session() as s:
        return [r[0] for r in s.connection().exec_driver_sql("SELECT id FROM events")]


def _broadcast(kit) -> list[tuple]:
    with kit.read() as s:
        return [tuple(r) for r in s.connection().exec_driver_sql(
            "SELECT scope, n, kind FROM sync_broadcast ORDER BY scope, n")]


def _states(kit, lid):
    with kit.session() as s:
        return [st.state for st in service.claim_states(s, lid)]


def test_three_tiers_grade_only_at_central_and_store_each_event_once(tmp_path, central_cert, course_pack):
    from cc2desktop.core.sync.client import SyncClient

    hub_a = hub_with_upstream(tmp_path, central_cert, "hub-a")
    hub_b = hub_with_upstream(tmp_path, central_cert, "hub-b")
    kits = []
    try:
        pc1, pc2, usb = (_pc(tmp_path, n, course_pack) for n in ("pc1", "pc2", "usb"))
        kits = [pc1, pc2, usb]
        for kit, name in ((pc1, "pc1"), (pc2, "pc2")):
            SyncClient(kit).enrol(hub_a.url, hub_a.hub.new_enrolment_code(), name)
        awa = _learner_takes_exam(pc1, "Awa")
        moussa = _learner_takes_exam(pc2, "Moussa")
        fatou = _learner_takes_exam(usb, "Fatou")
        # the hubs grade nothing: neither has a grading hook, nor an answer key
        from cc2desktop.server.certification import Certifier

        for h in (hub_a.hub, hub_b.hub):  # (the forum's and the calls' hooks stand aside on a relay)
            assert not any(isinstance(k, Certifier) for k in h.event_hooks) and getattr(h, "certifier", None) is None

        SyncClient(pc1).sync()
        SyncClient(pc2).sync()
        bundle = SyncClient(usb).export_bundle(tmp_path / "stick", code=hub_b.hub.new_enrolment_code())
        reply = hub_b.hub.import_bundle(bundle.read_bytes())  # at hub B (`sync import FILE --db`)
        (tmp_path / "stick" / "reply.cc2sync").write_bytes(reply)
        SyncClient(usb).import_bundle(tmp_path / "stick" / "reply.cc2sync")
        assert _states(pc1, awa) == ["pending"] and _states(usb, fatou) == ["pending"]

        # the central server announces something to every PC of the programme (a broadcast item)
        central_cert.hub.publish("programme", "announcement", {"fr": "Inscriptions ouvertes", "en": "Open"})
        # one round: claims go up, central grades them as it stores them, certificates come down
        up_a, up_b = relay(hub_a), relay(hub_b)
        assert up_a.stored == len(_ids(pc1)) + len(_ids(pc2)) and up_b.stored == len(_ids(usb))
        assert central_cert.hub.stats()["certificates"] == 3
        assert (up_a.items, up_b.items) == (2, 1)
        assert up_a.broadcast == up_b.broadcast == 2   # the issuer key item and the announcement

        SyncClient(pc1).sync()
        SyncClient(pc2).sync()
        assert _states(pc1, awa) == ["certified"] and _states(pc2, moussa) == ["certified"]
        bundle = SyncClient(usb).export_bundle(tmp_path / "stick2")
        (tmp_path / "stick2" / "reply.cc2sync").write_bytes(hub_b.hub.import_bundle(bundle.read_bytes()))
        SyncClient(usb).import_bundle(tmp_path / "stick2" / "reply.cc2sync")
        assert _states(usb, fatou) == ["certified"]

        # every PC holds the central server's broadcast items, checked against the key it pinned at
        # enrolment (the central server's, named by its hub), and trusts the central issuer through them
        for kit in (pc1, pc2, usb):
            assert _broadcast(kit) == [("programme", 1, "certification.issuer"), ("programme", 2, "announcement")]
            [row] = [r for r in service.list_certificates(kit) if r["state"] == "certified"]
            assert service.verify_any(row["payload"], keys_dir=kit.paths.keys_dir).valid
            assert not service.verify_any(row["payload"]).valid  # not a key the app ships: pinned via the hub

        # every event once at central, and nothing more
        with central_cert.hub.ReadSession() as s:
            at_central = [r[0] for r in s.connection().exec_driver_sql("SELECT id FROM events")]
        expected = {*_ids(pc1), *_ids(pc2), *_ids(usb)}
        assert len(at_central) == len(set(at_central)) == len(expected) and set(at_central) == expected
        # a second round moves nothing
        again = relay(hub_a)
        assert (again.sent, again.received, again.items) == (0, 0, 0)
    finally:
        for k in kits:
            k.close()
        hub_a.stop()
        hub_b.stop()
