"""An ASGI app served by uvicorn on 127.0.0.1 in a daemon thread: the one way tests and benchmarks
run a real server in-process (sync hub, certification, packs catalog)."""

from __future__ import annotations

import threading
import time
from typing import Any


class ThreadedServer:
    def __init__(self, app: Any, **config: Any) -> None:
        import uvicorn

        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=config.pop("port", 0),
                                                    log_level="warning", **config))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.port = 0
        self.url = ""

    def start(self, timeout: float = 20.0) -> "ThreadedServer":
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def __enter__(self) -> "ThreadedServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
