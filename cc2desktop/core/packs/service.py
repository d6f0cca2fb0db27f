"""Packs service: what the GUI, the CLI and the other domains call. No Qt, no widgets.

Everything takes the :class:`~cc2desktop.core.kit.Kit` of one data directory. Long calls take
``progress`` (a callable receiving :class:`~.progress.Progress`) and ``cancel`` (a callable returning
True, or a ``threading.Event``) and may run in a worker thread: each opens its own DB session.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import logging
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from cc2desktop.core.errors import CCError, NotFoundError
from cc2desktop.core.packs import keys as keymod
from cc2desktop.core.packs import remote
from cc2desktop.core.packs import parts, store
from cc2desktop.core.packs.manifest import Manifest, parse_manifest
from cc2desktop.core.packs.models import InstalledPack
from cc2desktop.core.packs.packfile import PackError, PackReader, Signature, UntrustedPackError, write_pack
from cc2desktop.core.packs.progress import Cancelled, Meter, ProgressCallback, as_cancel

log = logging.getLogger(__name__)
PACK_SUFFIX = ".cc2pack"


class DowngradeError(CCError):
    code = "pack_downgrade"


@dataclass
class InstallResult:
    course_id: str
    version: str
    status: str  # "installed" | "updated" | "unchanged"
    previous_version: str | None = None
    files: int = 0
    files_fetched: int = 0  # blobs written (the rest were already in the store)
    bytes_fetched: int = 0  # content bytes written to the store
    bytes_transferred: int = 0  # bytes read from the network (URL installs)
    changes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- reading installed state ---------------------------------------------------------------------
def _rows(kit) -> list[InstalledPack]:  # noqa: ANN001
    with kit.session() as s:
        return list(s.scalars(select(InstalledPack).order_by(InstalledPack.course_id)))


def _row(kit, course_id: str) -> InstalledPack | None:  # noqa: ANN001
    with kit.session() as s:
        return s.get(InstalledPack, course_id)


@functools.lru_cache(maxsize=16)
def _parse_cached(sha: str, text: str) -> Manifest:
    return parse_manifest(text.encode("utf-8"))


def _manifest_of(row: InstalledPack) -> Manifest:
    return _parse_cached(row.manifest_sha256, row.manifest_json)


def list_courses(kit) -> list[dict]:  # noqa: ANN001
    """Installed courses: ``id``, ``version``, ``title`` ({lang: text}), ``description``,
    ``languages``, ``publisher``, ``size``, ``key_id``, ``manifest_sha256`` (of the signed canonical
    manifest), ``installed_at``, ``previous_version``,
    ``changes`` (what the last update changed, see :func:`diff_manifests`), ``modules``,
    ``capsules`` (counts)."""
    out = []
    for row in _rows(kit):
        m = _manifest_of(row)
        out.append({
            "id": m.id, "version": m.version, "title": dict(m.title), "description": dict(m.description),
            "languages": list(m.languages), "publisher": m.publisher, "size": m.total_size,
            "key_id": row.key_id, "manifest_sha256": row.manifest_sha256,
            "installed_at": row.installed_at, "previous_version": row.previous_version,
            "changes": json.loads(row.changes_json) if row.changes_json else None,
            "modules": len(m.modules), "capsules": sum(1 for _ in m.capsules()),
        })
    return out


def get_manifest(kit, course_id: str) -> Manifest:  # noqa: ANN001
    row = _row(kit, course_id)
    if row is None:
        raise NotFoundError(f"course {course_id!r} is not installed", code="pack_not_installed")
    return _manifest_of(row)


def installed_manifests(kit) -> list[Manifest]:  # noqa: ANN001
    """Every installed course's manifest, in course id order, read in one transaction."""
    return [_manifest_of(row) for row in _rows(kit)]


def file_map(kit, manifest: Manifest) -> dict[str, Path]:  # noqa: ANN001
    """Every file of an installed course (relative path → store path), without touching the database."""
    return {f.path: store.blob_path(kit.paths, f.sha256) for f in manifest.files}


