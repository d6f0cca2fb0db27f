"""``kit.facilitation``: the facilitator's sign-in, groups, sessions, attendance, group quizzes,
other PCs' bundles and the dashboard, in the facade calling style (every method but sign-in takes
the :class:`FacilitatorSession`; the service checks it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from typing import TYPE_CHECKING

from cc2desktop.core.changes import Changes, Done

if TYPE_CHECKING:  # the services are imported on first use, not when the window opens
    from cc2desktop.core.facilitation import service
    from cc2desktop.core.facilitation.accounts import FacilitatorSession

GROUPS = Changes(groups=True, pending_sync=True)           # membership events go to the learners' logs
SESSIONS = Changes(sessions=True, pending_sync=True)
NEW_LEARNERS = Changes(learners=True, groups=True, pending_sync=True)


class Facilitation:
    def __init__(self, kit: Any) -> None:
        self.kit = kit

    @property
    def _svc(self):  # noqa: ANN202
        from cc2desktop.core.facilitation import service

        return service

    def _read(self, fn, *a: Any, **kw: Any) -> Any:  # noqa: ANN001
        with self.kit.read() as s:
            return fn(s, *a, **kw)

    def _write(self, changes: Changes, fn, *a: Any, **kw: Any) -> Done:  # noqa: ANN001
        with self.kit.write() as s:
            value = fn(s, *a, **kw)
        return Done(value, self.kit.changed(changes))

    # ------------------------------------------------------------------------------ accounts
    def facilitators(self) -> list[str]:
        from cc2desktop.core.facilitation import accounts

        return self._read(accounts.list_facilitators)

    def sign_in(self, name: str, password: str) -> FacilitatorSession:
        """Raises PermissionDeniedError (code ``bad_credentials``, or ``signin_backoff`` after several
        wrong passwords)."""
        from cc2desktop.core.facilitation import accounts

        return accounts.sign_in(self.kit, name, password)

    def needs_setup(self) -> bool:
        """True while this PC has no facilitator account (the sign-in offers the setup step)."""
        from cc2desktop.core.facilitation import accounts

        return self._read(accounts.needs_setup)

    def create_first(self, name: str, password: str) -> FacilitatorSession:
        """The setup step: the PC's first account, signed in (refused once any account exists)."""
        from cc2desktop.core.facilitation import accounts

        with self.kit.write() as s:
            return accounts.create_first(s, name, password)

    def add_facilitator(self, fs: FacilitatorSession, name: str, password: str) -> Done[str]:
        from cc2desktop.core.facilitation import accounts

        return self._write(Changes(), accounts.add_facilitator, name, password, by=fs)

    def remove_facilitator(self, fs: FacilitatorSession, name: str) -> Done[None]:
        from cc2desktop.core.facilitation import accounts

        return self._write(Changes(), accounts.remove_facilitator, fs, name)

    def change_password(self, fs: FacilitatorSession, old: str, new: str) -> Done[None]:
        from cc2desktop.core.facilitation import accounts

        return self._write(Changes(), accounts.change_password, fs, old, new)

    # ------------------------------------------------------------------------------ groups
    def groups(self, fs: FacilitatorSession) -> list[service.GroupInfo]:
        return self._read(self._svc.list_groups, fs)

    def members(self, fs: FacilitatorSession, group: str) -> list[service.MemberRow]:
        return self._read(self._svc.members, fs, group)

    def local_learners(self, fs: FacilitatorSession) -> list[service.MemberRow]:
        return self._read(self._svc.local_learners, fs)

    def create_group(self, fs: FacilitatorSession, name: str) -> Done[service.GroupInfo]:
        return self._write(Changes(groups=True), self._svc.create_group, fs, name)

    def rename_group(self, fs: FacilitatorSession, group: str, name: str) -> Done[service.GroupInfo]:
        return self._write(GROUPS, self._svc.rename_group, fs, group, name)

    def delete_group(self, fs: FacilitatorSession, group: str) -> Done[int]:
        """See :func:`service.delete_group`: the group and its sessions go; no learner event is lost."""
        return self._write(Changes(groups=True, sessions=True, pending_sync=True), self._svc.delete_group, fs, group)

    def update_participant(self, fs: FacilitatorSession, learner_id: str, **fields: str | None) -> Done[None]:
        return self._write(Changes(learners=True, groups=True, pending_sync=True), self._svc.update_participant, fs,
                           learner_id, **fields)

    def set_pin(self, fs: FacilitatorSession, learner_id: str, pin: str) -> Done[None]:
        """A new PIN typed by the learner in front of the facilitator (see :func:`service.set_pin`)."""
        return self._write(Changes(learners=True, pending_sync=True), self._svc.set_pin, fs, learner_id, pin)

    def enrol(self, fs: FacilitatorSession, group: str, learner_ids: Iterable[str]) -> Done[int]:
        return self._write(GROUPS, self._svc.enrol, fs, group, list(learner_ids))

    def leave(self, fs: FacilitatorSession, group: str, learner_ids: Iterable[str]) -> Done[int]:
        return self._write(GROUPS, self._svc.leave, fs, group, list(learner_ids))

    def move(self, fs: FacilitatorSession, learner_ids: Iterable[str], from_group: str, to_group: str) -> Done[int]:
        return self._write(GROUPS, self._svc.move, fs, list(learner_ids), from_group, to_group)

    def add_participant(self, fs: FacilitatorSession, group: str, display_name: str, **fields: str | None) -> Done[str]:
        """A new learner profile on this PC, enrolled in ``group``; returns the learner id."""
        svc = self._svc

        def fn(s, fs):  # noqa: ANN001, ANN202
            lid = svc.new_learner(s, fs, display_name, **fields)
            svc.enrol(s, fs, group, [lid])
            return lid

        return self._write(NEW_LEARNERS, fn, fs)

    def enrol_csv(self, fs: FacilitatorSession, group: str, path: Path) -> Done[service.CsvImport]:
        """Participants from a CSV file; refused rows are in the result (see :func:`service.enrol_csv`)."""
        return self._write(NEW_LEARNERS, self._svc.enrol_csv, fs, group, Path(path))

    # ------------------------------------------------------------------------------ sessions
    def sessions(self, fs: FacilitatorSession, group: str | None = None) -> list[service.SessionInfo]:
        return self._read(self._svc.list_sessions, fs, group)

    def group_session(self, fs: FacilitatorSession, session_id: str) -> service.SessionInfo:
        return self._read(self._svc.get_session, fs, session_id)

    def attendance(self, fs: FacilitatorSession, session_id: str) -> list[service.AttendanceRow]:
        return self._read(self._svc.attendance, fs, session_id)

    def plan_session(self, fs: FacilitatorSession, group: str, date: str, capsules: Iterable[str] = (),
                     notes: str = "") -> Done[str]:
        return self._write(SESSIONS, self._svc.plan_session, fs, group, date, list(capsules), notes)

    def update_session(self, fs: FacilitatorSession, session_id: str, **fields: Any) -> Done[str]:
        svc = self._svc

        def fn(s, fs):  # noqa: ANN001, ANN202
            svc.update_session(s, fs, session_id, **fields)
            return session_id

        return self._write(SESSIONS, fn, fs)

    def delete_session(self, fs: FacilitatorSession, session_id: str) -> Done[int]:
        """See :func:`service.delete_session`: the session goes; no learner event is lost."""
        return self._write(SESSIONS, self._svc.delete_session, fs, session_id)

    def record_attendance(self, fs: FacilitatorSession, session_id: str, *, absent: Iterable[str] = (),
                          present: Iterable[str] | None = None) -> Done[int]:
        return self._write(SESSIONS, self._svc.record_attendance, fs, session_id, absent=list(absent),
                           present=None if present is None else list(present))

    def record_group_quiz(self, fs: FacilitatorSession, session_id: str, quiz: Any, *, course_id: str | None,
                          capsule_id: str, answers: dict | None = None,
                          hands: dict | None = None) -> Done[service.GroupQuizResult]:
        return self._write(Changes(sessions=True, progress=True, pending_sync=True), self._svc.record_group_quiz, fs,
                           session_id, quiz, course_id=course_id, capsule_id=capsule_id, answers=answers, hands=hands)

    # ------------------------------------------------------------------------------ centre, dashboard
    def import_bundles(self, fs: FacilitatorSession, paths: Iterable[Path], job: Any = None) -> Done[Any]:
        from cc2desktop.core.facilitation import centre

        rep = centre.import_bundles(self.kit, fs, [Path(p) for p in paths], job=job)
        return Done(rep, self.kit.changed(Changes(learners=rep.learners_new > 0, progress=rep.events_new > 0,
                                                  groups=rep.events_new > 0, sessions=rep.events_new > 0)))

    def pairing_of(self, path: Path) -> dict:
        """The pairing code of the PC that wrote a bundle (to compare with the code it shows)."""
        from cc2desktop.core.facilitation import centre

        return centre.pairing_of(Path(path))

    def pair(self, fs: FacilitatorSession, path: Path, code: str) -> str:
        from cc2desktop.core.facilitation import centre

        return centre.pair(self.kit, fs, Path(path), code)

    def capsule_choices(self, lang: str = "fr") -> list[tuple[str, str]]:
        """(capsule id, title) of every capsule of the courses on this PC, to plan a session."""
        from cc2desktop.core.learning.texts import pick

        return [(c.id, pick(c.title, lang) or c.id) for course in self.kit.learning.courses() for c in course.capsules]

    def capsule_titles(self) -> dict[str, dict | str]:
        """Capsule id → its title ({lang: text}) for every capsule of the courses on this PC."""
        return {c.id: c.title for course in self.kit.learning.courses() for c in course.capsules}

    def question_texts(self, capsule_ids: Iterable[str]) -> dict[tuple[str, str], dict | str]:
        """(capsule id, question id) → the question's prompt ({lang: text}) for the given capsules."""
        wanted, out = set(capsule_ids), {}
        for course in self.kit.learning.courses():
            for cap in course.capsules:
                if cap.id in wanted and cap.has_quiz:
                    try:
                        quiz = cap.load_quiz()
                    except (OSError, KeyError, ValueError):
                        continue
                    out.update({(cap.id, q["id"]): q.get("prompt") or q["id"] for q in quiz.questions})
        return out

    def learner_detail(self, fs: FacilitatorSession, learner_id: str) -> Any:
        """One learner's progress per capsule, quiz scores and sessions (:mod:`core.reports.learner_detail`)."""
        from cc2desktop.core.reports import learner_detail

        courses = self.kit.learning.courses()
        return self._read(learner_detail.load, fs, learner_id, courses)

    def session_capsules(self, fs: FacilitatorSession, session_id: str, *, need_quiz: bool = False) -> list[tuple]:
        """(course, capsule) pairs installed here among the session's capsules (all when it names
        none); with ``need_quiz``, only capsules that have a quiz."""
        info = self.group_session(fs, session_id)
        return self._svc.session_capsules(self.kit.learning.courses(), info.capsules, need_quiz=need_quiz)

    def capsule_total(self) -> int:
        from cc2desktop.core.reports import dashboard

        return dashboard.course_capsule_total(self.kit)

    def dashboard(self, fs: FacilitatorSession, filters: Any = None, *, capsule_total: int | None = None,
                  job: Any = None) -> Any:
        from cc2desktop.core.reports import dashboard

        return self._read(dashboard.load, fs, filters, capsule_total=capsule_total, job=job)
