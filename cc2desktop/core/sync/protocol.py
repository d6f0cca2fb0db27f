"""The sync wire format, shared by the client and the server (docs/sync-protocol.md).

A *batch* is a compact JSON object, gzip'd on the wire::

    {"v": 1, "d": DEVICE_ID, "L": [learner ids], "T": [types], "C": [course ids or null],
     "s0": first seq, "t0": base time (ms since epoch),
     "e": [[ID, learner index, type index, course index, seq delta, time delta ms, payload], ...]}

``ID`` is the event UUID as 22 characters of URL-safe base64 (or the 36-character form), ``seq
delta`` is the difference to the previous event's seq (the first to ``s0``), ``time delta`` the
difference in ms to the previous event's time (the first to ``t0``); a time that does not round-trip
through the millisecond form is sent as its original string instead. Payloads are JSON objects.

Acknowledgements name the accepted seqs of the pushing device as ranges ``[[first, last], ...]``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import hmac
import hashlib
import json
import operator
import re
import secrets
import time
import uuid
import zlib
from itertools import accumulate, repeat
from typing import Any, Iterable

from cc2desktop.core.errors import ValidationError
from cc2desktop.core.event_types import EventRecord
from cc2desktop.core.limits import EVENT_PAYLOAD_BYTES

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"


_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}(\.[a-z][a-z0-9_]{0,30}){1,3}$")
MAX_PAYLOAD_BYTES = EVENT_PAYLOAD_BYTES  # one event's canonical payload (core/limits.py)
MAX_BATCH_EVENTS = 10_000
MAX_BODY_BYTES = 4 * 1024 * 1024    # compressed request body
MAX_INFLATED_BYTES = 32 * 1024 * 1024


def type_is_known(t: str) -> bool:
    """A type the server stores: every type a PC writes (:mod:`cc2desktop.core.event_types`), and
    any well-formed type in one of its namespaces (written by a newer PC)."""
    from cc2desktop.core.event_types import EVENT_TYPES, NAMESPACES

    return isinstance(t, str) and (t in EVENT_TYPES or (bool(_TYPE_RE.match(t)) and t.split(".", 1)[0] in NAMESPACES))


# --- JSON + gzip --------------------------------------------------------------------------------

def dumps_compact(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gz(data: bytes, level: int = 6) -> bytes:
    return gzip.compress(data, compresslevel=level, mtime=0)


def gunzip_limited(data: bytes, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Inflate gzip data, refusing anything that would exceed ``limit`` bytes (gzip bombs)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValidationError(f"body is not valid gzip: {exc}", code="bad_gzip") from exc
    if len(out) > limit or d.unconsumed_tail:
        raise ValidationError("body too large once inflated", code="too_large")
    return out


# --- event ids and times ------------------------------------------------------------------------

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def pack_id(event_id: str) -> str:
    """22 characters of base64url for a lowercase canonical UUID; anything else unchanged."""
    if not _UUID.fullmatch(event_id):
        return event_id
    return base64.urlsafe_b64encode(bytes.fromhex(event_id.replace("-", ""))).decode("ascii")[:22]


_B64URL = re.compile(r"[A-Za-z0-9_-]{21}[AQgw]")


def unpack_id(packed: Any) -> str:
    if type(packed) is str and len(packed) == 22 and _B64URL.fullmatch(packed):
        h = base64.urlsafe_b64decode(packed + "==").hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if not isinstance(packed, str):
        raise ValidationError("event id must be a string", code="bad_event")
    try:
        u = uuid.UUID(packed)
    except (ValueError, AttributeError) as exc:
        raise ValidationError("bad event id", code="bad_event") from exc
    if str(u) != packed:
        raise ValidationError("event id must be a lowercase UUID", code="bad_event")
    return packed


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


_ISO_MS = re.compile(r"(19[7-9]\d|[2-9]\d{3})-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_MS = dt.timedelta(milliseconds=1)


def iso_to_ms(s: str) -> int | None:
    """Milliseconds since the epoch when ``s`` is exactly in :func:`ms_to_iso`'s form, else None."""
    if not isinstance(s, str) or not _ISO_MS.fullmatch(s):
        return None
    try:
        return (dt.datetime.fromisoformat(s) - _EPOCH) // _MS
    except ValueError:
        return None


_MINUTES: dict[int, str] = {}


