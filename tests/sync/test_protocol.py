"""The wire format, learner codes, PINs and bundles, without a server."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cc2desktop.core import crypto
from cc2desktop.core.errors import ValidationError
from cc2desktop.core.event_types import EventRecord
from cc2desktop.core.sync import bundles, keys
from cc2desktop.core.sync import protocol as P

_payload = st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=10), st.booleans(),
                                                         st.floats(allow_nan=False, allow_infinity=False)), max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["L1", "L2", "L3"]), st.sampled_from(["video.watched", "quiz.answered"]),
                          st.sampled_from([None, "cc-demo"]), st.integers(0, 10**7), _payload,
                          st.booleans()), min_size=1, max_size=30))
def test_batches_round_trip_exactly(rows):
    evs, seq, t = [], 0, 1_790_000_000_000
    for lid, typ, cid, dt_ms, payload, odd_time in rows:
        seq += 1 + dt_ms % 3
        t += dt_ms
        created = "2026-11-28T10:00:00+01:00" if odd_time else P.ms_to_iso(t)
        evs.append(EventRecord(str(uuid.uuid4()), lid, "D", seq, typ, cid, P.canonical_payload(payload), created,
                               synced=True))
    for given_as in (evs, [e.wire() for e in evs]):  # records, or rows read straight from the database
        wire = json.loads(P.batch_bytes(P.encode_batch("D", given_as)))
        assert P.decode_batch(wire) == evs


@pytest.mark.parametrize("bad", [
    [], {"v": 1}, {"v": 2, "d": "D", "L": [], "T": [], "C": [], "s0": 0, "t0": 0, "e": []},
    {"v": 1, "d": "D", "L": ["x"], "T": ["quiz.answered"], "C": [None], "s0": 1, "t0": 0, "e": [["nope", 0, 0, 0, 0, 0,
                                                                                                 {}]]},
    {"v": 1, "d": "D", "L": ["x"], "T": ["quiz.answered"], "C": [None], "s0": 1, "t0": 0,
     "e": [[P.pack_id(str(uuid.uuid4())), 5, 0, 0, 0, 0, {}]]},
    {"v": 1, "d": "D", "L": ["x"], "T": ["quiz.answered"], "C": [None], "s0": 1, "t0": 0,
     "e": [[P.pack_id(str(uuid.uuid4())), 0, 0, 0, 0, 0, "str"]]},
    {"v": 1, "d": "D", "L": ["x"], "T": ["quiz.answered"], "C": [None], "s0": 1, "t0": 0,
     "e": [[P.pack_id(str(uuid.uuid4())), 0, 0, 0, 0, 0, {"x": "y" * 20000}]]},
    {"v": 1, "d": "D", "L": ["x"], "T": ["quiz.answered"], "C": [None], "s0": 1, "t0": 0,
     "e": [[P.pack_id(str(uuid.uuid4())), 0, 0, 0, True, 0, {}]]},
])
def test_malformed_batches_are_refused(bad):
    with pytest.raises(ValidationError):
        P.decode_batch(bad)


def test_event_types():
    assert P.type_is_known("video.watched") and P.type_is_known("exam.claimed")
    assert not P.type_is_known("bitcoin.mined") and not P.type_is_known("video") and not P.type_is_known("Video.X")


def test_learner_codes_catch_typos():
    for _ in range(200):
        code = P.new_learner_code()
        assert len(code) == 9 and code[4] == "-"
        assert P.normalize_learner_code(code.lower().replace("-", " ")) == code
        body = code.replace("-", "")
        for i in range(7):  # any single substituted character is caught by the check character
            sub = next(c for c in P.CROCKFORD if c != body[i])
            with pytest.raises(ValidationError):
                P.normalize_learner_code(body[:i] + sub + body[i + 1:])
        assert P.normalize_learner_code(code[:-1].replace("0", "O").replace("1", "l") + code[-1]) == code
    with pytest.raises(ValidationError):
        P.normalize_learner_code("ABC")


def test_simulated_activity(kit):
    import json

    from sqlalchemy import text

    from cc2desktop.core.sync.simulate import simulate

    r = simulate(kit, 200, 10, seed=3)
    assert r.learners == 200 and 80 <= r.women <= 120  # about half women
    assert set(r.by_type) == {"video.watched", "quiz.answered", "quiz.completed", "capsule.completed"}
    with kit.session() as s:
        assert s.execute(text("SELECT count(*) FROM events WHERE synced = 0")).scalar() == r.events
        seqs = [x for (x,) in s.execute(text("SELECT seq FROM events ORDER BY seq"))]
        assert seqs == list(range(1, r.events + 1))
        q = json.loads(s.execute(text("SELECT payload FROM events WHERE type = 'quiz.answered' LIMIT 1")).scalar())
        assert {"capsule_id", "quiz_id", "attempt_id", "question_id", "interaction_type", "response", "success",
                "score", "duration_s"} <= set(q)
        genders = {g for (g,) in s.execute(text("SELECT DISTINCT gender FROM learners"))}
        assert genders <= {"f", "m", "x", "na"}


def test_the_same_seed_gives_the_same_activity(tmp_path):
    """Tests rely on the simulator's seed: a small run (3 learners, 4 days, as the xAPI export test
    makes) watches the same videos with the same subtitles each time, and uses all three choices
    (subtitles once followed the learners' random ids: a run could have none on)."""
    import datetime as dt

    from sqlalchemy import text

    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.simulate import simulate

    end = dt.datetime(2026, 11, 30, 18, tzinfo=dt.timezone.utc)
    runs = []
    for name in ("a", "b"):
        k = Kit(resolve_data_paths(tmp_path / name))
        try:
            simulate(k, learners=3, days=4, seed=5, end=end)
            with k.session() as s:
                runs.append([json.loads(p) for (p,) in s.execute(text(
                    "SELECT payload FROM events WHERE type = 'video.watched' ORDER BY seq"))])
        finally:
            k.close()
    assert runs[0] == runs[1] and len(runs[0]) >= 3
    assert {p["subtitles"] for p in runs[0]} == {"off", "fr", "en"}


def test_gzip_bombs_are_refused():
    with pytest.raises(ValidationError):
        P.gunzip_limited(P.gz(b"0" * 2000), limit=1000)
    assert P.gunzip_limited(P.gz(b"abc")) == b"abc"


def test_bundles_are_signed(tmp_path):
    priv = keys.load_or_create_device_key(tmp_path)
    assert crypto.public_b64url(keys.load_or_create_device_key(tmp_path)) == crypto.public_b64url(priv)
    data = bundles.write_bundle("push", "D", {"x": 1}, priv, "2026-01-01T00:00:00.000Z")
    header, payload, _ = bundles.read_bundle(data)
    assert payload == {"x": 1} and header["key"] == crypto.public_b64url(priv)
    forged = data.replace(b'"device":"D"', b'"device":"E"')
    for bad in (forged, data[:-1], b"hello", data[:20]):
        with pytest.raises(bundles.BundleError):
            bundles.read_bundle(bad)


def test_sealed_boxes():
    priv = crypto.new_box_key()
    box = crypto.seal(crypto.box_public(priv), b'{"pin":"1234"}')
    assert crypto.open_sealed(priv, box) == b'{"pin":"1234"}'
    with pytest.raises(ValueError):
        crypto.open_sealed(crypto.new_box_key(), box)  # not for this key
    tampered = dict(box, c=box["c"][:-2] + ("A" if box["c"][-2] != "A" else "B") + box["c"][-1])
    with pytest.raises(ValueError):
        crypto.open_sealed(priv, tampered)


def _row_by_row(batch, rx, refused, exact=False):
    L, T, C, rows = P._check_batch(batch)
    out: list = []
    P._decode_rows_into(out.append, rows, batch["d"], L, T, C, [x.encode() + b"\x1f" for x in L],
                        [x.encode() + b"\x1f" for x in T], [(x or "").encode() + b"\x1f" for x in C],
                        batch["s0"], batch["t0"], rx, P._dump_stdlib if exact else P._dump_fast, refused)
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["L1", "L2"]), st.integers(0, 10**9), _payload,
                          st.sampled_from(["ok", "ok", "ok", "not_object", "too_large", "odd_time", "bad_time"])),
                min_size=1, max_size=25), st.booleans())
