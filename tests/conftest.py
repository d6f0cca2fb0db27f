"""Shared fixtures. Qt runs offscreen; every test gets its own data directory (real SQLite file)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_TEXTTOSPEECH_ENGINE", "mock")
os.environ.pop("CC2_DATA_DIR", None)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run ("ci", the default): a red CI names a change,
# never a lucky draw. `--hypothesis-profile explore` (or HYPOTHESIS_PROFILE=explore) draws new ones,
# with the example database, to hunt for bugs; a failure it finds becomes an @example.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# fixtures shared across folders: a small real course with media; a throwaway PostgreSQL cluster
pytest_plugins = ["tests.support.learning_course", "tests.support.pg_fixtures"]


@pytest.fixture(scope="session", autouse=True)
def _garbage_collected_on_the_main_thread(qapp):
    """Qt objects must die on the GUI thread: with live servers' threads in this process, Python's
    automatic collector could free a widget's cycle from one of them (a segmentation fault in a long
    page walk). The app holds the collector off while it runs (ui/shell/tasks.py); the suite does
    the same, and collects between tests, on this thread."""
    from cc2desktop.ui.shell.tasks import hold_gui_thread_gc, release_gui_thread_gc

    hold_gui_thread_gc()
    yield
    release_gui_thread_gc()


_tests_run = [0]


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    yield
    import gc

    _tests_run[0] += 1
    gc.collect() if _tests_run[0] % 25 == 0 else gc.collect(1)


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
