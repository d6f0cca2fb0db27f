"""Hostile or broken packs: each is refused with a one-line reason, and nothing is written (neither
in the store nor anywhere else). Mutations of a valid pack (hypothesis) end in a clean install or a
clean refusal, never a crash or a stray file."""

from __future__ import annotations

import hashlib
import json
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cc2desktop.core.errors import CCError
from cc2desktop.core.packs import keys as keymod
from cc2desktop.core.packs import packfile, service
from cc2desktop.core.packs.build import build_pack
from cc2desktop.core.crypto import canonicalize

from .conftest import make_course, store_files


# --- helpers ---------------------------------------------------------------------------------------
def entries_of(pack: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(pack) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write_zip(path: Path, entries, *, compress=zipfile.ZIP_STORED, mode=0o644, infos=None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | mode) << 16
            if infos and name in infos:
                infos[name](info)
            zf.writestr(info, data)
    return path


def resign(entries, key: keymod.PrivateKey, mutate_manifest=None, extra_files=()):
    """Entries with a (mutated) manifest, re-signed with ``key``; ``extra_files`` are added to the
    manifest listing with their real size and hash."""
    d = dict(entries)
    m = json.loads(d["manifest.json"])
    for name, data in extra_files:
        m["files"].append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    if mutate_manifest:
        mutate_manifest(m)
    raw = canonicalize(m)
    sig = packfile.Signature(key.key_id, key.sign(raw)).to_bytes()
    out = [("manifest.json", raw), ("manifest.json.sig", sig)]
    out += [(n, b) for n, b in entries if n not in ("manifest.json", "manifest.json.sig")]
    out += list(extra_files)
    return out


@pytest.fixture(scope="module")
def small_pack(tmp_path_factory, publisher_key):
    d = tmp_path_factory.mktemp("small")
    src = make_course(d / "src", modules=1, capsules_per_module=2, video_bytes=4000, exam=True)
    return build_pack(src, d / "small.cc2pack", publisher_key)


def assert_refused(kit, pack: Path, expected: str, tmp_path: Path):
    before = set(tmp_path.rglob("*"))
    with pytest.raises(CCError) as exc:
        service.install_pack(kit, pack)
    msg = exc.value.message
    assert expected.lower() in msg.lower(), msg
    assert "\n" not in msg and len(msg) < 300
    # nothing written: no blob, no temp file, no course, nothing new anywhere under tmp_path
    assert store_files(kit.paths) == set(), store_files(kit.paths)
    assert service.list_courses(kit) == []
    allowed = {p for p in kit.paths.root.rglob("*") if p.is_dir()} | {kit.paths.store_dir / ".lock"}
    assert set(tmp_path.rglob("*")) - before <= allowed
    assert not (tmp_path / "evil").exists() and not Path("/tmp/cc2-evil").exists()
    # `pack verify` refuses it too
    with pytest.raises(CCError):
        service.verify_pack(kit, pack)
    return msg


# --- each case of issue 3 item 7 ------------------------------------------------------------------
def test_not_a_zip(trusted_kit, tmp_path):
    p = tmp_path / "x.cc2pack"
    p.write_bytes(b"MZ this is an executable, not a pack" * 100)
    assert_refused(trusted_kit, p, "not a valid zip", tmp_path)


def test_empty_and_missing_file(trusted_kit, tmp_path):
    p = tmp_path / "empty.cc2pack"
    p.write_bytes(b"")
    assert_refused(trusted_kit, p, "not a valid zip", tmp_path)
    assert_refused(trusted_kit, tmp_path / "nope.cc2pack", "cannot open", tmp_path)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.99])
def test_truncated_zip(trusted_kit, small_pack, tmp_path, cut):
    data = small_pack.path.read_bytes()
    p = tmp_path / "t.cc2pack"
    p.write_bytes(data[: int(len(data) * cut)])
    assert_refused(trusted_kit, p, "zip", tmp_path)


def test_bad_json_manifest(trusted_kit, small_pack, publisher_key, tmp_path):
    e = [(n, b"{\"schema\": 1, " if n == "manifest.json" else b) for n, b in entries_of(small_pack.path)]
    assert_refused(trusted_kit, write_zip(tmp_path / "j.cc2pack", e), "not valid JSON", tmp_path)
    e = [(n, b'{"schema": 1, "schema": 2}' if n == "manifest.json" else b) for n, b in entries_of(small_pack.path)]
    assert_refused(trusted_kit, write_zip(tmp_path / "d.cc2pack", e), "duplicate key", tmp_path)


