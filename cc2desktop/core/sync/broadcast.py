"""The broadcast scope: items the origin server publishes for every PC of a scope — a course
(``course:<id>``) or the whole programme (``programme``) — not only for a learner's devices
(docs/sync-protocol.md, "Broadcast scope").

* **Identity and order are the origin's**: the origin server numbers the items of each scope 1, 2,
  3… (``n``); an item is ``(scope, n)`` wherever it is stored (central server, a centre's hub, a
  PC), so a PC's cursor — the last ``n`` it holds per scope — means the same whichever tier it
  talks to.
* **Hash chain, signed heads**: ``h(n) = SHA-256(h(n-1) ‖ SHA-256(canonical [scope, n, kind, at,
  body]))`` from ``h(0) = SHA-256("cc2-broadcast\\0" + scope)``; the origin signs every head
  ``(scope, n, h(n))`` with its Ed25519 key. A page carries its items without signatures and the
  signature of its last head: the PC recomputes the chain from the head it holds and checks that one
  signature (a forged, altered, reordered or missing item breaks it: the scope's part is refused and
  nothing of it is stored). A hub keeps every head's signature (``full`` pages) and can cut pages
  anywhere without the origin's private key.
* **Kinds**: each kind is applied on the PC by its domain (:mod:`cc2desktop.core.broadcast_kinds`);
  every item is kept in ``sync_broadcast`` whether or not this version knows its kind.

Pure functions (chain, signatures, page form) are shared by the server and the PC; the PC's side
(:func:`local_scopes`, :func:`cursors`, :func:`apply_page`, :func:`reapply`) works on a Kit.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from cc2desktop.core import crypto
from cc2desktop.core.changes import NONE, Changes
from cc2desktop.core.errors import CCError

log = logging.getLogger(__name__)

PROGRAMME = "programme"
#: ``programme``, ``course:<id>`` (and later kinds of audience: ``centre:<id>``…)
SCOPE_RE = re.compile(r"[a-z][a-z0-9_]{0,31}(:[A-Za-z0-9][A-Za-z0-9._-]{0,127})?")
KIND_RE = re.compile(r"[a-z][a-z0-9_]{0,30}(\.[a-z][a-z0-9_]{0,30}){0,3}")
MAX_SCOPES = 256          # scopes in one request
PAGE_LIMIT = 2000         # items per HTTP page (the PC asks for this many)
MAX_PAGE = 5000           # items per page the server gives at most (HTTP)
BUNDLE_LIMIT = 20_000     # items per USB reply (the next stick carries the rest)
MAX_BODY_BYTES = 64 * 1024  # one item's body as JSON text
_HEAD_PREFIX = b"cc2-broadcast-head\n"


class BroadcastError(CCError):
    """A page or an item that cannot be trusted or read (``bad_broadcast``)."""

    code = "bad_broadcast"


@dataclass(frozen=True)
class BroadcastItem:
    """One item as every layer hands it around: plain data."""

    scope: str
    n: int
    kind: str
    at: str                  # the origin server's time of publication (UTC ISO, ms)
    body: dict[str, Any]

    @property
    def course_id(self) -> str | None:
        """The course of a ``course:<id>`` scope."""
        return self.scope.split(":", 1)[1] if self.scope.startswith("course:") else None


def course_scope(course_id: str) -> str:
    return f"course:{course_id}"


def valid_scope(scope: Any) -> bool:
    return isinstance(scope, str) and SCOPE_RE.fullmatch(scope) is not None


# --- the chain ------------------------------------------------------------------------------------
def genesis(scope: str) -> bytes:
    return hashlib.sha256(b"cc2-broadcast\x00" + scope.encode("utf-8")).digest()


def digest(item: BroadcastItem) -> bytes:
    try:
        form = crypto.canonicalize([item.scope, item.n, item.kind, item.at, item.body])
    except crypto.CanonicalJSONError as exc:
        raise BroadcastError(f"broadcast item {item.scope}#{item.n} is not canonical JSON: {exc}") from exc
    return hashlib.sha256(form).digest()


def link(prev: bytes, item: BroadcastItem) -> bytes:
    """The head after ``item``, from the head before it."""
    return hashlib.sha256(prev + digest(item)).digest()


def head_message(scope: str, n: int, h: bytes) -> bytes:
    return _HEAD_PREFIX + crypto.canonicalize([scope, n, crypto.b64url(h)])


def sign_head(key: Any, scope: str, n: int, h: bytes) -> str:
    """The origin's signature (base64url) of a scope's head."""
    return crypto.b64url(key.sign(head_message(scope, n, h)))


def check_head(public: Any, scope: str, n: int, h: bytes, sig: Any) -> bool:
    try:
        raw = crypto.b64url_decode(str(sig))
    except (ValueError, CCError):
        return False
    return crypto.verify(public, raw, head_message(scope, n, h))


# --- page form ------------------------------------------------------------------------------------
def encode_part(items: list[BroadcastItem], sig: str, *, heads: list[tuple[str, str]] | None = None) -> dict:
    """One scope's part of a page: ``{"n0", "K": [kinds], "t0", "i": [[kind#, time, body], …], "sig"}``.
    Times are milliseconds since the previous item's (the first's since ``t0``), or the ISO text when
    not exactly ``YYYY-MM-DDTHH:MM:SS.mmmZ``. ``heads`` (relays): ``[h, sig]`` of every item, appended
    to its row."""
    from cc2desktop.core.sync.protocol import iso_to_ms

    kinds: dict[str, int] = {}
    rows: list[list] = []
    t0: int | None = None
    prev = 0
    for i, it in enumerate(items):
        k = kinds.setdefault(it.kind, len(kinds))
        ms = iso_to_ms(it.at)
        if ms is None:
            t: Any = it.at
        else:
            if t0 is None:
                t0 = prev = ms
            t, prev = ms - prev, ms
        row = [k, t, it.body]
        if heads is not None:
            row.extend(heads[i])
        rows.append(row)
    return {"n0": items[0].n if items else 0, "K": list(kinds), "t0": t0 or 0, "i": rows, "sig": sig}


def decode_part(scope: str, part: Any) -> tuple[list[BroadcastItem], str, list[tuple[str, str]] | None]:
    """(items, signature of the last head, per-item ``(h, sig)`` when the part has them)."""
    from cc2desktop.core.sync.protocol import ms_to_iso

    try:
        n0, kinds, t0, rows, sig = part["n0"], part["K"], part["t0"], part["i"], part["sig"]
        if not (isinstance(n0, int) and n0 >= 1 and isinstance(kinds, list) and isinstance(rows, list)
                and isinstance(t0, int) and isinstance(sig, str)):
            raise TypeError
        items: list[BroadcastItem] = []
        heads: list[tuple[str, str]] = []
        prev = t0
        for i, row in enumerate(rows):
            kind, t, body = kinds[row[0]], row[1], row[2]
            if isinstance(t, bool) or not isinstance(kind, str) or not KIND_RE.fullmatch(kind) \
                    or not isinstance(body, dict):
                raise TypeError
            if isinstance(t, int):
                prev += t
                at = ms_to_iso(prev)
            elif isinstance(t, str) and len(t) <= 40:
                at = t
            else:
                raise TypeError
            items.append(BroadcastItem(scope, n0 + i, kind, at, body))
            if len(row) >= 5:
                heads.append((str(row[3]), str(row[4])))
    except (KeyError, IndexError, TypeError, ValueError, OverflowError) as exc:
        raise BroadcastError(f"broadcast page for {scope} is malformed") from exc
    return items, sig, (heads if len(heads) == len(items) and heads else None)


def verify_part(public: Any, scope: str, items: list[BroadcastItem], prev: bytes, sig: str) -> list[bytes]:
    """The heads of ``items`` chained from ``prev`` (the head before the first), after checking the
    origin's signature of the last one; :class:`BroadcastError` if anything does not match."""
    hs: list[bytes] = []
    h = prev
    for it in items:
        h = link(h, it)
        hs.append(h)
    if items and not check_head(public, scope, items[-1].n, h, sig):
        raise BroadcastError(f"broadcast items of {scope} {items[0].n}–{items[-1].n} are not signed by the "
                             "programme's server (altered or forged): refused")
    return hs


