"""Offline revocation (a signed, dated list that travels with USB replies, sync and packs) and
supervised exam sessions (the facilitator's co-signature, "examen surveillé" on the certificate and
never otherwise), with real servers, real sync and the CLI."""

from __future__ import annotations

import json
import subprocess

import requests

from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import service
from cc2desktop.core.certification.simulate import complete_course, key_answers
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner


def _kit(path, pack):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.paths import resolve_data_paths

    kit = Kit(resolve_data_paths(path))
    install_pack(kit, pack)
    return kit


def _certify(kit, key, name, *, proctor=None) -> str:
    """A learner completes the demo course and passes the exam on this PC (answers saved as given)."""
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(kit, "demo-intro-civictech")
    lid = new_id()
    with kit.session() as s:
        s.add(Learner(id=lid, display_name=name))
        s.flush()
        complete_course(s, lid, m)
    take_exam(kit, lid, key, proctor=proctor)
    return lid


def take_exam(kit, lid, key, *, proctor=None):
    view = kit.certification.start_exam(lid, "demo-intro-civictech", proctor=proctor).value
    att = view["attempt"]
    for q in att["order"]:
        kit.certification.save_exam_answer(lid, "demo-intro-civictech", att["attempt_id"], q, key[q])
    return kit.certification.submit_exam(att, {q: key[q] for q in att["order"]}).value


def _state(kit, lid):
    with kit.session() as s:
        return service.claim_states(s, lid)[-1]


def _cli(capsys, *args) -> tuple[int, str, str]:
    from cc2desktop.cli import main

    capsys.readouterr()
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_revocation_is_seen_offline_after_a_usb_reply(tmp_path, demo_server, demo_courses, capsys, qapp):
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.ui.certification.pdf import render_certificate_pdf

    key = key_answers(next(demo_courses.glob("*.exam-key.json")))
    pack = next(demo_courses.glob("*.cc2pack"))
    pc = _kit(tmp_path / "usb-pc", pack)
    stick = tmp_path / "stick"
    stick.mkdir()
    try:
        lid = _certify(pc, key, "Chloé Ngono Éyébé")

        def usb_round(code=None):
            push = SyncClient(pc).export_bundle(stick, code=code)
            reply = stick / "reply.cc2bundle"
            reply.write_bytes(demo_server.hub.import_bundle(push.read_bytes()))  # at the programme's office
            SyncClient(pc).import_bundle(reply)                                 # back at the centre

        usb_round(demo_server.hub.new_enrolment_code())
        st = _state(pc, lid)
        assert st.state == "certified"
        pdf = render_certificate_pdf(service.view_of(service.find_certificate(pc, st.code)), tmp_path / "c.pdf", "fr")
        dd = ["--data-dir", tmp_path / "usb-pc"]
        rc, out, _ = _cli(capsys, *dd, "verify", st.code)
        assert rc == 0 and out.startswith("VALID") and "no revocation list on this PC" in out

        server_db = demo_server.hub.engine.url.database
        rc, out, _ = _cli(capsys, "--data-dir", tmp_path / "server-data", "server", "certificates", "--db", server_db,
                          "--revoke", st.code, "--reason", "fraud established by the programme")
        assert rc == 0 and st.code in out
        assert requests.get(f"{demo_server.url}/verify/{st.code}", timeout=10).status_code == 410
        rc, _, _ = _cli(capsys, *dd, "verify", st.code)
        assert rc == 0  # offline, the PC cannot know yet

        usb_round()  # the next stick: nothing to push, the reply brings the signed list
        for what in (st.code, pdf):
            rc, out, err = _cli(capsys, *dd, "verify", what)
            assert rc == 1 and out.startswith("REVOKED on ") and "revocation: list of " in out
            assert "0 days old" in out and "received " in out
        rc, out, _ = _cli(capsys, *dd, "verify", "--json", pdf)
        res = json.loads(out)
        assert res["verdict"] == "REVOKED" and res["list_source"] == "sync" and res["claims"]["code"] == st.code
        rc, out, _ = _cli(capsys, *dd, "certificate", "revocations", "--json")
        [held] = json.loads(out)
        assert held["revoked"] == 1 and held["source"] == "sync"

        # a PC enrolled later gets the list with its enrolment; and a forged list is refused
        other = _kit(tmp_path / "later-pc", pack)
        try:
            SyncClient(other).enrol(demo_server.url, demo_server.hub.new_enrolment_code(), "later")
            SyncClient(other).sync()
            assert other.certification.verify(str(pdf)).verdict == "REVOKED"
        finally:
            other.close()
        rc, out, _ = _cli(capsys, "--data-dir", tmp_path / "server-data", "server", "revocations", "--db", server_db,
                          "--out", tmp_path / "revocations.json")
        doc = json.loads((tmp_path / "revocations.json").read_text())
        assert [r["code"] for r in doc["revoked"]] == [st.code]
        doc["revoked"] = []
        (tmp_path / "forged.json").write_text(json.dumps(doc))
        rc, _, err = _cli(capsys, *dd, "certificate", "revocations", "--import", tmp_path / "forged.json")
        assert rc == 1 and "signature" in err
        assert pc.certification.verify(st.code).verdict == "REVOKED"
    finally:
        pc.close()


