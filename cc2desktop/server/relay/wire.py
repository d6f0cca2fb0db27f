"""The columnar form of events on the hub ↔ central server leg (docs/sync-protocol.md, "Three tiers").

A relay page carries the events of many devices. Each device's events are first put in the PC's
compact batch form (:func:`cc2desktop.core.sync.protocol.encode_batch`: dictionaries of learners,
types and courses, seq and time deltas); then the rows of every batch are turned into columns: all
ids in one string, each small field in its own list, and the payloads by *shape* (the list of their
keys, sent once) with the values of each key of each shape in one list. Columns compress better
than rows (like with like), so the internet leg, where bytes cost most, carries fewer of them.

:func:`decode` gives the batches back (payloads as objects, keys in their sent order), ready for the
server's usual exactly-once store (:func:`~cc2desktop.core.sync.protocol.decode_rows`);
:func:`decode_columns` gives them as columns (the central server's ingest decodes those directly).
The hub builds the columns straight from its database rows (:func:`encode_columns`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from cc2desktop.core.errors import ValidationError
from cc2desktop.core.sync import protocol as P

WIRE_VERSION = 1
MAX_EVENTS = 20_000   # per page, both directions
MAX_GROUPS = 5_000
_LONG_NUMBER = re.compile(r"\d{16}")  # an integer orjson may not read exactly: the stdlib reads it


def _bad(msg: str) -> ValidationError:
    return ValidationError(f"relay page: {msg}", code="bad_batch")


def encode(batches: list[dict], *, exact: bool | None = None) -> dict:
    """Columns of compact batches (rows ``[id, learner#, type#, course#, dseq, dt, payload]``, the
    payload as JSON text or an object); a batch's ``"r"`` (receive times) is kept. See
    :func:`encode_columns` for ``exact``."""
    groups = []
    for b in batches:
        head = {k: v for k, v in b.items() if k != "e"}
        groups.append((head, tuple(map(list, zip(*b["e"]))) if b["e"] else ([],) * 7))
    return encode_columns(groups, exact=exact)


def encode_columns(groups: list[tuple[dict, tuple[list, ...]]], *, exact: bool | None = None) -> dict:
    """The page of batches given as (head, columns) (:func:`~cc2desktop.core.sync.protocol.batch_columns`).

    Payload text is parsed by orjson, which reads an integer beyond 64 bits as a float.
    ``exact=None``: text holding 16 digits in a row is parsed by the stdlib; ``False``: all by
    orjson (the caller checks the page for floats of 1e16 or more, ``e+`` in :func:`dumps`'s
    output, and encodes again with ``True``); ``True``: all by the stdlib."""
    out_groups: list[dict] = []
    ids: list[str] = []
    col_l: list[int] = []
    col_t: list[int] = []
    col_c: list[int] = []
    col_s: list[int] = []
    col_m: list[Any] = []
    payloads: list[Any] = []
    for head, (pids, li, ti, ci, ds, tt, ps) in groups:
        g = {"d": head["d"], "L": head["L"], "T": head["T"], "C": head["C"], "s0": head["s0"], "t0": head["t0"],
             "n": len(pids)}
        if "r" in head:
            g["r"] = head["r"]
        out_groups.append(g)
        ids += pids
        col_l += li
        col_t += ti
        col_c += ci
        col_s += ds
        col_m += tt
        payloads += ps
    loads, stdlib = P.loads, json.loads
    if exact is False and all(type(p) is str for p in payloads):
        pds = list(map(loads, payloads))
    else:
        parse = stdlib if exact else loads
        long_number = _LONG_NUMBER.search
        pds = [p if not isinstance(p, str) else stdlib(p) if exact is None and long_number(p) else parse(p)
               for p in payloads]
    # payloads by shape (their keys, sent once): each shape's values transposed into columns
    keys = list(map(tuple, pds))
    shapes = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    shape_of = list(map(shapes.__getitem__, keys))
    of_shape: list[list[dict]] = [[] for _ in shapes]
    for pd, sk in zip(pds, shape_of):
        of_shape[sk].append(pd)
    values: list[list] = []
    for k, ds_ in zip(shapes, of_shape):
        if k:
            values += map(list, zip(*map(dict.values, ds_)))
    packed = all(len(i) == 22 for i in ids)
    return {"w": WIRE_VERSION, "g": out_groups, "i": "".join(ids) if packed else ids, "l": col_l, "t": col_t,
            "c": col_c, "s": col_s, "m": col_m, "S": [list(k) for k in shapes], "p": shape_of, "V": values}


def dumps(page: dict) -> bytes:
    """A page as JSON bytes (in C when orjson is installed; the stdlib for integers beyond its range)."""
    try:
        import orjson

        return orjson.dumps(page)
    except (ImportError, TypeError):
        return P.dumps_compact(page)


def decode(page: Any) -> list[dict]:
    """The compact batches of a columnar page (each with its ``"r"`` when sent); refuses a page
    whose columns do not add up (``bad_batch``)."""
    return [{**head, "e": list(map(list, zip(*cols)))} for head, cols in decode_columns(page)]


def decode_columns(page: Any) -> list[tuple[dict, tuple[list, ...]]]:
    """The batches of a columnar page as (head, the 7 columns of its rows), for
    :func:`~cc2desktop.core.sync.protocol.decode_columns`; refuses a page whose columns do not add
    up (``bad_batch``)."""
    if not isinstance(page, dict) or page.get("w") != WIRE_VERSION:
        raise _bad("unknown form")
    try:
        groups, ids, col_l, col_t, col_c, col_s, col_m = (page[k] for k in ("g", "i", "l", "t", "c", "s", "m"))
        shapes, shape_of, values = page["S"], page["p"], page["V"]
    except KeyError as exc:
        raise _bad(f"missing {exc}") from None
    if not (isinstance(groups, list) and len(groups) <= MAX_GROUPS and all(isinstance(g, dict) for g in groups)):
        raise _bad("groups")
    n = sum(g.get("n") if type(g.get("n")) is int and g.get("n") >= 0 else 10**9 for g in groups)
    if n > MAX_EVENTS:
        raise _bad("too many events")
    if isinstance(ids, str):
        if len(ids) != 22 * n:
            raise _bad("ids")
        ids = [ids[k:k + 22] for k in range(0, len(ids), 22)]
    cols = (ids, col_l, col_t, col_c, col_s, col_m, shape_of)
    if not all(isinstance(c, list) and len(c) == n for c in cols):
        raise _bad("columns of unequal length")
    if not (isinstance(shapes, list) and isinstance(values, list)
            and all(isinstance(k, list) and all(isinstance(x, str) for x in k) for k in shapes)):
        raise _bad("payload shapes")
    first_col, j = [], 0
    for k in shapes:
        first_col.append(j)
        j += len(k)
    if len(values) != j or not all(isinstance(v, list) for v in values):
        raise _bad("payload columns")
    nshapes = len(shapes)
    if any(type(sk) is not int or not 0 <= sk < nshapes for sk in shape_of):
        raise _bad("payload shape index")
    count = Counter(shape_of)
    for sk, keys in enumerate(shapes):
        for col in range(first_col[sk], first_col[sk] + len(keys)):
            if len(values[col]) != count[sk]:
                raise _bad("payload columns too short" if len(values[col]) < count[sk] else "payload columns too long")
    # every column holds exactly one value per event of its shape: each payload is zipped in C
    its = [iter(v) for v in values]
    per_shape = [(keys, its[first_col[sk]:first_col[sk] + len(keys)]) for sk, keys in enumerate(shapes)]
    payloads = [dict(zip(keys, map(next, cols))) for keys, cols in map(per_shape.__getitem__, shape_of)]
    out: list[tuple[dict, tuple[list, ...]]] = []
    at = 0
    for g in groups:
        end = at + g["n"]
        cols = (ids[at:end], col_l[at:end], col_t[at:end], col_c[at:end], col_s[at:end], col_m[at:end],
                payloads[at:end])
        at = end
        b = {"v": P.PROTOCOL_VERSION, "d": g.get("d"), "L": g.get("L"), "T": g.get("T"), "C": g.get("C"),
             "s0": g.get("s0"), "t0": g.get("t0")}
        if "r" in g:
            b["r"] = g["r"]
        out.append((b, cols))
    return out
