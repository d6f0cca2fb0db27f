"""A course id is pinned to the publisher key of its first install: an update from any other trusted
key is refused, unless a rotation record signed by the pinned key names it. The demo key (whose
private half is public) installs the demo course only, and only in a build that ships the demo."""

from __future__ import annotations

import json

import pytest

from cc2desktop.cli import main
from cc2desktop.core.errors import CCError
from cc2desktop.core.packs import keys as keymod
from cc2desktop.core.packs import service
from cc2desktop.core.packs.build import build_pack
from cc2desktop.core.paths import assets_dir

from .conftest import make_course

DEMO_KEY = assets_dir() / "keys" / "demo-publisher.key"


def _pack(tmp_path, name, key, *, course_id="test-course", version="1.0.0", rotations=()):
    src = make_course(tmp_path / f"src-{name}", course_id=course_id, version=version)
    return build_pack(src, tmp_path / f"{name}.cc2pack", key, rotations=rotations).path


def _installed_key(kit, course_id="test-course"):
    return next(c for c in service.list_courses(kit) if c["id"] == course_id)["key_id"]


def test_an_update_signed_by_another_trusted_key_is_refused(trusted_kit, publisher_key, tmp_path):
    kit = trusted_kit
    service.install_pack(kit, _pack(tmp_path, "v1", publisher_key))
    other = keymod.generate("Another trusted publisher")
    keymod.trust(kit.paths, other.public)
    with pytest.raises(CCError) as err:
        service.install_pack(kit, _pack(tmp_path, "v2", other, version="2.0.0"))
    assert err.value.code == "pack_publisher_changed"
    assert _installed_key(kit) == publisher_key.key_id
    # the pin outlives a removal: a reinstall must come from the same publisher
    service.remove_course(kit, "test-course")
    with pytest.raises(CCError) as err:
        service.install_pack(kit, _pack(tmp_path, "v2b", other, version="2.0.0"))
    assert err.value.code == "pack_publisher_changed"


def test_the_demo_key_cannot_update_or_install_another_course(trusted_kit, publisher_key, tmp_path):
    kit = trusted_kit
    service.install_pack(kit, _pack(tmp_path, "v1", publisher_key))
    with pytest.raises(CCError) as err:
        service.install_pack(kit, _pack(tmp_path, "demo-update", DEMO_KEY, version="9.0.0"))
    assert err.value.code == "pack_publisher_changed"
    with pytest.raises(CCError) as err:
        service.install_pack(kit, _pack(tmp_path, "demo-other", DEMO_KEY, course_id="brand-new-course"))
    assert err.value.code == "pack_untrusted"
    with pytest.raises(CCError) as err:
        keymod.trust(kit.paths, keymod.demo_public_key())
    assert err.value.code == "pack_demo_key"


def test_the_demo_course_installs_only_in_a_build_that_ships_the_demo(kit, monkeypatch, tmp_path):
    import json

    from cc2desktop.core import build_info

    demo_pack = next((assets_dir() / "packs").glob("*.cc2pack"))
    built = tmp_path / "assets"  # the assets of a frozen build made with CC2_BUILD_DEMO=0
    built.mkdir()
    (built / build_info.FILENAME).write_text(json.dumps({"version": "0.1.0", "demo": False}))
    monkeypatch.setattr(build_info, "current", lambda: build_info.read(built, frozen=True))
    with pytest.raises(CCError) as err:
        service.install_pack(kit, demo_pack)
    assert err.value.code == "pack_untrusted"
    (built / build_info.FILENAME).write_text(json.dumps({"version": "0.1.0", "demo": True}))
    assert service.install_pack(kit, demo_pack).status == "installed"


def test_a_rotation_record_from_the_pinned_key_lets_its_successor_update(trusted_kit, publisher_key, tmp_path,
                                                                          capsys):
    kit = trusted_kit
    service.install_pack(kit, _pack(tmp_path, "v1", publisher_key))
    new = keymod.generate("Publisher 2027")
    old_file, _ = keymod.write_key_pair(publisher_key, tmp_path / "old.key")
    _, new_pub = keymod.write_key_pair(new, tmp_path / "new.key")
    rec_file = tmp_path / "rotation.json"
    # the CLI writes the record; pack build --rotation carries it in the signature file
    assert main(["keys", "rotate", "--from", str(old_file), "--to", str(new_pub), "--course", "test-course",
                 "--out", str(rec_file)]) == 0
    rec = json.loads(rec_file.read_text())
    assert (rec["from_key_id"], rec["to_key_id"]) == (publisher_key.key_id, new.key_id)
    src = make_course(tmp_path / "src-v2", version="2.0.0")
    out = tmp_path / "v2.cc2pack"
    assert main(["pack", "build", str(src), "--out", str(out), "--key", str(tmp_path / "new.key"),
                 "--rotation", str(rec_file)]) == 0
    capsys.readouterr()
    # the successor is not in trusted-publishers: the pinned key vouches for it
    assert service.install_pack(kit, out).status == "updated"
    assert _installed_key(kit) == new.key_id
    # now pinned to the successor: the retired key can no longer publish this course
    with pytest.raises(CCError) as err:
        service.install_pack(kit, _pack(tmp_path, "v3-old", publisher_key, version="3.0.0"))
    assert err.value.code == "pack_publisher_changed"


def test_forged_or_misdirected_rotation_records_are_refused(trusted_kit, publisher_key, tmp_path):
    kit = trusted_kit
    service.install_pack(kit, _pack(tmp_path, "v1", publisher_key))
    attacker = keymod.generate("Attacker")
    # a record "from" the pinned key but signed by the attacker
    forged = keymod.make_rotation(attacker, attacker.public)
    forged["from_key_id"] = publisher_key.key_id
    # a genuine record, but for another course
    elsewhere = keymod.make_rotation(publisher_key, attacker.public, courses=["another-course"])
    for rec in (forged, elsewhere):
        with pytest.raises(CCError) as err:
            service.install_pack(kit, _pack(tmp_path, f"bad-{id(rec)}", attacker, version="2.0.0", rotations=[rec]))
        assert err.value.code == "pack_publisher_changed"
    assert _installed_key(kit) == publisher_key.key_id
