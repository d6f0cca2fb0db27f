"""A simulated programme built once per session through the real path: a real course pack (with
speakers and campaigns), a real server with certification on 127.0.0.1, 10 centres of 2 PCs each
(real data dirs, enrolled with their centre's code), learners made by the real simulator
(``demo simulate``'s function) in 22 countries with campaigns, some claimed on a second PC where
they go on studying, exam claims, and real syncs (push, the server grades, pull).

Size: ``CC2_PROGRAMME_LEARNERS`` (default 300) — the benchmark (``python -m tools.bench report``)
runs the same builder at 5,000."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.programme import build_programme


@pytest.fixture(scope="session")
def programme(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("programme")
    prog = build_programme(root, learners=int(os.environ.get("CC2_PROGRAMME_LEARNERS", "300")))
    yield prog
    prog.close()


@pytest.fixture(scope="session")
def course_pack_for_erase(tmp_path_factory):
    """The test course as a real pack, with its server-only exam key: (pack, key)."""
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.paths import assets_dir

    from tests.support.cert_server import write_course_source

    root = tmp_path_factory.mktemp("erase-course")
    src = write_course_source(root / "src")
    pack = root / "courses" / "test-civictech.cc2pack"
    pack.parent.mkdir()
    res = build_pack(src, pack, assets_dir() / "keys" / "demo-publisher.key")
    return pack, res.exam_key_path
