"""HTTP, once: the session every request goes through and the retry policy.

- **Timeouts**: every request has a connect and a read timeout (:data:`TIMEOUT`).
- **Retries** (:class:`RetryPolicy`): only what is safe. A request that failed before it was sent
  (no connection) is always retried; one that may have reached the server (a read timeout, a
  reset, a 5xx) only when it is idempotent (a GET, a push whose events carry their ids, an
  enrolment the server recognises). Waits grow exponentially with full jitter, capped, so the PCs of
  a centre never retry in step; a ``Retry-After`` (seconds or an HTTP date) is honoured, capped too.
- **Cancel and close** (:func:`session`): ``requests`` has no cancel: a read waits for its timeout.
  On quit, or when the user cancels, :meth:`AbortableSession.abort` shuts down the sockets of every
  connection the session opened, so a call blocked on a stalled link fails at once (the caller sees
  a connection error, checks its cancel flag and stops). A cancel object with ``on_cancel`` (a
  :class:`cc2desktop.core.jobs.Job`) aborts the session by itself.
"""

from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any, Callable

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
TIMEOUT = (CONNECT_TIMEOUT, READ_TIMEOUT)
USER_AGENT = "cc2desktop"


@dataclass(frozen=True)
class RetryPolicy:
    """How many times, after how long, and which failures (see the module docstring)."""

    tries: int = 5                        # attempts in all
    backoff: float = 0.3                  # seconds: the cap of the first wait, doubled each time
    max_backoff: float = 20.0             # cap of one wait
    statuses: frozenset[int] = frozenset({500, 502, 503, 504})  # answers worth asking again
    max_retry_after: float = 30.0         # longest Retry-After obeyed

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (1 = the first retry)."""
        wait = random.uniform(0, min(self.max_backoff, self.backoff * 2 ** max(attempt - 1, 0)))
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return wait

    def retries_status(self, status: int, *, idempotent: bool) -> bool:
        return idempotent and status in self.statuses

    def retries_error(self, exc: BaseException, *, idempotent: bool) -> bool:
        """Whether a request that raised ``exc`` may be sent again."""
        import requests

        if not isinstance(exc, (requests.ConnectionError, requests.Timeout, ConnectionError)):
            return False
        return idempotent or not sent(exc)


def sent(exc: BaseException) -> bool:
    """Whether a failed request may have reached the server (False: the connection never opened)."""
    import requests
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, requests.ConnectTimeout):
        return False
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:  # requests wraps urllib3's errors (args or __context__)
        seen.add(id(e))
        if isinstance(e, NewConnectionError) or type(e).__name__ == "NameResolutionError":
            return False
        reason = getattr(e, "reason", None)
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else None
        e = reason if isinstance(reason, BaseException) else inner or e.__cause__ or e.__context__
    return True


def retry_after(headers: Any) -> float | None:
    """A ``Retry-After`` header in seconds (delta-seconds or an HTTP date), None when absent or unreadable."""
    value = (headers.get("Retry-After") or headers.get("retry-after") or "").strip() if headers else ""
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def wait(seconds: float, cancel: Any = None) -> bool:
    """Sleep ``seconds`` unless cancelled first; True when cancelled. ``cancel``: None, a
    ``threading.Event``-like object (``wait``), or a callable answering whether to stop."""
    if cancel is None:
        time.sleep(seconds)
        return False
    if hasattr(cancel, "wait"):
        return bool(cancel.wait(seconds))
    is_cancelled: Callable[[], bool] = cancel
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if is_cancelled():
            return True
        time.sleep(min(0.1, max(0.0, end - time.monotonic())))
    return bool(is_cancelled())


def _pool_classes():  # noqa: ANN202 - built lazily: importing urllib3 costs time
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def tracked(base):  # noqa: ANN001, ANN202
        class Pool(base):
            tracker = None  # set per pool manager

            def _new_conn(self):  # noqa: ANN202
                conn = super()._new_conn()
                if self.tracker is not None:
                    self.tracker(conn)
                return conn

        return Pool

    return tracked(HTTPConnectionPool), tracked(HTTPSConnectionPool)


def session(*, cancel: Any = None, user_agent: str = USER_AGENT, trust_env: bool = True):  # noqa: ANN201
    """An :class:`AbortableSession`. ``cancel`` with ``on_cancel`` (a Job) aborts it when cancelled;
    ``trust_env=False`` ignores proxies named in the environment (loopback and LAN servers)."""
    s = _new_session()
    s.headers["User-Agent"] = user_agent
    s.trust_env = trust_env
    hook = getattr(cancel, "on_cancel", None)
    if hook is not None:  # a cancel (quit, "stop") aborts a read blocked on a stalled link at once
        hook(s.abort)
    return s


def _new_session():  # noqa: ANN202 - an AbortableSession
    import requests
    from requests.adapters import HTTPAdapter

    http_pool, https_pool = _pool_classes()

    class TrackingAdapter(HTTPAdapter):
        def __init__(self, track, **kw) -> None:  # noqa: ANN001
            self._track = track
            super().__init__(**kw)

        def init_poolmanager(self, *a, **kw) -> None:  # noqa: ANN002, ANN003
            super().init_poolmanager(*a, **kw)
            track = self._track
            self.poolmanager.pool_classes_by_scheme = {
                "http": type("TrackedHTTPPool", (http_pool,), {"tracker": staticmethod(track)}),
                "https": type("TrackedHTTPSPool", (https_pool,), {"tracker": staticmethod(track)}),
            }

    class AbortableSession(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            self._conns: weakref.WeakSet = weakref.WeakSet()
            self._lock = threading.Lock()
            self.aborted = False
            for prefix in ("http://", "https://"):
                self.mount(prefix, TrackingAdapter(self._track))

        def _track(self, conn) -> None:  # noqa: ANN001
            with self._lock:
                self._conns.add(conn)
            if self.aborted:
                _shutdown(conn)

        def abort(self) -> None:
            """Fail every request of this session now, from any thread (also those to come)."""
            self.aborted = True
            with self._lock:
                conns = list(self._conns)
            for conn in conns:
                _shutdown(conn)

        def request(self, *a, **kw):  # noqa: ANN002, ANN003, ANN201
            if self.aborted:
                raise requests.ConnectionError("the session was aborted")
            return super().request(*a, **kw)

    return AbortableSession()


def _shutdown(conn) -> None:  # noqa: ANN001
    sock = getattr(conn, "sock", None)
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
