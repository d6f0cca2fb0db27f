"""The facade over one data directory (like Anki's Collection): the GUI holds one ``Kit``; each CLI
command opens one.

Domain facades, one calling style: ``kit.learning``, ``kit.packs``, ``kit.sync``,
``kit.certification``, ``kit.facilitation``. Their methods open their own session and return plain
data; a mutation returns :class:`~cc2desktop.core.changes.Done` ``(value, changes)``.

One writer: :meth:`Kit.write` holds the process's write lock and starts ``BEGIN IMMEDIATE`` (another
process, e.g. the CLI, waits for the busy timeout); :meth:`Kit.read` is a read-only snapshot that
never waits for a writer. A write nested in a write of the same thread joins it.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from sqlalchemy.orm import Session

from cc2desktop.core import db
from cc2desktop.core.changes import Changes
from cc2desktop.core.db.engine import make_engine, make_sessionmaker
from cc2desktop.core.errors import DatabaseError
from cc2desktop.core.paths import DataPaths
from cc2desktop.core.settings import Settings

if TYPE_CHECKING:
    from cc2desktop.core.certification.facade import Certification
    from cc2desktop.core.facilitation.facade import Facilitation
    from cc2desktop.core.stick.facade import Stick
    from cc2desktop.core.learning.facade import Learning
    from cc2desktop.core.packs.facade import Packs
    from cc2desktop.core.sync.facade import Sync

_FACADES = {
    "learning": ("cc2desktop.core.learning.facade", "Learning"),
    "packs": ("cc2desktop.core.packs.facade", "Packs"),
    "sync": ("cc2desktop.core.sync.facade", "Sync"),
    "certification": ("cc2desktop.core.certification.facade", "Certification"),
    "facilitation": ("cc2desktop.core.facilitation.facade", "Facilitation"),
    "stick": ("cc2desktop.core.stick.facade", "Stick"),
}


class Kit:
    def __init__(self, paths: DataPaths, settings: Settings | None = None, *, migrate: bool = True,
                 course_dirs: list[Path] | tuple = ()) -> None:
        self.paths = paths.ensure()
        # One Settings per data folder: the GUI hands in the one its window uses.
        self.settings = settings if settings is not None else Settings(paths.settings_path)
        self.course_dirs = [Path(d) for d in course_dirs]  # course folders beside the installed packs
        self.engine = make_engine(paths.db_path)
        if migrate:
            try:
                db.upgrade(self.engine)
            except Exception as exc:  # noqa: BLE001 - any migration failure is fatal, said once
                raise DatabaseError(f"cannot open or upgrade the database {paths.db_path}: {exc}") from exc
        self.Session = make_sessionmaker(self.engine)
        self.ReadSession = make_sessionmaker(self.engine, read_only=True)
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._facades: dict[str, Any] = {}
        self._facades_lock = threading.Lock()

    # ------------------------------------------------------------------------------ sessions
    @contextmanager
    def write(self) -> Iterator[Session]:
        """The write session: this process's write lock + ``BEGIN IMMEDIATE``; commits on success,
        rolls back on error. Keep it short (no network, no big file copies inside)."""
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current  # nested in this thread's write: one transaction
            return
        with self._write_lock, self.Session() as s, s.begin():
            self._local.session = s
            try:
                yield s
            finally:
                self._local.session = None

    session = write  # the historical name: every ``kit.session()`` is a write

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot (WAL): never waits for a writer, must not write."""
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current  # inside this thread's write: see its own changes
            return
        with self.ReadSession() as s:
            try:
                yield s
            finally:
                s.rollback()

    # ------------------------------------------------------------------------------ facades
    def _facade(self, name: str) -> Any:
        f = self._facades.get(name)
        if f is None:
            with self._facades_lock:
                f = self._facades.get(name)
                if f is None:
                    import importlib

                    mod, cls = _FACADES[name]
                    f = self._facades[name] = getattr(importlib.import_module(mod), cls)(self)
        return f

    @property
    def learning(self) -> "Learning":
        return self._facade("learning")

    @property
    def packs(self) -> "Packs":
        return self._facade("packs")

    @property
    def sync(self) -> "Sync":
        return self._facade("sync")

    @property
    def certification(self) -> "Certification":
        return self._facade("certification")

    @property
    def facilitation(self) -> "Facilitation":
        return self._facade("facilitation")

    @property
    def stick(self) -> "Stick":
        return self._facade("stick")

    def changed(self, changes: Changes) -> Changes:
        """Called by the facades after each mutation: keeps what is derived outside the database
        (the start-up cache) in step. Returns ``changes``."""
        if changes.learners or changes.courses:
            try:
                self.learning.write_startup_cache(learners=changes.learners, courses=changes.courses)
            except Exception:  # noqa: BLE001 - a cache: never fail the mutation over it
                from cc2desktop.core.logs import log

                log.exception("start-up cache not written")
        return changes

    # ------------------------------------------------------------------------------ life
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Kit":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
