"""A throwaway PostgreSQL cluster: initdb + pg_ctl in a temp dir on a free local port (tests and
benchmarks). Binaries come from PATH or /usr/lib/postgresql/*/bin; as root the cluster runs as the
``postgres`` (or ``nobody``) user, since initdb refuses root."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path


def find_pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return Path(d)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> dict:
    """initdb refuses to run as root: as root, run the server as the ``postgres`` (or ``nobody``) user."""
    if os.geteuid() != 0:
        return {}
    import pwd

    for name in ("postgres", "nobody"):
        try:
            pw = pwd.getpwnam(name)
            return {"user": pw.pw_uid, "group": pw.pw_gid}
        except KeyError:
            continue
    return {}


class PgCluster:
    def __init__(self, bindir: Path, base: Path) -> None:
        self.bindir, self.base = bindir, base
        self.as_user = _run_as()
        if self.as_user:
            os.chown(base, self.as_user["user"], self.as_user["group"])
        self.datadir = base / "data"
        self.port = free_port()
        self.user = "cc2"

    def start(self, *, durable: bool = False) -> "PgCluster":
        """``durable``: fsync on (benchmarks); tests run with fsync off."""
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        subprocess.run([str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", self.user, "-A", "trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True, env=env, cwd=self.base,
                       **self.as_user)
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.base} "
                f"-c fsync={'on' if durable else 'off'} -c max_connections=200 -c shared_buffers=64MB")
        subprocess.run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-o", opts, "-l",
                        str(self.base / "log"), "-w", "-t", "60", "start"], check=True, capture_output=True, env=env,
                       cwd=self.base, **self.as_user)
        return self

    def stop(self) -> None:
        subprocess.run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop"],
                       capture_output=True, cwd=self.base, **self.as_user)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