def test_a_course_pack_carries_the_revocation_list(tmp_path, demo_server, demo_courses, capsys):
    """A PC that only ever receives course packs (no sync at all) still learns of revocations."""
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs import keys as keymod
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient

    from tests.support.cert_server import write_course_source
    from tests.support.certification_course import TEST_PUBLISHER_SEED, trust_test_publisher

    key = key_answers(next(demo_courses.glob("*.exam-key.json")))
    pc = _kit(tmp_path / "pc", next(demo_courses.glob("*.cc2pack")))
    try:
        SyncClient(pc).enrol(demo_server.url, demo_server.hub.new_enrolment_code(), "pc")
        lid = _certify(pc, key, "Fatou Ndiaye")
        SyncClient(pc).sync()
        code = _state(pc, lid).code
        payload = service.find_certificate(pc, code).payload
    finally:
        pc.close()
    server_db = demo_server.hub.engine.url.database
    _cli(capsys, "--data-dir", tmp_path / "server-data", "server", "certificates", "--db", server_db, "--revoke", code)
    src = write_course_source(tmp_path / "src")
    rc, _, _ = _cli(capsys, "--data-dir", tmp_path / "server-data", "server", "revocations", "--db", server_db,
                    "--out", src / "revocations.json")
    course = json.loads((src / "course.json").read_text())
    course["certification"]["revocations"] = "revocations.json"
    (src / "course.json").write_text(json.dumps(course, ensure_ascii=False))
    out = build_pack(src, tmp_path / "with-list.cc2pack", keymod.PrivateKey(TEST_PUBLISHER_SEED, "Test publisher"))
    offline = Kit(resolve_data_paths(tmp_path / "offline-pc"))  # never synced; its centre trusts the publisher
    trust_test_publisher(offline)
    install_pack(offline, out.path)
    try:
        res = offline.certification.verify(payload)
        assert res.verdict == "REVOKED" and res.list_source == "pack" and res.list_received_at is None
        assert offline.certification.revocation_status()[0]["source"] == "pack"
    finally:
        offline.close()