def test_unknown_schema_version(trusted_kit, small_pack, publisher_key, tmp_path):
    e = resign(entries_of(small_pack.path), publisher_key, lambda m: m.__setitem__("schema", 2))
    assert_refused(trusted_kit, write_zip(tmp_path / "s.cc2pack", e), "unknown manifest schema version 2", tmp_path)


def test_invalid_manifest_names_the_field(trusted_kit, small_pack, publisher_key, tmp_path):
    e = resign(entries_of(small_pack.path), publisher_key, lambda m: m["modules"][0]["capsules"][1]["title"].pop("en"))
    assert_refused(trusted_kit, write_zip(tmp_path / "f.cc2pack", e), "modules[0].capsules[1].title", tmp_path)


def test_missing_and_extra_file(trusted_kit, small_pack, publisher_key, tmp_path):
    e = [x for x in entries_of(small_pack.path) if x[0] != "capsules/m1c2/video.mp4"]
    assert_refused(trusted_kit, write_zip(tmp_path / "m.cc2pack", e),
                   "file missing from the pack: 'capsules/m1c2/video.mp4'", tmp_path)
    e = entries_of(small_pack.path) + [("capsules/m1c1/surprise.exe", b"MZ")]
    assert_refused(trusted_kit, write_zip(tmp_path / "x.cc2pack", e), "extra file in the pack", tmp_path)


def test_size_and_hash_mismatch(trusted_kit, small_pack, publisher_key, tmp_path):
    e = [(n, b + b"!" if n == "capsules/m1c1/video.mp4" else b) for n, b in entries_of(small_pack.path)]
    assert_refused(trusted_kit, write_zip(tmp_path / "size.cc2pack", e), "size mismatch", tmp_path)
    e = [(n, b"X" + b[1:] if n == "capsules/m1c2/video.mp4" else b) for n, b in entries_of(small_pack.path)]
    assert_refused(trusted_kit, write_zip(tmp_path / "hash.cc2pack", e), "hash mismatch for 'capsules/m1c2/video.mp4'",
                   tmp_path)
    # the manifest lies about a size, consistently re-signed: the zip's declared size disagrees
    e = resign(entries_of(small_pack.path), publisher_key,
               lambda m: m["files"][0].__setitem__("size", m["files"][0]["size"] + 1))
    assert_refused(trusted_kit, write_zip(tmp_path / "size2.cc2pack", e), "size mismatch", tmp_path)


def test_bad_missing_and_untrusted_signature(trusted_kit, kit_untrusting, small_pack, publisher_key, tmp_path):
    entries = entries_of(small_pack.path)
    m = json.loads(dict(entries)["manifest.json"])
    m["title"]["fr"] = "Cours modifié"
    e = [(n, canonicalize(m) if n == "manifest.json" else b) for n, b in entries]
    assert_refused(trusted_kit, write_zip(tmp_path / "bad.cc2pack", e), "bad signature", tmp_path)
    e = [x for x in entries if x[0] != "manifest.json.sig"]
    assert_refused(trusted_kit, write_zip(tmp_path / "nosig.cc2pack", e), "manifest.json.sig missing", tmp_path)
    other = keymod.generate("Mallory")
    e = resign(entries, other)
    assert_refused(trusted_kit, write_zip(tmp_path / "mallory.cc2pack", e), f"untrusted publisher key {other.key_id}",
                   tmp_path)
    # a signature made by the trusted key id but forged bytes
    sig = json.loads(dict(entries)["manifest.json.sig"])
    sig["signature"] = __import__("base64").b64encode(bytes(64)).decode()
    e = [(n, json.dumps(sig).encode() if n == "manifest.json.sig" else b) for n, b in entries]
    assert_refused(trusted_kit, write_zip(tmp_path / "forged.cc2pack", e), "bad signature", tmp_path)


@pytest.fixture
def kit_untrusting(kit):
    return kit


