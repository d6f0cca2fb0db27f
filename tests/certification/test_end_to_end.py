"""End to end with a real server on 127.0.0.1: learners complete a course from a real pack, take
the exam offline, sync; the server grades and certifies or refuses; the certificate PDF renders and
verifies offline and on the server. Every tampering listed in the issue is refused or detected."""

from __future__ import annotations

import json
import zlib

import pytest
import requests

from cc2desktop.core import events as ev
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import keys
from cc2desktop.core.certification import payload as pl
from cc2desktop.core.certification import service
from cc2desktop.core.certification.base45 import b45encode
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner

from tests.support.certification_course import RIGHT, complete_course, forced_attempt, tampered_manifest

NAME = "Aïssatou Ndèye Diallo-Kouyaté"


@pytest.fixture
def pc(tmp_path, cert_server, course_pack):
    from cc2desktop.core.kit import Kit
    from tests.support.certification_course import install_test_course
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient

    kit = Kit(resolve_data_paths(tmp_path / "pc1"))
    install_test_course(kit, course_pack)
    SyncClient(kit).enrol(cert_server.url, cert_server.hub.new_enrolment_code(), "cybercafé 1")
    yield kit
    kit.close()


def _learner(kit, name: str, m, *, complete: bool = True) -> str:
    lid = new_id()
    with kit.session() as s:
        s.add(Learner(id=lid, display_name=name))
        s.flush()
        if complete:
            complete_course(s, lid, m)
    return lid


def _take_exam(kit, lid, m, answers):
    with kit.session() as s:
        att = ex.start_attempt(s, lid, m)
        return ex.submit_attempt(s, kit.paths.keys_dir, att, answers)


def _sync(kit):
    from cc2desktop.core.sync.client import SyncClient

    return SyncClient(kit).sync()


def _state(kit, lid):
    with kit.session() as s:
        return service.claim_states(s, lid)