def check_request(scopes: Any) -> dict[str, int]:
    """A request's ``{scope: last n held}``, validated."""
    if not isinstance(scopes, dict) or len(scopes) > MAX_SCOPES:
        raise BroadcastError(f"scopes must be an object of at most {MAX_SCOPES} scopes")
    out: dict[str, int] = {}
    for s, n in scopes.items():
        if not valid_scope(s) or isinstance(n, bool) or not isinstance(n, int) or not 0 <= n < 2**53:
            raise BroadcastError(f"bad broadcast scope or cursor: {str(s)[:60]!r}")
        out[s] = n
    return out


# --- the PC's side --------------------------------------------------------------------------------
@dataclass
class Applied:
    """What a page brought: new items stored, how many applied by their kind, scopes refused."""

    stored: int = 0
    applied: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (scope, reason)
    changes: Changes = NONE
    kinds: set[str] = field(default_factory=set)


def local_scopes(kit: Any) -> list[str]:
    """The scopes this PC follows: the programme and every course it has (installed packs and
    course folders)."""
    from pathlib import Path

    from cc2desktop.core.learning.catalog import default_source_dirs

    with kit.read() as s:
        ids = {r[0] for r in s.connection().exec_driver_sql("SELECT course_id FROM pack_courses")}
    for folder in [*default_source_dirs(), *getattr(kit, "course_dirs", [])]:
        try:
            cid = json.loads((Path(folder) / "course.json").read_text(encoding="utf-8")).get("id")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(cid, str):
            ids.add(cid)
    return [PROGRAMME, *sorted(course_scope(c) for c in ids if valid_scope(course_scope(c)))]


