"""Pack distribution routes (included by the server app, ``cc2desktop serve``):

- ``GET /api/v1/catalog``: the catalog (:mod:`cc2desktop.core.packs.catalog`) of the packs in the
  packs directory — the newest version of each course;
- ``GET /api/v1/packs/{name}``: a pack file, with ``Range``/``If-Range`` (resumable downloads);
- ``GET /api/v1/packs/{name}/manifest``: ``{"manifest": "<canonical JSON>", "signature": "<…>"}``
  (what a client needs to plan a delta update);
- ``GET /api/v1/blobs/{sha256}``: one content file by its SHA-256, with ``Range``.

The exam answer keys (``*.exam-key.json``) in the same directory are never served.
Usage: ``app.include_router(make_catalog_router(packs_dir))``.
"""

from __future__ import annotations

import hashlib
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from fastapi import APIRouter, Header, HTTPException
from fastapi.responses import JSONResponse, Response, StreamingResponse

from cc2desktop.core.errors import CCError
from cc2desktop.core.packs.packfile import PackReader

CHUNK = 256 * 1024
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.cc2pack$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class _Pack:
    name: str
    path: Path
    stamp: tuple[int, int]
    entry: dict
    manifest: str
    signature: str
    sha256: str
    # sha -> (data offset, compressed size, size, compress type, member)
    blobs: dict[str, tuple[int, int, int, int, str]]


class PackIndex:
    """Scans the packs directory (again whenever a file changed) and answers the routes."""

    def __init__(self, packs_dir: Path | str) -> None:
        self.dir = Path(packs_dir)
        self._lock = threading.Lock()
        self._packs: dict[str, _Pack] = {}

    def refresh(self) -> dict[str, _Pack]:
        with self._lock:
            seen = {}
            files = sorted(self.dir.glob("*.cc2pack")) if self.dir.is_dir() else []
            for p in files:
                if not NAME_RE.match(p.name):
                    continue
                try:
                    st = p.stat()
                except OSError:
                    continue
                stamp = (st.st_size, st.st_mtime_ns)
                old = self._packs.get(p.name)
                if old is not None and old.stamp == stamp:
                    seen[p.name] = old
                    continue
                try:
                    seen[p.name] = self._load(p, stamp)
                except (CCError, OSError):
                    continue  # a broken file in the folder is not offered
            self._packs = seen
            return dict(seen)

    @staticmethod
    def _load(p: Path, stamp: tuple[int, int]) -> _Pack:
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for b in iter(lambda: fh.read(1 << 20), b""):
                h.update(b)
        with PackReader(p, None) as r:
            m = r.manifest
            blobs = {}
            for f in m.files:
                off, csize, ctype = r.member_span(f.path)
                blobs.setdefault(f.sha256, (off, csize, f.size, ctype, f.path))
            entry = {
                "id": m.id, "version": m.version, "title": dict(m.title), "description": dict(m.description),
                "languages": list(m.languages), "publisher": m.publisher, "key_id": r.signature.key_id,
                "url": f"/api/v1/packs/{p.name}", "manifest_url": f"/api/v1/packs/{p.name}/manifest",
                "size": stamp[0], "sha256": h.hexdigest(), "content_size": m.total_size, "files": len(m.files),
                "manifest_sha256": r.manifest_sha256,
            }
            return _Pack(p.name, p, stamp, entry, r.manifest_bytes.decode("utf-8"),
                         r.signature_bytes.decode("utf-8"), h.hexdigest(), blobs)

    def catalog(self) -> dict:
        newest: dict[str, dict] = {}
        for pk in self.refresh().values():
            e = pk.entry
            cur = newest.get(e["id"])
            if cur is None or _vt(e["version"]) > _vt(cur["version"]):
                newest[e["id"]] = e
        return {"schema": 1, "blobs_url": "/api/v1/blobs/", "packs": [newest[k] for k in sorted(newest)]}

    def pack(self, name: str) -> _Pack:
        pk = self.refresh().get(name) if NAME_RE.match(name) else None
        if pk is None:
            raise HTTPException(404, "no such pack")
        return pk

    def blob(self, sha: str) -> tuple[_Pack, tuple[int, int, int, int, str]]:
        if not SHA_RE.match(sha):
            raise HTTPException(404, "no such blob")
        for pk in self.refresh().values():
            if sha in pk.blobs:
                return pk, pk.blobs[sha]
        raise HTTPException(404, "no such blob")


