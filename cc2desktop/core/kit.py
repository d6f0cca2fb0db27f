"""The facade over one data directory (like Anki's Collection): the GUI holds one ``Kit``; each CLI
command opens one. Domain services take a ``Kit`` (or just its sessionmaker) in their constructor.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.orm import Session

from cc2desktop.core import db
from cc2desktop.core.db.engine import make_engine, make_sessionmaker
from cc2desktop.core.errors import DatabaseError
from cc2desktop.core.paths import DataPaths
from cc2desktop.core.settings import Settings


class Kit:
    def __init__(self, paths: DataPaths, *, migrate: bool = True) -> None:
        self.paths = paths.ensure()
        self.settings = Settings(paths.settings_path)
        self.engine = make_engine(paths.db_path)
        if migrate:
            try:
                db.upgrade(self.engine)
            except Exception as exc:  # noqa: BLE001 - any migration failure is fatal, said once
                raise DatabaseError(f"cannot open or upgrade the database {paths.db_path}: {exc}") from exc
        self.Session = make_sessionmaker(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read/write session; commits on success, rolls back on error."""
        with self.Session() as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Kit":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
