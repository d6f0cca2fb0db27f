"""A fault-injecting TCP proxy on 127.0.0.1 for sync tests: each connection is passed through or
suffers one fault (reset before/after the server acted, stall, truncated response, 500/503)."""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter

FAULTS = ("pass", "reset_before", "reset_after", "stall", "truncate", "http500", "http503")
# not drawn by default: the response arrives whole, its body's bytes damaged in transit
GARBLE = "garble"


class FaultProxy:
    def __init__(self, target_port: int, *, fault_rate: float = 0.4, stall_s: float = 0.6, seed: int = 1,
                 faults: tuple[str, ...] = FAULTS[1:]) -> None:
        self.target = ("127.0.0.1", target_port)
        self.faults = faults
        self.fault_rate, self.stall_s = fault_rate, stall_s
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.counts: Counter = Counter()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.closed = True
        self.sock.close()

    def _accept(self) -> None:
        while not self.closed:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                fault = "pass" if self.rng.random() >= self.fault_rate else self.rng.choice(self.faults)
                self.counts[fault] += 1
                cut = self.rng.random()
            threading.Thread(target=self._handle, args=(c, fault, cut), daemon=True).start()

    @staticmethod
    def _rst(s: socket.socket) -> None:
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        finally:
            s.close()

    @staticmethod
    def _read_request(c: socket.socket) -> bytes:
        """One whole HTTP request (headers + Content-Length body)."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        while len(body) < length:
            chunk = c.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n" + body

    def _handle(self, c: socket.socket, fault: str, cut: float) -> None:
        try:
            if fault == "pass":
                self._pipe(c)
                return
            req = self._read_request(c)
            if fault == "reset_before":
                self._rst(c)
                return
            if fault in ("http500", "http503"):
                code = fault[4:]
                c.sendall(f"HTTP/1.1 {code} Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
                c.close()
                return
            if fault == "stall":
                time.sleep(self.stall_s)
                c.close()
                return
            s = socket.create_connection(self.target)
            s.sendall(req)
            resp = b""
            s.settimeout(10)
            while True:  # the server closes after one response ("Connection: close" from the client)
                chunk = s.recv(65536)
                if not chunk:
                    break
                resp += chunk
            s.close()
            if fault == "reset_after":
                self._rst(c)  # the server acted; the client never hears of it
            elif fault == GARBLE:
                head, sep, body = resp.partition(b"\r\n\r\n")
                c.sendall(head + sep + bytes(b ^ 0x5A for b in body))
                c.close()
            else:  # truncate
                c.sendall(resp[: max(1, int(len(resp) * cut))])
                c.close()
        except OSError:
            c.close()

    def _pipe(self, c: socket.socket) -> None:
        s = socket.create_connection(self.target)

        def one_way(a: socket.socket, b: socket.socket) -> None:
            try:
                while True:
                    d = a.recv(65536)
                    if not d:
                        break
                    b.sendall(d)
            except OSError:
                pass
            finally:
                for x in (a, b):
                    try:
                        x.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        t = threading.Thread(target=one_way, args=(s, c), daemon=True)
        t.start()
        one_way(c, s)
        t.join(10)
        c.close()
        s.close()
