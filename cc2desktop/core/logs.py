"""The rotating log in the data folder: ``logs/cc2desktop.log`` (1 MB × 4 files at most).

The frozen app has no console: background failures (a task that failed with nobody to tell, a
bundled course that would not install, an uncaught exception in a thread) go here, and so do the
CLI's errors. :func:`last_errors` returns the most recent warnings and errors for a diagnostic
("copy the diagnostic" in the Help menu).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path

from cc2desktop.core import filemodes

LOGGER = "cc2desktop"
FILENAME = "cc2desktop.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger(LOGGER)
_lock = threading.Lock()
_handler: logging.Handler | None = None


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log file (and each rotated one) readable by its owner only: it may name learners."""

    def _open(self):  # noqa: ANN202
        filemodes.create_private_file(self.baseFilename)
        return super()._open()


def log_path(logs_dir: Path) -> Path:
    return Path(logs_dir) / FILENAME


def setup(logs_dir: Path, *, hooks: bool = True, attach: bool = True) -> Path | None:
    """Send the ``cc2desktop`` logger (INFO and above) to the rotating file in ``logs_dir``; with
    ``hooks``, uncaught exceptions (main thread and other threads) are logged too. ``attach=False``
    (the CLI): the file only receives :func:`to_file` records, the logger keeps its own ways (a
    command's warnings on stderr, a server's own handlers). Idempotent: a second call with another
    folder moves the file. Returns the file, or None if it cannot be written (a read-only stick: the
    app still runs)."""
    global _handler
    path = log_path(logs_dir)
    with _lock:
        if _handler is not None and getattr(_handler, "baseFilename", None) == str(path.absolute()):
            return path
        try:
            filemodes.private_dir(path.parent)
            handler = _PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                  encoding="utf-8", delay=True)
        except OSError:
            return None
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.setLevel(logging.INFO)
        if _handler is not None:
            log.removeHandler(_handler)
            _handler.close()
        _handler = handler
        if attach:
            log.addHandler(handler)
            log.setLevel(logging.INFO)
    if hooks:
        _install_hooks()
    return path


def close() -> None:
    global _handler
    with _lock:
        if _handler is not None:
            log.removeHandler(_handler)
            _handler.close()
            _handler = None


def to_file(level: int, msg: str, *args: object, exc_info: bool = False) -> None:
    """A record for the log file only (e.g. the CLI's error, already said on stderr in one line)."""
    h = _handler
    if h is None:
        return
    record = log.makeRecord(LOGGER, level, "(cli)", 0, msg, args, sys.exc_info() if exc_info else None)
    if record.levelno >= h.level:
        h.handle(record)


def _install_hooks() -> None:
    if getattr(sys.excepthook, "_cc2", False):
        return
    previous, previous_thread = sys.excepthook, threading.excepthook

    def hook(tp, value, tb) -> None:  # noqa: ANN001
        log.error("uncaught exception", exc_info=(tp, value, tb))
        previous(tp, value, tb)

    def thread_hook(args) -> None:  # noqa: ANN001
        log.error("uncaught exception in thread %s", getattr(args.thread, "name", "?"),
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        previous_thread(args)

    hook._cc2 = True  # type: ignore[attr-defined]
    sys.excepthook = hook
    threading.excepthook = thread_hook


def last_errors(logs_dir: Path, limit: int = 20) -> list[str]:
    """The last ``limit`` WARNING/ERROR records of the log (a record keeps its traceback lines),
    oldest first; [] when there is no log."""
    path = log_path(logs_dir)
    files = [p for p in [path.with_name(f"{FILENAME}.{i}") for i in range(BACKUPS, 0, -1)] + [path] if p.exists()]
    records: list[str] = []
    for f in files:
        try:
            text = f.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        current: list[str] = []
        for line in text.splitlines():
            head = line.split(" ", 3)
            if len(head) >= 3 and head[2] in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL") and line[:4].isdigit():
                if current:
                    records.append("\n".join(current))
                current = [line]
            elif current:
                current.append(line)
        if current:
            records.append("\n".join(current))
    bad = [r for r in records if r.split(" ", 3)[2] in ("WARNING", "ERROR", "CRITICAL")]
    return bad[-limit:]