def _vt(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def _parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Single byte range → (start, end inclusive); None = whole; raises 416 when unsatisfiable."""
    if not header:
        return None
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or (not m.group(1) and not m.group(2)):
        return None  # unsupported forms (multi-range…) get the whole file, as RFC 9110 allows
    if m.group(1):
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else size - 1
    else:
        n = int(m.group(2))
        start, end = max(0, size - n), size - 1
    if start >= size or end < start:
        raise HTTPException(416, headers={"Content-Range": f"bytes */{size}"})
    return start, min(end, size - 1)


def _ranged(range_: str | None, if_range: str | None, size: int, etag: str, reader,
            media_type: str) -> Response:  # noqa: ANN001
    """``reader(start, length)`` yields the bytes. Honours Range and If-Range (by ETag)."""
    rng = _parse_range(range_, size)
    if rng is not None and if_range and if_range != etag:
        rng = None  # the client's partial copy is of another version: send everything
    headers = {"Accept-Ranges": "bytes", "ETag": etag, "Cache-Control": "no-cache"}
    if rng is None:
        headers["Content-Length"] = str(size)
        return StreamingResponse(reader(0, size), media_type=media_type, headers=headers)
    start, end = rng
    headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1)
    return StreamingResponse(reader(start, end - start + 1), status_code=206, media_type=media_type, headers=headers)


def _file_reader(path: Path, base: int = 0):  # noqa: ANN202
    def read(start: int, length: int) -> Iterator[bytes]:
        with open(path, "rb") as fh:
            fh.seek(base + start)
            left = length
            while left > 0:
                b = fh.read(min(CHUNK, left))
                if not b:
                    return
                left -= len(b)
                yield b

    return read


def _deflated_reader(path: Path, member: str):  # noqa: ANN202
    def read(start: int, length: int) -> Iterator[bytes]:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            skip = start
            while skip > 0:
                b = fh.read(min(CHUNK, skip))
                if not b:
                    return
                skip -= len(b)
            left = length
            while left > 0:
                b = fh.read(min(CHUNK, left))
                if not b:
                    return
                left -= len(b)
                yield b

    return read


RANGE = Header(default=None, description="one byte range, e.g. bytes=1000-")
IF_RANGE = Header(default=None, description="the ETag of the partial copy (else the whole file is sent)")


def make_catalog_router(packs_dir: Path | str) -> APIRouter:
    index = PackIndex(packs_dir)
    router = APIRouter(prefix="/api/v1", tags=["packs"])

    @router.get("/catalog", summary="Packs offered by this server (newest version of each course)")
    def get_catalog() -> JSONResponse:
        return JSONResponse(index.catalog())

    @router.get("/packs/{name}", summary="A pack file (supports Range / If-Range)",
                responses={200: {"content": {"application/zip": {}}}, 206: {"description": "Partial content"},
                           404: {"description": "No such pack"}, 416: {"description": "Range not satisfiable"}})
    def get_pack(name: str, range: str | None = RANGE, if_range: str | None = IF_RANGE) -> Response:  # noqa: A002
        pk = index.pack(name)
        return _ranged(range, if_range, pk.stamp[0], f'"{pk.sha256}"', _file_reader(pk.path), "application/zip")

    @router.get("/packs/{name}/manifest", summary="The signed manifest of a pack",
                responses={404: {"description": "No such pack"}})
    def get_manifest(name: str) -> JSONResponse:
        pk = index.pack(name)
        return JSONResponse({"manifest": pk.manifest, "signature": pk.signature})

    @router.get("/blobs/{sha256}", summary="One content file by its SHA-256 (supports Range)",
                responses={200: {"content": {"application/octet-stream": {}}}, 206: {"description": "Partial content"},
                           404: {"description": "No such blob"}, 416: {"description": "Range not satisfiable"}})
    def get_blob(sha256: str, range: str | None = RANGE, if_range: str | None = IF_RANGE) -> Response:  # noqa: A002
        pk, (off, _csize, size, ctype, member) = index.blob(sha256)
        reader = _file_reader(pk.path, off) if ctype == zipfile.ZIP_STORED else _deflated_reader(pk.path, member)
        return _ranged(range, if_range, size, f'"{sha256}"', reader, "application/octet-stream")

    router.pack_index = index  # type: ignore[attr-defined]
    return router


def serve_packs_main() -> None:  # pragma: no cover - manual use: python -m cc2desktop.server.catalog DIR [PORT]
    import sys

    import uvicorn
    from fastapi import FastAPI

    app = FastAPI(title="cc2desktop packs")
    app.include_router(make_catalog_router(sys.argv[1]))
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]) if len(sys.argv) > 2 else 8765)


if __name__ == "__main__":  # pragma: no cover
    serve_packs_main()