@pytest.mark.parametrize("name, expected", [
    ("../evil", "unsafe name"),
    ("../../../../../../tmp/cc2-evil", "unsafe name"),
    ("/tmp/cc2-evil", "unsafe name"),
    ("capsules\\..\\..\\evil", "unsafe name"),
    ("C:/Windows/evil.dll", "unsafe name"),
    ("C:evil", "unsafe name"),
    ("capsules/a\x00.txt", "unsafe name"),
    ("capsules/./a.txt", "unsafe name"),
])
def test_path_traversal_names(trusted_kit, small_pack, publisher_key, tmp_path, name, expected):
    # zipfile would truncate a name at NUL when writing: write a placeholder and patch the bytes
    stand_in = name.replace("\x00", "Z")

    def patched(p):
        if stand_in != name:
            p.write_bytes(p.read_bytes().replace(stand_in.encode(), name.encode()))
        return p

    e = entries_of(small_pack.path) + [(stand_in, b"payload")]
    assert_refused(trusted_kit, patched(write_zip(tmp_path / "trav.cc2pack", e)), expected, tmp_path)
    # even when the manifest (re-signed by a trusted key) lists it
    e = resign(entries_of(small_pack.path), publisher_key, extra_files=[(stand_in, b"payload")])
    raw = dict(e)["manifest.json"]
    if stand_in != name:  # the manifest names the NUL path too (JSON escape), re-signed
        m = json.loads(raw)
        m["files"][-1]["path"] = name
        e = resign([(n, b) for n, b in e if n != "manifest.json"] + [("manifest.json", canonicalize(m))], publisher_key)
    assert_refused(trusted_kit, patched(write_zip(tmp_path / "trav2.cc2pack", e)), expected, tmp_path)


def test_symlink_entry(trusted_kit, small_pack, publisher_key, tmp_path):
    e = resign(entries_of(small_pack.path), publisher_key, extra_files=[("capsules/link", b"/etc/passwd")])
    p = write_zip(tmp_path / "ln.cc2pack", e,
                  infos={"capsules/link": lambda i: setattr(i, "external_attr", (stat.S_IFLNK | 0o777) << 16)})
    assert_refused(trusted_kit, p, "symlink in the zip: 'capsules/link'", tmp_path)


def test_duplicate_names(trusted_kit, small_pack, publisher_key, tmp_path):
    entries = entries_of(small_pack.path)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        e = entries + [("capsules/m1c1/video.mp4", b"evil twin")]
        assert_refused(trusted_kit, write_zip(tmp_path / "dup.cc2pack", e), "duplicate name", tmp_path)
        e = entries + [("CAPSULES/m1c1/video.mp4", b"case twin")]
        assert_refused(trusted_kit, write_zip(tmp_path / "dup2.cc2pack", e), "duplicate name", tmp_path)


def test_unsupported_zip_version(trusted_kit, small_pack, tmp_path):
    """Found by the byte-damage property test: a member needing zip version 8.4 made zipfile raise
    NotImplementedError instead of a refusal."""
    e = entries_of(small_pack.path)
    p = write_zip(tmp_path / "v84.cc2pack", e,
                  infos={"capsules/m1c1/video.mp4": lambda i: setattr(i, "extract_version", 84)})
    assert_refused(trusted_kit, p, "unsupported zip file: zip file version 8.4", tmp_path)


def test_zip_bomb_ratio(trusted_kit, small_pack, publisher_key, tmp_path):
    bomb = bytes(8 * 1024 * 1024)  # 8 MiB of zeros deflate to ~8 KiB (ratio ~1000)
    e = resign(entries_of(small_pack.path), publisher_key, extra_files=[("resources/zeros.bin", bomb)])
    p = write_zip(tmp_path / "bomb.cc2pack", e, compress=zipfile.ZIP_DEFLATED)
    assert p.stat().st_size < 100_000
    assert_refused(trusted_kit, p, "compression ratio too high", tmp_path)


