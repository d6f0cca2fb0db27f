"""The content-addressed blob store: ``<data dir>/store/<sha[:2]>/<sha>``.

A blob is written to ``<data dir>/tmp/blob-*.part`` while its SHA-256 is computed, fsync'd, then
renamed into place: a blob under its name is always complete and correct (barring later disk
damage, which "Verify my content" detects). Blobs are shared by every course and version; the
installer garbage-collects the ones no installed manifest references.

One process at a time changes the store: :func:`store_lock` is an exclusive lock file
(``store/.lock``) held for a whole install / remove / GC.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from cc2desktop.core import system
from cc2desktop.core.errors import CCError
from cc2desktop.core.paths import DataPaths
from cc2desktop.core.packs.progress import Cancelled

TMP_PREFIX = "blob-"
CHUNK = 1024 * 1024


class StoreError(CCError):
    code = "pack_store"


class StoreBusyError(StoreError):
    code = "pack_store_busy"


def blob_path(paths: DataPaths, sha256: str) -> Path:
    return paths.store_dir / sha256[:2] / sha256


def has_blob(paths: DataPaths, sha256: str, size: int | None = None) -> bool:
    try:
        st = blob_path(paths, sha256).stat()
    except OSError:
        return False
    return size is None or st.st_size == size


def iter_blobs(paths: DataPaths) -> Iterator[tuple[str, Path]]:
    root = paths.store_dir
    if not root.is_dir():
        return
    for shard in sorted(root.iterdir()):
        if len(shard.name) != 2 or not shard.is_dir():
            continue
        for f in sorted(shard.iterdir()):
            if len(f.name) == 64 and f.name.startswith(shard.name):
                yield f.name, f


def hash_file(path: Path, progress: Callable[[int], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> tuple[int, str]:
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as fh:
        while True:
            b = fh.read(CHUNK)
            if not b:
                break
            h.update(b)
            n += len(b)
            if progress:
                progress(len(b))
            if cancel is not None and cancel():
                raise Cancelled()
    return n, h.hexdigest()


class BlobWriter:
    """Write one blob: ``write()`` chunks, then ``commit(expected_sha, expected_size)``; on any
    error call ``abort()`` (the context manager does). With a :class:`BlobSyncer`, the chunks are
    written by its writer thread (the caller reads and hashes the next ones meanwhile): hand the
    blob to ``syncer.add()`` instead of calling ``commit()``."""

    def __init__(self, paths: DataPaths, *, fsync: bool = True, verify: bool = True,
                 syncer: "BlobSyncer | None" = None) -> None:
        """``verify=False`` when the caller checks size and SHA-256 of the same bytes itself
        (the pack reader does): hashing twice would halve install speed."""
        self.paths = paths
        self.fsync = fsync
        self.verify = verify
        self._syncer = syncer
        paths.tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".part", dir=paths.tmp_dir)
        self.tmp = Path(name)
        self._fh = os.fdopen(fd, "wb", buffering=0)
        self._h = hashlib.sha256()
        self.size = 0
        self._written = 0  # bytes that reached the file (the writer thread's count)
        self._failed: BaseException | None = None
        self._queued: list = []  # this blob's writes still in the writer thread

    def write(self, data: bytes) -> None:
        """``data`` must not change afterwards (bytes: a write-behind thread may still hold it)."""
        if self._failed is not None:
            raise self._failed
        if self.verify:
            self._h.update(data)
        self.size += len(data)
        if self._syncer is None:
            self._write_all(data)
        else:
            self._queued.append(self._syncer.write_behind(self._write_all, data))

    def _write_all(self, data: bytes) -> None:
        if self._failed is not None:
            return
        try:
            view = memoryview(data)
            while view:  # a short write (a full disk) is not the end of the data
                n = self._fh.write(view)
                if not n:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                view = view[n:]
                self._written += n
        except BaseException as exc:
            self._failed = exc
            raise

    def commit(self, sha256: str, size: int) -> Path:
        if self._failed is not None:
            self.abort()
            raise self._failed
        if self.size != size or self._written != size or (self.verify and self._h.hexdigest() != sha256):
            self.abort()
            raise StoreError(f"blob {sha256[:12]}…: content does not match its hash")
        if self.fsync:
            os.fsync(self._fh.fileno())
        self._fh.close()
        dest = blob_path(self.paths, sha256)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.tmp, dest)
        return dest

    def abort(self) -> None:
        for fut in self._queued:  # not while the writer thread still writes to the file
            fut.cancel()
            try:
                fut.result()
            except BaseException:  # noqa: BLE001, S110 - aborting anyway
                pass
        self._queued.clear()
        try:
            self._fh.close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> "BlobWriter":
        return self

    def __exit__(self, exc_type, *rest: object) -> None:  # noqa: ANN001
        if exc_type is not None:
            self.abort()


class BlobSyncer:
    """Writes blobs' chunks in one thread and finishes written blobs (fsync, rename into place) in
    another, so the disk writes and flushes while the next chunks are read and hashed. Blobs made
    with ``BlobWriter(..., syncer=self)``; ``add()`` after the last ``write()``; ``wait()`` before
    making the course visible; ``close(cancel=True)`` on failure (unfinished blobs are aborted;
    finished ones are unreferenced and the caller's GC removes them)."""

    MAX_PENDING = 16  # blobs written, waiting for their fsync: bounds open files
    WRITE_DEPTH = 8  # chunks queued for the writer thread: bounds memory (8 × 1 MiB)

    def __init__(self) -> None:
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cc2-blob-write")
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cc2-blob-sync")
        self._writes: deque = deque()
        self._pending: list[tuple[object, BlobWriter]] = []

    def write_behind(self, fn: Callable[[bytes], None], data: bytes) -> object:
        while len(self._writes) >= self.WRITE_DEPTH:
            self._writes.popleft().result()  # a write error surfaces here (and in the blob's commit)
        fut = self._writer.submit(fn, data)
        self._writes.append(fut)
        return fut

    def add(self, writer: BlobWriter, sha256: str, size: int) -> None:
        while len(self._pending) >= self.MAX_PENDING:
            self._result(self._pending.pop(0)[0])
        # queued behind the blob's own writes (one writer thread, in order), then fsync'd and renamed
        chained = self._writer.submit(self._pool.submit, writer.commit, sha256, size)
        self._pending.append((chained, writer))

    @staticmethod
    def _result(chained: object) -> None:
        chained.result().result()  # type: ignore[attr-defined]

    def wait(self) -> None:
        while self._pending:
            self._result(self._pending.pop(0)[0])
        while self._writes:
            self._writes.popleft().result()

    def close(self, cancel: bool = False) -> None:
        if cancel:
            for chained, w in self._pending:
                if chained.cancel():  # type: ignore[attr-defined]
                    w.abort()
                    continue
                try:
                    inner = chained.result()  # type: ignore[attr-defined]
                except BaseException:  # noqa: BLE001, S112
                    continue
                if inner.cancel():
                    w.abort()
            self._pending.clear()
        self._writer.shutdown(wait=True)
        self._pool.shutdown(wait=True)
        self._writes.clear()


def fsync_dir(path: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def free_bytes(paths: DataPaths) -> int:
    return shutil.disk_usage(paths.root).free


FREE_SPACE_MARGIN = 64 * 1024 * 1024


def check_free_space(paths: DataPaths, needed: int) -> None:
    free = free_bytes(paths)
    if needed + FREE_SPACE_MARGIN > free:
        raise StoreError(
            f"not enough free disk space: {needed / 1048576:.1f} MiB needed (+64 MiB margin), "
            f"{free / 1048576:.1f} MiB free",
            code="pack_no_space")


@contextmanager
def store_lock(paths: DataPaths, *, wait: float = 30.0) -> Iterator[None]:
    """Exclusive lock on the store across processes (fcntl / msvcrt)."""
    paths.store_dir.mkdir(parents=True, exist_ok=True)
    fh = open(paths.store_dir / ".lock", "a+b")
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                system.try_lock(fh)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise StoreBusyError("another install or removal is running on this data directory") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            system.unlock(fh)
    finally:
        fh.close()


def clean_tmp(paths: DataPaths) -> int:
    """Remove leftovers of interrupted writes (call under :func:`store_lock`)."""
    n = 0
    if paths.tmp_dir.is_dir():
        for f in paths.tmp_dir.glob(f"{TMP_PREFIX}*.part"):
            f.unlink(missing_ok=True)
            n += 1
    return n


def gc(paths: DataPaths, referenced: set[str]) -> tuple[int, int]:
    """Delete every blob not in ``referenced`` (call under :func:`store_lock`).
    Returns (blobs removed, bytes freed)."""
    n = freed = 0
    for sha, p in list(iter_blobs(paths)):
        if sha not in referenced:
            try:
                freed += p.stat().st_size
                p.unlink()
                n += 1
            except OSError:
                pass
    for shard in paths.store_dir.iterdir() if paths.store_dir.is_dir() else []:
        if shard.is_dir() and len(shard.name) == 2:
            try:
                shard.rmdir()  # only when empty
            except OSError:
                pass
    return n, freed
