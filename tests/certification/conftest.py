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


@pytest.fixture(scope="session")
def demo_courses(tmp_path_factory) -> Path:
    """The bundled demo course (a bank of 20 exam questions, 10 drawn: 4, 3 and 3 per module) and its
    answer key, in a published courses folder."""
    import shutil

    from tools.demo_pack import pack_path

    src = pack_path()
    if not src.is_file():
        pytest.skip("the demo pack is built by packaging/dev.sh")
    out = tmp_path_factory.mktemp("demo-courses")
    shutil.copy(src, out / src.name)
    shutil.copy(src.with_name(src.name + ".exam-key.json"), out / (src.name + ".exam-key.json"))
    return out


@pytest.fixture
def demo_server(tmp_path, demo_courses):
    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", demo_courses, tmp_path / "server-data",
                     admin=True).start()
    yield srv
    srv.stop()


@pytest.fixture
def demo_pc(tmp_path, demo_server, demo_courses):
    """A PC with the demo course, enrolled with the demo server."""
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient

    kit = Kit(resolve_data_paths(tmp_path / "pc"))
    install_pack(kit, next(demo_courses.glob("*.cc2pack")))
    SyncClient(kit).enrol(demo_server.url, demo_server.hub.new_enrolment_code(), "cybercafé")
    yield kit
    kit.close()
