"""Erasing a learner everywhere: a facilitator erases her on one PC; the server erases her at that
PC's next sync, her other PC (online) and a USB-only PC follow; figures stop counting her; her
certificate stays verifiable without her name; no database file keeps her name (raw bytes, WAL
included)."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from cc2desktop.core.facilitation import accounts

from tests.support.facilitation import PASSWORD

NAME = "Zéphyrine Oyelaran"


def _raw_files(*paths: Path) -> list[Path]:
    out = []
    for p in paths:
        for suffix in ("", "-wal", "-journal"):
            f = Path(str(p) + suffix)
            if f.is_file():
                out.append(f)
    return out


def _holds_name(files: list[Path]) -> list[str]:
    needles = [NAME.encode("utf-8"), NAME.encode("utf-16-le"), json.dumps(NAME).encode("ascii"),
               "Oyelaran".encode("utf-8")]
    return [f.name for f in files if any(n in f.read_bytes() for n in needles)]


def test_erased_everywhere_certificate_kept_without_name(tmp_path, course_pack_for_erase):
    from cc2desktop.core.certification.simulate import simulate_certification
    from cc2desktop.core.db.models import Learner
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.reports import programme as P
    from cc2desktop.core.sync.client import SyncClient

    from tests.support.cert_server import CertServer
    from tests.support.certification_course import install_test_course

    pack, key = course_pack_for_erase
    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", pack.parent, tmp_path / "srv").start()
    kits = []
    try:
        a, b, usb = (Kit(resolve_data_paths(tmp_path / n)) for n in ("a", "b", "usb"))
        kits += [a, b, usb]
        for k, name in ((a, "A"), (b, "B")):
            SyncClient(k).enrol(srv.url, srv.hub.new_enrolment_code(centre="Centre 1"), name)
        install_test_course(a, pack)
        her = a.learning.create_learner(NAME, "0000", gender="f", country="SN").value
        a.learning.create_learner("Awa Autre", "0000", gender="f", country="SN")
        simulate_certification(a, 2, "test-civictech", exam_key=key, fail_ratio=0.0, seed=1)
        SyncClient(a).sync()
        SyncClient(a).sync()
        with a.read() as s:
            code = s.get(Learner, her.id).code  # given at her first sync
        SyncClient(b).claim(code or "", "0000")
        SyncClient(b).sync()
        # a USB-only PC: enrolled by a first stick, then she brings her account there by a second one
        code_usb = srv.hub.new_enrolment_code(centre="Centre 1")
        _stick(srv, usb, tmp_path / "stick1", code=code_usb)
        _stick(srv, usb, tmp_path / "stick2", claims=[(code or "", "0000")])
        with usb.read() as s:
            assert s.get(Learner, her.id) is not None
        cert_code = _cert_code(srv, her.id)
        with srv.hub.ReadSession() as s:
            before = P.build(s.connection())
        assert before["enrolled"] == 2 and before["certified"] == 2

        with a.session() as s:
            accounts.add_facilitator(s, "Awa", PASSWORD)
        with a.session() as s:
            fs = accounts.authenticate(s, "Awa", PASSWORD)
        a.learning.erase_learner(fs, her.id)
        SyncClient(a).sync()   # the server erases her, and tells her PCs
        SyncClient(b).sync()   # B erases her
        with a.read() as s, b.read() as t:
            assert s.get(Learner, her.id) is None and t.get(Learner, her.id) is None
            assert s.connection().exec_driver_sql("SELECT COUNT(*) FROM events WHERE learner_id = ?",
                                                  (her.id,)).scalar() == 0
        st = srv.hub.stats()
        assert st["learners"] == 1 and st["certified"] == 1 and st["certificates"] == 1
        with srv.hub.ReadSession() as s:
            after = P.build(s.connection())
        assert after["enrolled"] == 1 and after["certified"] == 1
        v = requests.get(f"{srv.url}/verify/{cert_code}", params={"format": "json"}, timeout=10).json()
        assert v["valid"] is True and v["learner_name"] is None and v["code"] == cert_code
        page = requests.get(f"{srv.url}/verify/{cert_code}", timeout=10).text
        assert "Certificat authentique" in page and NAME not in page
        srv.hub.engine.dispose()
        for k in (a, b):
            k.engine.dispose()
        files = _raw_files(tmp_path / "server.sqlite3", a.paths.db_path, b.paths.db_path)
        assert len(files) >= 3 and _holds_name(files) == []
        # the USB-only PC had her too: its next stick's reply tells it
        usb.engine.dispose()
        assert _holds_name(_raw_files(usb.paths.db_path)) != []  # before the reply
        _stick(srv, usb, tmp_path / "stick3")
        usb.engine.dispose()
        assert _holds_name(_raw_files(usb.paths.db_path)) == []
        with usb.read() as s:
            assert s.get(Learner, her.id) is None
    finally:
        for k in kits:
            k.close()
        srv.stop()


def _stick(srv, kit, folder: Path, **kw) -> None:
    """A USB round trip: the PC's bundle imported at the server, the reply imported on the PC."""
    from cc2desktop.core.sync.client import SyncClient

    bundle = SyncClient(kit).export_bundle(folder, **kw)
    reply = folder / "reply.cc2sync"
    reply.write_bytes(srv.hub.import_bundle(bundle.read_bytes()))
    SyncClient(kit).import_bundle(reply)


def _cert_code(srv, learner_id: str) -> str:
    with srv.hub.ReadSession() as s:
        return s.connection().exec_driver_sql(
            "SELECT code FROM certificates WHERE learner_id = ? AND kind = 'certificate'", (learner_id,)).scalar()