def file_path(kit, course_id: str, relpath: str) -> Path:  # noqa: ANN001
    """The store path of an installed course's file (a blob named by its SHA-256, no extension:
    QMediaPlayer's FFmpeg backend probes content, see tests/packs/test_media_blob.py)."""
    m = get_manifest(kit, course_id)
    try:
        entry = m.file(relpath)
    except KeyError:
        raise NotFoundError(f"{relpath!r} is not a file of course {course_id!r}", code="pack_no_file") from None
    return store.blob_path(kit.paths, entry.sha256)


def referenced_blobs(kit) -> set[str]:  # noqa: ANN001
    """Blobs of installed courses, and those of installs that were interrupted (kept so that the
    next attempt resumes; forgotten with the other stale downloads after a month)."""
    refs: set[str] = set()
    for row in _rows(kit):
        for f in json.loads(row.manifest_json).get("files", []):
            refs.add(f["sha256"])
    for p in kit.paths.downloads_dir.glob(f"*{PENDING_SUFFIX}") if kit.paths.downloads_dir.is_dir() else []:
        try:
            refs.update(h for h in json.loads(p.read_text(encoding="utf-8")) if isinstance(h, str))
        except (OSError, ValueError, TypeError):
            continue
    return refs


PENDING_SUFFIX = ".install-pending.json"


def _pending_path(kit, manifest_sha: str) -> Path:  # noqa: ANN001
    return kit.paths.downloads_dir / f"{manifest_sha[:32]}{PENDING_SUFFIX}"


def _mark_pending(kit, m: Manifest, manifest_sha: str) -> Path:  # noqa: ANN001
    """Before the first blob is written: the blobs this install brings (so that a failed or cancelled
    install keeps those already verified, and the next one skips them)."""
    path = _pending_path(kit, manifest_sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(sorted({f.sha256 for f in m.files})), encoding="utf-8")
    os.replace(tmp, path)
    return path


def cleanup_leftovers(kit, *, wait: float = 0.0) -> dict[str, int]:  # noqa: ANN001
    """Remove what an interrupted install left: temporary blob files and blobs no installed course
    references. Skipped (returns {}) when another process holds the store."""
    try:
        with store.store_lock(kit.paths, wait=wait):
            tmp = store.clean_tmp(kit.paths)
            stale = _clean_stale_downloads(kit)  # first: a stale interrupted install no longer holds its blobs
            n, freed = store.gc(kit.paths, referenced_blobs(kit))
            return {"tmp_files": tmp, "blobs": n, "bytes": freed, "stale_downloads": stale}
    except store.StoreBusyError:
        return {}


STALE_DOWNLOAD_DAYS = 30


def _clean_stale_downloads(kit) -> int:  # noqa: ANN001
    """Partial downloads untouched for a month will not be resumed: free their space."""
    limit = time.time() - STALE_DOWNLOAD_DAYS * 86400
    n = 0
    d = kit.paths.downloads_dir
    for f in d.iterdir() if d.is_dir() else []:
        try:
            if f.is_file() and f.stat().st_mtime < limit:
                f.unlink()
                n += 1
        except OSError:
            pass
    return n


def trusted(kit) -> dict[str, keymod.PublicKey]:  # noqa: ANN001
    return keymod.trusted_keys(kit.paths)


# --- verify --------------------------------------------------------------------------------------
def verify_pack(kit, path: Path | str, progress: ProgressCallback | None = None,
                cancel: Any = None) -> Manifest:  # noqa: ANN001
    """Full check of a pack file: structure, signature by a trusted key, every size and hash."""
    is_cancelled = as_cancel(cancel)
    with PackReader(path, trusted(kit)) as reader:
        meter = Meter(progress, "verify", reader.manifest.total_size)
        reader.verify_all(progress=meter.add, cancel=is_cancelled)
        meter.finish()
        return reader.manifest


