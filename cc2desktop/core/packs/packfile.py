"""The ``.cc2pack`` file: deterministic writing and a defensive reader.

Layout (docs/pack-format.md): a zip whose entries are, in this order, ``manifest.json`` (the RFC 8785
canonical bytes of the manifest), ``manifest.json.sig`` (a small JSON document: algorithm, key id,
base64 Ed25519 signature over those canonical bytes) and every file of ``manifest.files`` at its
pack path, sorted by path. Entries are STORED (media is already compressed; stored entries make
packs byte-for-byte reproducible and installs run at disk speed), dated 1980-01-01 00:00:00, mode
0644, UTF-8 names. The reader also accepts DEFLATED entries from other tools.

:class:`PackReader` refuses, with a one-line :class:`PackError`, everything in issue 3 item 7 before
a single byte is written anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from cc2desktop.core.errors import CCError
from cc2desktop.core.packs import keys as keymod
from cc2desktop.core.crypto import CanonicalJSONError, canonicalize
from cc2desktop.core.packs.parts import open_pack_file
from cc2desktop.core.packs.progress import Cancelled
from cc2desktop.core.packs.manifest import (
    MAX_FILES,
    MAX_MANIFEST_BYTES,
    RESERVED_NAMES,
    FileEntry,
    Manifest,
    ManifestError,
    check_pack_path,
    parse_manifest,
)

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.sig"
MAX_SIGNATURE_BYTES = 4096
MAX_ENTRIES = MAX_FILES + 2
MAX_TOTAL_BYTES = 64 * 1024**3  # absolute limit on the uncompressed content of one pack
MAX_RATIO = 200  # uncompressed/compressed, for deflated entries above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CHUNK = 1024 * 1024


class PackError(CCError):
    code = "pack_invalid"


class UntrustedPackError(PackError):
    code = "pack_untrusted"


@dataclass(frozen=True)
class Signature:
    key_id: str
    signature: bytes

    def to_bytes(self) -> bytes:
        obj = {"alg": "Ed25519", "canonicalization": "RFC8785", "key_id": self.key_id,
               "signature": base64.b64encode(self.signature).decode("ascii")}
        return canonicalize(obj)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Signature":
        try:
            obj = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise PackError("signature file is not valid JSON", code="pack_signature") from exc
        if (not isinstance(obj, dict) or obj.get("alg") != "Ed25519"
                or obj.get("canonicalization", "RFC8785") != "RFC8785"):
            raise PackError("signature file: unsupported algorithm (expected Ed25519 over RFC 8785 JSON)",
                            code="pack_signature")
        kid = obj.get("key_id")
        if not isinstance(kid, str) or len(kid) != 16 or any(c not in "0123456789abcdef" for c in kid):
            raise PackError("signature file: bad key_id", code="pack_signature")
        try:
            sig = base64.b64decode(str(obj.get("signature", "")).encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError) as exc:
            raise PackError("signature file: signature is not base64", code="pack_signature") from exc
        if len(sig) != 64:
            raise PackError("signature file: signature is not 64 bytes", code="pack_signature")
        return cls(kid, sig)


def manifest_bytes(manifest: Manifest) -> bytes:
    """What ``manifest.json`` holds and what is signed: RFC 8785 canonical JSON."""
    return canonicalize(manifest.to_json_obj())


def sign_manifest(manifest: Manifest, key: keymod.PrivateKey) -> tuple[bytes, Signature]:
    data = manifest_bytes(manifest)
    return data, Signature(key.key_id, key.sign(data))


# --- writing ---------------------------------------------------------------------------------------
def _zipinfo(name: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3  # unix, so that the mode below is meaningful
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.file_size = size
    return info


def write_pack(
    out: Path | str,
    manifest_data: bytes,
    signature: Signature,
    files: Iterable[tuple[FileEntry, Callable[[], Any]]],  # opens a readable binary stream
    progress: Callable[[int], None] | None = None,
) -> tuple[int, str]:
    """Write a pack atomically (temporary file + rename). ``files`` yields (entry, opener) in
    path order. Returns (size, SHA-256) of the pack file."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cc2pack-", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "w+b") as raw:
            with zipfile.ZipFile(raw, "w", allowZip64=True) as zf:
                zf.writestr(_zipinfo(MANIFEST_NAME, len(manifest_data)), manifest_data)
                sig = signature.to_bytes()
                zf.writestr(_zipinfo(SIGNATURE_NAME, len(sig)), sig)
                for entry, opener in files:
                    info = _zipinfo(entry.path, entry.size)
                    h = hashlib.sha256()
                    n = 0
                    with opener() as src, zf.open(info, "w", force_zip64=entry.size >= 0xFFFFFFFF) as dst:
                        while True:
                            b = src.read(CHUNK)
                            if not b:
                                break
                            h.update(b)
                            n += len(b)
                            dst.write(b)
                            if progress:
                                progress(len(b))
                    if n != entry.size or h.hexdigest() != entry.sha256:
                        raise PackError(f"{entry.path} changed while the pack was being written")
            raw.flush()
            os.fsync(raw.fileno())
            raw.seek(0)
            digest = hashlib.sha256()
            size = 0
            while True:
                b = raw.read(CHUNK)
                if not b:
                    break
                digest.update(b)
                size += len(b)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a pack is meant to be copied and shared
        os.replace(tmp, out)
        return size, digest.hexdigest()
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- reading -------------------------------------------------------------------------------------
def _loads_strict(data: bytes, what: str) -> object:
    def pairs(items: list[tuple[str, object]]) -> dict:
        d = {}
        for k, v in items:
            if k in d:
                raise ValueError(f"duplicate key {k!r}")
            d[k] = v
        return d

    def const(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=pairs, parse_constant=const)
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{what} is not UTF-8", code="pack_manifest_json") from exc
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"{what} is not valid JSON: {exc}", code="pack_manifest_json") from exc