def test_zip_bomb_declared_size_lies(trusted_kit, small_pack, publisher_key, tmp_path):
    """The central directory declares a small size; the deflated stream inflates to much more."""
    big = bytes(2 * 1024 * 1024)
    small = big[:1000]
    e = resign(entries_of(small_pack.path), publisher_key, extra_files=[("resources/liar.bin", small)])
    p = write_zip(tmp_path / "liar.cc2pack", e, compress=zipfile.ZIP_DEFLATED)
    data = p.read_bytes()
    with zipfile.ZipFile(tmp_path / "big.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("resources/liar.bin", big)
    with zipfile.ZipFile(tmp_path / "big.zip") as zf:
        big_stream_info = zf.getinfo("resources/liar.bin")
        raw = (tmp_path / "big.zip").read_bytes()
        off = big_stream_info.header_offset
        n, x = struct.unpack("<HH", raw[off + 26: off + 30])
        big_stream = raw[off + 30 + n + x: off + 30 + n + x + big_stream_info.compress_size]
    # rebuild the liar: same declared sizes/CRC as `small`, but the deflate stream of `big`
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo("resources/liar.bin")
    off = info.header_offset
    n, x = struct.unpack("<HH", data[off + 26: off + 30])
    start = off + 30 + n + x
    forged = data[:start] + big_stream[: info.compress_size] + data[start + info.compress_size:]
    (tmp_path / "big.zip").unlink()
    p.write_bytes(forged)
    msg = assert_refused(trusted_kit, p, "", tmp_path)
    assert any(w in msg for w in ("damaged zip entry", "hash mismatch", "size mismatch")), msg


def test_overlapping_entries_bomb(trusted_kit, small_pack, tmp_path):
    """Two central-directory entries pointing at the same local data."""
    p = tmp_path / "ov.cc2pack"
    p.write_bytes(small_pack.path.read_bytes())
    data = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as zf:
        infos = zf.infolist()
    # point the last entry's central header at the previous entry's local header
    cd = data.rfind(b"PK\x01\x02")
    assert cd > 0
    struct.pack_into("<I", data, cd + 42, infos[-2].header_offset)
    p.write_bytes(bytes(data))
    msg = assert_refused(trusted_kit, p, "", tmp_path)
    assert any(w in msg for w in ("overlapping", "zip")), msg


def test_too_many_entries(trusted_kit, small_pack, publisher_key, tmp_path, monkeypatch):
    monkeypatch.setattr(packfile, "MAX_ENTRIES", 40)
    extra = [(f"resources/r{i:03d}.txt", b"x") for i in range(40)]
    e = resign(entries_of(small_pack.path), publisher_key, extra_files=extra)
    assert_refused(trusted_kit, write_zip(tmp_path / "many.cc2pack", e), "too many entries", tmp_path)


def test_huge_manifest(trusted_kit, small_pack, publisher_key, tmp_path):
    e = resign(entries_of(small_pack.path), publisher_key,
               lambda m: m.__setitem__("description", {"fr": "é" * 5_000_000, "en": "x"}))
    assert_refused(trusted_kit, write_zip(tmp_path / "huge.cc2pack", e), "manifest too large", tmp_path)


def test_non_utf8_names(trusted_kit, small_pack, publisher_key, tmp_path):
    e = resign(entries_of(small_pack.path), publisher_key, extra_files=[("resources/cafQ.txt", b"x")])
    p = write_zip(tmp_path / "n.cc2pack", e)
    p.write_bytes(p.read_bytes().replace(b"resources/cafQ.txt", b"resources/caf\xe9.txt"))
    assert_refused(trusted_kit, p, "non-UTF-8 file name", tmp_path)
    # the UTF-8 flag set on bytes that are not UTF-8
    data = bytearray(p.read_bytes())
    for sig, flag_off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i >= 0:
            flags = struct.unpack_from("<H", data, i + flag_off)[0]
            struct.pack_into("<H", data, i + flag_off, flags | 0x800)
            i = data.find(sig, i + 4)
    p.write_bytes(bytes(data))
    assert_refused(trusted_kit, p, "non-UTF-8 file name", tmp_path)


def test_refusal_keeps_the_installed_version_intact(trusted_kit, small_pack, publisher_key, tmp_path):
    service.install_pack(trusted_kit, small_pack.path)
    before = store_files(trusted_kit.paths)
    e = resign(entries_of(small_pack.path), publisher_key, lambda m: m.__setitem__("version", "2.0.0"),
               extra_files=[("resources/new.pdf", b"%PDF-1.4 new in 2.0.0" * 50)])
    # the new file (the only one an update reads) is damaged
    e = [(n, b"X" + b[1:] if n == "resources/new.pdf" else b) for n, b in e]
    with pytest.raises(CCError, match="hash mismatch"):
        service.install_pack(trusted_kit, write_zip(tmp_path / "v2bad.cc2pack", e))
    assert service.list_courses(trusted_kit)[0]["version"] == "1.0.0"
    assert store_files(trusted_kit.paths) == before
    assert service.verify_store(trusted_kit)["damaged"] == []


# --- property-based: random damage to a valid pack -----------------------------------------------
@pytest.fixture(scope="module")
def tiny_pack(tmp_path_factory, publisher_key):
    d = tmp_path_factory.mktemp("tiny")
    src = make_course(d / "src", modules=1, capsules_per_module=1, video_bytes=600, exam=False)
    return build_pack(src, d / "tiny.cc2pack", publisher_key)


def _install_outcome(kit, pack_bytes: bytes, where: Path) -> str:
    p = where / "mut.cc2pack"
    p.write_bytes(pack_bytes)
    try:
        service.install_pack(kit, p)
    except CCError as exc:
        assert "\n" not in exc.message
        assert store_files(kit.paths) == set(), "a refused pack left files behind"
        assert service.list_courses(kit) == []
        return "refused"
    assert service.verify_store(kit)["damaged"] == []
    service.remove_course(kit, service.list_courses(kit)[0]["id"])
    assert store_files(kit.paths) == set()
    return "installed"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_byte_damage_never_crashes(trusted_kit, tiny_pack, tmp_path, data):
    raw = bytearray(tiny_pack.path.read_bytes())
    kind = data.draw(st.sampled_from(["flip", "truncate", "insert", "zero-run"]))
    if kind == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            i = data.draw(st.integers(0, len(raw) - 1))
            raw[i] ^= data.draw(st.integers(1, 255))
    elif kind == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif kind == "insert":
        i = data.draw(st.integers(0, len(raw)))
        raw[i:i] = data.draw(st.binary(min_size=1, max_size=64))
    else:
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i: i + data.draw(st.integers(1, 200))] = bytes(min(200, len(raw) - i))
    outcome = _install_outcome(trusted_kit, bytes(raw), tmp_path)
    assert outcome in ("installed", "refused")