def ms_to_iso(ms: int) -> str:
    minute, rest = divmod(ms, 60_000)
    head = _MINUTES.get(minute)
    if head is None:
        if len(_MINUTES) > 4096:
            _MINUTES.clear()
        head = _MINUTES[minute] = time.strftime("%Y-%m-%dT%H:%M:", time.gmtime(minute * 60))
    sec, milli = divmod(rest, 1000)
    return f"{head}{sec:02d}.{milli:03d}Z"


_CANON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


_orjson: Any
try:  # the server's hot path parses and re-serialises payloads in C when orjson is installed
    import orjson as _orjson
except ImportError:  # pragma: no cover - the stdlib does the same, slower
    _orjson = None


def loads(data: bytes | str, *, exact: bool = False) -> Any:
    """Parse JSON (orjson when available, else the stdlib). ``exact``: always the stdlib (orjson
    reads integers beyond 64 bits as floats; :func:`decode_rows` asks for an exact re-parse when it
    meets such numbers). Raises ``ValueError`` on malformed JSON."""
    if _orjson is None or exact:
        return json.loads(data)
    try:
        return _orjson.loads(data)
    except _orjson.JSONDecodeError as exc:
        raise ValueError(str(exc)) from None


class InexactNumbers(Exception):
    """A batch parsed by orjson holds numbers of 16 digits or more: parse it again with ``exact``."""


def _dump_stdlib(payload: dict) -> bytes:
    try:
        return _COMPACT.encode(payload).encode("utf-8")
    except (UnicodeEncodeError, RecursionError, ValueError) as exc:  # lone surrogates, NaN, depth
        raise ValidationError("event payload is not valid JSON", code="bad_event") from exc


def _dump_fast(payload: dict) -> bytes:
    try:
        pb = _orjson.dumps(payload)
    except TypeError:  # beyond orjson's range (huge integers, deep nesting): the stdlib
        return _dump_stdlib(payload)
    if b"e+" in pb:  # maybe an integer beyond 64 bits that orjson read as a float
        raise InexactNumbers
    return pb


def same_event(stored: tuple, row: tuple) -> bool:
    """Whether a stored event ``(learner_id, type, course_id, seq, created_at, payload_text)`` and a
    decoded row (:func:`decode_rows`) are the same event though their digests differ (payload text
    serialised by another JSON library: compared by value, types included)."""
    if tuple(stored[:5]) != (row[1], row[4], row[5], row[3], row[7]):
        return False
    try:
        return _CANON.encode(json.loads(stored[5])) == _CANON.encode(json.loads(row[6]))
    except ValueError:
        return False


def canonical_payload(payload: Any) -> str:
    return _CANON.encode(payload)


def body_hash(learner_id: str, type_: str, course_id: str | None, seq: int, created_at: str,
              payload_text: str) -> str:
    """What "the same event" means: the same id must always carry this same digest."""
    h = hashlib.sha256()
    h.update("\x1f".join((learner_id, type_, course_id or "", str(seq), created_at, payload_text)).encode("utf-8"))
    return h.hexdigest()[:32]


# --- batches ------------------------------------------------------------------------------------

def encode_batch(device_id: str, events: Iterable[EventRecord | tuple]) -> dict:
    """Compact form of events of one device (see the module docstring). ``events`` may be
    :class:`~cc2desktop.core.event_types.EventRecord` or plain tuples in :meth:`EventRecord.wire`'s
    order (rows read straight from the database); payload text is embedded as JSON."""
    head, cols = batch_columns(device_id, events)
    head["e"] = list(map(list, zip(*cols)))  # text: canonical JSON, embedded as is by batch_bytes
    return head