# --- diff ----------------------------------------------------------------------------------------
def _capsule_fingerprint(m: Manifest, cap) -> str:  # noqa: ANN001
    data = cap.model_dump(mode="json", exclude_none=True)
    data["_files"] = {p: m.file(p).sha256 for p in cap.paths()}
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def diff_manifests(old: Manifest | None, new: Manifest) -> dict[str, Any]:
    """What changed from ``old`` to ``new``, by stable capsule id (learner progress is keyed by
    capsule id, so progress on an unchanged capsule carries over):
    ``{"from", "to", "added", "removed", "changed", "unchanged"}`` (capsule id lists),
    ``modules_added``/``modules_removed``, ``files_changed`` and ``bytes_new`` (content whose hash
    ``old`` did not have)."""
    if old is None:
        return {"from": None, "to": new.version, "added": [c.id for c in new.capsules()], "removed": [],
                "changed": [], "unchanged": [], "modules_added": [m.id for m in new.modules],
                "modules_removed": [], "files_changed": len(new.files), "bytes_new": new.total_size,
                "certification_changed": new.certification is not None}
    old_caps = {c.id: _capsule_fingerprint(old, c) for c in old.capsules()}
    new_caps = {c.id: _capsule_fingerprint(new, c) for c in new.capsules()}
    old_hashes = {f.sha256 for f in old.files}
    new_only = {f.sha256: f.size for f in new.files if f.sha256 not in old_hashes}
    old_files = {f.path: f.sha256 for f in old.files}
    return {
        "from": old.version, "to": new.version,
        "added": [c for c in new_caps if c not in old_caps],
        "removed": [c for c in old_caps if c not in new_caps],
        "changed": [c for c in new_caps if c in old_caps and old_caps[c] != new_caps[c]],
        "unchanged": [c for c in new_caps if c in old_caps and old_caps[c] == new_caps[c]],
        "modules_added": [m.id for m in new.modules if m.id not in {x.id for x in old.modules}],
        "modules_removed": [m.id for m in old.modules if m.id not in {x.id for x in new.modules}],
        "files_changed": sum(1 for f in new.files if old_files.get(f.path) != f.sha256),
        "bytes_new": sum(new_only.values()),
        "certification_changed": (old.certification != new.certification),
    }


# --- install -------------------------------------------------------------------------------------
def _is_url(source: object) -> bool:
    return isinstance(source, str) and source.split(":", 1)[0].lower() in ("http", "https")


def install_pack(kit, source: Path | str, progress: ProgressCallback | None = None, cancel: Any = None,  # noqa: ANN001
                 *, allow_downgrade: bool = False) -> InstallResult:
    """Install or update a course from a ``.cc2pack`` file or an http(s) URL (a pack, or a
    catalog entry's pack URL). Atomic: the course (or its new version) becomes visible only after
    every file is in the store and verified; on any failure or cancel nothing changes."""
    if _is_url(source):
        return _install_url(kit, str(source), progress=progress, cancel=cancel, allow_downgrade=allow_downgrade)
    path = Path(source)
    with store.store_lock(kit.paths):
        store.clean_tmp(kit.paths)
        with PackReader(path, trusted(kit)) as reader:
            return _install_from_reader(kit, reader, progress, as_cancel(cancel), source=reader.name,
                                        allow_downgrade=allow_downgrade,
                                        resumable=parts.find_index(path) is not None)


def _check_version(kit, m: Manifest, manifest_sha: str,
                   allow_downgrade: bool) -> tuple[InstalledPack | None, Manifest | None]:  # noqa: ANN001
    row = _row(kit, m.id)
    old = _manifest_of(row) if row is not None else None
    if old is not None and m.version_tuple < old.version_tuple and not allow_downgrade:
        raise DowngradeError(f"{m.id} {m.version} is older than the installed version {old.version}")
    return row, old


class PublisherError(CCError):
    code = "pack_publisher"


def _pinned_key(kit, course_id: str) -> keymod.PublicKey | None:  # noqa: ANN001
    """The key ``course_id`` is pinned to; for a course installed before pins existed, the key that
    signed it (if still trusted)."""
    from cc2desktop.core import crypto
    from cc2desktop.core.packs.models import PublisherPin

    with kit.read() as s:
        pin = s.get(PublisherPin, course_id)
        if pin is not None:
            return keymod.PublicKey(crypto.b64_decode(pin.public_key))
        row = s.get(InstalledPack, course_id)
        legacy = row.key_id if row is not None else None
    return trusted(kit).get(legacy) if legacy else None


