"""Fixtures for the forum tests: the sync tests' real server on 127.0.0.1 and data dirs."""

from tests.sync.conftest import make_kit, server  # noqa: F401 - fixtures