def batch_columns(device_id: str, events: Iterable[EventRecord | tuple]) -> tuple[dict, tuple[list, ...]]:
    """:func:`encode_batch` as its head (``v d L T C s0 t0``) and the columns of its rows (packed
    ids, learner#, type#, course#, seq deltas, time deltas, payloads), built column by column."""
    rows_in: list = [e.wire() if isinstance(e, EventRecord) else e for e in events]
    if not rows_in:
        return {"v": PROTOCOL_VERSION, "d": device_id, "L": [], "T": [], "C": [], "s0": 0, "t0": 0}, \
            ([], [], [], [], [], [], [])
    ids, lids, _devs, seqs, types, courses, payloads, created = map(list, zip(*rows_in))
    L = {k: i for i, k in enumerate(dict.fromkeys(lids))}
    T = {k: i for i, k in enumerate(dict.fromkeys(types))}
    C = {k: i for i, k in enumerate(dict.fromkeys(courses))}
    # milliseconds since the epoch when ``created`` is exactly YYYY-MM-DDTHH:MM:SS.mmmZ, else None
    hours: dict[str, int | None] = {}
    mins, secs, millis = _TAIL_MINUTES, _TAIL_SECONDS, _TAIL_MILLIS
    ms: list[int | None] = []
    add = ms.append
    for c in created:
        head = c[:14]  # YYYY-MM-DDTHH:, then MM: SS. mmmZ looked up in small tables
        base = hours.get(head, -1)
        if base == -1:
            base = hours[head] = iso_to_ms(head + "00:00.000Z") if len(hours) < 100_000 else None
        mi, sec, milli = mins.get(c[14:17]), secs.get(c[17:20]), millis.get(c[20:])
        add(base + mi + sec + milli if base is not None and mi is not None and sec is not None
            and milli is not None else None)
    s0 = seqs[0]
    dseq = list(map(operator.sub, seqs, [s0] + seqs[:-1]))
    if None not in ms:
        t0 = ms[0]
        tt: list = list(map(operator.sub, ms, [t0] + ms[:-1]))
    else:  # a time in another form travels as its text; the next delta is from the last number
        t0 = ms[0] if ms[0] is not None else 0
        prev, tt = t0, []
        for m, c in zip(ms, created):
            if m is None:
                tt.append(c)
            else:
                tt.append(m - prev)
                prev = m
    head = {"v": PROTOCOL_VERSION, "d": device_id, "L": list(L), "T": list(T), "C": list(C), "s0": s0, "t0": t0}
    return head, (_pack_ids(ids), list(map(L.__getitem__, lids)), list(map(T.__getitem__, types)),
                  list(map(C.__getitem__, courses)), dseq, tt, payloads)


_TAIL_MINUTES = {f"{m:02d}:": m * 60_000 for m in range(60)}
_TAIL_SECONDS = {f"{s:02d}.": s * 1000 for s in range(60)}
_TAIL_MILLIS = {f"{m:03d}Z": m for m in range(1000)}
_CANONICAL_IDS = re.compile(r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})*")
_STD_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _pack_ids(ids: list) -> list[str]:
    """:func:`pack_id` of many ids at once (one hex and one base64 conversion when every id is a
    lowercase canonical UUID, the usual case)."""
    try:
        if ids and set(map(len, ids)) == {36}:
            joined = "".join(ids)
            if _CANONICAL_IDS.fullmatch(joined):  # 16 bytes + 2 zero bytes = 24 base64 characters per id
                raw = bytes.fromhex("0000".join(ids).replace("-", "") + "0000")
                b64 = binascii.b2a_base64(raw, newline=False).translate(_STD_TO_URLSAFE).decode("ascii")
                return [b64[o:o + 22] for o in range(0, len(b64), 24)]
    except TypeError:
        pass
    return [pack_id(e) for e in ids]


def batch_bytes(batch: dict) -> bytes:
    """Serialise a batch from :func:`encode_batch` without re-parsing the payloads."""
    head = {k: v for k, v in batch.items() if k != "e"}
    parts = []
    enc = json.dumps
    for pid, li, ti, ci, dseq, tt, p in batch["e"]:
        ptxt = p if isinstance(p, str) else canonical_payload(p)  # text: already canonical JSON
        if type(tt) is not int:
            tt = enc(tt, ensure_ascii=False)
        if len(pid) != 22:
            pid = enc(pid)[1:-1]
        parts.append(f'["{pid}",{li},{ti},{ci},{dseq},{tt},{ptxt}]')
    h = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    return (h[:-1] + ',"e":[' + ",".join(parts) + "]}").encode("utf-8")


def decode_batch(batch: Any) -> list[EventRecord]:
    """Validate and expand a compact batch; raises :class:`ValidationError` on any malformed part."""
    return _decode(batch, None)


def decode_rows(batch: Any, received_at: str, *, exact: bool = False, refused: list[dict] | None = None) -> list[tuple]:
    """The server's form of :func:`decode_batch`: tuples ``(id, learner_id, device_id, seq, type,
    course_id, payload_text, created_at, received_at, body_hash)``, ready to insert.

    The hot path of a push: with orjson the payload is re-serialised in C (key order as sent:
    clients send canonical, sorted payloads) and the digest hashes those bytes once; the id and
    the time are decoded inline. The payload text may then differ in number formatting from the
    stdlib's (``1e-05`` vs ``0.00001``); :func:`same_event` compares such bodies by value.
    Raises :class:`InexactNumbers` when a batch parsed by :func:`loads` should be parsed again
    with ``exact=True`` (and then decoded with ``exact=True``).

    ``refused``: a list that receives ``{"id", "seq", "reason"}`` for each event that is bad on its
    own (a payload over :data:`MAX_PAYLOAD_BYTES` — ``too_large`` —, not an object or with a
    malformed time — ``bad_event``): that event is left out and the others decoded. Without it,
    such an event fails the whole batch. A row whose id or seq cannot be read always does."""
    L, T, C, rows = _check_batch(batch)
    return _decode_checked(batch, L, T, C, rows, received_at, exact, refused)