def check_publisher(kit, course_id: str, signature) -> keymod.PublicKey:  # noqa: ANN001
    """The key that signed this pack, if it may install or update ``course_id``: the key pinned at
    the course's first install, or a successor it named in a rotation record; for a course never
    installed here, a trusted key (the demo key for the demo course only). Else PublisherError."""
    pinned = _pinned_key(kit, course_id)
    key = keymod.signer_allowed(course_id, signature.key_id, signature.rotations, pinned=pinned,
                                trusted=trusted(kit))
    if key is None:
        if pinned is not None:
            raise PublisherError(f"{course_id} is published with key {pinned.key_id}: this pack is signed by "
                                 f"{signature.key_id} without a rotation record from that key",
                                 code="pack_publisher_changed")
        raise UntrustedPackError(f"{course_id}: signed by key {signature.key_id}, not trusted for this course")
    return key


def _pin(s, course_id: str, key: keymod.PublicKey) -> None:  # noqa: ANN001
    from cc2desktop.core import crypto
    from cc2desktop.core.db.base import utcnow_iso
    from cc2desktop.core.packs.models import PublisherPin

    pin = s.get(PublisherPin, course_id)
    if pin is None:
        s.add(PublisherPin(course_id=course_id, key_id=key.key_id, public_key=crypto.b64(key.raw),
                           pinned_at=utcnow_iso()))
    elif pin.key_id != key.key_id:
        pin.previous_key_id, pin.key_id = pin.key_id, key.key_id
        pin.public_key, pin.pinned_at = crypto.b64(key.raw), utcnow_iso()


def _install_from_reader(kit, reader: PackReader, progress, is_cancelled, *, source: str,  # noqa: ANN001
                         allow_downgrade: bool, resumable: bool = False) -> InstallResult:
    """``resumable`` (a split pack, often several GiB on a stick): when the install is cancelled, killed
    or its source fails, the blobs already verified stay in the store for the next attempt. Content
    found bad is never kept."""
    m = reader.manifest
    check_publisher(kit, m.id, reader.signature)
    row, old = _check_version(kit, m, reader.manifest_sha256, allow_downgrade)
    needed: dict[str, Any] = {}
    for f in m.files:
        if f.sha256 not in needed and not store.has_blob(kit.paths, f.sha256, f.size):
            needed[f.sha256] = f
    if row is not None and row.manifest_sha256 == reader.manifest_sha256 and not needed:
        return InstallResult(m.id, m.version, "unchanged", row.previous_version, len(m.files))
    total = sum(f.size for f in needed.values())
    store.check_free_space(kit.paths, total)
    meter = Meter(progress, "install", total)
    written = 0
    pending = _mark_pending(kit, m, reader.manifest_sha256) if needed and resumable else None
    syncer = store.BlobSyncer()
    try:
        try:
            for f in needed.values():
                meter.item = f.path
                w = store.BlobWriter(kit.paths, verify=False, syncer=syncer)  # reader.stream verifies
                try:
                    def sink(b: bytes, w: store.BlobWriter = w) -> None:
                        w.write(b)
                        meter.add(len(b))

                    reader.stream(f, sink, is_cancelled)
                except BaseException:
                    w.abort()
                    raise
                syncer.add(w, f.sha256, f.size)  # written, fsync'd and renamed in the background
                written += 1
            syncer.wait()  # every blob is on disk before the course becomes visible
        except (Cancelled, OSError, parts.PartsError):
            # cancelled, or the source failed (a stick pulled out): resumable, the blobs verified
            # before it and still being flushed are kept for the next attempt
            syncer.close(cancel=not resumable)
            raise
        except BaseException:
            syncer.close(cancel=True)
            raise
        syncer.close()
        meter.finish()
        if needed:
            store.fsync_dir(kit.paths.store_dir)
        # before the commit's GC (blobs of a visible course are referenced); also when a resumed
        # install found every blob already there
        (pending or _pending_path(kit, reader.manifest_sha256)).unlink(missing_ok=True)
        result = _commit(kit, m, reader.manifest_bytes, reader.signature_bytes, reader.signature.key_id,
                         reader.manifest_sha256, old, source)
    except BaseException as exc:
        if pending is not None and not isinstance(exc, (Cancelled, OSError, KeyboardInterrupt, parts.PartsError)):
            pending.unlink(missing_ok=True)  # refused content: nothing of it stays
        _gc_quietly(kit)  # keeps the verified blobs of a resumable install while its pending file exists
        raise
    result.files_fetched = written
    result.bytes_fetched = total
    return result