json_leaf = st.none() | st.booleans() | st.integers(-5,
                                                    10**6) | st.text(max_size=12) | st.just("../x") | st.just("a" * 70)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_manifest_edits_resigned_never_crash(trusted_kit, tiny_pack, publisher_key, tmp_path, data):
    """Even a trusted key cannot make the installer crash or write outside the store."""
    entries = entries_of(tiny_pack.path)

    def mutate(m):
        node = m
        for _ in range(data.draw(st.integers(0, 5))):
            if isinstance(node, dict) and node:
                k = data.draw(st.sampled_from(sorted(node)))
                if not isinstance(node[k], (dict, list)) or not node[k]:
                    break
                node = node[k]
            elif isinstance(node, list) and node:
                i = data.draw(st.integers(0, len(node) - 1))
                if not isinstance(node[i], (dict, list)) or not node[i]:
                    break
                node = node[i]
        if isinstance(node, dict) and node:
            k = data.draw(st.sampled_from(sorted(node)))
            if data.draw(st.booleans()):
                del node[k]
            else:
                node[k] = data.draw(json_leaf)
        elif isinstance(node, list) and node:
            node[data.draw(st.integers(0, len(node) - 1))] = data.draw(json_leaf)

    e = resign(entries, publisher_key, mutate)
    p = write_zip(tmp_path / "edit.cc2pack", e)
    assert _install_outcome(trusted_kit, p.read_bytes(), tmp_path) in ("installed", "refused")


def test_manifest_must_be_in_normal_form(trusted_kit, small_pack, publisher_key, tmp_path):
    """The signed bytes are the model's own dump: SHA-256(JCS(parsed manifest)) — what exam claims
    carry — is then always the digest of what was signed."""
    e = resign(entries_of(small_pack.path), publisher_key, lambda m: m["modules"][0]["capsules"][0].pop("completion"))
    assert_refused(trusted_kit, write_zip(tmp_path / "nf.cc2pack", e), "not in normal form", tmp_path)
    with packfile.PackReader(small_pack.path, None) as r:
        assert hashlib.sha256(canonicalize(r.manifest.to_json_obj())).hexdigest() == r.manifest_sha256