def decode_columns(head: Any, columns: tuple[list, ...], received_at: str, *, exact: bool = False,
                   refused: list[dict] | None = None) -> list[tuple]:
    """:func:`decode_rows` of a batch given as its head (``v d L T C s0 t0``) and the columns of its
    rows (ids, learner#, type#, course#, seq deltas, time deltas, payload objects; equal lengths),
    as the relay's columnar pages carry them: the rows are only built when a column is irregular."""
    if not (isinstance(head, dict) and isinstance(columns, tuple) and len(columns) == 7
            and all(isinstance(c, list) for c in columns) and len({len(c) for c in columns}) == 1):
        raise ValidationError("batch columns malformed", code="bad_batch")
    L, T, C, _rows = _check_batch({**head, "e": columns[0]})
    return _decode_checked(head, L, T, C, columns, received_at, exact, refused)


def _decode_checked(batch: dict, L: list, T: list, C: list, rows: Any, received_at: str, exact: bool,
                    refused: list[dict] | None) -> list[tuple]:
    """``rows``: a list of rows, or a tuple of the 7 columns of the rows."""
    dev = batch["d"]
    out: list = []
    append = out.append
    seq, t = batch["s0"], batch["t0"]
    dump = _dump_stdlib if exact or _orjson is None else _dump_fast
    # the digest's fixed parts per dictionary entry, encoded once per batch
    Lh = [x.encode() + b"\x1f" for x in L]
    Th = [x.encode() + b"\x1f" for x in T]
    Ch = [(x or "").encode() + b"\x1f" for x in C]
    rx = received_at
    try:
        if isinstance(rows, tuple):
            fast = _decode_columns_fast(rows, dev, L, T, C, Lh, Th, Ch, seq, t, rx, exact or _orjson is None)
            if fast is not None:
                return fast
            rows = list(map(list, zip(*rows)))
        else:
            fast = _decode_rows_fast(rows, dev, L, T, C, Lh, Th, Ch, seq, t, rx, exact or _orjson is None)
        if fast is not None:
            return fast
        _decode_rows_into(append, rows, dev, L, T, C, Lh, Th, Ch, seq, t, rx, dump, refused)
    except UnicodeEncodeError as exc:  # lone surrogates (stdlib parse): not valid UTF-8 text
        raise ValidationError("batch holds text that is not valid UTF-8", code="bad_event") from exc
    return out


def _minute_head(minute: int, minutes: dict[int, str], days: dict[int, str]) -> str:
    """``"YYYY-MM-DDTHH:MM:"`` of a minute since the epoch, kept in a batch's caches."""
    day, hm = divmod(minute, 1440)
    date = days.get(day)
    if date is None:
        date = days[day] = ms_to_iso(day * 86_400_000)[:11]
    head = minutes[minute] = date + _CLOCK[hm]
    return head


def _decode_rows_fast(rows, dev, L, T, C, Lh, Th, Ch, s0, t0, rx, exact) -> list | None:  # noqa: ANN001
    """:func:`decode_rows` of a batch whose every row is well formed (the usual case), column by
    column (the checks and conversions mostly in C); None when any row is not (or may not be):
    the row-by-row decoding then refuses exactly the bad ones."""
    if not rows or set(map(type, rows)) != {list} or set(map(len, rows)) != {7}:
        return None
    return _decode_columns_fast(tuple(zip(*rows)), dev, L, T, C, Lh, Th, Ch, s0, t0, rx, exact)