def _commit(kit, m: Manifest, manifest_bytes: bytes, signature_bytes: bytes, key_id: str,  # noqa: ANN001
            manifest_sha: str, old: Manifest | None, source: str) -> InstallResult:
    """Make the course visible (one transaction), then collect blobs nobody references."""
    changes = diff_manifests(old, m)
    key = check_publisher(kit, m.id, Signature.from_bytes(signature_bytes))  # again: a pin may have moved
    with kit.session() as s:
        _pin(s, m.id, key)
        row = s.get(InstalledPack, m.id)
        if row is None:
            row = InstalledPack(course_id=m.id)
            s.add(row)
        prev = row.version if old is not None else None
        row.version = m.version
        row.manifest_json = manifest_bytes.decode("utf-8")
        row.manifest_sha256 = manifest_sha
        row.signature_json = signature_bytes.decode("utf-8")
        row.key_id = key_id
        row.total_size = m.total_size
        row.source = source
        if old is not None and old.version != m.version:
            row.previous_version = prev
            row.changes_json = json.dumps(changes, ensure_ascii=False)
        elif old is None:
            row.previous_version = None
            row.changes_json = None
        from cc2desktop.core.db.base import utcnow_iso

        row.installed_at = utcnow_iso()
    _gc_quietly(kit)
    status = "installed" if old is None else ("updated" if old.version != m.version else "unchanged")
    return InstallResult(m.id, m.version, status, old.version if old else None, len(m.files), changes=changes)


def _gc_quietly(kit) -> None:  # noqa: ANN001 - caller holds the store lock
    try:
        store.gc(kit.paths, referenced_blobs(kit))
    except Exception:  # noqa: BLE001 - GC failure must not turn a good install into a failure
        log.exception("store garbage collection failed")


# --- installs from a URL (whole pack, resumable; or delta by blob hash) ---------------------------
def _download_name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:24] + ".cc2pack"


def _api_base(url: str) -> str | None:
    """``http://host:port/`` prefix of a ``…/api/v1/packs/NAME`` URL (the catalog's server)."""
    path = urlsplit(url).path
    i = path.find("/api/v1/packs/")
    if i < 0:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{path[:i]}/"


def _install_url(kit, url: str, progress: ProgressCallback | None = None, cancel: Any = None,  # noqa: ANN001
                *, allow_downgrade: bool = False, expected_size: int | None = None,
                expected_sha256: str | None = None, session: Any = None) -> InstallResult:
    """Install or update from a pack URL. Delta (blobs by hash) when the course is installed and
    the server offers the manifest; otherwise the whole pack, resumable."""
    s = remote.http_session(session)
    transfer = remote.Transfer()
    base = _api_base(url)
    dest = kit.paths.downloads_dir / _download_name(url)
    resuming = dest.with_name(dest.name + ".part").exists()
    if base is not None and not resuming:  # a half-downloaded pack is simply finished
        try:
            signed = _fetch_manifest(url.rstrip("/") + "/manifest", kit, s, cancel, transfer)
        except remote.DownloadError as exc:
            if exc.params.get("status") not in (404, 405):
                raise
            signed = None
        if signed is not None and _row(kit, signed.manifest.id) is not None:
            res = _delta_update(kit, signed, base, s, progress, cancel, transfer, allow_downgrade, url)
            res.bytes_transferred = transfer.bytes
            return res
    remote.download(url, dest, expected_size=expected_size, expected_sha256=expected_sha256, progress=progress,
             cancel=cancel, session=s, transfer=transfer)
    try:
        res = install_pack(kit, dest, progress=progress, cancel=cancel, allow_downgrade=allow_downgrade)
    except Cancelled:
        raise  # keep the complete download: the next attempt installs without the network
    except CCError:
        dest.unlink(missing_ok=True)  # a bad pack is not worth keeping
        raise
    dest.unlink(missing_ok=True)
    res.bytes_transferred = transfer.bytes
    return res


