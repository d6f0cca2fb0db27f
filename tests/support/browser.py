"""A real headless Chromium driven through the Chrome DevTools protocol, for tests of web pages.

Chromium (the Debian package, installed by packaging/dev.sh) runs with ``--remote-debugging-pipe``:
commands go in on its file descriptor 3 and answers come out on 4, as NUL-separated JSON — no
websocket library, no download at test time. Clicks and typing are real input events
(``Input.dispatchMouseEvent`` at the element's centre, ``Input.insertText``), so forms are
submitted the way a person submits them.

    with Browser() as b:
        b.goto(url)
        b.type("#password", "secret")
        b.click("button[type=submit]")      # waits for the next page
        b.screenshot(path)                  # 1366×768 by default
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe"]


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, width: int = 1366, height: int = 768, timeout: float = 30.0) -> None:
        if CHROMIUM is None:
            raise BrowserError("chromium is not installed (bash packaging/dev.sh setup)")
        self.width, self.height, self.timeout = width, height, timeout
        self.profile = tempfile.mkdtemp(prefix="cc2-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # fd 3 = what it reads, fd 4 = what it writes; its own stdout/stderr are not ours to parse
        self.proc = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null 2>&1', CHROMIUM, *FLAGS,
             f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdin=to_chrome_r, stdout=from_chrome_w, close_fds=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next = 0
        self._replies: dict[int, dict] = {}
        self._events: list[dict] = []
        self._cv = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.viewport(width, height)

    # --- protocol --------------------------------------------------------------------------------
    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cv:
                    self._closed = True
                    self._cv.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cv:
                    if "id" in msg:
                        self._replies[msg["id"]] = msg
                    else:
                        self._events.append(msg)
                    self._cv.notify_all()

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        with self._cv:
            self._next += 1
            mid = self._next
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        with self._cv:
            while mid not in self._replies:
                if self._closed or not self._cv.wait(max(0.0, deadline - time.monotonic())):
                    raise BrowserError(f"no answer to {method}")
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def call(self, method: str, params: dict | None = None) -> dict:
        return self._call(method, params, self.session)

    def _count(self, method: str) -> int:
        with self._cv:
            return sum(1 for e in self._events if e.get("method") == method)

    def _wait_event(self, method: str, after: int) -> None:
        deadline = time.monotonic() + self.timeout
        with self._cv:
            while sum(1 for e in self._events if e.get("method") == method) <= after:
                if self._closed or not self._cv.wait(max(0.0, deadline - time.monotonic())):
                    raise BrowserError(f"timed out waiting for {method}")

    # --- pages -----------------------------------------------------------------------------------
    def viewport(self, width: int, height: int, *, mobile: bool = False, scale: float = 1) -> None:
        self.width, self.height = width, height
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})

    def goto(self, url: str) -> None:
        n = self._count("Page.loadEventFired")
        self.call("Page.navigate", {"url": url})
        self._wait_event("Page.loadEventFired", n)

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (used by the test only: the pages
        themselves need no JavaScript)."""
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise BrowserError(f"{expression}: {r['exceptionDetails'].get('text')}")
        return r.get("result", {}).get("value")

    @property
    def url(self) -> str:
        return self.js("location.href")

    def html(self) -> str:
        return self.js("document.documentElement.outerHTML")

    def text(self, selector: str = "body") -> str:
        return self.js(f"(e => e ? e.innerText : null)(document.querySelector({json.dumps(selector)}))")

    def exists(self, selector: str) -> bool:
        return bool(self.js(f"!!document.querySelector({json.dumps(selector)})"))

    def _centre(self, selector: str) -> tuple[float, float]:
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2, r.width, r.height]; }})()""")
        if not box:
            raise BrowserError(f"no element {selector}")
        if box[2] <= 0 or box[3] <= 0:
            raise BrowserError(f"element {selector} is not visible")
        return box[0], box[1]

    def click(self, selector: str, *, navigates: bool = True) -> None:
        """A real mouse click at the element's centre; by default waits for the page it loads."""
        x, y = self._centre(selector)
        n = self._count("Page.loadEventFired")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
        if navigates:
            self._wait_event("Page.loadEventFired", n)

    def type(self, selector: str, text: str, *, clear: bool = True) -> None:
        """Click into a field and type ``text`` (as an input method would)."""
        self.click(selector, navigates=False)
        if clear:
            self.js(f"document.querySelector({json.dumps(selector)}).value = ''")
        self.call("Input.insertText", {"text": text})

    def screenshot(self, path: Path | str, *, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            h = self.js("Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": self.width, "height": max(self.height, h), "scale": 1})
        data = base64.b64decode(self.call("Page.captureScreenshot", params)["data"])
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def layout_overflow(self) -> int:
        """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
        return int(self.js("document.documentElement.scrollWidth - window.innerWidth"))

    def cookies(self) -> list[dict]:
        return self.call("Network.getCookies", {}).get("cookies", [])

    def post_form(self, action: str, fields: dict[str, str]) -> None:
        """Submit a hand-made form from this page (cookies and origin of the browser), e.g. one
        without its CSRF field, and wait for the answer page."""
        n = self._count("Page.loadEventFired")
        self.js(f"""(() => {{ const f = document.createElement('form'); f.method = 'post';
            f.action = {json.dumps(action)};
            for (const [k, v] of Object.entries({json.dumps(fields)})) {{
                const i = document.createElement('input');
                i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }}
            document.body.appendChild(f); f.submit(); }})()""")
        self._wait_event("Page.loadEventFired", n)

    # --- life ------------------------------------------------------------------------------------
    def close(self) -> None:
        try:
            if not self._closed:
                self._call("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