def test_a_supervised_exam_is_certified_as_such_and_only_then(tmp_path, demo_server, demo_courses, capsys, qapp):
    """Two PCs of a centre: the facilitator's and a learners' one. Awa takes the exam in the
    facilitator's session (its code typed), Kofi alone. Awa's sheet waits for the co-signature; once
    co-signed on the facilitator's PC it is certified "examen surveillé" (PDF, CLI, /verify); Kofi's
    certificate says the exam was not supervised."""
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.learning.service import Profiles
    from cc2desktop.core.packs.service import get_manifest
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.ui.certification.pdf import render_certificate_pdf

    key = key_answers(next(demo_courses.glob("*.exam-key.json")))
    pack = next(demo_courses.glob("*.cc2pack"))
    lpc, fpc = _kit(tmp_path / "learners-pc", pack), _kit(tmp_path / "facilitator-pc", pack)
    try:
        for k, name in ((lpc, "salle 1"), (fpc, "bureau")):
            SyncClient(k).enrol(demo_server.url, demo_server.hub.new_enrolment_code(), name)
        m = get_manifest(lpc, "demo-intro-civictech")
        awa = Profiles(lpc).create("Awa Traoré", pin="2468").id
        with lpc.session() as s:
            complete_course(s, awa, m)
        SyncClient(lpc).sync()
        with lpc.session() as s:
            awa_code = s.get(Learner, awa).code
        SyncClient(fpc).claim(awa_code, "2468")  # Awa's account on the facilitator's PC
        with fpc.session() as s:
            accounts.add_facilitator(s, "Mme Koné", "correct horse battery")
            fs = accounts.authenticate(s, "Mme Koné", "correct horse battery")
        fpc.facilitation.create_group(fs, "Examen du samedi")
        fpc.facilitation.enrol(fs, "Examen du samedi", [awa])
        session = fpc.certification.open_exam_session(fs, "Examen du samedi", m.id).value
        fpc.facilitation.record_attendance(fs, session["session_id"])  # everyone present

        take_exam(lpc, awa, key, proctor=session["code"].lower().replace("-", ""))  # typed loosely
        kofi = _certify(lpc, key, "Kofi Mensah")
        SyncClient(lpc).sync()
        assert _state(lpc, kofi).state == "certified"
        st = _state(lpc, awa)
        assert st.state == "pending" and st.proctor == session["code"]  # waits for the co-signature

        SyncClient(fpc).sync()  # her sheet reaches the facilitator's PC
        [row] = fpc.certification.exam_session_sheets(fs, session["session_id"])
        assert row["present"] and [c["verdict"] for c in row["claims"]] == [None]
        assert fpc.certification.cosign(fs, session["session_id"], [row["claims"][0]["claim_id"]]).value == 1
        SyncClient(fpc).sync()
        SyncClient(lpc).sync()
        st = _state(lpc, awa)
        assert st.state == "certified"

        views = {who: service.view_of(service.find_certificate(lpc, _state(lpc, who).code)) for who in (awa, kofi)}
        assert views[awa].proctored and not views[kofi].proctored
        assert views[awa].session_date == session["opened_at"][:10]
        texts = {}
        for who, v in views.items():
            pdf = render_certificate_pdf(v, tmp_path / f"{who}.pdf", "fr")
            texts[who] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
            rc, out, _ = _cli(capsys, "--data-dir", tmp_path / "learners-pc", "verify", pdf)
            assert rc == 0 and ("exam: Supervised exam" in out) == (who == awa)
            page = requests.get(f"{demo_server.url}/verify/{v.code}", params={"lang": "fr"}, timeout=10).text
            assert ("Examen surveillé" in page) == (who == awa) and ("sans surveillance" in page) == (who == kofi)
            js = requests.get(f"{demo_server.url}/verify/{v.code}", params={"format": "json"}, timeout=10).json()
            assert js["proctored"] == (who == awa)
        assert "Examen surveillé" in texts[awa] and "Examen surveillé" not in texts[kofi]
        assert "sans surveillance" in texts[kofi]
    finally:
        lpc.close()
        fpc.close()


def test_a_cosignature_from_the_learners_own_pc_or_for_another_sheet_is_no_supervision(demo_pc, demo_courses,
                                                                                        demo_server):
    """The facilitator's word must come from another enrolled PC and name this very sheet; else the
    sheet is graded as an unsupervised exam (after the facilitator declines, or from its own PC)."""
    from cc2desktop.core.certification.proctor import ProctorWord, claim_digest
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.sync.client import SyncClient

    key = key_answers(next(demo_courses.glob("*.exam-key.json")))
    with demo_pc.session() as s:
        accounts.add_facilitator(s, "Awa", "correct horse battery")
        fs = accounts.authenticate(s, "Awa", "correct horse battery")
    lid = new_id()
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(demo_pc, "demo-intro-civictech")
    with demo_pc.session() as s:
        s.add(Learner(id=lid, display_name="Salimata Kaboré"))
        s.flush()
        complete_course(s, lid, m)
    demo_pc.facilitation.create_group(fs, "G")
    demo_pc.facilitation.enrol(fs, "G", [lid])
    session = demo_pc.certification.open_exam_session(fs, "G", m.id).value
    demo_pc.facilitation.record_attendance(fs, session["session_id"])
    claim = take_exam(demo_pc, lid, key, proctor=session["code"])
    demo_pc.certification.cosign(fs, session["session_id"], [claim["claim_id"]])
    SyncClient(demo_pc).sync()
    st = _state(demo_pc, lid)
    assert st.state == "certified"
    assert not service.view_of(service.find_certificate(demo_pc, st.code)).proctored  # co-signed on her own PC
    # the word checks: another sheet, a tampered sheet
    word = ProctorWord({"verdict": "cosigned", "claim_id": claim["claim_id"], "claim_sha256": claim_digest(claim),
                        "session_code": session["code"], "device_id": "other"}, "other", None)
    assert word.check(claim, 60) is None
    assert claim_digest({**claim, "answers": {}}) != claim_digest(claim)
    assert ex.CLAIM_VERSION == 2
