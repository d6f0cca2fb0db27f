"""A small test course (2 capsules with practice quizzes, a 4-question final exam) and helpers that
make a learner do the work through the real event log."""

from __future__ import annotations

import copy

from cc2desktop.core import events as ev
from cc2desktop.core.packs.manifest import parse_manifest

L = lambda fr, en: {"fr": fr, "en": en}  # noqa: E731

EXAM_KEY = {"e1": "b", "e2": ["a", "c"], "e3": True, "e4": ["données ouvertes", "open data"]}
RIGHT = {"e1": "b", "e2": ["a", "c"], "e3": True, "e4": "Donnees Ouvertes"}


def _quiz(cid: str) -> dict:
    return {"id": f"{cid}-quiz", "mastery_score": 0.6, "questions": [
        {"id": "q1", "type": "true_false", "prompt": L("Vrai ?", "True?"), "answer": True}]}


def course_dict(**cert_overrides) -> dict:
    cert = {
        "required_capsules": "all", "quiz_mastery": 0.6, "exam_mastery": 0.75, "exam_attempts": 2,
        "exam_time_limit_s": 600,
        "exam": {"id": "final", "shuffle": True, "questions": [
            {"id": "e1", "type": "single", "prompt": L("Qui décide ?", "Who decides?"),
             "choices": [{"id": "a", "text": L("Le maire", "The mayor")},
                         {"id": "b", "text": L("Les citoyens", "Citizens")}]},
            {"id": "e2", "type": "multiple", "prompt": L("Données ouvertes ?", "Open data?"),
             "choices": [{"id": "a", "text": L("Budget", "Budget")}, {"id": "b", "text": L("Mot de passe", "Password")},
                         {"id": "c", "text": L("Marchés publics", "Public tenders")}]},
            {"id": "e3", "type": "true_false", "prompt": L("La transparence aide ?", "Transparency helps?")},
            {"id": "e4", "type": "text",
             "prompt": L("Nom des données publiques libres ?", "Name of free public data?")},
        ]},
    }
    cert.update(cert_overrides)
    return {
        "schema": 1, "id": "test-civictech", "version": "1.0.0", "languages": ["fr", "en"],
        "title": L("Éthique des données ouvertes", "Open data ethics"),
        "description": L("Un cours court.", "A short course."), "publisher": "Connexions Citoyennes",
        "modules": [{"id": "m1", "title": L("Bases", "Basics"), "capsules": [
            {"id": "c1", "title": L("Pourquoi ?", "Why?"), "quiz": _quiz("c1")},
            {"id": "c2", "title": L("Comment ?", "How?"), "quiz": _quiz("c2")},
        ]}],
        "certification": cert,
    }


def manifest(**cert_overrides):
    return parse_manifest(course_dict(**cert_overrides))


def tampered_manifest():
    d = copy.deepcopy(course_dict())
    d["certification"]["exam"]["questions"][0]["prompt"]["fr"] = "Qui décide ? (modifié)"
    return parse_manifest(d)


def complete_course(session, learner_id: str, m, *, quiz_scaled: float = 1.0, skip: tuple[str, ...] = ()) -> None:
    for cap in m.capsules():
        if cap.id in skip:
            continue
        ev.append(session, learner_id, "video.watched",
                  {"capsule_id": cap.id, "module_id": "m1", "segments": [[0, 30]], "length": 30, "position": 30},
                  course_id=m.id)
        ev.append(session, learner_id, "quiz.completed",
                  {"capsule_id": cap.id, "quiz_id": cap.quiz.id, "attempt_id": f"{cap.id}-1", "score": quiz_scaled,
                   "max_score": 1,
                   "scaled": quiz_scaled, "success": quiz_scaled >= 0.6}, course_id=m.id)
        ev.append(session, learner_id, "capsule.completed",
                  {"capsule_id": cap.id, "module_id": "m1", "watched": 1.0, "quiz_scaled": quiz_scaled},
                  course_id=m.id)


def claim_payload(**fields) -> dict:
    """An ``exam.claimed`` payload of the declared shape, unsigned (for tests of what counts claims or
    routes them, not of their grading: those sign real claims through ``exam.submit_attempt``)."""
    return {"v": 1, "claim_id": "k", "attempt_id": "A1", "attempt": 1, "learner_id": "L1",
            "device_id": "00000000-0000-0000-0000-000000000000", "course_id": "test-civictech",
            "pack_version": "1.0.0", "manifest_sha256": "0" * 64, "exam_id": "final", "seed": 1, "order": ["e1"],
            "started_at": "2026-11-28T10:00:00.000Z", "submitted_at": "2026-11-28T10:20:00.000Z",
            "time_limit_s": None, "answers": {"e1": "a"}, "sig": "", **fields}



