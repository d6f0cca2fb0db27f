"""core.net: the one retry policy (safe retries only, capped jittered waits, Retry-After) and the
abortable session, against real sockets on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from cc2desktop.core import net
from cc2desktop.core.sync.client import SyncError, Transport


def test_waits_grow_with_full_jitter_are_capped_and_honour_retry_after():
    p = net.RetryPolicy(backoff=0.5, max_backoff=3.0, max_retry_after=10.0)
    for attempt, cap in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (9, 3.0)):
        waits = [p.delay(attempt) for _ in range(300)]
        assert 0 <= min(waits) and max(waits) <= cap and max(waits) > cap / 2  # spread over [0, cap]
    assert p.delay(1, retry_after=7) == 7 and p.delay(1, retry_after=600) == 10.0
    assert net.retry_after({"Retry-After": "120"}) == 120.0
    assert 55 <= net.retry_after({"Retry-After": formatdate(time.time() + 60, usegmt=True)}) <= 60
    assert net.retry_after({"Retry-After": "soon"}) is None and net.retry_after({}) is None


def test_only_safe_requests_are_retried():
    p = net.RetryPolicy()
    assert p.retries_status(503, idempotent=True) and not p.retries_status(503, idempotent=False)
    assert not p.retries_status(404, idempotent=True)
    with pytest.raises(requests.ConnectionError) as refused:
        requests.get(f"http://127.0.0.1:{_closed_port()}/", timeout=2)
    assert not net.sent(refused.value)  # never reached a server: always safe to send again
    assert p.retries_error(refused.value, idempotent=False)
    assert not p.retries_error(ValueError("bad reply"), idempotent=True)


def test_wait_stops_at_a_cancel():
    ev = threading.Event()
    threading.Timer(0.1, ev.set).start()
    t0 = time.monotonic()
    assert net.wait(5, ev) and time.monotonic() - t0 < 2
    flag = {"stop": False}
    threading.Timer(0.1, lambda: flag.update(stop=True)).start()
    assert net.wait(5, lambda: flag["stop"])
    assert not net.wait(0.01, threading.Event())


class _Slow(BaseHTTPRequestHandler):
    hits = 0

    def do_POST(self):  # noqa: N802 - http.server's name
        type(self).hits += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(5.0)  # longer than the client's read timeout: the request may have acted

    def log_message(self, *args):  # noqa: ANN002
        pass


@pytest.fixture
def slow_server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    _Slow.hits = 0
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_a_request_that_may_have_acted_is_resent_only_when_idempotent(slow_server):
    t = Transport(slow_server, retries=2, backoff=0.01, timeout=(2, 0.3))
    with pytest.raises(SyncError) as err:
        t.call("POST", "/learners/claim", json_body={"code": "x"}, idempotent=False)
    assert err.value.code == "timeout" and _Slow.hits == 1
    with pytest.raises(SyncError):
        t.call("POST", "/sync/push", json_body={"b": 1})
    assert _Slow.hits == 1 + 3
    t.close()


def test_abort_fails_a_blocked_read_at_once(slow_server):
    s = net.session()
    threading.Timer(0.2, s.abort).start()
    t0 = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        s.post(slow_server + "/x", data=b"{}", timeout=(2, 30))
    assert time.monotonic() - t0 < 3  # not the 5 s the server takes to close: the abort ended it


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
