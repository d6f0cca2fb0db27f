"""pytest fixtures for a real PostgreSQL: ``pg_cluster`` (session) and ``pg_url`` (a fresh database).

The cluster itself is :class:`tests.support.pgcluster.PgCluster` (shared with the benchmarks).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.pgcluster import PgCluster, find_pg_bin


@pytest.fixture(scope="session")
def pg_cluster():
    bindir = find_pg_bin()
    if bindir is None:
        pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin")
    base = Path(tempfile.mkdtemp(prefix="cc2pg-"))
    cluster = PgCluster(bindir, base).start()
    yield cluster
    cluster.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster) -> str:
    return pg_cluster.new_database()
