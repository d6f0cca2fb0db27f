"""Pack transfers over HTTP: resumable downloads and catalogs (installing what they bring is
:mod:`cc2desktop.core.packs.service`'s work: :func:`~cc2desktop.core.packs.service.install_pack` with a URL).

- Requests go through :mod:`cc2desktop.core.net` (connect and read timeouts, abort on cancel). Only
  GETs are made (idempotent), so a failed request is retried (:data:`POLICY`) — connection errors,
  timeouts, 408/429/5xx — with capped, jittered exponential backoff honouring ``Retry-After``; other
  4xx are final.
- A pack download goes to ``<data dir>/downloads/<key>.part`` with a ``.part.json`` sidecar (URL,
  ETag/Last-Modified); after an interruption, even in another process, it resumes with
  ``Range: bytes=N-`` and ``If-Range`` (a changed file on the server restarts from zero).
- Updating an installed course from a server that offers ``…/manifest`` (see
  :mod:`cc2desktop.server.catalog`) downloads the signed manifest, checks it, and fetches only the
  blobs whose hash the store lacks, from ``/api/v1/blobs/<sha256>``; each blob is itself resumable
  (``downloads/blob-<sha>.part``). Blobs move into the store and the new version becomes visible
  only when all of them are complete and verified.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import requests

from cc2desktop.core import net
from cc2desktop.core.errors import CCError
from cc2desktop.core.packs import store
from cc2desktop.core.packs.catalog import Catalog
from cc2desktop.core.packs.progress import Cancelled, Meter, ProgressCallback, as_cancel

TIMEOUT = net.TIMEOUT
POLICY = net.RetryPolicy(tries=5, backoff=0.5, max_backoff=8.0,
                         statuses=frozenset({408, 429, 500, 502, 503, 504}))  # a catalog server or its CDN
CHUNK = 256 * 1024
MAX_CATALOG_BYTES = 8 * 1024 * 1024
USER_AGENT = "cc2desktop-packs"


class DownloadError(CCError):
    code = "pack_download"


@dataclass
class Transfer:
    """Network bytes received (bodies only) during one operation."""

    bytes: int = 0


def http_session(session: requests.Session | None = None, cancel: Any = None) -> requests.Session:
    """``session``, else a new :func:`cc2desktop.core.net.session` (aborted when ``cancel`` is a Job
    that gets cancelled)."""
    return session if session is not None else net.session(cancel=cancel, user_agent=USER_AGENT)


def _pause(retry: int, resp: requests.Response | None, is_cancelled: Callable[[], bool]) -> None:
    """Wait before retry number ``retry`` (1 = the first), honouring the last answer's Retry-After."""
    if net.wait(POLICY.delay(retry, net.retry_after(resp.headers) if resp is not None else None), is_cancelled):
        raise Cancelled()


