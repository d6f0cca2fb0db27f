"""Listing the installed courses reads the database a bounded number of times, whatever the number of
files in a course: every manifest in one transaction, file paths from the manifest."""

from sqlalchemy import event

from cc2desktop.core.learning.catalog import load_courses
from cc2desktop.core.packs import service
from tools import demo_pack


def test_listing_installed_courses_costs_at_most_two_transactions_per_course(kit):
    demo_pack.build()  # no-op when up to date
    assert service.ensure_bundled_installed(kit, demo_pack.pack_path().parent) == ["demo-intro-civictech"]
    files = len(service.get_manifest(kit, "demo-intro-civictech").files)
    begins = []

    def count(conn) -> None:  # noqa: ANN001
        begins.append(conn)

    event.listen(kit.engine, "begin", count)
    try:
        courses = load_courses(kit)
    finally:
        event.remove(kit.engine, "begin", count)
    assert [c.id for c in courses] == ["demo-intro-civictech"] and files > 20
    assert 1 <= len(begins) <= 2 * len(courses), f"{len(begins)} transactions for {len(courses)} course(s)"
    video = courses[0].capsule("m1c1").videos["standard"]
    assert video.read_bytes()[4:8] == b"ftyp"  # the store blob of that file
