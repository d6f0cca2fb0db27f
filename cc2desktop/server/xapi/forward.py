"""Forwarding statements to an LRS as events arrive (``serve --lrs URL --lrs-auth USER:KEY``).

A background thread reads statements after its cursor (kept in the server database, so a restart
resumes where it stopped), POSTs them in batches to ``URL/statements`` and moves the cursor after
the LRS accepted them. Idempotent by statement id (UUIDv5 of the event id): a batch sent again after a
lost reply is the same statements, which an LRS acknowledges (204) or, when it already holds one
with the same id and another body, refuses with 409 Conflict. On a 409 or a 400 for a batch, each
statement is sent alone (``PUT ?statementId=``) so that one bad statement never blocks the others: a
conflicting or refused one is counted, logged and passed. Network failures and 5xx answers are
retried with capped, jittered backoff; 401/403 stop forwarding until the next attempt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
from typing import Any

from cc2desktop.core import net
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import CCError
from cc2desktop.server.models import ServerMeta
from cc2desktop.server.xapi.export import read_page
from cc2desktop.server.xapi.statements import XAPI_VERSION, XapiConfig, dumps

log = logging.getLogger(__name__)
BATCH = 500


class ForwardError(CCError):
    code = "lrs_error"


class Forwarder:
    def __init__(self, hub: Any, url: str, auth: str | None, *, config: XapiConfig | None = None,
                 batch: int = BATCH, interval: float = 30.0, max_retry: float = 600.0,
                 timeout: tuple[float, float] = (5.0, 30.0)) -> None:
        self.hub = hub
        self.endpoint = url.rstrip("/").removesuffix("/statements") + "/statements"
        user, _, key = (auth or "").partition(":")
        self.auth = (user, key) if auth else None
        self.config = config or XapiConfig()
        self.batch, self.interval, self.max_retry, self.timeout = batch, interval, max_retry, timeout
        self.meta_key = "xapi_lrs:" + hashlib.sha256(self.endpoint.encode()).hexdigest()[:16]
        self.failures = 0
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.http = net.session(cancel=self._stop, user_agent="cc2desktop-xapi")
        self.policy = net.RetryPolicy(tries=3, backoff=0.5, max_backoff=5.0)

    # state ------------------------------------------------------------------------------------
    def state(self) -> dict:
        with self.hub.ReadSession() as s:
            row = s.get(ServerMeta, self.meta_key)
            st = json.loads(row.value) if row is not None else {}
        return {"cursor": "0.0", "sent": 0, "conflicts": 0, "refused": 0, "last_success_at": None,
                "last_error": None, "url": self.endpoint, **st}

    def _save(self, **changes: Any) -> None:
        st = self.state()
        st.update(changes)
        with self.hub.Session.begin() as s:
            s.merge(ServerMeta(key=self.meta_key, value=json.dumps(st)))

    # the hook and the thread ------------------------------------------------------------------
    def attach(self) -> None:
        """Wake the forwarder when new events are stored (the push's transaction commits first:
        the thread waits a moment before it reads)."""
        def hook(_session: Any, _events: list) -> None:
            self._wake.set()
        self.hub.event_hooks.append(hook)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="cc2-xapi", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        try:
            self.http.abort()
        except AttributeError:
            pass
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                self.failures = 0
            except CCError as exc:
                self.failures += 1
                self._save(last_error=f"{exc.code}: {exc.message}"[:300])
                if not self._stop.is_set():
                    log.warning("forwarding to the LRS failed (%s): %s", exc.code, exc.message)
            except Exception:  # noqa: BLE001 - never end the thread on a bug
                self.failures += 1
                log.exception("forwarding to the LRS failed")
            if self.failures:
                delay = random.uniform(1.0, min(self.max_retry, 2.0 * 2 ** min(self.failures, 12)))
            else:
                delay = self.interval
            if self._wake.wait(delay):
                self._wake.clear()
                self._stop.wait(0.3)  # let the push that woke us commit

    # one pass ---------------------------------------------------------------------------------
    def run_once(self) -> dict:
        """Send everything after the cursor; returns the counts of this pass."""
        cursor = self.state()["cursor"]
        total = {"sent": 0, "conflicts": 0, "refused": 0}
        while not self._stop.is_set():
            with self.hub.ReadSession() as s:
                page = read_page(s, cursor, self.config, limit=self.batch)
            done = {"sent": 0, "conflicts": 0, "refused": 0}
            for k in range(0, len(page.statements), self.batch):
                out = self.post(page.statements[k:k + self.batch])
                for key in done:
                    done[key] += out[key]
            cursor = page.cursor
            st = self.state()
            self._save(cursor=cursor, sent=st["sent"] + done["sent"], conflicts=st["conflicts"] + done["conflicts"],
                       refused=st["refused"] + done["refused"], last_success_at=utcnow_iso(), last_error=None)
            for key in total:
                total[key] += done[key]
            if not page.more:
                break
        return total

    def _request(self, method: str, url: str, body: bytes, params: dict | None = None) -> int:
        import requests

        headers = {"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"}
        last: Exception | None = None
        for attempt in range(self.policy.tries):
            if attempt and net.wait(self.policy.delay(attempt), self._stop):
                break
            try:
                r = self.http.request(method, url, data=body, params=params, headers=headers, auth=self.auth,
                                      timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = exc
                continue  # statements carry their ids: sending again is safe
            if self.policy.retries_status(r.status_code, idempotent=True):
                last = ForwardError(f"the LRS answered {r.status_code}")
                continue
            if r.status_code in (401, 403):
                raise ForwardError(f"the LRS refused the credentials ({r.status_code})", code="lrs_unauthorized")
            return r.status_code
        if isinstance(last, ForwardError):
            raise last
        raise ForwardError(f"cannot reach the LRS ({type(last).__name__ if last else 'cancelled'})",
                           code="lrs_unreachable")

    def post(self, statements: list[dict]) -> dict:
        out = {"sent": 0, "conflicts": 0, "refused": 0}
        if not statements:
            return out
        body = ("[" + ",".join(dumps(s) for s in statements) + "]").encode("utf-8")
        status = self._request("POST", self.endpoint, body)
        if status in (200, 204):
            out["sent"] = len(statements)
            return out
        if status not in (400, 409):
            raise ForwardError(f"the LRS answered {status}")
        for st in statements:  # find the one(s) it will not take; the others go in
            status = self._request("PUT", self.endpoint, dumps(st).encode("utf-8"), params={"statementId": st["id"]})
            if status in (200, 204):
                out["sent"] += 1
            elif status == 409:
                out["conflicts"] += 1
                log.warning("the LRS holds another statement with the id %s (not overwritten)", st["id"])
            elif status == 400:
                out["refused"] += 1
                log.warning("the LRS refused statement %s", st["id"])
            else:
                raise ForwardError(f"the LRS answered {status}")
        return out
