"""Background sync policy for the GUI, with no Qt: :class:`SyncService`.

The UI calls :meth:`SyncService.run_once` in a worker every :meth:`next_delay` seconds (and at once on
"sync now"): it probes the server's health endpoint (short timeout), syncs when reachable, and
backs off with full jitter while the link is down, so the PCs of a centre do not retry in step.
:meth:`status` is cheap and returns plain data the status indicator shows; ``error_code`` is a
stable word the UI translates (see ``ERROR_CODES``).
"""

from __future__ import annotations

import os
import random
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cc2desktop.core import system
from cc2desktop.core.errors import CCError
from cc2desktop.core.sync import client as C

#: Error codes a status can carry (the UI has a sentence for each; anything else is "error").
ERROR_CODES = ("offline", "timeout", "server_error", "bad_reply", "unauthorized", "not_enrolled",
               "bad_enrolment_code", "rate_limited", "bad_bundle", "cancelled", "error")


@dataclass(frozen=True)
class SyncStatus:
    state: str                 # "not_enrolled" | "idle" | "syncing" | "offline" | "error"
    pending: int               # events made here, not yet acknowledged by the server
    synced: int
    last_sync: str | None      # UTC ISO time of the last complete exchange
    error: str | None          # English, one line (logs); the UI shows error_code translated
    error_code: str | None
    server_url: str | None
    rejected: int = 0          # events refused and kept aside (see client.refused_events)
    rejected_reasons: dict[str, int] = field(default_factory=dict)  # reason code → count


class _JobCancel:
    """Adapts a :class:`cc2desktop.core.jobs.Job` to the ``threading.Event`` face SyncClient uses."""

    def __init__(self, job) -> None:  # noqa: ANN001
        self.job = job
        self._ev = threading.Event()

    def is_set(self) -> bool:
        return self.job is not None and self.job.cancelled

    def wait(self, timeout: float) -> bool:
        step = 0.05
        waited = 0.0
        while waited < timeout:
            if self.is_set():
                return True
            self._ev.wait(min(step, timeout - waited))
            waited += step
        return self.is_set()

    def set(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def on_cancel(self, fn) -> None:  # noqa: ANN001
        if self.job is not None and hasattr(self.job, "on_cancel"):
            self.job.on_cancel(fn)


class SyncService:
    def __init__(self, kit, *, interval: float = 120.0, min_retry: float = 5.0, max_retry: float = 1800.0,  # noqa: ANN001
                 probe_timeout: float = 3.0) -> None:
        self.kit = kit
        self.interval, self.min_retry, self.max_retry = interval, min_retry, max_retry
        self.probe_timeout = probe_timeout
        self.failures = 0
        self._busy = threading.Lock()
        self._state = "idle"
        self.last_report: C.SyncReport | None = None  # of the last run_once (what it pushed, pulled…)

    # status ------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        st = C.status(self.kit)
        if not st["enrolled"]:
            state = "not_enrolled"
        elif self._state == "syncing":
            state = "syncing"
        elif st["last_error_code"] in ("offline", "timeout"):
            state = "offline"
        elif st["last_error_code"]:
            state = "error"
        else:
            state = "idle"
        return SyncStatus(state, st["pending"], st["synced"], st["last_sync"], st["last_error"],
                          st["last_error_code"], st["server_url"], st["rejected"], dict(st["rejected_reasons"]))

    # refused events (kept aside on this PC) ---------------------------------------------------
    def refused(self) -> list[dict]:
        return C.refused_events(self.kit)

    def export_refused(self, path: Path) -> Path:
        return C.export_refused(self.kit, Path(path))

    def release_refused(self, ids: list[str] | None = None) -> int:
        return C.release_refused(self.kit, ids)

    def next_delay(self) -> float:
        """Seconds until the next attempt: the interval when all is well, else capped exponential
        backoff with full jitter."""
        if self.failures == 0:
            return self.interval * random.uniform(0.8, 1.2)
        cap = min(self.max_retry, self.min_retry * (2 ** min(self.failures - 1, 16)))
        return random.uniform(self.min_retry / 2, max(self.min_retry, cap))

    # work (call from a worker thread) ---------------------------------------------------------
    def run_once(self, job=None) -> SyncStatus:  # noqa: ANN001
        """Probe, then sync if the server answers. Never raises for a network problem: the outcome
        is in the returned status (and stored as last_error)."""
        if not self._busy.acquire(blocking=False):
            return self.status()  # a sync is already running
        try:
            st = self.status()
            if st.state == "not_enrolled":
                return st
            self._state = "syncing"
            cancel = _JobCancel(job)
            client = C.SyncClient(self.kit, cancel=cancel, retries=2,
                                  progress=(lambda stage, n, _t: job.progress(n, None, stage)) if job else None)
            self.last_report = client.report
            try:
                self.probe(st.server_url, cancel)
                client.sync()
                self.failures = 0
            except CCError as exc:
                self.failures += 1
                self._record_error(exc)
            return self._finish()
        finally:
            self._busy.release()

    def _finish(self) -> SyncStatus:
        self._state = "idle"
        return self.status()

    def probe(self, url: str | None, cancel=None) -> None:  # noqa: ANN001
        """One quick GET of the health endpoint (no retries); raises SyncError(offline/timeout)."""
        t = C.Transport(url or "", retries=0, timeout=(self.probe_timeout, self.probe_timeout), cancel=cancel)
        try:
            t.call("GET", "/health")
        finally:
            t.close()

    def _record_error(self, exc: CCError) -> None:
        from cc2desktop.core.sync.models import SyncState

        with self.kit.session() as s:
            row = s.get(SyncState, 1)
            if row is not None:
                row.last_error, row.last_error_code = exc.message, exc.code

    def enrol(self, url: str, code: str, name: str | None = None) -> dict:
        out = C.SyncClient(self.kit, retries=1).enrol(url, code, name)
        self.failures = 0
        return out

    def claim_account(self, code: str, pin: str) -> dict:
        """"I already have an account": see :meth:`SyncClient.claim`."""
        return C.SyncClient(self.kit, retries=1).claim(code, pin)

    def export_bundle(self, directory: Path, code: str | None = None,
                      claims: list[tuple[str, str]] | None = None) -> Path:
        """USB bundle of this PC's unsynced work; ``claims`` [(learner code, PIN)] bring accounts here."""
        return C.SyncClient(self.kit).export_bundle(Path(directory), code=code, claims=claims)

    def import_bundle(self, path: Path) -> dict:
        return C.SyncClient(self.kit).import_bundle(Path(path))


def find_usb_sticks() -> list[Path]:
    """Mounted removable drives where a bundle can be written (best effort, never raises)."""
    found: list[Path] = []
    try:
        for p in system.removable_roots():
            if system.is_windows() or (os.path.ismount(p) and os.access(p, os.W_OK)):
                found.append(p)
    except OSError:
        pass
    return found
