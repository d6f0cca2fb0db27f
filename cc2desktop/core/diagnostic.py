"""What a helper needs to know about this copy of the app, for ``doctor`` and Help › Copy the
diagnostic: version and build, data folder (portable or not), database revision, free space, the
last warnings and errors of the log."""

from __future__ import annotations

import platform
import sys
from typing import Any

from cc2desktop import __version__
from cc2desktop.core import build_info, logs, system


def collect(paths: Any, engine: Any = None, *, errors: int = 5) -> dict[str, Any]:
    """Plain data; ``engine`` (the Kit's) for the database revision, None when not open yet."""
    rev = head = None
    if engine is not None:
        from cc2desktop.core import db

        rev, head = db.current_revision(engine), db.head_revision()
    try:
        free: int | None = system.disk_space(paths.root).free
    except OSError:
        free = None
    return {
        "version": __version__,
        "build": build_info.current().describe(),
        "data_dir": str(paths.root),
        "data_dir_source": paths.source,
        "portable": paths.portable,
        "db_path": str(paths.db_path),
        "db_revision": rev,
        "db_head": head,
        "free_bytes": free,
        "python": sys.version.split()[0],
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "log": str(logs.log_path(paths.logs_dir)),
        "last_errors": logs.last_errors(paths.logs_dir, limit=errors),
    }
