"""Shared fixtures. Qt runs offscreen; every test gets its own data directory (real SQLite file)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_TEXTTOSPEECH_ENGINE", "mock")
os.environ.pop("CC2_DATA_DIR", None)

import pytest  # noqa: E402

# fixtures shared across folders: a small real course with media; a throwaway PostgreSQL cluster
pytest_plugins = ["tests.support.learning_course", "tests.support.pg_fixtures"]


@pytest.fixture
def data_paths(tmp_path):
    from cc2desktop.core.paths import resolve_data_paths

    return resolve_data_paths(tmp_path / "data")


@pytest.fixture
def kit(data_paths):
    from cc2desktop.core.kit import Kit

    k = Kit(data_paths)
    yield k
    k.close()


@pytest.fixture
def runner(qtbot):
    """The GUI's task runner (lanes read / write / long), as the composition root builds it."""
    from cc2desktop.ui.shell.tasks import TaskRunner

    r = TaskRunner()
    yield r
    r.shutdown(10_000)
