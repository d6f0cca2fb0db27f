"""The wire format, learner codes, PINs and bundles, without a server."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cc2desktop.core import crypto
from cc2desktop.core.errors import ValidationError
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
        evs.append(P.WireEvent(str(uuid.uuid4()), lid, "D", seq, typ, cid, P.canonical_payload(payload), created))
    wire = json.loads(P.batch_bytes(P.encode_batch("D", [tuple(e) for e in [_t(e) for e in evs]])))
    assert P.decode_batch(wire) == evs


def _t(e: P.WireEvent) -> tuple:
    return (e.id, e.learner_id, e.device_id, e.seq, e.type, e.course_id, e.payload_text, e.created_at)


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