def _decode_columns_fast(cols, dev, L, T, C, Lh, Th, Ch, s0, t0, rx, exact) -> list | None:  # noqa: ANN001
    """:func:`_decode_rows_fast` of the rows' 7 columns (of equal length)."""
    pids, li, ti, ci, dseq, tt, payloads = cols
    n = len(pids)
    if not n:
        return None
    if not (set(map(type, li)) == set(map(type, ti)) == set(map(type, ci)) == set(map(type, dseq))
            == set(map(type, tt)) == {int}) or set(map(type, payloads)) != {dict}:
        return None
    if min(li) < 0 or max(li) >= len(L) or min(ti) < 0 or max(ti) >= len(T) or min(ci) < 0 or max(ci) >= len(C):
        return None
    seqs = list(accumulate(dseq, initial=s0))[1:]
    times = list(accumulate(tt, initial=t0))[1:]
    if min(seqs) <= 0 or max(seqs) >= 2**62 or min(times) < 0 or max(times) >= 253402300800000:
        return None
    ids = _unpack_pids(pids)
    if ids[0] is None:
        return None
    try:
        if exact:
            enc = _COMPACT.encode
            pbs = [enc(x).encode("utf-8") for x in payloads]
        else:
            pbs = list(map(_orjson.dumps, payloads))
    except (TypeError, ValueError, RecursionError, UnicodeEncodeError):  # beyond orjson's range, or not JSON
        return None
    if not exact and b"e+" in b"\x1e".join(pbs):  # maybe an integer beyond 64 bits that orjson read as a float
        raise InexactNumbers
    if max(map(len, pbs)) > MAX_PAYLOAD_BYTES:
        return None
    suffix = _second_suffixes()
    minutes: dict[int, str] = {}
    days: dict[int, str] = {}
    created: list[str] = []
    add = created.append
    for t in times:
        minute, rest = divmod(t, 60_000)
        head = minutes.get(minute)
        if head is None:
            head = _minute_head(minute, minutes, days)
        add(head + suffix[rest])
    sha256 = hashlib.sha256
    hashes = [sha256(b"".join((Lh[a], Th[b], Ch[c], b"%d\x1f" % q, cr.encode(), b"\x1f", pb))).hexdigest()[:32]
              for a, b, c, q, cr, pb in zip(li, ti, ci, seqs, created, pbs)]
    return list(zip(ids, map(L.__getitem__, li), repeat(dev, n), seqs, map(T.__getitem__, ti),
                    map(C.__getitem__, ci), map(bytes.decode, pbs), created, repeat(rx, n), hashes))


def _decode_rows_into(append, rows, dev, L, T, C, Lh, Th, Ch, seq, t, rx, dump, refused) -> None:  # noqa: ANN001
    ids = _unpack_ids(rows)
    sha256 = hashlib.sha256
    minutes: dict[int, str] = {}
    days: dict[int, str] = {}
    suffix = _second_suffixes()
    nL, nT, nC = len(L), len(T), len(C)
    for r, eid in zip(rows, ids):
        if type(r) is not list or len(r) != 7:
            raise ValidationError("event row must have 7 fields", code="bad_event")
        pid, li, ti, ci, dseq, tt, payload = r
        if type(li) is not int or type(ti) is not int or type(ci) is not int or type(dseq) is not int \
                or not (0 <= li < nL) or not (0 <= ti < nT) or not (0 <= ci < nC):
            raise ValidationError("event row indexes out of range", code="bad_event")
        seq += dseq
        if not (0 < seq < 2**62):
            raise ValidationError("event seq out of range", code="bad_event")
        before = t
        try:  # an event bad on its own: refused alone when the caller collects refusals
            if type(tt) is int:
                t += tt
                if not (0 <= t < 253402300800000):
                    raise ValidationError("event time out of range", code="bad_event")
                minute, rest = divmod(t, 60_000)
                head = minutes.get(minute)
                if head is None:
                    head = _minute_head(minute, minutes, days)
                created = head + suffix[rest]
            elif type(tt) is str and 0 < len(tt) <= 32:
                created = tt
            else:
                raise ValidationError("event time malformed", code="bad_event")
            if type(payload) is not dict:
                raise ValidationError("event payload must be an object", code="bad_event")
            pb = dump(payload)
            if len(pb) > MAX_PAYLOAD_BYTES:
                raise ValidationError("event payload too large", code="too_large")
        except ValidationError as exc:
            if refused is None:
                raise
            t = before
            refused.append({"id": eid if eid is not None else unpack_id(pid), "seq": seq, "reason": exc.code})
            continue
        if eid is None:
            eid = unpack_id(pid)
        h = sha256(b"".join((Lh[li], Th[ti], Ch[ci], b"%d\x1f" % seq, created.encode(), b"\x1f", pb))).hexdigest()[:32]
        append((eid, L[li], dev, seq, T[ti], C[ci], pb.decode(), created, rx, h))


_PACKED_IDS = re.compile(r"(?:[A-Za-z0-9_-]{21}[AQgw]AA)*")
_URLSAFE_TO_STD = str.maketrans("-_", "+/")


