"""The facilitator's "Other PCs" import trusts no key it was not told to: bundles come only from PCs
paired once (both show the same code), hold only that PC's own events, never replace a learner's
profile or PIN on this PC, and no event can take the place of another PC's genuine one."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from cc2desktop.core import crypto
from cc2desktop.core.db.models import Event, Learner
from cc2desktop.core.errors import ValidationError
from cc2desktop.core.facilitation import centre
from cc2desktop.core.kit import Kit
from cc2desktop.core.paths import resolve_data_paths
from cc2desktop.core.sync import bundles
from cc2desktop.core.sync import protocol as P
from cc2desktop.core.sync.client import SyncClient
from tests.sync.conftest import add_events, add_learner


def _pc(tmp_path, name, learners=1, events=3):
    kit = Kit(resolve_data_paths(tmp_path / name))
    lids = [add_learner(kit, f"{name}-{i}", pin="2468") for i in range(learners)]
    for lid in lids:
        add_events(kit, lid, events)
    return kit, lids


def _count(kit) -> int:
    with kit.session() as s:
        return s.scalar(select(func.count()).select_from(Event))


def _pair(kit, fs, bundle):
    centre.pair(kit, fs, bundle, centre.pairing_of(bundle)["pairing_code"])


def _forge(bundle_path, out, *, key=None, events=None, profiles=None):
    """A bundle made from a real one: other events or profiles, signed by ``key`` (default: a key
    the attacker made, as a stick-finder would)."""
    header, payload, _ = bundles.read_bundle(bundle_path.read_bytes())
    evs = [e for b in payload["bs"] for e in P.decode_batch(b)]
    evs = events(evs) if events else evs
    rows = [(e.id, e.learner_id, e.device_id, e.seq, e.type, e.course_id, e.payload_text, e.created_at) for e in evs]
    import json

    batches = [json.loads(P.batch_bytes(P.encode_batch(evs[0].device_id, rows)))] if evs else []
    payload = {**payload, "bs": batches,
               "l": profiles(payload["l"]) if profiles else payload["l"]}
    signer = key or crypto.generate_key()
    out.write_bytes(bundles.write_bundle("push", header["device"], payload, signer, header["created_at"]))
    return out


def test_a_bundle_from_an_unpaired_pc_is_refused_and_pairing_needs_the_right_code(fac, tmp_path):
    kit, fs = fac
    other, _ = _pc(tmp_path, "pc1")
    bundle = SyncClient(other).export_bundle(tmp_path / "usb")
    before = _count(kit)
    with pytest.raises(centre.UnknownPCError) as err:
        centre.import_bundles(kit, fs, [bundle])
    assert err.value.params["pairing_code"] == other.sync.pairing_code()
    with pytest.raises(ValidationError) as err:
        centre.pair(kit, fs, bundle, "000 000" if other.sync.pairing_code() != "000 000" else "111 111")
    assert err.value.code == "pairing_code"
    assert _count(kit) == before
    _pair(kit, fs, bundle)
    assert centre.import_bundles(kit, fs, [bundle]).events_new == 3
    # the same device id signed by another key (a stick-finder's forgery) is still refused
    forged = _forge(bundle, tmp_path / "forged.cc2sync")
    with pytest.raises(centre.UnknownPCError):
        centre.import_bundles(kit, fs, [forged])
    other.close()


def test_a_paired_pc_cannot_inject_events_of_another_pc(fac, tmp_path):
    kit, fs = fac
    a, _ = _pc(tmp_path, "pcA")
    b, _ = _pc(tmp_path, "pcB")
    bundle_a = SyncClient(a).export_bundle(tmp_path / "usbA")
    bundle_b = SyncClient(b).export_bundle(tmp_path / "usbB")
    _pair(kit, fs, bundle_b)
    from cc2desktop.core.sync import keys

    b_key = keys.load_or_create_device_key(b.paths.keys_dir)
    header_a, payload_a, _ = bundles.read_bundle(bundle_a.read_bytes())
    a_events = [e for bt in payload_a["bs"] for e in P.decode_batch(bt)]
    # B (paired, malicious) ships A's events altered, under A's device id
    evil = _forge(bundle_b, tmp_path / "evil.cc2sync", key=b_key,
                  events=lambda evs: [dataclasses.replace(e, payload_text='{"capsule_id":"x"}') for e in a_events])
    before = _count(kit)
    with pytest.raises(ValidationError) as err:
        centre.import_bundles(kit, fs, [evil])
    assert err.value.code == "bad_bundle" and _count(kit) == before
    # B takes the ids (and sequence numbers) of A's events under its own device id: A's genuine
    # events still arrive, every one of them
    squat = _forge(bundle_b, tmp_path / "squat.cc2sync", key=b_key,
                   events=lambda evs: [dataclasses.replace(e, id=a.id, seq=a.seq) for e, a in zip(evs, a_events)])
    centre.import_bundles(kit, fs, [squat])
    _pair(kit, fs, bundle_a)
    assert centre.import_bundles(kit, fs, [bundle_a]).events_new == len(a_events)
    with kit.session() as s:
        stored = {(r.device_id, r.id, r.payload) for r in s.scalars(select(Event).where(
            Event.device_id == header_a["device"]))}
    assert stored == {(e.device_id, e.id, e.payload_text) for e in a_events}
    a.close()
    b.close()


def test_a_bundle_never_replaces_a_learners_profile_or_pin_here(fac, tmp_path):
    kit, fs = fac
    local = add_learner(kit, "Awa Local", pin="1234")
    with kit.session() as s:
        pin_before = s.get(Learner, local).pin_hash
    other, _ = _pc(tmp_path, "pc1")
    bundle = SyncClient(other).export_bundle(tmp_path / "usb")
    _pair(kit, fs, bundle)
    from cc2desktop.core.sync import keys

    key = keys.load_or_create_device_key(other.paths.keys_dir)
    hostile = _forge(bundle, tmp_path / "hostile.cc2sync", key=key, profiles=lambda ps: ps + [
        {"id": local, "display_name": "Hacked", "pin_hash": crypto.hash_secret("0000", n=16, r=1)}])
    centre.import_bundles(kit, fs, [hostile])
    with kit.session() as s:
        row = s.get(Learner, local)
        assert (row.display_name, row.pin_hash) == ("Awa Local", pin_before)
        # learners new to this PC arrive without any PIN hash: none travels on a stick
        assert all(r.pin_hash is None for r in s.scalars(select(Learner).where(Learner.id != local)))
    other.close()


def test_pcs_enrolled_with_the_same_server_need_no_pairing(fac, tmp_path):
    from tests.sync.conftest import LiveServer, enrolled

    kit, fs = fac
    hub = LiveServer(f"sqlite:///{tmp_path / 'hub.sqlite3'}").start()
    other_hub = LiveServer(f"sqlite:///{tmp_path / 'other.sqlite3'}").start()
    try:
        enrolled(kit, hub, "facilitator")
        same, _ = _pc(tmp_path, "same")
        enrolled(same, hub, "same")
        elsewhere, _ = _pc(tmp_path, "elsewhere")
        enrolled(elsewhere, other_hub, "elsewhere")
        ok = SyncClient(same).export_bundle(tmp_path / "usb1")
        assert centre.import_bundles(kit, fs, [ok]).events_new == 3
        with pytest.raises(centre.UnknownPCError):  # enrolled, but with another server
            centre.import_bundles(kit, fs, [SyncClient(elsewhere).export_bundle(tmp_path / "usb2")])
        # the server's word is bound to the PC's key: a stick-finder re-signing it gets nothing
        with pytest.raises(centre.UnknownPCError):
            centre.import_bundles(kit, fs, [_forge(ok, tmp_path / "stolen.cc2sync")])
        same.close()
        elsewhere.close()
    finally:
        hub.stop()
        other_hub.stop()
