"""The bundled demo pack: built from assets/demo-course with the DEMO key, trusted by default."""

import json
from pathlib import Path

from cc2desktop.core.packs import keys, service
from tools import demo_pack

REPO = Path(__file__).resolve().parents[2]


def test_demo_key_files_match_the_embedded_trusted_key():
    pub = keys.load_public(REPO / "assets" / "keys" / "demo-publisher.pub")
    priv = keys.load_private(REPO / "assets" / "keys" / "demo-publisher.key")
    assert pub == keys.demo_public_key() and priv.public.raw == pub.raw
    assert pub.key_id == "6d893047564b5f64"
    assert "DEMO" in (REPO / "assets" / "keys" / "README.md").read_text()


def test_demo_pack_verifies_installs_and_exports_identically(kit, tmp_path):
    demo_pack.build()  # no-op when up to date (build_assets already ran it)
    pack = demo_pack.pack_path()
    assert pack.exists(), "run `python -m tools.build_assets` (packaging/dev.sh setup)"
    m = service.verify_pack(kit, pack)  # trusted with no `keys trust`: the demo key is built in
    assert m.id == "demo-intro-civictech" and len(list(m.capsules())) >= 7 and len(m.modules) >= 3
    assert m.certification.exam is not None and all(q.answer is None for q in m.certification.exam.questions)
    key = json.loads(pack.with_name(pack.name + ".exam-key.json").read_text(encoding="utf-8"))
    assert key["course_id"] == m.id and all("answer" in q for q in key["questions"])
    installed = service.ensure_bundled_installed(kit, pack.parent)
    assert installed == ["demo-intro-civictech"]
    c = service.list_courses(kit)[0]
    assert c["title"]["fr"] == "Introduction à la CivicTech" and c["languages"] == ["fr", "en"]
    video = service.file_path(kit, m.id, m.capsule("m1c1").video.standard)
    assert video.read_bytes()[4:8] == b"ftyp"
    out = service.export_course(kit, m.id, tmp_path / "demo.cc2pack")
    assert out.read_bytes() == pack.read_bytes()
