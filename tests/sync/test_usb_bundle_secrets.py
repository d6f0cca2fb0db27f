"""What a found USB stick gives away, and what a forged reply can do: nothing.

A push bundle never carries the enrolment code nor a PIN hash in a readable form; a PC that only
syncs by USB checks its first reply against the 4 last characters of its enrolment code (they commit
to the server's keys) and applies nothing of a reply it cannot verify."""

from __future__ import annotations

import gzip

import pytest

from cc2desktop.core import crypto
from cc2desktop.core.sync import bundles
from cc2desktop.core.sync.client import SyncClient, status
from tests.sync.conftest import add_events, add_learner, enrolled


def _readable(path) -> bytes:
    data = path.read_bytes()
    header, _, body = data[len(bundles.MAGIC):].partition(b"\n")
    return header + gzip.decompress(body)


def test_a_usb_bundle_holds_neither_the_enrolment_code_nor_a_pin_hash(server, make_kit, tmp_path):
    online = enrolled(make_kit("online"), server)
    usb_pc, other = make_kit("usb"), enrolled(make_kit("other"), server)
    lid = add_learner(usb_pc, "Kofi", pin="1357")
    add_events(usb_pc, lid, 5)
    code = server.hub.new_enrolment_code()
    push = SyncClient(usb_pc).export_bundle(tmp_path / "stick", code=code)
    text = _readable(push)
    secret = code.replace("-", "")[:12].encode()
    assert secret not in text and code[:9].encode() not in text
    assert b"scrypt$" not in text and b"pin_hash" not in text
    # the server still enrols the PC and gets the PIN: the learner can claim her account elsewhere
    SyncClient(usb_pc).import_bundle(SyncClient(online).import_bundle(push)["reply"])
    assert status(usb_pc)["pending"] == 0
    with usb_pc.session() as s:
        from cc2desktop.core.db.models import Learner

        learner_code = s.get(Learner, lid).code
    assert SyncClient(other).claim(learner_code, "1357")["id"] == lid
    # later bundles seal the PIN hash to the server's key
    add_events(usb_pc, lid, 2)
    assert b"scrypt$" not in _readable(SyncClient(usb_pc).export_bundle(tmp_path / "stick2"))
    # a stick-finder replaying the proof for another device gets nothing
    thief = make_kit("thief")
    add_learner(thief)
    stolen = SyncClient(thief).export_bundle(tmp_path / "thief", code="AAAA-BBBB-CCCC-DDDD")
    with pytest.raises(Exception) as err:
        SyncClient(online).import_bundle(stolen)
    assert getattr(err.value, "code", "") == "bad_enrolment_code"


def test_a_forged_reply_marks_nothing_synced_and_pins_no_key(server, make_kit, tmp_path):
    online = enrolled(make_kit("online"), server)
    usb_pc = make_kit("usb")
    lid = add_learner(usb_pc)
    add_events(usb_pc, lid, 7)
    code = server.hub.new_enrolment_code()
    push = SyncClient(usb_pc).export_bundle(tmp_path / "stick", code=code)
    header, payload, digest = bundles.read_bundle(push.read_bytes())
    attacker = crypto.generate_key()
    box = crypto.box_public(crypto.new_box_key())
    forged = bundles.write_bundle("reply", header["device"], {
        "for": digest, "acked": [[1, 7]], "rejected": [], "received_at": "2026-01-01T00:00:00.000Z",
        "pull": {"batches": [], "learners": [], "items": [], "cursor": "0.0", "more": False},
        "claims": [], "backfill": [], "server_public_key": crypto.public_b64url(attacker),
        "server_box_key": box}, attacker, "2026-01-01T00:00:00.000Z")
    forged_path = tmp_path / "forged.reply.cc2sync"
    forged_path.write_bytes(forged)
    with pytest.raises(bundles.BundleError) as err:
        SyncClient(usb_pc).import_bundle(forged_path)
    assert err.value.code == "reply_unverified"
    assert status(usb_pc)["pending"] == 7
    with usb_pc.session() as s:
        from sqlalchemy import select

        from cc2desktop.core.sync.models import SyncState

        st = s.scalar(select(SyncState))
        assert st.server_public_key is None and st.server_box_key is None
    # the genuine reply is applied and pins the real server
    SyncClient(usb_pc).import_bundle(SyncClient(online).import_bundle(push)["reply"])
    assert status(usb_pc)["pending"] == 0
    with usb_pc.session() as s:
        assert s.scalar(select(SyncState)).server_public_key == server.hub.server_public_key


def test_a_usb_only_pc_refuses_a_code_that_cannot_check_its_server(make_kit, tmp_path):
    from cc2desktop.core.sync.client import SyncError

    usb_pc = make_kit("usb")
    add_learner(usb_pc)
    with pytest.raises(SyncError) as err:
        SyncClient(usb_pc).export_bundle(tmp_path / "stick", code="AAAA-BBBB-CCCC")
    assert err.value.code == "enrol_code_short"


@pytest.mark.parametrize("with_db", [False, True])
def test_sync_import_refuses_a_huge_file_before_reading_it(tmp_path, with_db):
    """A 2 GiB file on a stick (sparse: no disk used) is refused by its size, not read into memory."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    big = tmp_path / "huge.cc2sync"
    with open(big, "wb") as fh:
        fh.truncate(2 * 1024**3)
    cmd = [sys.executable, "-m", "cc2desktop", "--data-dir", str(tmp_path / "pc"), "sync", "import", str(big)]
    if with_db:
        cmd += ["--db", str(tmp_path / "hub.sqlite3")]
    root = Path(__file__).resolve().parents[2]
    # started by a small launcher, not by this (large) test process: a child's peak memory counts the
    # memory of the process it was forked from until it execs, and pytest's grows over the suite
    launcher = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
                "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    with open(tmp_path / "stderr.txt", "w+", encoding="utf-8") as err_fh:
        out = subprocess.run([sys.executable, "-c", launcher, *cmd], stdout=subprocess.PIPE, stderr=err_fh, cwd=root,
                             env={**os.environ, "PYTHONPATH": str(root)}, text=True, timeout=120).stdout
        err_fh.seek(0)
        err = err_fh.read()
    returncode, peak_kib = map(int, out.split())
    assert returncode == 1 and "too large" in err, err
    assert peak_kib < 400 * 1024  # KiB: far from the file's 2 GiB