def _fetch_manifest(manifest_url: str, kit, s, cancel, transfer):  # noqa: ANN001
    from cc2desktop.core.packs.packfile import MAX_MANIFEST_BYTES, verify_manifest

    data = remote.get_json(manifest_url, session=s, cancel=cancel, max_bytes=2 * MAX_MANIFEST_BYTES,
                           transfer=transfer)
    if not (isinstance(data, dict) and isinstance(data.get("manifest"), str)
            and isinstance(data.get("signature"), str)):
        raise remote.DownloadError(f"{manifest_url}: not a pack manifest answer")
    return verify_manifest(data["manifest"].encode("utf-8"), data["signature"].encode("utf-8"), trusted(kit))


def _delta_update(kit, signed, base: str, s, progress, cancel, transfer: remote.Transfer,  # noqa: ANN001
                  allow_downgrade: bool, url: str) -> InstallResult:  # noqa: ANN001
    m = signed.manifest
    check_publisher(kit, m.id, signed.signature)
    row, old = _check_version(kit, m, signed.manifest_sha256, allow_downgrade)
    needed: dict[str, Any] = {}
    for f in m.files:
        if f.sha256 not in needed and not store.has_blob(kit.paths, f.sha256, f.size):
            needed[f.sha256] = f
    if row is not None and row.manifest_sha256 == signed.manifest_sha256 and not needed:
        return InstallResult(m.id, m.version, "unchanged", row.previous_version, len(m.files))
    total = sum(f.size for f in needed.values())
    store.check_free_space(kit.paths, total * 2)  # downloads/ then store/ (same disk, moved not copied)
    meter = Meter(progress, "download", total)
    ddir = kit.paths.downloads_dir
    done_files = []
    for sha, f in needed.items():
        dest = ddir / f"blob-{sha}"
        if dest.exists() and store.hash_file(dest) == (f.size, sha):
            meter.add(f.size, f.path)
            done_files.append((f, dest))
            continue
        before = meter.done

        def sub(p, before=before, f=f):  # noqa: ANN001
            meter.item = f.path
            meter.done = before + p.done
            meter.add(0)

        remote.download(urljoin(base, f"api/v1/blobs/{sha}"), dest, expected_size=f.size, expected_sha256=sha,
                 progress=sub, cancel=cancel, session=s, transfer=transfer)
        meter.done = before + f.size
        done_files.append((f, dest))
    meter.finish()
    with store.store_lock(kit.paths):
        for f, dest in done_files:
            target = store.blob_path(kit.paths, f.sha256)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(dest, target)
        store.fsync_dir(kit.paths.store_dir)
        res = _commit(kit, m, signed.manifest_bytes, signed.signature_bytes, signed.signature.key_id,
                              signed.manifest_sha256, old, url)
    res.files_fetched = len(done_files)
    res.bytes_fetched = total
    return res


# --- remove / export ------------------------------------------------------------------------------
def remove_course(kit, course_id: str) -> dict[str, int]:  # noqa: ANN001
    """Uninstall a course and delete the blobs no other course uses. Learner events are kept
    (reinstalling the course brings the progress back)."""
    with store.store_lock(kit.paths):
        with kit.session() as s:
            row = s.get(InstalledPack, course_id)
            if row is None:
                raise NotFoundError(f"course {course_id!r} is not installed", code="pack_not_installed")
            s.delete(row)
        n, freed = store.gc(kit.paths, referenced_blobs(kit))
    return {"blobs_removed": n, "bytes_freed": freed}