@dataclass(frozen=True)
class SignedManifest:
    manifest: Manifest
    manifest_bytes: bytes  # canonical (what was signed)
    manifest_sha256: str
    signature: Signature
    signature_bytes: bytes


def verify_manifest(raw_manifest: bytes, raw_sig: bytes, trusted: dict[str, keymod.PublicKey] | None) -> SignedManifest:
    """Parse a manifest and its signature file; check the signature against ``trusted`` (None:
    structure only, e.g. on the server) and then the schema."""
    if len(raw_manifest) > MAX_MANIFEST_BYTES:
        raise PackError(f"manifest too large ({len(raw_manifest)} bytes, limit {MAX_MANIFEST_BYTES})",
                        code="pack_manifest_size")
    if len(raw_sig) > MAX_SIGNATURE_BYTES:
        raise PackError("signature file too large", code="pack_signature")
    obj = _loads_strict(raw_manifest, "manifest")
    try:
        canonical = canonicalize(obj)
    except CanonicalJSONError as exc:
        raise ManifestError(f"manifest is not I-JSON: {exc}", code="pack_manifest_json") from exc
    signature = Signature.from_bytes(raw_sig)
    if trusted is not None:
        pub = trusted.get(signature.key_id)
        if pub is None:
            raise UntrustedPackError(f"signed by an untrusted publisher key {signature.key_id}")
        if not pub.verify(signature.signature, canonical):
            raise PackError("bad signature: the manifest was altered or signed by another key", code="pack_signature")
    manifest = parse_manifest(obj)  # type: ignore[arg-type]
    if canonicalize(manifest.to_json_obj()) != canonical:
        # The signed bytes must be the model's own dump (defaults written out, no nulls), so that
        # every component computing SHA-256(JCS(manifest)) from a parsed Manifest (exam claims,
        # certification) gets the digest of the bytes that were signed.
        raise ManifestError("manifest is not in normal form (write every default, no nulls; rebuild with pack build)",
                            code="pack_manifest")
    return SignedManifest(manifest, canonical, hashlib.sha256(canonical).hexdigest(), signature, raw_sig)


