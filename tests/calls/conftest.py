"""A real server with certification (the call's course needs certified learners) and the test course,
on SQLite and on PostgreSQL."""

from tests.certification.conftest import cert_server, course_pack, pg_cert_server  # noqa: F401 - fixtures
