"""Copies of the client database: ``cc2desktop backup --out FILE``, ``cc2desktop restore FILE``, the
automatic daily copy kept N days (``backups/`` in the data folder), and the repair after a power cut
(``cc2desktop doctor --repair``).

Copies use SQLite's online backup API (a consistent snapshot while the app keeps writing, WAL
included) and are checked with ``PRAGMA integrity_check`` before they replace anything. A repair
keeps the damaged file (``backups/corrupt-….sqlite3``), restores the latest good copy, then adds
back every learner and event that only the damaged file still holds and that can still be read
(events are append-only and known by ``(device, id)``: adding them twice changes nothing), and
rebuilds the derived tables.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from cc2desktop.core import filemodes
from cc2desktop.core.errors import CCError
from cc2desktop.core.paths import DataPaths

PREFIX = "cc2desktop-"
SUFFIX = ".sqlite3"
DEFAULT_KEEP_DAYS = 7
_EVENT_COLS = ("id", "learner_id", "device_id", "seq", "type", "course_id", "payload", "created_at",
               "server_received_at", "synced")


class BackupError(CCError):
    code = "backup"


def integrity(path: Path | str) -> str:
    """``"ok"``, or what ``PRAGMA integrity_check`` (or opening the file) found wrong, in one line."""
    path = Path(path)
    if not path.is_file():
        return "missing"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
            con.execute("SELECT COUNT(*) FROM events").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc) or type(exc).__name__
    first = rows[0][0] if rows else "no answer"
    return "ok" if first == "ok" else "; ".join(str(r[0]) for r in rows[:3])


def _copy(src_path: Path, out: Path) -> None:
    """SQLite online backup of ``src_path`` to ``out`` (written beside it, checked, then renamed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    filemodes.create_private_file(tmp)
    src = sqlite3.connect(str(src_path), timeout=30)
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    found = integrity(tmp)
    if found != "ok":
        tmp.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check ({found})", code="backup_corrupt")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)


def _events(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    finally:
        con.close()


def backup(paths: DataPaths, out: Path | str) -> dict[str, Any]:
    """A checked copy of this PC's database at ``out`` (the app may keep running meanwhile)."""
    out = Path(out)
    found = integrity(paths.db_path)
    if found != "ok":
        raise BackupError(f"the database is damaged ({found}): run cc2desktop doctor --repair", code="db_corrupt")
    _copy(paths.db_path, out)
    return {"file": str(out), "bytes": out.stat().st_size, "events": _events(out)}


def restore(paths: DataPaths, file: Path | str) -> dict[str, Any]:
    """Replace this PC's database by a backup (checked first). The database being replaced is kept
    in ``backups/`` first. Close the app before restoring: its next start sees the restored data."""
    file = Path(file)
    found = integrity(file)
    if found != "ok":
        raise BackupError(f"{file.name} is not a usable backup ({found})", code="backup_corrupt")
    kept = None
    if paths.db_path.exists() and integrity(paths.db_path) == "ok":
        kept = paths.backups_dir / f"before-restore-{_stamp()}{SUFFIX}"
        filemodes.private_dir(paths.backups_dir)
        _copy(paths.db_path, kept)
    _restore_file(file, paths.db_path)
    return {"file": str(file), "events": _events(paths.db_path), "previous": str(kept) if kept else None}


def _restore_file(src_path: Path, db_path: Path) -> None:
    filemodes.private_sqlite(db_path)
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(db_path), timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _now() -> str:
    from cc2desktop.core.db.base import utcnow_iso

    return utcnow_iso()


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")


def daily_name(day: dt.date) -> str:
    return f"{PREFIX}{day.isoformat()}{SUFFIX}"


def daily_backups(paths: DataPaths) -> list[Path]:
    """The automatic copies, newest first."""
    d = paths.backups_dir
    return sorted((p for p in d.glob(f"{PREFIX}????-??-??{SUFFIX}")), reverse=True) if d.is_dir() else []


def daily_backup(paths: DataPaths, keep_days: int, *, today: dt.date | None = None) -> Path | None:
    """Today's automatic copy if there is none yet (None when ``keep_days`` is 0: off), and copies
    older than ``keep_days`` days removed. A damaged database is never copied over a good copy."""
    if keep_days <= 0:
        return None
    today = today or dt.date.today()
    filemodes.private_dir(paths.backups_dir)
    target = paths.backups_dir / daily_name(today)
    made = None
    if not target.exists() and paths.db_path.exists():
        backup(paths, target)
        made = target
    limit = today - dt.timedelta(days=keep_days)
    for p in daily_backups(paths):
        try:
            day = dt.date.fromisoformat(p.name[len(PREFIX):-len(SUFFIX)])
        except ValueError:
            continue
        if day <= limit:
            p.unlink(missing_ok=True)
    return made


def latest_good(paths: DataPaths) -> Path | None:
    """The newest automatic (or before-restore) copy that passes its integrity check."""
    if not paths.backups_dir.is_dir():
        return None
    found = daily_backups(paths) + list(paths.backups_dir.glob(f"before-restore-*{SUFFIX}"))
    for p in sorted(found, key=lambda f: f.stat().st_mtime, reverse=True):
        if integrity(p) == "ok":
            return p
    return None


def _salvage(path: Path, table: str, cols: tuple[str, ...]) -> list[tuple]:
    """Every row of ``table`` that can still be read from a damaged file (rowid by rowid where a
    range fails)."""
    out: list[tuple] = []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.DatabaseError:
        return out
    sel = f"SELECT {', '.join(cols)} FROM {table}"  # noqa: S608 - fixed names
    try:
        try:
            top = con.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0  # noqa: S608
        except sqlite3.DatabaseError:
            return out  # the table's root or the schema is lost: nothing of it can be found
        step, lo = 500, 0
        while lo <= top:
            try:
                out.extend(con.execute(sel + " WHERE rowid BETWEEN ? AND ?", (lo, lo + step - 1)).fetchall())
            except sqlite3.DatabaseError:
                for rid in range(lo, lo + step):
                    try:
                        out.extend(con.execute(sel + " WHERE rowid = ?", (rid,)).fetchall())
                    except sqlite3.DatabaseError:
                        continue
            lo += step
    finally:
        con.close()
    return out


def repair(paths: DataPaths) -> dict[str, Any]:
    """After a power cut: if the database fails its integrity check, keep it aside, restore the
    latest good copy and add back what only the damaged file still holds. Returns what was done."""
    found = integrity(paths.db_path)
    if found in ("ok", "missing"):
        return {"status": found}
    filemodes.private_dir(paths.backups_dir)
    corrupt = paths.backups_dir / f"corrupt-{_stamp()}{SUFFIX}"
    os.replace(paths.db_path, corrupt)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(str(paths.db_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(corrupt) + suffix))
    learner_cols = _columns(corrupt, "learners")
    learners = _salvage(corrupt, "learners", learner_cols) if learner_cols else []
    events = _salvage(corrupt, "events", _EVENT_COLS)
    good = latest_good(paths)
    if good is not None:
        _restore_file(good, paths.db_path)
    from cc2desktop.core.kit import Kit  # the schema of this version (a copy may be older)

    kit = Kit(paths)
    try:
        with kit.write() as s:
            conn = s.connection()
            have = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(learners)")}
            cols = [c for c in learner_cols if c in have]
            n_learners = 0
            if learners and "id" in cols and "display_name" in cols:
                idx = [learner_cols.index(c) for c in cols]
                res = conn.exec_driver_sql(
                    f"INSERT OR IGNORE INTO learners ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [tuple(r[i] for i in idx) for r in learners])
                n_learners = max(res.rowcount, 0)
            known = {r[0] for r in conn.exec_driver_sql("SELECT id FROM learners")}
            lost = sorted({r[1] for r in events if r[1] not in known})
            if lost:  # her profile was on a damaged page: keep her work under a profile to rename
                conn.exec_driver_sql(
                    "INSERT OR IGNORE INTO learners (id, display_name, pin_failures, local, created_at) "
                    "VALUES (?, ?, 0, 1, ?)", [(lid, f"? {lid[:8]}", _now()) for lid in lost])
                n_learners += len(lost)
            rows = events
            n_events = 0
            if rows:
                ins = conn.exec_driver_sql(f"INSERT OR IGNORE INTO events ({', '.join(_EVENT_COLS)}) "
                                           f"VALUES ({', '.join('?' * len(_EVENT_COLS))})", rows)
                n_events = max(ins.rowcount, 0)
            if n_events:
                from cc2desktop.core.facilitation import service as fac
                from cc2desktop.core.learning import progress

                for lid in sorted({r[1] for r in rows}):
                    progress.rebuild(s, lid)
                fac.rebuild(s)
        after = integrity(paths.db_path)
    finally:
        kit.close()
    return {"status": "repaired", "problem": found, "kept": str(corrupt), "backup": str(good) if good else None,
            "learners_recovered": n_learners, "events_recovered": n_events, "events_read": len(events),
            "integrity": after}


def _columns(path: Path, table: str) -> tuple[str, ...]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return tuple(r[1] for r in con.execute(f"PRAGMA table_info({table})"))
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return ()