class PackReader:
    """Opens a pack (a ``.cc2pack`` file, or a split pack: see :mod:`parts`) and checks everything
    that can be checked without reading the content: zip structure, names, entry types, sizes and
    limits, manifest schema, the signature and the publisher's trust. Content hashes are checked as
    the members are streamed (:meth:`open_member` / :meth:`verify_all`)."""

    def __init__(self, path: Path | str, trusted: dict[str, keymod.PublicKey] | None) -> None:
        self.path = Path(path)
        try:
            self._fh, self.name = open_pack_file(self.path)  # a file, or a split pack's parts read as one
        except OSError as exc:
            raise PackError(f"cannot open {self.path.name}: {exc.strerror or exc}", code="pack_io") from exc
        try:
            self._open(trusted)
        except BaseException:
            self._fh.close()
            raise

    # context manager
    def __enter__(self) -> "PackReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._zf.close()
        except AttributeError:
            pass
        self._fh.close()

    def _open(self, trusted: dict[str, keymod.PublicKey] | None) -> None:
        try:
            self._zf = zipfile.ZipFile(self._fh)
        except UnicodeDecodeError as exc:
            raise PackError("non-UTF-8 file name in the zip", code="pack_names") from exc
        except NotImplementedError as exc:  # zipfile's word for a feature it does not read (e.g. zip version)
            raise PackError(f"unsupported zip file: {exc}", code="pack_not_zip") from exc
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error) as exc:
            raise PackError(f"not a valid zip file (truncated or damaged): {exc}", code="pack_not_zip") from exc
        infos = self._zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PackError(f"too many entries in the zip ({len(infos)}, limit {MAX_ENTRIES})", code="pack_limits")
        names: dict[str, zipfile.ZipInfo] = {}
        folded: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if not (info.flag_bits & 0x800) and any(ord(c) > 127 for c in name):
                raise PackError(f"non-UTF-8 file name in the zip: {name!r}", code="pack_names")
            if name.endswith("/") or info.is_dir():
                raise PackError(f"unexpected folder entry {name!r}", code="pack_extra")
            orig = info.orig_filename  # before zipfile's NUL truncation and separator changes
            why = None if orig in RESERVED_NAMES else check_pack_path(orig)
            if why or orig != name:
                raise PackError(f"unsafe name in the zip ({why or 'altered name'}): {orig!r}", code="pack_names")
            if name in names or name.casefold() in folded:
                raise PackError(f"duplicate name in the zip: {name!r}", code="pack_duplicate")
            mode = info.external_attr >> 16
            if info.create_system == 3 and mode and not stat.S_ISREG(mode):
                kind = "symlink" if stat.S_ISLNK(mode) else "special file"
                raise PackError(f"{kind} in the zip: {name!r}", code="pack_symlink")
            if info.flag_bits & 0x1:
                raise PackError(f"encrypted entry in the zip: {name!r}", code="pack_limits")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise PackError(f"unsupported compression in the zip: {name!r}", code="pack_limits")
            if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
                raise PackError(f"declared sizes disagree for {name!r}", code="pack_bomb")
            if (info.compress_type == zipfile.ZIP_DEFLATED and info.file_size > RATIO_MIN_BYTES
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise PackError(f"compression ratio too high for {name!r} (zip bomb?)", code="pack_bomb")
            total += info.file_size
            names[name] = info
            folded.add(name.casefold())
        if total > MAX_TOTAL_BYTES:
            raise PackError(f"pack content too large ({total} bytes, limit {MAX_TOTAL_BYTES})", code="pack_bomb")
        self._check_overlaps(infos)
        self._infos = names

        for required in (MANIFEST_NAME, SIGNATURE_NAME):
            if required not in names:
                raise PackError(f"{required} missing from the pack", code="pack_missing")
        if names[MANIFEST_NAME].file_size > MAX_MANIFEST_BYTES:
            raise PackError(f"manifest too large ({names[MANIFEST_NAME].file_size} bytes, limit {MAX_MANIFEST_BYTES})",
                            code="pack_manifest_size")
        if names[SIGNATURE_NAME].file_size > MAX_SIGNATURE_BYTES:
            raise PackError("signature file too large", code="pack_signature")
        raw_manifest = self._read_small(MANIFEST_NAME, MAX_MANIFEST_BYTES)
        raw_sig = self._read_small(SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
        sm = verify_manifest(raw_manifest, raw_sig, trusted)
        self.signed = sm
        self.manifest = sm.manifest
        self.manifest_bytes = sm.manifest_bytes
        self.manifest_sha256 = sm.manifest_sha256
        self.signature = sm.signature
        self.signature_bytes = sm.signature_bytes
        listed = {f.path: f for f in self.manifest.files}
        content = {n for n in names if n not in RESERVED_NAMES}
        missing = sorted(set(listed) - content)
        if missing:
            raise PackError(f"file missing from the pack: {missing[0]!r}", code="pack_missing")
        extra = sorted(content - set(listed))
        if extra:
            raise PackError(f"extra file in the pack, not in the manifest: {extra[0]!r}", code="pack_extra")
        for p, entry in listed.items():
            if names[p].file_size != entry.size:
                raise PackError(f"size mismatch for {p!r}: zip says {names[p].file_size}, manifest says {entry.size}",
                                code="pack_size")

    def _check_overlaps(self, infos: list[zipfile.ZipInfo]) -> None:
        """Refuse entries whose data overlap (the "overlapping files" zip bomb) or lie outside the
        file; reads each 30-byte local header."""
        size = self._fh.seek(0, os.SEEK_END)
        spans = []
        for info in infos:
            self._fh.seek(info.header_offset)
            head = self._fh.read(30)
            if len(head) < 30 or head[:4] != b"PK\x03\x04":
                raise PackError(f"truncated or damaged zip (bad local header for {info.filename!r})",
                                code="pack_not_zip")
            name_len, extra_len = struct.unpack("<HH", head[26:30])
            start = info.header_offset
            end = start + 30 + name_len + extra_len + info.compress_size
            if end > size:
                raise PackError(f"truncated zip: {info.filename!r} runs past the end of the file", code="pack_not_zip")
            spans.append((start, end, info.filename))
        spans.sort()
        for (_s1, e1, n1), (s2, _e2, n2) in zip(spans, spans[1:]):
            if s2 < e1:
                raise PackError(f"overlapping zip entries {n1!r} and {n2!r} (zip bomb?)", code="pack_bomb")

    def _read_small(self, name: str, limit: int) -> bytes:
        try:
            with self._zf.open(self._infos[name]) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError, NotImplementedError) as exc:
            raise PackError(f"damaged zip entry {name!r}: {exc}", code="pack_not_zip") from exc
        if len(data) > limit:
            raise PackError(f"{name} too large", code="pack_limits")
        return data

    # --- content ----------------------------------------------------------------------------
    def stream(self, entry: FileEntry, sink: Callable[[bytes], None], cancel: Callable[[], bool] | None = None) -> None:
        """Feed the member's bytes to ``sink``, checking size and SHA-256 at the end; raises
        PackError on any mismatch (the caller discards what the sink wrote)."""
        h = hashlib.sha256()
        n = 0
        info = self._infos[entry.path]
        if info.compress_type == zipfile.ZIP_STORED:
            # Fast path: the bytes as they lie in the file (SHA-256 below is the integrity check;
            # zipfile's extra CRC-32 pass would cost ~25 % of the install time).
            off, csize, _ = self.member_span(entry.path)
            self._fh.seek(off)
            left = min(csize, entry.size + 1)
            while left > 0:
                b = self._fh.read(min(CHUNK, left))
                if not b:
                    break
                left -= len(b)
                n += len(b)
                if n > entry.size:
                    raise PackError(f"size mismatch for {entry.path!r}: more bytes than declared", code="pack_size")
                h.update(b)
                sink(b)
                if cancel is not None and cancel():
                    raise Cancelled()
            self._finish(entry, n, h)
            return
        try:
            with self._zf.open(info) as fh:
                while True:
                    b = fh.read(CHUNK)
                    if not b:
                        break
                    n += len(b)
                    if n > entry.size:
                        raise PackError(f"size mismatch for {entry.path!r}: more bytes than declared", code="pack_size")
                    h.update(b)
                    sink(b)
                    if cancel is not None and cancel():
                        raise Cancelled()
        except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, NotImplementedError) as exc:
            raise PackError(f"damaged zip entry {entry.path!r}: {exc}", code="pack_not_zip") from exc
        self._finish(entry, n, h)

    @staticmethod
    def _finish(entry: FileEntry, n: int, h) -> None:  # noqa: ANN001
        if n != entry.size:
            raise PackError(f"size mismatch for {entry.path!r}: {n} bytes, manifest says {entry.size}",
                            code="pack_size")
        if h.hexdigest() != entry.sha256:
            raise PackError(f"hash mismatch for {entry.path!r}", code="pack_hash")

    def verify_all(self, progress: Callable[[int], None] | None = None,
                   cancel: Callable[[], bool] | None = None) -> None:
        for entry in self.manifest.files:
            self.stream(entry, (lambda b: progress(len(b))) if progress else (lambda b: None), cancel)

    def member_span(self, path: str) -> tuple[int, int, int]:
        """(offset of the member's data in the pack file, compressed size, compress type)."""
        info = self._infos[path]
        self._fh.seek(info.header_offset)
        head = self._fh.read(30)
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        return info.header_offset + 30 + name_len + extra_len, info.compress_size, info.compress_type