def test_learner_is_certified_and_the_pdf_verifies_offline_and_online(pc, cert_server, tmp_path, qapp, capsys):
    from cc2desktop.core.packs.service import get_manifest
    from cc2desktop.ui.certification.pdf import render_certificate_pdf

    m = get_manifest(pc, "test-civictech")
    aissatou = _learner(pc, NAME, m)
    kofi = _learner(pc, "Kofi Mensah", m)
    _take_exam(pc, aissatou, m, RIGHT)                       # offline: nothing leaves the PC yet
    _take_exam(pc, kofi, m, {"e1": "a", "e2": ["b"], "e3": True, "e4": "rien"})
    assert [s.state for s in _state(pc, aissatou)] == ["pending"]

    report = _sync(pc)
    assert report.items == 2
    [st] = _state(pc, aissatou)
    assert st.state == "certified" and st.score == 1.0 and st.code
    [kst] = _state(pc, kofi)
    assert kst.state == "not_passed" and kst.score == 0.25
    assert [r["code"] for r in kst.reasons] == ["score_below_mastery"]

    rows = {r["learner"]: r for r in service.list_certificates(pc)}
    row = rows[aissatou]
    assert (row["state"], row["score"], row["course"]) == ("certified", 100, "test-civictech")
    assert row["verify_url"] == f"{cert_server.url}/verify/{row['code']}"
    claims = pl.verify(row["payload"], keys.trusted_issuers())
    assert (claims.name, claims.score, claims.course_title) == (NAME, 100, "Éthique des données ouvertes")

    # the PDF: renders, carries the payload, verifies offline
    view = service.view_of(service.find_certificate(pc, row["code"]))
    assert view.demo  # the test server signs with the DEMO key: the PDF says so
    pdf = render_certificate_pdf(view, tmp_path / "cert.pdf", "fr")
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 5000
    # the printed QR code really carries the signed payload (scanned with zbar from a 150 dpi render)
    import subprocess

    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "scan")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "scan.png")], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert scanned == view.payload and service.verify_any(scanned).claims["name"] == NAME
    res = service.verify_any(str(pdf))
    assert res.valid and res.source == "pdf" and res.claims["name"] == NAME and res.claims["score"] == 100
    assert service.verify_any(row["code"].lower(), kit=pc).valid  # a code, found on this PC

    # ...and online: the verification page, in French and English
    r = requests.get(f"{cert_server.url}/verify/{row['code']}", timeout=5)
    assert r.status_code == 200 and NAME in r.text and "Certificat authentique" in r.text and "100 %" in r.text
    r = requests.get(f"{cert_server.url}/verify/{row['code']}", headers={"Accept-Language": "en-GB,en;q=0.8"},
                     timeout=5)
    assert "Authentic certificate" in r.text and "Open data ethics" in r.text
    assert "Holder" in requests.get(f"{cert_server.url}/verify/{row['code']}?lang=en", timeout=5).text
    bad = requests.get(f"{cert_server.url}/verify/AAAA-BBBB-CCCC", timeout=5)
    assert bad.status_code == 404 and "Aucun certificat valide" in bad.text

    # any change to name, score, date or course in the PDF is detected offline
    data = pdf.read_bytes()
    _, body, sig = pl.decode_unverified(view.payload)
    for old, new in ((NAME, "Fatou Diop"), ('"s":100', '"s":99'), (view.date, "2020-01-01"),
                     ("test-civictech", "master-civictech")):
        forged = pl.PREFIX + b45encode(zlib.compress(body.decode().replace(old, new).encode() + sig))
        bad_pdf = tmp_path / "forged.pdf"
        bad_pdf.write_bytes(data.replace(view.payload.encode(), forged.encode()))
        out = service.verify_any(str(bad_pdf))
        assert not out.valid and "altered or forged" in out.reason, (old, out)

    # the CLI: list, export, verify (PDF, payload, code, code on the server), server certificates
    from cc2desktop.cli import main

    dd = ["--data-dir", str(pc.paths.root)]
    capsys.readouterr()
    assert main(dd + ["certificate", "list", "--learner", aissatou, "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert {k: listed[k] for k in ("id", "learner", "course", "state", "score")} == \
        {"id": row["id"], "learner": aissatou, "course": "test-civictech", "state": "certified", "score": 100}
    assert listed["payload"] == row["payload"]
    out_pdf = tmp_path / "cli.pdf"
    badge = tmp_path / "badge.jwt"
    assert main(dd + ["certificate", "export", row["code"], "--out", str(out_pdf), "--lang", "en",
                      "--badge", str(badge)]) == 0
    # the Open Badges 3.0 credential: signed, verifiable, tamper-evident
    from cc2desktop.core.certification.badges import BadgeError, verify_jwt

    cred = verify_jwt(badge.read_text(), keys.trusted_issuers())
    assert cred["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert cred["credentialSubject"]["name"] == NAME and cred["credentialSubject"]["result"][0]["value"] == "100%"
    assert aissatou not in badge.read_text()  # the learner id is only present hashed
    assert main(dd + ["verify", str(badge)]) == 0
    assert f"who: {NAME}" in capsys.readouterr().out
    h, p, sgn = badge.read_text().strip().split(".")
    import base64 as _b64

    forged_cred = json.dumps({**cred, "name": "Master"}).encode()
    forged_badge = tmp_path / "forged.jwt"
    forged_badge.write_text(f"{h}.{_b64.urlsafe_b64encode(forged_cred).rstrip(b'=').decode()}.{sgn}")
    with pytest.raises(BadgeError):
        verify_jwt(forged_badge.read_text(), keys.trusted_issuers())
    assert main(dd + ["verify", str(forged_badge)]) == 1
    assert main(dd + ["verify", str(out_pdf)]) == 0
    assert f"who: {NAME}" in capsys.readouterr().out
    assert main(dd + ["verify", row["payload"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["claims"]["score"] == 100
    assert main(dd + ["verify", str(bad_pdf)]) == 1
    assert "INVALID" in capsys.readouterr().err
    empty = ["--data-dir", str(tmp_path / "elsewhere")]
    assert main(empty + ["verify", row["code"]]) == 1
    assert main(empty + ["verify", row["code"], "--server", cert_server.url]) == 0
    assert "VALID" in capsys.readouterr().out
    assert main(dd + ["certificate", "status", "--learner", kofi, "--course", "test-civictech", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["state"] == "not_passed" and st["attempts_left"] == 1 and st["can_take_exam"]
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert main(dd + ["server", "certificates", "--db", db, "--json"]) == 0
    admin = json.loads(capsys.readouterr().out)
    assert sorted(r["state"] for r in admin) == ["certified", "not_passed"]
    assert {r["learner_name"] for r in admin if r["state"] == "certified"} == {NAME}
    assert main(dd + ["server", "certificates", "--db", db, "--revoke", row["code"]]) == 0
    gone = requests.get(f"{cert_server.url}/verify/{row['code']}", timeout=5)
    assert gone.status_code == 410 and "révoqué" in gone.text
    assert main(dd + ["server", "certificates", "--db", db, "--revoke", "AAAA-BBBB-CCCC"]) == 1


def test_every_tampered_claim_is_refused_by_the_server(pc, cert_server, tmp_path):
    from cc2desktop.core.packs.service import get_manifest

    m = get_manifest(pc, "test-civictech")
    edited = _learner(pc, "Awa Traoré", m)
    victim = _learner(pc, "Moussa Kéita", m)
    forged = _learner(pc, "Ngozi Okafor", m)
    stranger = _learner(pc, "Jean-Édouard Mbarga", m)
    tampered = _learner(pc, "Fatoumata Bâ", m)
    lazy = _learner(pc, "Yao Kouassi", m, complete=False)

    # 1. an edited claim: wrong answers sent, then the stored answer sheet edited (and a score added)
    _take_exam(pc, edited, m, {"e1": "a"})
    with pc.session() as s:
        from cc2desktop.core.db.models import Event

        row = s.query(Event).filter(Event.learner_id == edited, Event.type == "exam.claimed").one()
        p = json.loads(row.payload)
        p["answers"], p["score"] = dict(RIGHT), 1.0
        row.payload = json.dumps(p)
    # 2. a claim replayed for another learner: the victim's events carry the edited learner's claim
    good = _take_exam(pc, victim, m, RIGHT)
    with pc.session() as s:
        ev.append(s, edited, "exam.claimed", good, course_id=m.id)
    # 3. a forged signature
    with pc.session() as s:
        att = ex.start_attempt(s, forged, m)
    with pc.session() as s:
        claim = ex.sign_claim({"v": 1, "claim_id": new_id(), "attempt_id": att.attempt_id, "attempt": 1,
                               "learner_id": forged, "device_id": ev.device_id(s), "course_id": m.id,
                               "pack_version": m.version, "manifest_sha256": ex.manifest_digest(m), "exam_id": "final",
                               "seed": att.seed, "order": att.order, "started_at": att.started_at,
                               "submitted_at": att.started_at, "time_limit_s": 600, "answers": RIGHT},
                              keys.generate_keypair(tmp_path / "forger.key"))
        ev.append(s, forged, "exam.claimed", claim, course_id=m.id)
    # 4. a claim made on a device that never enrolled (carried here on a stick)
    with pc.session() as s:
        att = ex.start_attempt(s, stranger, m)
        other_key = keys.generate_keypair(tmp_path / "other-device.key")
        claim = ex.sign_claim({"v": 1, "claim_id": new_id(), "attempt_id": att.attempt_id, "attempt": 1,
                               "learner_id": stranger, "device_id": new_id(), "course_id": m.id,
                               "pack_version": m.version, "manifest_sha256": ex.manifest_digest(m), "exam_id": "final",
                               "seed": att.seed, "order": att.order, "started_at": att.started_at,
                               "submitted_at": att.started_at, "time_limit_s": 600, "answers": RIGHT}, other_key)
        ev.append(s, stranger, "exam.claimed", claim, course_id=m.id)
    # 5. an exam answered from a tampered pack (a question edited in the installed manifest)
    _take_exam(pc, tampered, tampered_manifest(), RIGHT)
    # 6. rules not met: a perfect exam without doing the course (the app would not even offer it)
    with pc.session() as s:
        lazy_claim = ex.submit_attempt(s, pc.paths.keys_dir, forced_attempt(s, lazy, m), RIGHT)
    assert lazy_claim["learner_id"] == lazy

    _sync(pc)
    reasons = {}
    for lid in (edited, victim, forged, stranger, tampered, lazy):
        reasons[lid] = [(st.state, [r["code"] for r in st.reasons]) for st in _state(pc, lid)]
    assert reasons[victim] == [("certified", [])]
    # refused without grading her answers: "not graded", the attempt does not count (docs/certification.md)
    assert ("not_graded", ["bad_signature"]) in reasons[edited]
    assert ("not_graded", ["wrong_learner"]) in reasons[edited]
    assert reasons[forged] == [("not_graded", ["bad_signature"])]
    assert reasons[stranger] == [("not_graded", ["device_not_enrolled"])]
    assert reasons[tampered] == [("not_graded", ["pack_mismatch"])]
    assert reasons[lazy] == [("not_graded", ["rules_not_met"])]
    # the admin sees the same decisions; a replay of a decided claim is refused
    from cc2desktop.server.certification import list_certificates

    with cert_server.hub.Session() as s:
        rows = list_certificates(s)
    assert sum(r["state"] == "certified" for r in rows) == 1 and len(rows) == 7

