"""A real server on 127.0.0.1 with certification wired in, and a real course pack built from a
small course source folder (with its server-only exam answer key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cert_server import CertServer, write_course_source


@pytest.fixture(scope="session")
def course_pack(tmp_path_factory) -> Path:
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.paths import assets_dir

    root = tmp_path_factory.mktemp("course")
    src = write_course_source(root / "src")
    out = root / "courses" / "test-civictech.cc2pack"
    out.parent.mkdir()
    res = build_pack(src, out, assets_dir() / "keys" / "demo-publisher.key")
    assert res.exam_key_path is not None and res.exam_key_path.is_file()
    return out


@pytest.fixture
def cert_server(tmp_path, course_pack):
    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", course_pack.parent, tmp_path / "server-data").start()
    yield srv
    srv.stop()


@pytest.fixture
def pg_cert_server(tmp_path, course_pack, pg_url):
    srv = CertServer(pg_url, course_pack.parent, tmp_path / "server-data").start()
    yield srv
    srv.stop()