def _unpack_ids(rows: list) -> list:
    """The ids of a batch's rows decoded at once when they are all in the 22-character form (one
    base64 and one hex conversion for the whole batch); else a None per row (decoded one by one)."""
    try:
        return _unpack_pids([r[0] for r in rows])
    except (TypeError, LookupError):  # malformed rows: reported by the row checks
        return [None] * len(rows)


def _unpack_pids(pids: list | tuple) -> list:
    """:func:`_unpack_ids` of the ids themselves."""
    try:
        if pids and set(map(len, pids)) == {22}:
            joined = "AA".join(pids) + "AA"  # 24 characters = 18 bytes per id: 16 + 2 zero bytes
            if _PACKED_IDS.fullmatch(joined):
                hx = binascii.a2b_base64(joined.translate(_URLSAFE_TO_STD)).hex()
                return [f"{hx[o:o + 8]}-{hx[o + 8:o + 12]}-{hx[o + 12:o + 16]}-{hx[o + 16:o + 20]}-{hx[o + 20:o + 32]}"
                        for o in range(0, len(hx), 36)]
    except (TypeError, LookupError):  # malformed ids: reported by the row checks
        pass
    return [None] * len(pids)


_SUFFIXES: list[str] | None = None
_CLOCK = [f"{h:02d}:{m:02d}:" for h in range(24) for m in range(60)]  # "HH:MM:" of each minute of a day


def _second_suffixes() -> list[str]:
    """``"SS.mmmZ"`` for every millisecond of a minute (built once, on the server's first push)."""
    global _SUFFIXES
    if _SUFFIXES is None:
        _SUFFIXES = [f"{s:02d}.{m:03d}Z" for s in range(60) for m in range(1000)]  # atomic assignment
    return _SUFFIXES


def _check_batch(batch: Any) -> tuple[list, list, list, list]:
    """Validate a batch's envelope; returns its dictionaries and rows (each row is checked as it is
    decoded)."""
    if not isinstance(batch, dict):
        raise ValidationError("batch must be an object", code="bad_batch")
    try:
        dev = batch["d"]
        L, T, C = batch["L"], batch["T"], batch["C"]
        s0, t0, rows = batch["s0"], batch["t0"], batch["e"]
    except (KeyError, TypeError) as exc:
        raise ValidationError(f"batch misses field {exc}", code="bad_batch") from exc
    if batch.get("v") != PROTOCOL_VERSION:
        raise ValidationError("unsupported protocol version", code="bad_version")
    if not (isinstance(dev, str) and isinstance(L, list) and isinstance(T, list) and isinstance(C, list)
            and isinstance(rows, list) and _isint(s0) and _isint(t0)):
        raise ValidationError("batch fields have wrong types", code="bad_batch")
    if len(rows) > MAX_BATCH_EVENTS:
        raise ValidationError(f"batch holds more than {MAX_BATCH_EVENTS} events", code="too_large")
    if not all(isinstance(x, str) and 0 < len(x) <= 36 for x in L) or not all(isinstance(x, str) for x in T) \
            or not all(x is None or (isinstance(x, str) and len(x) <= 128) for x in C):
        raise ValidationError("batch dictionaries have wrong types", code="bad_batch")
    return L, T, C, rows


def _decode(batch: Any, rx: str | None) -> list:
    L, T, C, rows = _check_batch(batch)
    dev = batch["d"]
    out: list = []
    minutes: dict[int, str] = {}
    b64ok, b64d = _B64URL.fullmatch, base64.urlsafe_b64decode
    seq, t = batch["s0"], batch["t0"]
    nL, nT, nC = len(L), len(T), len(C)
    dumps = _COMPACT.encode  # key order as sent: clients send canonical (sorted) payloads
    for r in rows:
        if type(r) is not list or len(r) != 7:
            raise ValidationError("event row must have 7 fields", code="bad_event")
        pid, li, ti, ci, dseq, tt, payload = r
        if type(li) is not int or type(ti) is not int or type(ci) is not int or type(dseq) is not int \
                or not (0 <= li < nL) or not (0 <= ti < nT) or not (0 <= ci < nC):
            raise ValidationError("event row indexes out of range", code="bad_event")
        seq += dseq
        if not (0 < seq < 2**62):
            raise ValidationError("event seq out of range", code="bad_event")
        if type(tt) is int:
            t += tt
            if not (0 <= t < 253402300800000):
                raise ValidationError("event time out of range", code="bad_event")
            minute, rest = divmod(t, 60_000)
            head = minutes.get(minute)
            if head is None:
                head = minutes[minute] = ms_to_iso(minute * 60_000)[:17]
            created = f"{head}{rest // 1000:02d}.{rest % 1000:03d}Z"
        elif isinstance(tt, str) and 0 < len(tt) <= 32:
            created = tt
        else:
            raise ValidationError("event time malformed", code="bad_event")
        if type(payload) is not dict:
            raise ValidationError("event payload must be an object", code="bad_event")
        ptext = dumps(payload)
        if len(ptext) > MAX_PAYLOAD_BYTES // 4 and len(ptext.encode("utf-8")) > MAX_PAYLOAD_BYTES:
            raise ValidationError("event payload too large", code="too_large")
        if type(pid) is str and len(pid) == 22 and b64ok(pid):
            hx = b64d(pid + "==").hex()
            eid = f"{hx[:8]}-{hx[8:12]}-{hx[12:16]}-{hx[16:20]}-{hx[20:]}"
        else:
            eid = unpack_id(pid)
        out.append(EventRecord(eid, L[li], dev, seq, T[ti], C[ci], ptext, created, True))
    return out


