"""Two writers on one data folder: a learner's quiz answer while a sync applies the server's acks.

The answer reads the log, then appends (a read-then-write). With a deferred ``BEGIN``, a sync commit
landing between the two made SQLite fail the answer at once (SQLITE_BUSY_SNAPSHOT, "database is
locked"). Client writes now start with ``BEGIN IMMEDIATE``: the second writer waits, both commit.
Real SQLite file, real hub on 127.0.0.1, real sync client."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from cc2desktop.core.db.models import Event
from cc2desktop.core.kit import Kit
from cc2desktop.core.learning.quiz import load_quiz
from cc2desktop.core.sync.client import SyncClient
from tests.sync.conftest import add_events, enrolled


@pytest.mark.parametrize("second_kit", [False, True], ids=["one-kit-two-threads", "two-kits-like-two-processes"])
def test_quiz_answer_while_sync_applies_acks_both_commit(server, tmp_path, course, second_kit):
    from cc2desktop.core.paths import resolve_data_paths

    paths = resolve_data_paths(tmp_path / "pc")
    sync_kit = enrolled(Kit(paths), server)
    learner_kit = Kit(paths) if second_kit else sync_kit
    lid = learner_kit.learning.create_learner("Awa").value.id
    learner = learner_kit.learning.open(lid)
    add_events(sync_kit, lid, 300)
    cap = course.capsule("m1c1")
    quiz = load_quiz(cap.quiz)

    at_acks = threading.Event()       # the sync has pushed and is about to apply the acks
    answer_read = threading.Event()   # the answer's transaction has read the log
    acks_committed = threading.Event()
    in_answer = threading.local()

    @event.listens_for(learner_kit.engine, "after_cursor_execute")
    def after_read(conn, cursor, statement, *a):  # noqa: ANN001, ANN002
        # Inside the answer's transaction, after its first read: let the sync commit its acks now.
        if getattr(in_answer, "on", False) and statement.lstrip().upper().startswith("SELECT") \
                and not answer_read.is_set():
            answer_read.set()
            acks_committed.wait(1.5)  # with BEGIN IMMEDIATE the sync waits for us: do not wait forever

    client = SyncClient(sync_kit)
    original = client.apply_acks

    def apply_acks(*a, **kw):  # noqa: ANN002, ANN003
        at_acks.set()
        answer_read.wait(10)
        original(*a, **kw)
        acks_committed.set()

    client.apply_acks = apply_acks
    errors: list[BaseException] = []

    def sync() -> None:
        try:
            client.sync()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=sync)
    t.start()
    assert at_acks.wait(20)
    in_answer.on = True
    try:
        done = learner_kit.learning.answer(learner, course, cap, quiz, "q1", "a", attempt_id="att-1", duration_s=2)
    finally:
        in_answer.on = False
    t.join(30)
    assert not errors, errors
    assert done.value.correct and done.changes.progress_of(lid) and done.changes.pending_sync
    assert acks_committed.is_set() and client.report.pushed == 300
    with sync_kit.read() as s:
        pending = s.scalar(select(func.count()).select_from(Event).where(Event.synced.is_(False)))
        answers = s.scalar(select(func.count()).select_from(Event).where(Event.id == done.value.event_id))
    assert (pending, answers) == (1, 1)  # every pushed event acknowledged, the new answer kept, unsent
    if second_kit:
        learner_kit.close()
    sync_kit.close()


def test_read_sessions_never_wait_for_the_writer(kit):
    """A reader (the interactive lane) gets a snapshot while a write transaction is open."""
    lid = kit.learning.create_learner("Ama").value.id
    inside = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with kit.write() as s:
            add_events_in(s, lid)
            inside.set()
            release.wait(5)

    t = threading.Thread(target=writer)
    t.start()
    assert inside.wait(5)
    with kit.read() as s:  # does not block: the open write is not visible yet
        assert s.scalar(select(func.count()).select_from(Event)) == 0
    release.set()
    t.join(5)
    with kit.read() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 1


def add_events_in(s, lid: str) -> None:  # noqa: ANN001
    from cc2desktop.core import events

    events.append(s, lid, "quiz.answered", {"item": "q", "response": "a", "success": True, "score": 1.0})
