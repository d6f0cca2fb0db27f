"""A real server on 127.0.0.1 with certification wired in, and the test course as a source folder
(docs/course-source-format.md) with its exam answer key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from tests.support.certification_course import course_dict
from tests.support.live_server import ThreadedServer
from tests.support.pgcluster import free_port


class CertServer(ThreadedServer):
    """The hub app with certification set up, on a port chosen first (the verify URL names it)."""

    ADMIN_PASSWORD = "centre-hub-2026"

    def __init__(self, db_url: str, courses_dir: Path, data_dir: Path, *, admin: bool = False) -> None:
        from cc2desktop.server.app import create_app
        from cc2desktop.server.certification import setup

        port = free_port()
        app = create_app(db_url)
        self.hub = app.state.hub
        self.certifier = setup(app, courses_dir=courses_dir, data_dir=data_dir, public_url=f"http://127.0.0.1:{port}")
        if admin:  # the admin web page, its password already chosen
            from cc2desktop.server.admin import mount

            mount(app).auth.set_password(self.ADMIN_PASSWORD)
        super().__init__(app, port=port)

    def stop(self) -> None:
        super().stop()
        self.hub.close()


def write_course_source(src: Path, edit: Callable[[dict], None] | None = None) -> Path:
    """The test course as a source folder (docs/course-source-format.md), exam WITH its key;
    ``edit`` changes the course dict first (experts, campaigns…)."""
    from tests.support.certification_course import EXAM_KEY

    d = course_dict()
    if edit is not None:
        edit(d)
    exam = d["certification"].pop("exam")
    for q in exam["questions"]:
        q["answer"] = EXAM_KEY[q["id"]]
    d["certification"]["exam"] = "exam/exam.json"
    (src / "exam").mkdir(parents=True)
    (src / "exam" / "exam.json").write_text(json.dumps(exam, ensure_ascii=False), encoding="utf-8")
    (src / "course.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return src