def run_lengths(values: list[str]) -> list[list]:
    """``[[count, value], ...]``: a pulled batch's ``"r"`` (the server's receive time of each event,
    in row order; the events of one push share one time)."""
    out: list[list] = []
    for v in values:
        if out and out[-1][1] == v:
            out[-1][0] += 1
        else:
            out.append([1, v])
    return out


def received_times(batch: dict) -> list[str | None]:
    """The server's receive time of each row of a pulled batch (None when the server sent none or
    sent them malformed: a device's clock is kept either way)."""
    n = len(batch.get("e") or [])
    runs = batch.get("r")
    out: list[str | None] = []
    if isinstance(runs, list):
        for run in runs:
            if not (isinstance(run, list) and len(run) == 2 and _isint(run[0]) and run[0] > 0
                    and isinstance(run[1], str) and len(run[1]) <= 32):
                return [None] * n
            out.extend([run[1]] * run[0])
    return out if len(out) == n else [None] * n


def _isint(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def seq_ranges(seqs: Iterable[int]) -> list[list[int]]:
    seqs = seqs if isinstance(seqs, list) else list(seqs)
    if seqs:
        lo, hi = min(seqs), max(seqs)
        if hi - lo + 1 == len(seqs) == len(set(seqs)):  # the usual case: one run
            return [[lo, hi]]
    out: list[list[int]] = []
    for s in sorted(set(seqs)):
        if out and out[-1][1] == s - 1:
            out[-1][1] = s
        else:
            out.append([s, s])
    return out


def expand_ranges(ranges: Any) -> list[int]:
    out: list[int] = []
    for a, b in ranges:
        out.extend(range(int(a), int(b) + 1))
    return out


# --- learner codes ------------------------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHECK = CROCKFORD + "*~$=U"          # Crockford's mod-37 check symbols
_DECODE = {c: i for i, c in enumerate(CROCKFORD)}
_DECODE.update({"O": 0, "I": 1, "L": 1})


def new_learner_code() -> str:
    """``XXXX-XXXX``: seven random Crockford base-32 characters plus a mod-37 check character."""
    body = "".join(secrets.choice(CROCKFORD) for _ in range(7))
    return _format_code(body + _check_char(body))


def _check_char(body: str) -> str:
    n = 0
    for c in body:
        n = n * 32 + _DECODE[c]
    return _CHECK[n % 37]


def _format_code(raw: str) -> str:
    return raw[:4] + "-" + raw[4:]


def normalize_learner_code(text: str) -> str:
    """Canonical form of a typed code (case, O/0, I/L/1, spaces and dashes forgiven); raises
    :class:`ValidationError` (code ``bad_learner_code``) when the check character does not match."""
    raw = "".join(ch for ch in str(text).upper() if ch not in " -")
    if len(raw) != 8:
        raise ValidationError("a learner code has 8 characters", code="bad_learner_code")
    body = "".join(CROCKFORD[_DECODE[c]] if c in _DECODE else "?" for c in raw[:7])
    if "?" in body or raw[7] not in _CHECK + "OIL" or _check_char(body) != (
            raw[7] if raw[7] not in "OIL" else CROCKFORD[_DECODE[raw[7]]]):
        raise ValidationError("this learner code is mistyped (check character does not match)",
                              code="bad_learner_code")
    return _format_code(body + _check_char(body))


# --- PINs ---------------------------------------------------------------------------------------
# A learner's PIN travels only as the salted hash the learning domain stores
# (:func:`cc2desktop.core.learning.pins.hash_pin`); the server checks a claim with
# :func:`cc2desktop.core.learning.pins.verify_pin`, whose cost parameters are bounded.


# --- learner profiles on the wire ---------------------------------------------------------------

PROFILE_FIELDS = ("id", "code", "display_name", "pin_hash", "gender", "country", "age_band", "category",
                  "created_at", "campaign")
#: What a learner may change on any PC; the server keeps the last change it receives and pulls it to
#: the learner's other PCs (a cleared PIN stays local: the server needs one to let a learner claim).
PROFILE_MUTABLE = ("display_name", "pin_hash", "gender", "country", "age_band", "category", "campaign")


def clean_profile(p: Any) -> dict:
    if not isinstance(p, dict) or not isinstance(p.get("id"), str) or not (0 < len(p["id"]) <= 36):
        raise ValidationError("learner profile needs an id", code="bad_learner")
    out = {}
    for k in PROFILE_FIELDS:
        v = p.get(k)
        if v is not None and not isinstance(v, str):
            raise ValidationError(f"learner field {k} must be a string", code="bad_learner")
        if v is not None and len(v) > 255:
            raise ValidationError(f"learner field {k} too long", code="bad_learner")
        out[k] = v
    if not out.get("display_name"):
        out["display_name"] = out.get("code") or "?"
    return out


# --- enrolment codes: 12 secret characters, then 4 that commit to the server's keys -------------
ENROL_SECRET_LEN = 12


def normalize_enrol_code(code: str) -> str:
    """Upper case, no spaces or dashes, O read as 0 and I or L as 1 (as typed from a printed code)."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum()).replace("O", "0").replace("I", "1").replace("L", "1")


def enrol_secret(code: str) -> str:
    """The secret part of an enrolment code (what the server stores a hash of)."""
    return normalize_enrol_code(code)[:ENROL_SECRET_LEN]


def enrol_check(code: str) -> str | None:
    """The 4 characters after the secret (None for a 12-character code of an older server)."""
    rest = normalize_enrol_code(code)[ENROL_SECRET_LEN:]
    return rest if len(rest) == 4 else None


def server_key_check(code: str, server_public_key: str, server_box_key: str) -> str:
    """4 Crockford characters binding an enrolment code to the server's signing and box keys: a PC
    that only syncs by USB checks its first reply against them before trusting its signer."""
    digest = hashlib.sha256(b"cc2desktop enrolment key check v1\n" + enrol_secret(code).encode("ascii") + b"\n"
                            + str(server_public_key).encode("ascii") + b"\n"
                            + str(server_box_key).encode("ascii")).digest()
    n = int.from_bytes(digest[:4], "big") >> 12  # 20 bits
    return "".join(CROCKFORD[(n >> shift) & 31] for shift in (15, 10, 5, 0))


def enrol_code_secret_hash(code: str) -> str:
    """SHA-256 hex of the code's secret part: what the server stores, and the key of what a USB
    bundle proves or encrypts with the code (never the code itself)."""
    return hashlib.sha256(enrol_secret(code).encode("utf-8")).hexdigest()


def enrol_proof(code_hash: str, device_id: str, public_key: str) -> str:
    """Proof that a bundle's device knows an enrolment code, bound to that device and key (useless
    to whoever finds the stick)."""
    return hmac.new(bytes.fromhex(code_hash), f"{device_id}\n{public_key}".encode("ascii"),
                    hashlib.sha256).hexdigest()


# --- the server's word that a device is enrolled with it ------------------------------------------
def device_statement(device_id: str, public_key: str, server_public_key: str) -> dict:
    return {"type": "cc2desktop-enrolled-device", "device_id": device_id, "public_key": public_key,
            "server_public_key": server_public_key}


def device_cert_ok(cert: Any, device_id: str, public_key: str, server_public_key: str | None) -> bool:
    """Whether ``cert`` (``{"sig": base64url}`` from the enrolment or a reply bundle) is the server's
    signature that ``device_id`` with ``public_key`` is enrolled with it."""
    from cc2desktop.core import crypto

    if not server_public_key or not isinstance(cert, dict) or not isinstance(cert.get("sig"), str):
        return False
    try:
        sig = crypto.b64url_decode(cert["sig"])
    except ValueError:
        return False
    return crypto.verify_json(server_public_key, sig, device_statement(device_id, public_key, server_public_key))