def _describe(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "the server did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        return "cannot reach the server"
    return " ".join(str(exc).split())[:200]


def get_json(url: str, *, session: requests.Session | None = None, cancel: Any = None,
             max_bytes: int = MAX_CATALOG_BYTES, transfer: Transfer | None = None) -> Any:
    """GET a small JSON document, with retries."""
    s = http_session(session, cancel)
    is_cancelled = as_cancel(cancel)
    last = "failed"
    for attempt in range(POLICY.tries):
        resp = None
        try:
            resp = s.get(url, timeout=TIMEOUT, stream=True)
            if POLICY.retries_status(resp.status_code, idempotent=True):
                last = f"server error {resp.status_code}"
                resp.close()
                if attempt + 1 < POLICY.tries:
                    _pause(attempt + 1, resp, is_cancelled)
                continue
            if resp.status_code != 200:
                raise DownloadError(f"{url}: HTTP {resp.status_code}", code="pack_http", status=resp.status_code)
            data = b""
            for chunk in resp.iter_content(CHUNK):
                data += chunk
                if len(data) > max_bytes:
                    raise DownloadError(f"{url}: answer too large")
            if transfer is not None:
                transfer.bytes += len(data)
            try:
                return json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise DownloadError(f"{url}: not JSON") from exc
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            last = _describe(exc)
            if attempt + 1 < POLICY.tries:
                _pause(attempt + 1, resp, is_cancelled)
        finally:
            if resp is not None:
                resp.close()
    raise DownloadError(f"{url}: {last}")


CATALOG_PATH = "/api/v1/catalog"


def catalog_url(address: str) -> str:
    """The catalog URL for what a user typed: a server's base address (``192.168.1.10:8765``,
    ``http://hub.local:8765/``), its API root (``…/api/v1``) or a full catalog URL, with or
    without ``http://``."""
    text = (address or "").strip()
    if not text:
        raise CCError("no catalog address set", code="pack_no_catalog")
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CCError(f"{address!r} is not a web address (http://…)", code="pack_bad_address")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as exc:
        raise CCError(f"{address!r}: the port is not a number", code="pack_bad_address") from exc
    path = parts.path.rstrip("/")
    if path == "":
        path = CATALOG_PATH
    elif path.endswith("/api/v1"):
        path += "/catalog"
    else:
        path = parts.path
    return parts._replace(path=path, fragment="").geturl()


def fetch_catalog(url: str, *, session: requests.Session | None = None, cancel: Any = None) -> Catalog:
    """Download and parse a catalog (``url``: see :func:`catalog_url`); URLs in it are made absolute."""
    url = catalog_url(url)
    data = get_json(url, session=session, cancel=cancel)
    try:
        return Catalog.model_validate(data).resolved(url)
    except Exception as exc:  # noqa: BLE001 - pydantic ValidationError: one line
        raise DownloadError(f"{url}: not a pack catalog ({type(exc).__name__})", code="pack_catalog") from exc


# --- resumable download --------------------------------------------------------------------------
def download(url: str, dest: Path, *, expected_size: int | None = None, expected_sha256: str | None = None,
             progress: ProgressCallback | None = None, cancel: Any = None, session: requests.Session | None = None,
             transfer: Transfer | None = None, phase: str = "download", max_bytes: int | None = None) -> Path:
    """Download ``url`` to ``dest`` (complete file), resuming ``dest.part`` if present. On cancel or
    failure the partial file stays for the next attempt. Checks size/SHA-256 when given (a mismatch
    discards the partial file)."""
    s = http_session(session, cancel)
    is_cancelled = as_cancel(cancel)
    transfer = transfer if transfer is not None else Transfer()
    part = dest.with_name(dest.name + ".part")
    meta_path = dest.with_name(dest.name + ".part.json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {}
    if part.exists() and meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            meta = {}
        if meta.get("url") != url:
            part.unlink(missing_ok=True)
            meta = {}
    elif part.exists():
        part.unlink()
    have = part.stat().st_size if part.exists() else 0
    if expected_size is not None and have > expected_size:
        part.unlink()
        have = 0
    limit = expected_size if expected_size is not None else max_bytes
    meter = Meter(progress, phase, expected_size or 0, start_done=have)
    last_error: str = "failed"
    attempt = 0
    while True:
        if is_cancelled():
            raise Cancelled()
        if expected_size is not None and have == expected_size:
            break
        headers = {}
        if have:
            headers["Range"] = f"bytes={have}-"
            validator = meta.get("etag") or meta.get("last_modified")
            if validator:
                headers["If-Range"] = validator
        resp = None
        try:
            resp = s.get(url, headers=headers, timeout=TIMEOUT, stream=True)
            if resp.status_code == 416 and have:
                # we have everything (or the file shrank): check what we have
                total = _content_range_total(resp.headers.get("Content-Range", ""))
                if total is not None and total == have:
                    break
                part.unlink(missing_ok=True)
                have = 0
                meter.done = 0
                continue
            if POLICY.retries_status(resp.status_code, idempotent=True):
                last_error = f"server error {resp.status_code}"
                raise _Retry()
            if resp.status_code == 200:
                mode, have = "wb", 0
                meter.done = 0
            elif resp.status_code == 206:
                start = _content_range_start(resp.headers.get("Content-Range", ""))
                if start != have:
                    raise DownloadError(f"{url}: the server resumed at the wrong offset")
                mode = "ab"
            else:
                raise DownloadError(f"{url}: HTTP {resp.status_code}", code="pack_http", status=resp.status_code)
            total = _expected_total(resp, have)
            if expected_size is not None and total is not None and total != expected_size:
                raise DownloadError(f"{url}: size {total} differs from the catalog's {expected_size}")
            if total is not None and not meter.total:
                meter.total = total
            if total is not None and limit is None:
                limit = total
            meta = {"url": url, "etag": resp.headers.get("ETag"), "last_modified": resp.headers.get("Last-Modified")}
            meta_path.write_text(json.dumps(meta), encoding="utf-8")
            with open(part, mode) as fh:
                for chunk in resp.iter_content(CHUNK):
                    if not chunk:
                        continue
                    if limit is not None and have + len(chunk) > limit:
                        raise DownloadError(f"{url}: more data than announced")
                    fh.write(chunk)
                    have += len(chunk)
                    transfer.bytes += len(chunk)
                    meter.add(len(chunk))
                    if is_cancelled():
                        fh.flush()
                        raise Cancelled()
                fh.flush()
                os.fsync(fh.fileno())
            if total is not None and have < total:
                last_error = "connection closed early"
                raise _Retry()
            break
        except (_Retry, requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            if not isinstance(exc, _Retry):
                last_error = _describe(exc)
            attempt += 1
            if attempt >= POLICY.tries:
                raise DownloadError(f"{url}: {last_error} (partial download kept, retry to resume)") from None
            _pause(attempt, resp, is_cancelled)
        finally:
            if resp is not None:
                resp.close()
    meter.finish()
    if expected_sha256 is not None or expected_size is not None:
        size, digest = store.hash_file(part)
        if ((expected_size is not None and size != expected_size)
                or (expected_sha256 is not None and digest != expected_sha256)):
            part.unlink(missing_ok=True)
            meta_path.unlink(missing_ok=True)
            raise DownloadError(f"{url}: the downloaded file does not match its hash (discarded)", code="pack_hash")
    os.replace(part, dest)
    meta_path.unlink(missing_ok=True)
    return dest


class _Retry(Exception):
    pass


def _content_range_start(value: str) -> int | None:
    # "bytes 100-199/200"
    try:
        unit, rng = value.split(" ", 1)
        return int(rng.split("-", 1)[0]) if unit == "bytes" else None
    except ValueError:
        return None


def _content_range_total(value: str) -> int | None:
    try:
        t = value.rsplit("/", 1)[1]
        return None if t == "*" else int(t)
    except (IndexError, ValueError):
        return None


def _expected_total(resp: requests.Response, have: int) -> int | None:
    if resp.status_code == 206:
        return _content_range_total(resp.headers.get("Content-Range", ""))
    cl = resp.headers.get("Content-Length")
    return int(cl) if cl and cl.isdigit() and "gzip" not in resp.headers.get("Content-Encoding", "") else None