# The programme's server trusts the demo publisher for the test course (server.certification's
# default); a learner's PC trusts the demo key for the demo course alone. PCs install the same course
# (same signed manifest bytes, so the same digest in exam claims) signed by a test publisher they trust.
TEST_PUBLISHER_SEED = bytes(range(1, 33))


def client_pack(course_pack):  # noqa: ANN001, ANN201
    """The test course as PCs install it: the very manifest bytes the server grades with (so the same
    digest in exam claims, the same answer-key commitment), signed by the test publisher instead of
    the demo key (which installs only the demo course). Built once, beside ``course_pack``'s folder."""
    import zipfile

    from cc2desktop.core.packs import keys as keymod
    from cc2desktop.core.packs.manifest import parse_manifest
    from cc2desktop.core.packs.packfile import MANIFEST_NAME, Signature, write_pack

    out = course_pack.parent.parent / "client" / course_pack.name
    if not out.exists():
        key = keymod.PrivateKey(TEST_PUBLISHER_SEED, "Test publisher")
        with zipfile.ZipFile(course_pack) as zf:
            data = zf.read(MANIFEST_NAME)
            files = [(e, lambda e=e: zf.open(e.path)) for e in sorted(parse_manifest(data).files, key=lambda e: e.path)]
            write_pack(out, data, Signature(key.key_id, key.sign(data)), files)
    return out


def trust_test_publisher(kit) -> None:  # noqa: ANN001
    from cc2desktop.core.packs import keys as keymod

    keymod.trust(kit.paths, keymod.PrivateKey(TEST_PUBLISHER_SEED, "Test publisher").public)


def install_test_course(kit, course_pack):  # noqa: ANN001, ANN201
    """Install the test course on a learner's PC as a centre would: its publisher trusted first."""
    from cc2desktop.core.packs.service import install_pack

    trust_test_publisher(kit)
    return install_pack(kit, client_pack(course_pack))


def forced_attempt(session, learner_id: str, m, *, seed: int = 1, clock=None):
    """An attempt opened as a modified app would, without the app's checks (rules, attempts left):
    its ``exam.started`` event written directly, with the exam clock's reading. Its sheet is then
    sealed by ``exam.submit_attempt`` (for tests of what the server refuses)."""
    from cc2desktop.core.certification import clock as clk
    from cc2desktop.core.certification import exam as ex
    from cc2desktop.core.certification.draw import DRAW_VERSION, question_order
    from cc2desktop.core.db.base import new_id

    reading = (clock or clk.SYSTEM).read()
    _cert, exam = m.final_exam()
    att = ex.ExamAttempt(new_id(), 1, learner_id, m.id, m.version, ex.manifest_digest(m), exam.id, seed,
                         question_order(m, seed), reading.wall, m.certification.exam_time_limit_s,
                         draw=DRAW_VERSION if exam.draw is not None else 0)
    payload = {"attempt_id": att.attempt_id, "attempt": 1, "exam_id": exam.id, "seed": seed,
               "started_at": att.started_at, "time_limit_s": att.time_limit_s, "manifest_sha256": att.manifest_sha256,
               "pack_version": m.version, "clock": reading.to_json()}
    if att.draw:
        payload["draw"] = att.draw
    ev.append(session, learner_id, "exam.started", payload, course_id=m.id)
    return att


class FakeClock:
    """The exam clock of a test: readings that move only when told (see core/certification/clock.py).
    ``tick(s)`` lets ``s`` seconds pass (``wall=`` another wall-clock change: a clock set back);
    ``restart(reboot=...)`` is the app closed and opened again, after a PC restart or not."""

    def __init__(self, wall: str = "2026-12-01T09:00:00.000Z", *, sitting: str = "run1", boot: str = "boot1",
                 mono: float = 1000.0) -> None:
        import datetime as dt

        self.wall = dt.datetime.fromisoformat(wall.replace("Z", "+00:00"))
        self.sitting, self.boot, self.mono = sitting, boot, mono
        self._runs = 1

    def tick(self, seconds: float, *, wall: float | None = None) -> "FakeClock":
        import datetime as dt

        self.mono += seconds
        self.wall += dt.timedelta(seconds=seconds if wall is None else wall)
        return self

    def restart(self, *, reboot: bool = False, off_s: float = 60.0, wall: float | None = None) -> "FakeClock":
        """The app closed for ``off_s`` seconds and opened again (``reboot``: the PC restarted: a new
        boot, its monotonic clock from zero; ``wall``: the wall clock's move meanwhile)."""
        import datetime as dt

        self._runs += 1
        self.sitting = f"run{self._runs}"
        if reboot:
            self.boot, self.mono = f"boot{self._runs}", 30.0
        else:
            self.mono += off_s
        self.wall += dt.timedelta(seconds=off_s if wall is None else wall)
        return self

    def read(self):  # noqa: ANN201
        import datetime as dt

        from cc2desktop.core.certification.clock import Reading

        iso = self.wall.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return Reading(self.sitting, self.boot, self.mono, iso)