def cursors(kit: Any, scopes: Iterable[str] | None = None) -> dict[str, int]:
    """``{scope: last n held}`` for ``scopes`` (default: :func:`local_scopes`)."""
    wanted = list(scopes) if scopes is not None else local_scopes(kit)
    with kit.read() as s:
        held = dict(s.connection().exec_driver_sql("SELECT scope, MAX(n) FROM sync_broadcast GROUP BY scope").all())
    return {sc: int(held.get(sc) or 0) for sc in wanted}


def _held_head(conn: Any, scope: str, n: int) -> bytes | None:
    if n == 0:
        return genesis(scope)
    row = conn.exec_driver_sql("SELECT h FROM sync_broadcast WHERE scope = ? AND n = ?", (scope, n)).first()
    return crypto.b64url_decode(row[0]) if row else None


def apply_page(kit: Any, page: Any, *, key: str, scopes: Iterable[str]) -> Applied:
    """Check and store a page (HTTP reply or USB reply part) in one transaction, applying each item
    by its kind. Parts for scopes not in ``scopes``, or not chained on what is held, are ignored; a
    part whose chain or signature does not match is refused whole (nothing of it stored) and named
    in ``refused``; the other scopes' parts are applied."""
    out = Applied()
    if not isinstance(page, dict) or not isinstance(page.get("scopes"), dict):
        if page:
            raise BroadcastError("broadcast page is malformed")
        return out
    if page.get("key") not in (None, key):
        raise BroadcastError("broadcast items signed by another key than the programme's server")
    wanted = set(scopes)
    checked: list[tuple[list[BroadcastItem], list[bytes]]] = []
    with kit.read() as s:
        conn = s.connection()
        for scope, part in sorted(page["scopes"].items()):
            if scope not in wanted:
                continue
            try:
                items, sig, _heads = decode_part(scope, part)
                if not items:
                    continue
                prev = _held_head(conn, scope, items[0].n - 1)
                if prev is None:
                    out.refused.append((scope, "gap"))  # not chained on what this PC holds: ask again
                    continue
                hs = verify_part(key, scope, items, prev, sig)
                for it in items:
                    if len(json.dumps(it.body, ensure_ascii=False)) > MAX_BODY_BYTES:
                        raise BroadcastError(f"broadcast item {scope}#{it.n} is too large")
                held_hs = dict(conn.exec_driver_sql(  # items already held must be the same ones
                    "SELECT n, h FROM sync_broadcast WHERE scope = ? AND n BETWEEN ? AND ?",
                    (scope, items[0].n, items[-1].n)).all())
                for it, h in zip(items, hs):
                    if it.n in held_hs and held_hs[it.n] != crypto.b64url(h):
                        raise BroadcastError(f"broadcast item {scope}#{it.n} differs from the one held")
            except BroadcastError as exc:
                log.warning("%s", exc.message)
                out.refused.append((scope, exc.message))
                continue
            checked.append((items, hs))
    if not checked:
        return out
    with kit.write() as s:
        conn = s.connection()
        fresh: list[BroadcastItem] = []
        for items, hs in checked:
            scope = items[0].scope
            top = conn.exec_driver_sql("SELECT MAX(n) FROM sync_broadcast WHERE scope = ?", (scope,)).scalar() or 0
            rows = [(it, h) for it, h in zip(items, hs) if it.n > top]
            if not rows or rows[0][0].n != top + 1:
                continue
            conn.exec_driver_sql(
                "INSERT INTO sync_broadcast (scope, n, kind, at, body, h, applied) VALUES (?, ?, ?, ?, ?, ?, 0)",
                [(it.scope, it.n, it.kind, it.at, json.dumps(it.body, ensure_ascii=False, separators=(",", ":")),
                  crypto.b64url(h)) for it, h in rows])
            fresh.extend(it for it, _h in rows)
        out.stored = len(fresh)
        out.applied, out.changes, out.kinds = _apply(s, fresh)
    return out


