"""``kit.learning``: profiles, courses and one learner's activity, in the facade calling style
(each method opens its own session and returns plain data; a mutation returns ``Done``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cc2desktop.core.changes import Changes, Done
from cc2desktop.core.learning import progress as progress_mod
from cc2desktop.core.learning.catalog import Capsule, Course, load_courses
from cc2desktop.core.learning.quiz import Quiz
from cc2desktop.core.learning.service import (AnswerResult, CourseProgress, LearnerInfo, LearnerService, Profiles,
                                              QuizResult)


@dataclass(frozen=True)
class StartupState:
    """What the first window needs once the database is open."""

    courses: list[Course] | None  # None: as in the start-up cache (the Course objects are read when needed)
    learners: list[dict]  # [{"id", "name", "has_pin", "needs_pin"}], as the profile tiles show them
    outlines: list[dict]  # the courses' outlines (what the welcome screen shows)


@dataclass(frozen=True)
class LearnerProgress:
    courses: dict[str, CourseProgress]  # course id → progress
    last: tuple[str, str] | None         # (course id, capsule id) of the latest activity

    def next_step(self, courses: list[Course]) -> tuple[str, str] | None:
        """Where "Continue" leads: the capsule worked on last if it is not completed, else the next
        one not completed after it in the course's order (then from the start); None when every
        capsule of ``courses`` is completed."""
        def done(cid: str, capid: str) -> bool:
            cp = self.courses.get(cid)
            st = cp.capsules.get(capid) if cp is not None else None
            return bool(st and st.completed)

        ordered = sorted(courses, key=lambda c: c.id != (self.last or ("", ""))[0])  # the last course first
        for c in ordered:
            ids = [cap.id for cap in c.capsules]
            start = 0
            if self.last and self.last[0] == c.id and self.last[1] in ids:
                start = ids.index(self.last[1])
            for capid in ids[start:] + ids[:start]:
                if not done(c.id, capid):
                    return c.id, capid
        return None


def _tile(i: LearnerInfo) -> dict:
    return {"id": i.id, "name": i.name, "has_pin": i.has_pin, "needs_pin": i.needs_pin}


def activity(learner_id: str) -> Changes:
    """What a learner's new event changes: her progress, and the work waiting to be sent."""
    return Changes(progress=True, pending_sync=True, learner_ids=frozenset({learner_id}))


