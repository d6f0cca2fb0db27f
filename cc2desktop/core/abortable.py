"""A ``requests`` session that another thread can abort, even in the middle of a blocking read.

``requests`` has no cancel: a read waits for its timeout (30 s for a sync push, then retries). On
quit, or when the user cancels, :meth:`AbortableSession.abort` shuts down the sockets of every
connection the session opened, so the blocked call fails at once (the caller sees a connection
error, checks its cancel flag and stops).
"""

from __future__ import annotations

import socket
import threading
import weakref


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


def session():  # noqa: ANN201 - an AbortableSession
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