def export_course(kit, course_id: str, out: Path | str, progress: ProgressCallback | None = None,  # noqa: ANN001
                  cancel: Any = None) -> Path:
    """Write an installed course back to a ``.cc2pack`` (same bytes as the pack it came from when
    that was built by ``pack build``). Each blob is re-hashed as it is copied: a damaged store
    gives an error, never a damaged pack."""
    row = _row(kit, course_id)
    if row is None:
        raise NotFoundError(f"course {course_id!r} is not installed", code="pack_not_installed")
    m = _manifest_of(row)
    is_cancelled = as_cancel(cancel)
    meter = Meter(progress, "export", m.total_size)
    for f in m.files:
        if not store.has_blob(kit.paths, f.sha256, f.size):
            raise PackError(f"the installed copy of {f.path!r} is missing or damaged: run Verify my content",
                            code="pack_damaged")

    class _Counting:
        def __init__(self, path: Path) -> None:
            self._fh = open(path, "rb")

        def read(self, n: int = -1) -> bytes:
            b = self._fh.read(n)
            meter.add(len(b))
            if is_cancelled():
                raise Cancelled()
            return b

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc: object) -> None:
            self._fh.close()

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    need = m.total_size + len(row.manifest_json) + 200 * len(m.files) + 1024 * 1024  # + zip headers
    free = shutil.disk_usage(out.parent).free
    if need > free:
        raise store.StoreError(f"not enough free space in {out.parent}: {need / 1048576:.1f} MiB needed, "
                               f"{free / 1048576:.1f} MiB free", code="pack_no_space")
    files = [(f, functools.partial(_Counting, store.blob_path(kit.paths, f.sha256))) for f in m.files]
    sig = Signature.from_bytes(row.signature_json.encode("utf-8"))
    try:
        write_pack(out, row.manifest_json.encode("utf-8"), sig, files)
    except PackError as exc:
        raise PackError(f"cannot export {course_id}: {exc.message}; run Verify my content",
                        code="pack_damaged") from exc
    meter.finish()
    return Path(out)


# --- bundled packs ------------------------------------------------------------------------------

def bundled_pack_files(folder: Path) -> list[Path]:
    """The packs of a folder: ``*.cc2pack`` and split packs' indexes."""
    d = Path(folder)
    if not d.is_dir():
        return []
    return sorted([*d.glob(f"*{PACK_SUFFIX}"), *d.glob(f"*{PACK_SUFFIX}{parts.INDEX_SUFFIX}")])


def ensure_bundled_installed(kit, packs_dir: Path | str,
                             progress: ProgressCallback | None = None) -> list[str]:  # noqa: ANN001
    """Install every pack in ``packs_dir`` (``*.cc2pack``, split packs) that is not installed yet (or is newer than the
    installed version). Returns the course ids installed or updated. A broken bundled pack is
    logged and skipped. Also cleans leftovers of an interrupted install."""
    cleanup_leftovers(kit)
    done: list[str] = []
    d = Path(packs_dir)
    if not d.is_dir():
        return done
    installed = {c["id"]: c["version"] for c in list_courses(kit)}
    for p in bundled_pack_files(d):
        try:
            with PackReader(p, trusted(kit)) as r:
                m = r.manifest
            if m.id in installed and tuple(map(int, installed[m.id].split("."))) >= m.version_tuple:
                continue
            res = install_pack(kit, p, progress=progress)
            if res.status != "unchanged":
                done.append(res.course_id)
        except CCError as exc:
            log.warning("bundled pack %s not installed: %s", p.name, exc.message)
    return done


# --- verify my content / repair --------------------------------------------------------------------
def verify_store(kit, progress: ProgressCallback | None = None, cancel: Any = None) -> dict[str, Any]:  # noqa: ANN001
    """Re-hash every blob installed courses use. Returns ``{"checked", "bytes", "damaged": [
    {"sha256", "problem": "missing"|"corrupt", "courses": [...], "paths": [...]}], "titles":
    {course id: {lang: title}}}``."""
    is_cancelled = as_cancel(cancel)
    uses: dict[str, dict[str, Any]] = {}
    titles: dict[str, dict[str, str]] = {}
    for row in _rows(kit):
        m = _manifest_of(row)
        titles[m.id] = dict(m.title)
        for f in m.files:
            u = uses.setdefault(f.sha256, {"size": f.size, "courses": [], "paths": []})
            if m.id not in u["courses"]:
                u["courses"].append(m.id)
            u["paths"].append(f.path)
    meter = Meter(progress, "check", sum(u["size"] for u in uses.values()))
    damaged = []
    for sha, u in sorted(uses.items()):
        p = store.blob_path(kit.paths, sha)
        problem = None
        if not p.is_file():
            problem = "missing"
            meter.add(u["size"])
        else:
            try:
                size, digest = store.hash_file(p, progress=meter.add, cancel=is_cancelled)
            except OSError:
                size, digest = -1, ""
            if size != u["size"] or digest != sha:
                problem = "corrupt"
        if problem:
            damaged.append({"sha256": sha, "problem": problem, "courses": u["courses"], "paths": u["paths"],
                            "size": u["size"]})
    meter.finish()
    return {"checked": len(uses), "bytes": meter.done, "damaged": damaged, "titles": titles}


