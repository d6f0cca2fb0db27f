"""A real HTTP server on 127.0.0.1 (uvicorn in a thread) serving the packs router, behind a small
ASGI wrapper that counts body bytes, can slow the wire down and can answer 503 a few times.
Used by the tests and by `python -m tools.bench_packs`."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI

from tests.support.live_server import ThreadedServer
from cc2desktop.server.catalog import make_catalog_router


class Wire:
    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.sent = 0
        self.delay = 0.0
        self.fail_next = 0
        self.hang_next = 0
        self.requests: list[tuple[str, str | None]] = []

    async def __call__(self, scope, receive, send):  # noqa: ANN001
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        rng = headers.get(b"range")
        self.requests.append((scope["path"], rng.decode() if rng else None))
        if self.fail_next > 0:
            self.fail_next -= 1
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"retry-after", b"0"), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        if self.hang_next > 0:
            self.hang_next -= 1
            await asyncio.sleep(1.5)

        async def counting_send(msg):  # noqa: ANN001
            if msg["type"] == "http.response.body":
                self.sent += len(msg.get("body", b""))
                if self.delay:
                    await asyncio.sleep(self.delay)
            await send(msg)

        await self.app(scope, receive, counting_send)


class LiveServer(ThreadedServer):
    def __init__(self, packs_dir: Path) -> None:
        app = FastAPI()
        app.include_router(make_catalog_router(packs_dir))
        self.wire = Wire(app)
        super().__init__(self.wire, lifespan="off")