def test_decode_rows_column_by_column_is_the_row_by_row_decoding(rows, exact):
    """The fast decoding of a whole batch gives exactly the rows (and digests) of the row-by-row
    one, and a batch with a bad event falls back to it: only that event is refused."""
    evs, seq, t = [], 0, 1_790_000_000_000
    for lid, dt_ms, payload, kind in rows:
        seq += 1
        t += dt_ms
        created = "2026-11-28T10:00:00+01:00" if kind == "odd_time" else P.ms_to_iso(t)
        evs.append((str(uuid.uuid4()), lid, "D", seq, "quiz.answered", "cc-demo", P.canonical_payload(payload),
                    created))
    batch = json.loads(P.batch_bytes(P.encode_batch("D", evs)))
    for (_lid, _dt, _p, kind), r in zip(rows, batch["e"]):
        if kind == "not_object":
            r[6] = "str"
        elif kind == "too_large":
            r[6] = {"x": "y" * P.MAX_PAYLOAD_BYTES}
        elif kind == "bad_time":
            r[5] = 12.5
    rx = "2026-12-01T00:00:00.000Z"
    want_refused: list = []
    try:
        want = _row_by_row(batch, rx, want_refused, exact)
    except P.InexactNumbers:
        with pytest.raises(P.InexactNumbers):
            P.decode_rows(batch, rx, exact=exact, refused=[])
        return
    got_refused: list = []
    assert P.decode_rows(batch, rx, exact=exact, refused=got_refused) == want
    assert got_refused == want_refused
    # the relay's columns (the same batch, column by column) decode to the same rows and refusals
    head = {k: v for k, v in batch.items() if k != "e"}
    col_refused: list = []
    assert P.decode_columns(head, tuple(map(list, zip(*batch["e"]))), rx, exact=exact, refused=col_refused) == want
    assert col_refused == want_refused
    assert [r["reason"] for r in got_refused] == [{"not_object": "bad_event", "too_large": "too_large",
                                                   "bad_time": "bad_event"}[k] for *_x, k in rows
                                                  if k in ("not_object", "too_large", "bad_time")]
    for r in want:  # the digest is the one of the event's body
        assert r[9] == P.body_hash(r[1], r[4], r[5], r[3], r[7], r[6])