def repair_from_pack(kit, pack: Path | str, damaged: list[dict] | None = None,  # noqa: ANN001
                     progress: ProgressCallback | None = None, cancel: Any = None) -> dict[str, Any]:
    """Rewrite damaged blobs from a trusted pack file that contains them. ``damaged`` is the list
    :func:`verify_store` returned (re-checked when None). Returns ``{"repaired": [sha…],
    "still_damaged": [sha…]}``."""
    if damaged is None:
        damaged = verify_store(kit, cancel=cancel)["damaged"]
    want = {d["sha256"] for d in damaged}
    repaired = []
    is_cancelled = as_cancel(cancel)
    with store.store_lock(kit.paths), PackReader(pack, trusted(kit)) as reader:
        entries = {f.sha256: f for f in reader.manifest.files if f.sha256 in want}
        meter = Meter(progress, "repair", sum(f.size for f in entries.values()))
        for sha, f in entries.items():
            with store.BlobWriter(kit.paths, verify=False) as w:  # reader.stream verifies
                def sink(b: bytes, w: store.BlobWriter = w) -> None:
                    w.write(b)
                    meter.add(len(b))

                reader.stream(f, sink, is_cancelled)
                w.commit(f.sha256, f.size)
            repaired.append(sha)
        meter.finish()
    return {"repaired": repaired, "still_damaged": sorted(want - set(repaired))}


# --- catalogs ----------------------------------------------------------------------------------------
def catalog_address(kit) -> str:  # noqa: ANN001
    """What "Download courses" starts from: the address last used, else the server this PC is
    enrolled with (its base address: :func:`remote.catalog_url` completes it), else nothing."""
    saved = kit.settings.get("packs.catalog_url")
    if saved:
        return saved
    from cc2desktop.core.sync.state import server_url

    return server_url(kit) or ""


def fetch_catalog(kit, url: str | None = None, cancel: Any = None) -> list[dict[str, Any]]:  # noqa: ANN001
    """The catalog at ``url`` (default: the ``packs.catalog_url`` setting) as rows for the GUI:
    each entry's fields plus ``installed_version`` and ``status`` ("new" | "update" | "installed" |
    "older")."""
    url = url or kit.settings.get("packs.catalog_url")
    if not url:
        raise CCError("no catalog address set", code="pack_no_catalog")
    cat = remote.fetch_catalog(url, cancel=cancel)
    installed = {c["id"]: c["version"] for c in list_courses(kit)}
    rows = []
    for e in cat.packs:
        row = e.model_dump()
        inst = installed.get(e.id)
        row["installed_version"] = inst
        if inst is None:
            row["status"] = "new"
        else:
            iv = tuple(int(x) for x in inst.split("."))
            row["status"] = "update" if e.version_tuple > iv else ("installed" if e.version_tuple == iv else "older")
        rows.append(row)
    return rows


def install_catalog_entry(kit, entry: dict[str, Any], progress: ProgressCallback | None = None,  # noqa: ANN001
                          cancel: Any = None) -> InstallResult:
    """Install or update the course of a :func:`fetch_catalog` row (delta when installed; the
    whole pack, checked against the catalog's size and SHA-256, otherwise)."""
    return _install_url(kit, entry["url"], progress=progress, cancel=cancel,
                              expected_size=entry.get("size"), expected_sha256=entry.get("sha256"))

