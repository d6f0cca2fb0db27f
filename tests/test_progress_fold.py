"""The progress cache folded one event at a time equals the cache rebuilt from the whole log, for
random event sequences on a real SQLite file: this PC's writes (folded by ``progress.record``, with a
controlled clock so that writes share a millisecond) interleaved with events from other PCs whose
clocks run ahead or behind (inserted as sync inserts them, then ``progress.rebuild`` as sync does)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cc2desktop.core import events
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Event, Learner
from cc2desktop.core.learning import progress
from cc2desktop.core.learning.models import CapsuleProgress

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone.utc)
CAPSULES = ("c1", "c2")
OTHER_PCS = ("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff")

seconds = st.one_of(st.sampled_from([0.0, 5.0, 20.0, 50.0]), st.floats(0, 60).map(lambda x: round(x, 2)))
segment = st.tuples(seconds, seconds).map(list)
payloads = st.one_of(
    st.fixed_dictionaries({"segments": st.lists(segment, max_size=4),
                           "length": st.sampled_from([0, 30.0, 60.5]),
                           "position": st.one_of(st.none(), seconds),
                           "duration_s": st.floats(0, 100).map(lambda x: round(x, 2))}).map(
        lambda p: (progress.VIDEO_WATCHED, p)),
    st.fixed_dictionaries({"duration_s": st.floats(0, 30).map(lambda x: round(x, 2))}).map(
        lambda p: (progress.QUIZ_ANSWERED, p)),
    st.fixed_dictionaries({"scaled": st.sampled_from([0.0, 0.25, 0.5, 1.0])}).map(
        lambda p: (progress.QUIZ_COMPLETED, p)),
    st.just((progress.CAPSULE_COMPLETED, {"watched": 1.0})),
)
ops = st.lists(st.tuples(
    st.sampled_from(["here", "here", "other"]),  # mostly this PC's writes
    st.sampled_from(CAPSULES[:1] * 3 + CAPSULES[1:]),
    payloads,
    st.integers(-2, 3),  # this PC: clock step in ms (negative = unchanged); other PC: offset from now
    st.sampled_from(OTHER_PCS),
), min_size=2, max_size=25)


def _iso(ms: int) -> str:
    return (T0 + dt.timedelta(milliseconds=ms)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _cache(s, lid: str) -> dict:
    rows = s.scalars(select(CapsuleProgress).where(CapsuleProgress.learner_id == lid))
    return {(r.course_id, r.capsule_id): progress.row_to_state(r) for r in rows}


def _rebuilt(s, lid: str) -> dict:
    evs = events.for_learner(s, lid, types=progress.TYPES)
    keys = {(e.course_id, e.payload["capsule_id"]) for e in evs}
    return {k: progress.fold_events(k[0], k[1], [e for e in evs if e.course_id == k[0]]) for k in keys}


def test_folding_each_write_equals_a_rebuild(kit, monkeypatch):
    clock = {"ms": 0}
    monkeypatch.setattr(events, "utcnow_iso", lambda: _iso(clock["ms"]))
    other_seq = itertools.count(1)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(ops)
    def run(steps):
        with kit.session() as s:
            lid = new_id()
            s.add(Learner(id=lid, display_name="Fatou"))
        for who, capsule, (type_, payload), step, pc in steps:
            body = {"capsule_id": capsule, **payload}
            with kit.session() as s:
                if who == "here":
                    clock["ms"] += max(step, 0)
                    progress.record(s, events.append(s, lid, type_, body, course_id="course"))
                else:  # another PC's event arrives by sync: stored as is, then the cache is rebuilt
                    s.add(Event(id=new_id(), learner_id=lid, device_id=pc, seq=next(other_seq), type=type_,
                                course_id="course", payload=events.dumps(body),
                                created_at=_iso(clock["ms"] + step), synced=True))
                    s.flush()
                    progress.rebuild(s, lid)
            with kit.session() as s:
                assert _cache(s, lid) == _rebuilt(s, lid)

    run()


def test_a_missing_cache_row_is_rebuilt_from_the_log_before_folding(kit):
    """A cache that was never built (rows deleted) is recomputed from the log, not folded from zero."""
    with kit.session() as s:
        lid = new_id()
        s.add(Learner(id=lid, display_name="Awa"))
        s.flush()
        for a, b in ((0, 10), (10, 20)):
            progress.record(s, events.append(s, lid, progress.VIDEO_WATCHED,
                                             {"capsule_id": "c1", "segments": [[a, b]], "length": 40, "duration_s": 10},
                                             course_id="course"))
        s.query(CapsuleProgress).delete()
        st_ = progress.record(s, events.append(s, lid, progress.VIDEO_WATCHED,
                                               {"capsule_id": "c1", "segments": [[20, 30]], "length": 40,
                                                "duration_s": 10}, course_id="course"))
        assert st_.watched == [[0.0, 30.0]] and st_.time_spent_s == 30.0
        assert _cache(s, lid) == _rebuilt(s, lid)