def reapply(kit: Any) -> Changes:
    """Apply the items stored but not applied because this PC's version did not know their kind (it
    learned it since). An item its applier refused keeps its error and is not tried again."""
    from cc2desktop.core.broadcast_kinds import APPLIERS

    with kit.read() as s:
        kinds = [r[0] for r in s.connection().exec_driver_sql(
            "SELECT DISTINCT kind FROM sync_broadcast WHERE applied = 0 AND error IS NULL")]
    if not any(k in APPLIERS for k in kinds):
        return NONE
    with kit.write() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT scope, n, kind, at, body FROM sync_broadcast WHERE applied = 0 AND error IS NULL "
            "ORDER BY scope, n").all()
        items = [BroadcastItem(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows if r[2] in APPLIERS]
        return _apply(s, items)[1]


def held(session: Any, *, kind: str | None = None, scope: str | None = None) -> list[BroadcastItem]:
    """Items held by this PC, in origin order per scope."""
    sql = "SELECT scope, n, kind, at, body FROM sync_broadcast WHERE 1=1"
    args: list[str] = []
    for col, value in (("kind", kind), ("scope", scope)):
        if value is not None:
            sql += f" AND {col} = ?"
            args.append(value)
    rows = session.connection().exec_driver_sql(sql + " ORDER BY scope, n", tuple(args)).all()
    return [BroadcastItem(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


def _applier(kind: str) -> Callable[..., Any] | None:
    from cc2desktop.core.broadcast_kinds import APPLIERS

    target = APPLIERS.get(kind)
    if target is None:
        return None
    mod, _, fn = target.partition(":")
    return getattr(importlib.import_module(mod), fn)


def _apply(s: Any, items: list[BroadcastItem]) -> tuple[int, Changes, set[str]]:
    """Run each kind's applier on consecutive runs of its items, under a savepoint: a run that fails
    is tried item by item, and an item that still fails is kept unapplied with its error."""
    conn = s.connection()
    changes, done, kinds = NONE, 0, set()
    runs: list[list[BroadcastItem]] = []
    for it in items:
        if runs and runs[-1][0].kind == it.kind and runs[-1][0].scope == it.scope:
            runs[-1].append(it)
        else:
            runs.append([it])
    for run in runs:
        fn = _applier(run[0].kind)
        if fn is None:
            continue  # a kind of a later version: kept, applied by the version that knows it
        ok: list[BroadcastItem] = []
        for chunk in [run] if len(run) == 1 else [run, *([it] for it in run)]:
            if len(ok) == len(run):
                break  # the whole run went through
            try:
                with s.begin_nested():
                    c = fn(s, chunk)
            except Exception as exc:  # noqa: BLE001 - one bad item never blocks the others
                if len(chunk) == 1:  # kept unapplied with its error; a whole run: tried item by item
                    log.warning("broadcast item %s#%s (%s) not applied: %s", chunk[0].scope, chunk[0].n,
                                chunk[0].kind, exc)
                    conn.exec_driver_sql("UPDATE sync_broadcast SET error = ? WHERE scope = ? AND n = ?",
                                         (f"{type(exc).__name__}: {exc}"[:300], chunk[0].scope, chunk[0].n))
                continue
            ok.extend(chunk)
            if isinstance(c, Changes):
                changes = changes | c
        if ok:
            conn.exec_driver_sql("UPDATE sync_broadcast SET applied = 1, error = NULL WHERE scope = ? AND n = ?",
                                 [(it.scope, it.n) for it in ok])
            done += len(ok)
            kinds.add(run[0].kind)
    return done, changes, kinds
