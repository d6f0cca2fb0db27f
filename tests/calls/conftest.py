"""A real server with certification (the call's course needs certified learners) and the test course."""

from tests.certification.conftest import cert_server, course_pack  # noqa: F401 - fixtures