class Learning:
    def __init__(self, kit: Any) -> None:
        self.kit = kit
        self.profiles = Profiles(kit)

    # ------------------------------------------------------------------------------ reads
    def courses(self) -> list[Course]:
        """Installed courses, then the course folders the kit was given."""
        return load_courses(self.kit, extra_dirs=self.kit.course_dirs)

    def learners(self) -> list[dict]:
        return [_tile(i) for i in self.profiles.list()]

    def learner(self, learner_id: str) -> LearnerInfo:
        return self.profiles.get(learner_id)

    def courses_fingerprint(self) -> str:
        """Changes whenever the course list may have: installed packs (by manifest hash) and the
        course folders' ``course.json`` (size, time)."""
        from cc2desktop.core.learning.catalog import default_source_dirs

        parts = [f"{cid}:{sha}" for cid, sha in self.kit.packs.installed_fingerprint()]
        for folder in [*default_source_dirs(), *self.kit.course_dirs]:
            f = Path(folder) / "course.json"
            try:
                st = f.stat()
            except OSError:
                continue
            parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
        return "|".join(parts)

    def startup(self, *, courses: bool = False) -> StartupState:
        """Profiles for the first window, and the courses (always with ``courses``) unless the
        start-up cache already shows them as they are (reading every manifest costs memory and time
        a first screen does not need). Refreshes the start-up cache."""
        from cc2desktop.core.learning import startup_cache

        learners = self.learners()
        fingerprint = self.courses_fingerprint()
        cache = startup_cache.read(self.kit.paths.root)
        if not courses and cache.get("courses_fingerprint") == fingerprint and cache.get("courses"):
            self.write_startup_cache(learner_list=learners)
            return StartupState(None, learners, cache["courses"])
        course_list = self.courses()
        self.write_startup_cache(course_list=course_list, learner_list=learners, fingerprint=fingerprint)
        return StartupState(course_list, learners, [c.outline() for c in course_list])

    def progress(self, learner: LearnerService, courses: list[Course]) -> LearnerProgress:
        return LearnerProgress({c.id: learner.course_progress(c) for c in courses}, learner.last_activity())

    def capsule_state(self, learner: LearnerService, course_id: str, capsule_id: str) -> progress_mod.CapsuleState:
        return learner.capsule_state(course_id, capsule_id)

    def prefs(self, learner: LearnerService, keys: tuple[str, ...] = ("rendition", "subtitles")) -> dict[str, str]:
        return {k: v for k in keys if (v := learner.get_pref(k))}

    # ------------------------------------------------------------------------------ profiles
    def create_learner(self, name: str, pin: str | None = None, **fields: str | None) -> Done[LearnerInfo]:
        info = self.profiles.create(name, pin, **fields)
        return Done(info, self.kit.changed(Changes(learners=True)))

    def create_learners(self, rows: list[dict]) -> Done[list[LearnerInfo]]:
        infos = self.profiles.create_many(rows)
        return Done(infos, self.kit.changed(Changes(learners=True)))

    def erase_learner(self, fs: object, learner_id: str) -> Done[dict]:
        """A facilitator erases a learner here and, at the next sync, everywhere (core/learning/erase.py)."""
        from cc2desktop.core.learning import erase

        res = erase.erase(self.kit, fs, learner_id)
        return Done(res, self.kit.changed(Changes(learners=True, progress=True, pending_sync=True,
                                                  learner_ids=frozenset({learner_id}))))

    def campaigns(self) -> list[dict]:
        """The outreach campaigns the installed courses list: ``[{"code", "title": {lang: text}}]``."""
        from cc2desktop.core.learning.service import known_campaigns

        return known_campaigns(self.kit)

    def update_learner(self, learner_id: str, **fields: str | None) -> Done[LearnerInfo]:
        info = self.profiles.update(learner_id, **fields)
        return Done(info, self.kit.changed(Changes(learners=True, pending_sync=True)))

    def reset_pin(self, learner_id: str, pin: str | None) -> Done[None]:
        self.profiles.reset_pin(learner_id, pin)
        return Done(None, self.kit.changed(Changes(learners=True)))

    def open_first(self, learner_id: str, pin: str) -> Done[LearnerService]:
        """A profile a facilitator made, opened the first time: its learner's PIN is set, then the
        profile is opened with it."""
        self.profiles.set_first_pin(learner_id, pin)
        return Done(self.profiles.open(learner_id, pin), self.kit.changed(Changes(learners=True, pending_sync=True)))

    def erase_own(self, learner: LearnerService, pin: str | None) -> Done[dict]:
        """The learner deletes her own profile: here at once and, at the next sync, everywhere
        (as a facilitator's erasure). Her PIN is asked again when she has one (wrong PINs count)."""
        from cc2desktop.core.learning import erase

        lid = learner.learner_id
        if learner.learner.has_pin:
            self.profiles.open(lid, pin)
        with self.kit.write() as s:
            erase.erase_here(s, [lid], origin="here")
        erase.compact(self.kit.engine)
        return Done({"learner": lid}, self.kit.changed(Changes(learners=True, progress=True, pending_sync=True,
                                                               learner_ids=frozenset({lid}))))

    def open(self, learner_id: str, pin: str | None = None) -> LearnerService:
        """The learner's handle for the activity methods below (checks the PIN; see
        :meth:`Profiles.open` for the errors)."""
        return self.profiles.open(learner_id, pin)

    # ------------------------------------------------------------------------------ activity
    def watch(self, learner: LearnerService, course: Course, capsule: Capsule, segments: list[list[float]], *,
              position: float, length: float, duration_s: float = 0.0, rate: float = 1.0,
              rendition: str = "standard") -> Done[progress_mod.CapsuleState]:
        st = learner.record_watch(course, capsule, segments, position=position, length=length, duration_s=duration_s,
                                  rate=rate, rendition=rendition)
        return Done(st, activity(learner.learner_id))

    def answer(self, learner: LearnerService, course: Course, capsule: Capsule, quiz: Quiz, question_id: str,
               response: Any, *, attempt_id: str, duration_s: float = 0.0) -> Done[AnswerResult]:
        res = learner.answer(course, capsule, quiz, question_id, response, attempt_id=attempt_id, duration_s=duration_s)
        return Done(res, activity(learner.learner_id))

    def complete_quiz(self, learner: LearnerService, course: Course, capsule: Capsule, quiz: Quiz, *,
                      attempt_id: str, duration_s: float = 0.0) -> Done[QuizResult]:
        res = learner.complete_quiz(course, capsule, quiz, attempt_id=attempt_id, duration_s=duration_s)
        return Done(res, activity(learner.learner_id))

    def set_pref(self, learner: LearnerService, key: str, value: str) -> Done[None]:
        learner.set_pref(key, value)
        return Done(None)

    # ------------------------------------------------------------------------------ start-up cache
    def write_startup_cache(self, *, learners: bool = False, courses: bool = False,
                            course_list: list[Course] | None = None, learner_list: list[dict] | None = None,
                            fingerprint: str | None = None) -> bool:
        """The one writer of ``outline-cache.json`` (see :mod:`startup_cache`)."""
        from cc2desktop.core.learning import startup_cache

        if courses and course_list is None:
            fingerprint = self.courses_fingerprint()
            course_list = self.courses()
        if learners and learner_list is None:
            learner_list = self.learners()
        return startup_cache.update(
            self.kit.paths.root,
            courses=[c.outline() for c in course_list] if course_list is not None else None,
            learners=learner_list, courses_fingerprint=fingerprint)
