"""The learner's side of the window: profiles (welcome tiles, create, PIN), the course home, progress,
the capsule player and quizzes. Built by the composition root before the Kit opens (the welcome page
paints from the start-up cache), then :meth:`attach`-ed to the Kit.

Calls go through ``kit.learning`` in the runner (reads in the read lane, saves in the write lane).
Refreshes follow :attr:`TaskRunner.changes_applied`: new or renamed profiles refresh the tiles,
installed courses the outlines, the open learner's progress her home and progress pages.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

from PySide6 import QtCore
from PySide6.QtCore import QObject, QTimer, Signal

from cc2desktop.core.learning.texts import pick
from cc2desktop.ui.learner.welcome import WelcomePage
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.main_window import MainWindow, message_box
from cc2desktop.ui.shell.tasks import TaskRunner

if TYPE_CHECKING:
    from cc2desktop.core.changes import Changes


def _log() -> Any:
    """This module's logger (``logging`` is not imported before the first frame)."""
    import logging

    return logging.getLogger(__name__)


# Modules with many Qt classes (each class creates its enums on import) load on first use, so the
# first window paints sooner: pages (home, progress), profile_dialogs, player, quiz.


class LearnerController(QObject):
    logged_in = Signal(str)
    logged_out = Signal()
    saved = Signal(str)  # event type, once durable
    courses_changed = Signal()
    core_needed = Signal()  # a learner acts before the Kit is open: open it now
    certificate_requested = Signal()  # "next" after the last capsule, the nudge at 100 %

    def __init__(self, shell: MainWindow, runner: TaskRunner, settings: Any, cache: dict) -> None:
        super().__init__(shell)
        self.shell, self.runner, self.settings = shell, runner, settings
        self.kit = None
        self.courses: dict[str, Any] = {}
        self.learner = None  # LearnerService of the opened profile
        self.learners: list[dict] = list(cache.get("learners", []))  # what the tiles show
        self._outlines: list[dict] = list(cache.get("courses", []))
        self._pending: list[Callable[[], None]] = []
        self.courses_loaded = False  # the Course objects (files, quizzes), read when first needed
        self._after_courses: list[Callable[[], None]] | None = None  # waiting for them (None: no read)
        self.capsule_page = None
        self.quiz_page = None
        self._home = None  # built on first use: not on the path to the first paint
        self._progress_page = None
        self._credits_page = None
        self._forum = None  # forum.ForumController, built on first use
        self._forum_from_capsule = False
        self._current: tuple[str, str] | None = None
        self._revealing = False
        self._after_reveal: Callable[[], None] | None = None
        self._prefs: dict[str, str] = {}  # the open learner's rendition / subtitle choices
        self._quiz = None
        self._last: tuple[str, str] | None = None
        self.pin_dialog = None  # profile_dialogs.PinDialog while open
        self.create_dialog = None
        self.progress: dict[str, Any] = {}

        self.welcome = WelcomePage()
        shell.add_page("welcome", self.welcome)
        self.welcome.tiles.set_learners(self.learners)
        self.welcome.outline.set_outline(self._outlines, self.lang)
        self.welcome.tiles.learner_chosen.connect(self.choose_learner)
        self.welcome.tiles.create_requested.connect(self.create_profile)
        self.welcome.tiles.claim_requested.connect(self.open_claim)
        self.claim_dialog = None  # account_dialogs.ClaimDialog while open
        self.profile_dialog = None  # account_dialogs.MyProfileDialog while open
        shell.add_action("file", "switch", lambda: self.tr("Change profile / log out"), self.logout, "Ctrl+L",
                         before=shell.menus["file"].actions()[0])
        shell.add_action("courses", "home", lambda: self.tr("Course &home"),
                         lambda: self.learner and self.show_page("home"), "Ctrl+H")
        shell.add_action("courses", "progress", lambda: self.tr("My &progress"),
                         lambda: self.learner and self.show_page("progress"), "Ctrl+P")
        shell.add_action("courses", "forum", lambda: self.tr("Course &forum"), lambda: self.show_forum())
        shell.add_action("facilitator", "forum_flags", lambda: self.tr("Reported forum messages…"),
                         lambda: self.kit is not None and self.forum.show_flagged())
        shell.idle.idle.connect(self._on_idle)
        shell.language_changed.connect(self._on_language_changed)
        shell.theatre_changed.connect(self._on_theatre_changed)
        runner.changes_applied.connect(self.on_changes)
        shell.show_page("welcome")

    @property
    def lang(self) -> str:
        return self.shell.lang

    # ------------------------------------------------------------------------------ core
    def attach(self, kit: Any, state: Any) -> None:
        """The Kit is open (``state``: :class:`~cc2desktop.core.learning.facade.StartupState`): take
        the profiles and outlines, and the courses when they were read (else they are read when a
        learner first needs them), run what waited for the Kit."""
        self.kit = kit
        courses, learners = state.courses, state.learners
        if courses is not None:
            self._set_courses(courses)
        else:
            if state.outlines != self._outlines:
                self._outlines = list(state.outlines)
                self.welcome.outline.set_outline(self._outlines, self.lang)
        if courses is None and self._after_courses:  # asked for before the Kit was open
            waiting, self._after_courses = self._after_courses, None
            for fn in waiting:
                self.ensure_courses(fn)
        if learners != self.learners:
            self._set_learners(learners)
        pending, self._pending = self._pending, []
        for fn in pending:
            fn()

    def _when_ready(self, fn: Callable[[], None]) -> None:
        if self.kit is not None:
            fn()
        else:
            self._pending.append(fn)
            self.core_needed.emit()

    def ensure_courses(self, then: Callable[[], None] | None = None) -> None:
        """Run ``then`` once the courses are read (at once when they are)."""
        if self.courses_loaded:
            if then is not None:
                then()
            return
        first = self._after_courses is None
        self._after_courses = [*(self._after_courses or []), *([then] if then else [])]
        if first and self.kit is not None:
            learning = self.kit.learning
            self.runner.read(lambda job: learning.courses(), on_done=self._set_courses)

    def _set_courses(self, courses: list) -> None:
        self.courses_loaded = True
        waiting, self._after_courses = self._after_courses or [], None
        self.courses = {c.id: c for c in courses}
        outlines = [c.outline() for c in courses]
        if outlines != self._outlines:
            self._outlines = outlines
            self.welcome.outline.set_outline(outlines, self.lang)
        for fn in waiting:
            fn()

    def _set_learners(self, learners: list[dict]) -> None:
        self.learners = learners
        self.welcome.tiles.set_learners(learners)
        if self.learner is not None:
            me = next((p for p in learners if p["id"] == self.learner.learner_id), None)
            if me is None:  # her profile was erased (by a facilitator, or from another PC): close it
                self.logout()
            elif me["name"] != self.learner.learner.name:
                self._refresh_identity()

    def on_changes(self, ch: Changes) -> None:
        if self.kit is None:
            return
        if ch.learners:
            self.runner.read(lambda job: self.kit.learning.learners(), on_done=self._set_learners)
        if ch.courses:
            self.reload_courses()
        elif self.learner is not None and ch.progress_of(self.learner.learner_id):
            self.refresh_progress()

    def reload_courses(self) -> None:
        """Re-read the installed courses (after a pack install, update or removal)."""
        if self.kit is None:
            return
        kit = self.kit

        def done(courses: list) -> None:
            self._set_courses(courses)
            if self.learner is not None:
                self.refresh_progress()
            self.courses_changed.emit()

        self.runner.read(lambda job: kit.learning.courses(), on_done=done)

    def _refresh_identity(self) -> None:
        """The open learner's profile changed elsewhere (a sync, the facilitator): show the new name."""
        svc, kit = self.learner, self.kit

        def done(info) -> None:  # noqa: ANN001
            if self.learner is svc:
                svc.learner = info
                self.home.set_learner(info.name)
                self.shell.set_user(info.name)

        self.runner.read(lambda job: kit.learning.learner(svc.learner_id), on_done=done)

    # ------------------------------------------------------------------------------ pages
    def current_page(self) -> str:
        return self.shell.current_page()

    def show_page(self, name: str) -> None:
        if name == "home":
            self.home  # noqa: B018 - built on first use
        if name == "progress":
            self.progress_page  # noqa: B018
            self.refresh_progress()
        self.shell.show_page(name)

    @property
    def home(self):  # noqa: ANN201 - pages.HomePage
        if self._home is None:
            from cc2desktop.ui.learner.pages import HomePage

            self._home = HomePage()
            self.shell.add_page("home", self._home)
            self._home.outline.capsule_activated.connect(self.open_capsule)
            self._home.continue_requested.connect(self._on_home_continue)
            self._home.progress_requested.connect(lambda: self.show_page("progress"))
            self._home.logout_requested.connect(self.logout)
            self._home.profile_requested.connect(self.open_my_profile)
            from PySide6.QtWidgets import QPushButton

            self.credits_btn = QPushButton(self.tr("A&bout the course"))
            self.credits_btn.setToolTip(self.tr("What the course teaches, capsule by capsule, and who speaks in it"))
            self.credits_btn.clicked.connect(self.show_credits)
            self._home.add_button(self.credits_btn)
            self.forum_btn = QPushButton(self.tr("F&orum"))
            self.forum_btn.setToolTip(self.tr("Discuss the course with the learners of every centre"))
            self.forum_btn.clicked.connect(lambda: self.show_forum())
            self._home.add_button(self.forum_btn)
        return self._home

    @property
    def forum(self):  # noqa: ANN201 - forum.ForumController, built on first use
        if self._forum is None:
            from cc2desktop.ui.learner.forum import ForumController

            self._forum = ForumController(self.shell, self.runner, lambda: self.kit, lambda: self.learner, error_text)
            self._forum.back = lambda: self.show_page("capsule" if self._forum_from_capsule else "home")
        return self._forum

    def show_forum(self, course_id: str | None = None, capsule_id: str | None = None) -> None:
        """The course forum (the course she is on, else the first); from a capsule: its subject."""
        if self.learner is None:
            return
        cur = self.home.outline.current_capsule()
        cid = course_id or (cur[0] if cur else None) or next(iter(self.courses), None)
        course = self.courses.get(cid) if cid else None
        if course is None:
            return
        lang = course.content_language(self.lang)
        cap_title = None
        if capsule_id is not None:
            cap_title = pick(course.capsule(capsule_id).title, lang, course.languages)
        self._forum_from_capsule = capsule_id is not None
        self.forum.open(course.id, pick(course.title, lang, course.languages), capsule=capsule_id,
                        capsule_title=cap_title)

    def show_credits(self, course_id: str | None = None) -> None:
        """The credits page of a course (the one she is on, else the first)."""
        from cc2desktop.ui.learner.credits import CreditsPage

        if self._credits_page is None:
            self._credits_page = CreditsPage()
            self.shell.add_page("credits", self._credits_page)
            self._credits_page.back_requested.connect(lambda: self.show_page("home"))
        cur = self.home.outline.current_capsule()
        cid = course_id or (cur[0] if cur else None) or next(iter(self.courses), None)
        self._credits_page.set_course(self.courses.get(cid) if cid else None, self.lang)
        self.shell.show_page("credits")

    @property
    def progress_page(self):  # noqa: ANN201 - pages.ProgressPage
        if self._progress_page is None:
            from cc2desktop.ui.learner.pages import ProgressPage

            self._progress_page = ProgressPage()
            self.shell.add_page("progress", self._progress_page)
            self._progress_page.back_requested.connect(lambda: self.show_page("home"))
            self._progress_page.capsule_activated.connect(self.open_capsule)
        return self._progress_page

    def _on_language_changed(self, lang: str) -> None:
        if self._credits_page is not None:
            self._credits_page.set_language(lang)
        if self._home is not None:
            self.credits_btn.setText(self.tr("A&bout the course"))
            self.credits_btn.setToolTip(self.tr("What the course teaches, capsule by capsule, and who speaks in it"))
            if getattr(self, "forum_btn", None) is not None:
                self.forum_btn.setText(self.tr("F&orum"))
                self.forum_btn.setToolTip(self.tr("Discuss the course with the learners of every centre"))
        self.welcome.outline.lang = lang
        self.welcome.outline.set_outline(self._outlines, lang)
        if self._home is not None:
            self._home.outline.lang = lang
        page = self.capsule_page
        if page is not None and page.course is not None:
            page.set_language(page.course.content_language(lang))
            self._update_next(page, page.course, page.capsule)
        if self.quiz_page is not None and self._quiz is not None:
            course, capsule, _quiz = self._quiz
            self.quiz_page.set_language(course.content_language(lang))
            self._update_next(self.quiz_page, course, capsule)
        if self.learner is not None:
            self.refresh_progress()

    # ------------------------------------------------------------------------------ profiles
    def _prefetch(self) -> None:
        """A learner is about to open her profile: read the courses (and load the media module)
        meanwhile, not at start-up."""
        if self.kit is not None:
            self.ensure_courses()
            QTimer.singleShot(0, _warm_media)

    def create_profile(self) -> None:
        from cc2desktop.ui.learner.profile_dialogs import CreateProfileDialog

        self._when_ready(self._prefetch)
        dlg = CreateProfileDialog(self.lang, self.shell, taken=[p["name"] for p in self.learners])
        self.create_dialog = dlg
        dlg.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._create_profile(dlg.values()))
        dlg.finished.connect(lambda _r: setattr(self, "create_dialog", None))
        dlg.open()

        def campaigns() -> None:  # the courses' campaigns, read off the GUI thread
            self.runner.read(lambda _job: self.kit.learning.campaigns(),
                             on_done=lambda cs: dlg.set_campaigns(cs) if self.create_dialog is dlg else None)

        self._when_ready(campaigns)

    def _create_profile(self, values: dict) -> None:
        def go() -> None:
            learning = self.kit.learning

            def work(job):  # noqa: ANN001, ANN202
                from cc2desktop.core.changes import Done

                done = learning.create_learner(**values)
                return Done((done.value, learning.open(done.value.id, values["pin"])), done.changes)

            def failed(e: BaseException) -> None:
                message_box().warning(self.shell, self.tr("New profile"), error_text(e))

            self.runner.write(work, on_done=self._on_profile_created, on_error=failed)

        self._when_ready(go)

    def _on_profile_created(self, result) -> None:  # noqa: ANN001
        info, service = result
        if not any(p["id"] == info.id for p in self.learners):  # at once; the changes refresh confirms it
            learners = sorted([*self.learners, {"id": info.id, "name": info.name, "has_pin": info.has_pin,
                                                "needs_pin": info.needs_pin}],
                              key=lambda d: d["name"].casefold())
            self._set_learners(learners)
        self._on_logged_in(service)

    def choose_learner(self, learner_id: str) -> None:
        self._when_ready(self._prefetch)
        person = next((p for p in self.learners if p["id"] == learner_id), None)
        if person and person.get("needs_pin"):
            self._first_pin(learner_id, person["name"])
        elif person and person.get("has_pin"):
            from cc2desktop.ui.learner.profile_dialogs import PinDialog

            dlg = PinDialog(person["name"], self.shell)
            self.pin_dialog = dlg
            dlg.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.submitted.connect(lambda pin: self._when_ready(lambda: self._try_open(learner_id, pin, dlg)))
            dlg.finished.connect(lambda _r: setattr(self, "pin_dialog", None))
            dlg.open()
        else:
            self._when_ready(lambda: self._try_open(learner_id, None, None))

    def _try_open(self, learner_id: str, pin: str | None, dlg) -> None:  # noqa: ANN001 - PinDialog | None
        learning = self.kit.learning

        def failed(exc: BaseException) -> None:
            code = getattr(exc, "code", "")
            if dlg is not None and code == "pin_wrong":
                dlg.show_error(int(exc.params.get("tries_left", 0)))
            elif dlg is not None and code == "pin_locked":
                dlg.show_locked(int(exc.params.get("retry_in_s", 30)))
            elif code == "pin_required":
                self.choose_learner(learner_id)
            elif code == "pin_setup_required":  # a facilitator made it meanwhile (tiles not refreshed yet)
                person = next((p for p in self.learners if p["id"] == learner_id), {"name": ""})
                self._first_pin(learner_id, person["name"])
            else:
                message_box().warning(self.shell, "Connexions Citoyennes", error_text(exc))

        def done(service) -> None:  # noqa: ANN001
            if dlg is not None:
                dlg.accept()
            self._on_logged_in(service)

        # write lane: a wrong PIN is counted (and may lock the profile)
        self.runner.write(lambda job: learning.open(learner_id, pin), on_done=done, on_error=failed)

    def _first_pin(self, learner_id: str, name: str) -> None:
        """A profile a facilitator made: its learner chooses her PIN, then it opens."""
        from cc2desktop.ui.learner.profile_dialogs import FirstPinDialog

        dlg = FirstPinDialog(name, self.shell)
        self.pin_dialog = dlg
        dlg.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)

        def submitted(pin: str) -> None:
            def go() -> None:
                learning = self.kit.learning

                def done(service) -> None:  # noqa: ANN001
                    dlg.accept()
                    self._on_logged_in(service)

                self.runner.write(lambda job: learning.open_first(learner_id, pin), on_done=done,
                                  on_error=lambda e: dlg.show_error(error_text(e)))

            self._when_ready(go)

        dlg.submitted.connect(submitted)
        dlg.finished.connect(lambda _r: setattr(self, "pin_dialog", None))
        dlg.open()

    def _on_logged_in(self, service) -> None:  # noqa: ANN001
        self.learner = service
        self.settings.set("persist.last_learner", service.learner_id)
        self.home.set_learner(service.learner.name, service.learner.code or "")
        if not service.learner.code:  # her learner code, given now so that she can note it
            sync = self.kit.sync
            self.runner.write(lambda job: sync.learner_code(service.learner_id),
                              on_done=lambda code: self.learner is service and self.home.set_code(code),
                              on_error=lambda e: _log().warning("no learner code: %s", e))
        self.home.outline.set_outline(self._outlines, self.lang)
        self.shell.set_user(service.learner.name)
        self.show_page("home")
        self.shell.idle.set_active(True)
        self.shell.activateWindow()
        self.home.outline.setFocus()
        self.refresh_progress()
        self._prefs = {}
        learning = self.kit.learning
        self.runner.read(lambda job: learning.prefs(service),
                         on_done=lambda prefs: self.learner is service and self._prefs.update(prefs))
        self.logged_in.emit(service.learner_id)

    def logout(self) -> None:
        if self.learner is None:
            return
        if self.capsule_page is not None:
            self.capsule_page.stop()
        self.shell.set_theatre(False)
        self.learner = None
        self._revealing = False
        self._after_reveal = None
        self._prefs = {}
        self.shell.idle.set_active(False)
        self.progress = {}
        self.home.outline.set_outline([], self.lang)
        self.progress_page.set_progress([])
        self.shell.set_user(None)
        self.shell.show_page("welcome")
        self.logged_out.emit()

    def _on_idle(self) -> None:
        if self.learner is None:
            return
        if self.capsule_page is not None and self.capsule_page.player.isPlaying():
            self.shell.idle.set_active(True)  # watching is not idling: start counting again
            return
        self.logout()
        self.shell.notify(lambda: self.tr("The profile was closed after a period of inactivity."), 0)

    # ------------------------------------------------------------------------------ account
    def open_claim(self) -> None:
        """"I already have an account": learner code + PIN, online or by USB stick."""
        from cc2desktop.core.sync.service import find_usb_sticks
        from cc2desktop.ui.learner.account_dialogs import ClaimDialog

        dlg = ClaimDialog(find_usb_sticks(), self.shell)
        self.claim_dialog = dlg
        dlg.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda _r: setattr(self, "claim_dialog", None))

        def alive(fn):  # noqa: ANN001, ANN202 - drop results for a dialog closed meanwhile
            return lambda x: fn(x) if self.claim_dialog is dlg else None

        def online(code: str, pin: str) -> None:
            sync = self.kit.sync
            self.runner.long(lambda job: sync.claim_account(code, pin),
                             on_done=alive(lambda p: dlg.show_claimed(p.get("display_name") or "")),
                             on_error=alive(lambda e: dlg.show_error(error_text(e))))

        def usb(code: str, pin: str, folder: str) -> None:
            from pathlib import Path

            sync = self.kit.sync
            self.runner.long(lambda job: sync.export_bundle(Path(folder), claims=[(code, pin)]),
                             on_done=alive(lambda path: dlg.show_written(Path(path).name)),
                             on_error=alive(lambda e: dlg.show_error(error_text(e))))

        def status() -> None:
            dlg.online_requested.connect(online)
            dlg.usb_requested.connect(usb)
            sync = self.kit.sync
            self.runner.read(lambda job: sync.status().state != "not_enrolled",
                             on_done=alive(dlg.set_enrolled), on_error=lambda _e: None)

        self._when_ready(status)
        dlg.open()

    def open_my_profile(self) -> None:
        """Her learner code, a new name, or deleting her profile."""
        from cc2desktop.ui.learner.account_dialogs import MyProfileDialog

        svc = self.learner
        if svc is None:
            return
        info = svc.learner
        dlg = MyProfileDialog(info.name, self.home.code, info.has_pin, [p["name"] for p in self.learners], self.shell)
        self.profile_dialog = dlg
        dlg.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda _r: setattr(self, "profile_dialog", None))
        learning = self.kit.learning

        def renamed(new: Any) -> None:
            if self.learner is svc:
                svc.learner = new
                self.home.set_learner(new.name)
                self.shell.set_user(new.name)
            dlg.show_renamed(new.name)

        def deleted(_res: Any) -> None:
            dlg.accept()
            if self.learner is svc:
                self.logout()
            self.shell.notify(lambda: self.tr("The profile was deleted."), 0)

        dlg.rename_requested.connect(lambda name: self.runner.write(
            lambda job: learning.update_learner(svc.learner_id, name=name), on_done=renamed,
            on_error=lambda e: dlg.show_error(error_text(e))))
        dlg.delete_requested.connect(lambda pin: self.runner.write(
            lambda job: learning.erase_own(svc, pin or None), on_done=deleted,
            on_error=lambda e: dlg.show_error(error_text(e))))
        dlg.open()

    # ------------------------------------------------------------------------------ progress
    def refresh_progress(self) -> None:
        if self.learner is None or self.kit is None:
            return
        if not self.courses_loaded:
            self.ensure_courses(self.refresh_progress)
            return
        svc, courses, learning = self.learner, list(self.courses.values()), self.kit.learning

        def done(result) -> None:  # noqa: ANN001
            if self.learner is not svc:
                return  # logged out meanwhile
            self.progress = result.courses
            states = {}
            for cid, cp in result.courses.items():
                for capid, st in cp.capsules.items():
                    if st.completed:
                        states[(cid, capid)] = "done"
                    elif st.watched_s > 0 or st.quiz_attempts:
                        states[(cid, capid)] = "started"
            self.home.outline.set_outline([c.outline() for c in self.courses.values()], self.lang, states)
            done_n = sum(cp.completed for cp in result.courses.values())
            total = sum(cp.total for cp in result.courses.values())
            self._last = last = result.next_step(courses) or result.last
            title = ""
            if last and last[0] in self.courses:
                c = self.courses[last[0]]
                try:
                    title = pick(c.capsule(last[1]).title, c.content_language(self.lang), c.languages)
                except KeyError:
                    title = ""
            self.home.set_summary(done_n, total, title)
            self.progress_page.set_language(self.lang)
            self.progress_page.set_progress([(self.courses[cid].outline(), cp) for cid, cp in result.courses.items()
                                             if cid in self.courses])

        self.runner.read(lambda job: learning.progress(svc, courses), on_done=done)

    def _on_home_continue(self) -> None:
        if not self.courses_loaded:
            self.ensure_courses(self._on_home_continue)
            return
        if self.home.finished:  # every capsule completed: the certificate
            self.certificate_requested.emit()
            return
        last = self._last
        if last and last[0] in self.courses:
            self.open_capsule(*last)
        elif self.courses:
            c = next(iter(self.courses.values()))
            if c.capsules:
                self.open_capsule(c.id, c.capsules[0].id)

    # ------------------------------------------------------------------------------ capsule
    def _ensure_capsule_page(self):  # noqa: ANN202
        if self.capsule_page is None:
            from cc2desktop.ui.learner.player import CapsulePage

            self.capsule_page = CapsulePage()
            self.shell.add_page("capsule", self.capsule_page, on_leave=self.capsule_page.player.pause)
            self.capsule_page.watched.connect(self._on_capsule_watched)
            self.capsule_page.back_requested.connect(lambda: self.show_page("home"))
            self.capsule_page.quiz_requested.connect(self.open_quiz)
            self.capsule_page.discuss_requested.connect(
                lambda: self.capsule_page.capsule and self.show_forum(self.capsule_page.course.id,
                                                                      self.capsule_page.capsule.id))
            self.capsule_page.rendition_chosen.connect(lambda r: self._save_pref("rendition", r))
            self.capsule_page.subtitles_chosen.connect(lambda s: self._save_pref("subtitles", s or "off"))
            self.capsule_page.fullscreen_toggled.connect(self.shell.set_theatre)
            page = self.capsule_page
            page.next_requested.connect(lambda: page.capsule and self.open_next(page.course, page.capsule))
            self.capsule_page.video.first_frame.connect(self._reveal_capsule)
            self.capsule_page.player.errorOccurred.connect(self._reveal_capsule)
            self._reveal_timer = QTimer(self)
            self._reveal_timer.setSingleShot(True)
            self._reveal_timer.setInterval(150)
            self._reveal_timer.timeout.connect(self._reveal_capsule)
        return self.capsule_page

    def _on_theatre_changed(self, on: bool) -> None:
        if self.capsule_page is not None:
            self.capsule_page.set_theatre(on)

    def _reveal_capsule(self, *_args) -> None:  # noqa: ANN002
        """Show the capsule page once its first frame is there (at most 150 ms after the click):
        no black flash, and the page's first paint does not delay the decoder's first frame."""
        if not self._revealing:
            return
        self._revealing = False
        self._reveal_timer.stop()
        self.show_page("capsule")
        self.capsule_page.video.setFocus()
        after, self._after_reveal = self._after_reveal, None
        if after is not None:
            after()

    def open_capsule(self, course_id: str, capsule_id: str) -> None:
        if self.learner is not None and not self.courses_loaded:
            self.ensure_courses(lambda: self.open_capsule(course_id, capsule_id))
            return
        if self.learner is None or course_id not in self.courses:
            return
        course = self.courses[course_id]
        capsule = course.capsule(capsule_id)
        lang = course.content_language(self.lang)
        page = self._ensure_capsule_page()
        self._current = (course_id, capsule_id)
        self.home.outline.select_capsule(course_id, capsule_id)
        rendition = self._prefs.get("rendition") or "standard"
        page.open_capsule(course, capsule, lang, rendition=rendition)
        self._update_next(page, course, capsule)
        svc, learning = self.learner, self.kit.learning
        prefs = dict(self._prefs)

        def work(job):  # noqa: ANN001, ANN202
            from cc2desktop.core.learning import subtitles
            from cc2desktop.ui.learner.player import CapsuleData

            data = CapsuleData()
            # one unreadable file costs its own track, never the page (nor the resume point)
            for lg, path in capsule.subtitles.items():
                try:
                    data.tracks[lg] = subtitles.load(path)
                except Exception:  # noqa: BLE001 - a damaged or unexpected file
                    _log().warning("subtitles %s unreadable", path, exc_info=True)
                    data.errors.append("subtitles")
            for lg, path in capsule.transcripts.items():
                try:
                    data.transcript_text[lg] = subtitles.load_text(path)
                except Exception:  # noqa: BLE001
                    _log().warning("transcript %s unreadable", path, exc_info=True)
                    data.errors.append("transcript")
            st = learning.capsule_state(svc, course_id, capsule_id)
            data.position_s = st.position_s
            data.rendition = page_rendition
            sub = prefs.get("subtitles")
            data.subtitle_lang = "" if sub == "off" else (sub or lang)
            data.subtitles_chosen = bool(sub)
            return data

        def done(data) -> None:  # noqa: ANN001
            if self._current == (course_id, capsule_id) and self.learner is svc:
                page.set_data(data)

        page_rendition = page.data.rendition

        def load_data() -> None:
            self.runner.read(work, on_done=done)

        # The page shows with its first frame (≤ 150 ms); subtitles, transcript and the resume point
        # load right after, so their parsing does not compete with the decoder for the first frame.
        if self.current_page() == "capsule" or page.data.rendition == "audio":
            self.show_page("capsule")
            page.video.setFocus()
            load_data()
        else:
            self._after_reveal = load_data
            self._revealing = True
            self._reveal_timer.start()

    def _save_pref(self, key: str, value: str) -> None:
        svc = self.learner
        if svc is not None:
            self._prefs[key] = value
            learning = self.kit.learning
            self.runner.write(lambda job: learning.set_pref(svc, key, value))

    def _on_capsule_watched(self, segments: list, position: float, length: float, wall: float, rate: float,
                            rendition: str) -> None:
        svc, page = self.learner, self.capsule_page
        if svc is None or page is None or page.capsule is None:
            return
        course, capsule, learning = page.course, page.capsule, self.kit.learning

        def work(job):  # noqa: ANN001, ANN202
            return learning.watch(svc, course, capsule, segments, position=position, length=length, duration_s=wall,
                                  rate=rate, rendition=rendition)

        def done(st) -> None:  # noqa: ANN001
            self.saved.emit("video.watched")
            if st.completed and self.learner is svc:
                self.shell.notify(lambda: self.tr("Capsule completed ✓"))

        self.runner.write(work, on_done=done, on_error=lambda e: self.shell.notify(
            lambda: self.tr("Your progress could not be saved: %1").replace("%1", error_text(e)), 0))

    # ------------------------------------------------------------------------------ next capsule
    def _next_capsule(self, course: Any, capsule: Any) -> Any:
        """The capsule after ``capsule`` in the course's order (None after the last one)."""
        caps = course.capsules
        ids = [c.id for c in caps]
        i = ids.index(capsule.id) if capsule.id in ids else len(ids)
        return caps[i + 1] if i + 1 < len(caps) else None

    def _update_next(self, page: Any, course: Any, capsule: Any) -> None:
        """What the page's "next" button says: the next capsule's title, else the certificate."""
        nxt = self._next_capsule(course, capsule)
        lang = course.content_language(self.lang)
        page.set_next(pick(nxt.title, lang, course.languages) if nxt is not None else "", nxt is None)

    def open_next(self, course: Any, capsule: Any) -> None:
        """After a capsule (its video, its quiz): the next one, or the certificate after the last."""
        nxt = self._next_capsule(course, capsule)
        if nxt is not None:
            self.open_capsule(course.id, nxt.id)
        else:
            self.certificate_requested.emit()

    # ------------------------------------------------------------------------------ quiz
    def _ensure_quiz_page(self):  # noqa: ANN202
        if self.quiz_page is None:
            from cc2desktop.ui.learner.quiz import QuizPage

            self.quiz_page = QuizPage()
            self.shell.add_page("quiz", self.quiz_page)
            self.quiz_page.answer_submitted.connect(self._on_quiz_answer)
            self.quiz_page.finish_requested.connect(self._on_quiz_finish)
            self.quiz_page.back_requested.connect(lambda: self.show_page("capsule"))
            self.quiz_page.next_requested.connect(lambda: self._quiz and self.open_next(*self._quiz[:2]))
        return self.quiz_page

    def open_quiz(self) -> None:
        if self.learner is None or self._current is None:
            return
        course = self.courses[self._current[0]]
        capsule = course.capsule(self._current[1])
        if not capsule.has_quiz:
            return
        if self.capsule_page is not None:
            self.capsule_page.player.pause()
        svc, learning = self.learner, self.kit.learning

        def work(job):  # noqa: ANN001, ANN202
            return capsule.load_quiz(), learning.capsule_state(svc, course.id, capsule.id)

        def done(result) -> None:  # noqa: ANN001
            quiz, st = result
            self._quiz = (course, capsule, quiz)
            page = self._ensure_quiz_page()
            lang = course.content_language(self.lang)
            page.start(quiz, capsule.title, lang, course.languages, st.quiz_best, st.quiz_last)
            self._update_next(page, course, capsule)
            self.show_page("quiz")

        self.runner.read(work, on_done=done, on_error=lambda e: self.shell.notify(lambda: error_text(e), 0))

    def _on_quiz_answer(self, question_id: str, response: Any, duration: float) -> None:
        svc, (course, capsule, quiz), page, learning = self.learner, self._quiz, self.quiz_page, self.kit.learning
        attempt = page.attempt_id

        def work(job):  # noqa: ANN001, ANN202
            return learning.answer(svc, course, capsule, quiz, question_id, response, attempt_id=attempt,
                                   duration_s=duration)

        def done(res) -> None:  # noqa: ANN001
            # shown only now: the answer is on disk
            page.show_feedback(res.correct, res.expected, res.score, res.feedback)
            self.saved.emit("quiz.answered")

        self.runner.write(work, on_done=done, on_error=lambda e: page.show_save_error(error_text(e)))

    def _on_quiz_finish(self) -> None:
        svc, (course, capsule, quiz), page, learning = self.learner, self._quiz, self.quiz_page, self.kit.learning
        attempt = page.attempt_id
        duration = time.monotonic() - page.t_attempt

        def work(job):  # noqa: ANN001, ANN202
            return learning.complete_quiz(svc, course, capsule, quiz, attempt_id=attempt, duration_s=duration)

        def done(res) -> None:  # noqa: ANN001
            page.show_result(res.scaled, res.score, res.max_score, res.best, res.last, res.passed)
            self.saved.emit("quiz.completed")
            if res.capsule_completed:
                self.shell.notify(lambda: self.tr("Capsule completed ✓"))

        self.runner.write(work, on_done=done, on_error=lambda e: page.show_save_error(error_text(e)))

    # ------------------------------------------------------------------------------ quit
    def stop(self) -> None:
        """Quit: stop the media (its teardown must not race the process exit)."""
        if self.capsule_page is not None:
            self.capsule_page.stop()


def _warm_media() -> None:
    """Import QtMultimedia (FFmpeg) while the profile dialog is open, before the first capsule opens:
    its first import takes a while and must not stall that click. On the GUI thread: a Qt module
    imported by a worker while the GUI thread runs deadlocks or crashes on a real display (the
    module's set-up and the GUI thread's Qt calls wait on each other's locks, seen under X11)."""
    import PySide6.QtMultimedia  # noqa: F401
