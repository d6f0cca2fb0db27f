"""The main window: menu bar, named pages in a QStackedWidget, a status bar with a slot for the sync
widget. Holds no SQL: core calls run through the TaskRunner (reads in the pool, writes in the
single write thread) and come back as plain data.

Start-up: the window paints the profile tiles and the course outline from ``outline-cache.json``
(stdlib json), then :meth:`start_core` opens the Kit (SQLAlchemy, migrations) in a worker.

Other domains plug in with :meth:`add_page` / :meth:`show_page`, :meth:`set_sync_widget` and the
menus in :attr:`menus` ("file", "courses", "sync", "facilitator", "view", "help").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from cc2desktop.core.learning import startup_cache
from cc2desktop.core.learning.texts import pick
from cc2desktop.ui.shell import i18n, theme
from cc2desktop.ui.learner.course_views import OutlineTree
from cc2desktop.ui.shell.idle import IdleWatcher
from cc2desktop.ui.learner.profiles import ProfileTiles
from cc2desktop.ui.shell.tasks import TaskRunner

# Modules with many Qt classes (each class creates its enums on import) load on first use, so the
# first window paints sooner: learner_pages (home, progress), profile_dialogs, player, quiz.


def _message_box():  # noqa: ANN202
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


class WelcomePage(QWidget):
    """First screen: profile tiles beside the course outline (so the outline paints at once)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = ProfileTiles()
        self.outline = OutlineTree()
        self.outline_title = QLabel()
        self.outline_title.setObjectName("subtitle")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.outline_title)
        rl.addWidget(self.outline, 1)
        split = QSplitter()
        split.addWidget(self.tiles)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QHBoxLayout(self)
        lay.addWidget(split)
        self.retranslate()

    def retranslate(self) -> None:
        self.outline_title.setText(self.tr("The course"))
        self.outline.setAccessibleName(self.tr("Course outline (choose a profile first)"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)


class MainWindow(QMainWindow):
    core_ready = Signal()
    logged_in = Signal(str)
    logged_out = Signal()
    saved = Signal(str)  # event type, once durable
    courses_changed = Signal()

    def __init__(self, paths: Any, settings: Any, cache: dict | None = None, *, course_dirs: list[Path] | None = None,
                 bundled_packs: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths, self.settings = paths, settings
        self.course_dirs = list(course_dirs or [])
        self.bundled_packs = bundled_packs  # folder of .cc2pack files installed on start (the demo course)
        self.runner = TaskRunner(self)
        self.kit = None
        self.profiles = None
        self.courses: dict[str, Any] = {}
        self.learner = None  # LearnerService of the opened profile
        self.cache = cache if cache is not None else startup_cache.read(paths.root)
        self.lang = settings.get("ui.language") if settings.get("ui.language") in i18n.LANGUAGES else "fr"
        self._pending: list[Callable[[], None]] = []
        self._pages: dict[str, QWidget] = {}
        self.capsule_page = None
        self.quiz_page = None
        self._current: tuple[str, str] | None = None
        self._revealing = False
        self._after_reveal: Callable[[], None] | None = None
        self._prefs: dict[str, str] = {}  # the open learner's rendition / subtitle choices
        self._quiz = None
        self.pin_dialog = None  # profile_dialogs.PinDialog while open
        self.create_dialog = None
        self._progress: dict[str, Any] = {}

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.welcome = WelcomePage()
        self.add_page("welcome", self.welcome)
        self.welcome.tiles.set_learners(self.cache.get("learners", []))
        self.welcome.outline.set_outline(self.cache.get("courses", []), self.lang)
        self.welcome.tiles.learner_chosen.connect(self.choose_learner)
        self.welcome.tiles.create_requested.connect(self.create_profile)
        self._home = None  # built on first use: not on the path to the first paint
        self._progress_page = None

        self.menus: dict[str, Any] = {}
        self.actions: dict[str, QAction] = {}
        self._build_menus()
        self.status_text = QLabel()
        self.statusBar().addWidget(self.status_text, 1)
        self.sync_slot = QWidget()
        QHBoxLayout(self.sync_slot).setContentsMargins(0, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.sync_slot)
        self._notify_timer = QTimer(self)  # owned by the window: never fires after it is gone
        self._notify_timer.setSingleShot(True)
        self._notify_timer.timeout.connect(self.status_text.clear)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)

        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self._on_idle)
        self.idle.set_minutes(settings.get("ui.idle_logout_minutes"))
        self._esc = QAction(self)
        self._esc.setShortcut("Esc")
        self._esc.triggered.connect(self._on_escape)
        self.addAction(self._esc)
        self.resize(1100, 720)
        self.retranslate()
        self.show_page("welcome")

    # ------------------------------------------------------------------------------ pages
    @property
    def home(self):  # noqa: ANN201 - learner_pages.HomePage
        if self._home is None:
            from cc2desktop.ui.learner.pages import HomePage

            self._home = HomePage()
            self.add_page("home", self._home)
            self._home.outline.capsule_activated.connect(self.open_capsule)
            self._home.continue_requested.connect(self._on_home_continue)
            self._home.progress_requested.connect(lambda: self.show_page("progress"))
            self._home.logout_requested.connect(self.logout)
        return self._home

    @property
    def progress_page(self):  # noqa: ANN201 - learner_pages.ProgressPage
        if self._progress_page is None:
            from cc2desktop.ui.learner.pages import ProgressPage

            self._progress_page = ProgressPage()
            self.add_page("progress", self._progress_page)
            self._progress_page.back_requested.connect(lambda: self.show_page("home"))
            self._progress_page.capsule_activated.connect(self.open_capsule)
        return self._progress_page

    def add_page(self, name: str, widget: QWidget) -> QWidget:
        self._pages[name] = widget
        self.stack.addWidget(widget)
        return widget

    def page(self, name: str) -> QWidget:
        return self._pages[name]

    def show_page(self, name: str) -> None:
        if name == "home":
            self.home  # noqa: B018 - built on first use
        if name == "progress":
            self.progress_page  # noqa: B018
            self.refresh_progress()
        if self.capsule_page is not None and name != "capsule" and self.stack.currentWidget() is self.capsule_page:
            self.capsule_page.player.pause()
        self.stack.setCurrentWidget(self._pages[name])

    def current_page(self) -> str:
        w = self.stack.currentWidget()
        return next((n for n, p in self._pages.items() if p is w), "")

    def set_sync_widget(self, widget: QWidget) -> None:
        """The sync domain's status widget, at the right of the status bar."""
        self.sync_slot.layout().addWidget(widget)

    def menu(self, key: str):  # noqa: ANN201 - QMenu
        """One of "file", "courses", "sync", "facilitator", "view", "help", for other domains to add
        actions to (the Sync and Facilitator menus stay hidden until someone asks for them)."""
        m = self.menus[key]
        m.menuAction().setVisible(True)
        return m

    def _build_menus(self) -> None:
        mb = self.menuBar()
        for key in ("file", "courses", "sync", "facilitator", "view", "help"):
            self.menus[key] = mb.addMenu("")

        def act(menu: str, key: str, slot: Callable, shortcut: str | None = None) -> QAction:
            a = QAction(self)
            if shortcut:
                a.setShortcut(shortcut)
            a.triggered.connect(slot)
            self.menus[menu].addAction(a)
            self.actions[key] = a
            return a

        act("file", "switch", self.logout, "Ctrl+L")
        self.menus["file"].addSeparator()
        act("file", "quit", self.close, "Ctrl+Q")
        act("courses", "home", lambda: self.learner and self.show_page("home"), "Ctrl+H")
        act("courses", "progress", lambda: self.learner and self.show_page("progress"), "Ctrl+P")
        act("view", "settings", self.open_settings, "Ctrl+,")
        act("view", "fullscreen", lambda: self.set_theatre(not self.isFullScreen()), "F11")
        act("help", "about", self._about)
        self.menus["sync"].menuAction().setVisible(False)  # filled by the sync domain
        self.menus["facilitator"].menuAction().setVisible(False)

    def retranslate(self) -> None:
        self.setWindowTitle("Connexions Citoyennes")
        names = {"file": self.tr("&File"), "courses": self.tr("&Courses"), "sync": self.tr("&Sync"),
                 "facilitator": self.tr("F&acilitator"), "view": self.tr("&View"), "help": self.tr("&Help")}
        for k, m in self.menus.items():
            m.setTitle(names[k])
        texts = {"switch": self.tr("Change profile / log out"), "quit": self.tr("&Quit"),
                 "home": self.tr("Course &home"),
                 "progress": self.tr("My &progress"), "settings": self.tr("&Settings…"),
                 "fullscreen": self.tr("&Full screen"), "about": self.tr("&About")}
        for k, t in texts.items():
            self.actions[k].setText(t)
        self.user_label.setText(self.tr("Profile: %1").replace("%1", self.learner.learner.name) if self.learner else "")

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def notify(self, text: str, ms: int = 6000) -> None:
        self.status_text.setText(text)
        self._notify_timer.stop()
        if ms:
            self._notify_timer.start(ms)

    # ------------------------------------------------------------------------------ core
    def start_core(self) -> None:
        """Open the Kit (SQLAlchemy + migrations), courses and profiles off the GUI thread."""
        paths, extra, bundled = self.paths, [*self.course_dirs], self.bundled_packs

        def work(job):  # noqa: ANN001, ANN202
            from cc2desktop.core.kit import Kit
            from cc2desktop.core.learning.catalog import load_courses
            from cc2desktop.core.learning.service import Profiles

            kit = Kit(paths)
            if bundled is not None:
                from cc2desktop.core.packs.service import ensure_bundled_installed

                try:
                    ensure_bundled_installed(kit, bundled)
                except Exception as exc:  # noqa: BLE001 - a broken bundled pack must not stop the app
                    print(f"cc2desktop: bundled course not installed: {exc}")
            courses = load_courses(kit, extra_dirs=extra)
            profiles = Profiles(kit)
            learners = [{"id": i.id, "name": i.name, "has_pin": i.has_pin} for i in profiles.list()]
            startup_cache.update(paths.root, courses=[c.outline() for c in courses], learners=learners)
            import PySide6.QtMultimedia  # noqa: F401 - warm the import here, not on the GUI thread

            return kit, profiles, courses, learners

        self.runner.run(work, on_done=self._on_core_opened, on_error=self._on_core_failed)

    def _on_core_opened(self, result) -> None:  # noqa: ANN001
        self.kit, self.profiles, courses, learners = result
        self.courses = {c.id: c for c in courses}
        outlines = [c.outline() for c in courses]
        if outlines != self.cache.get("courses"):
            self.welcome.outline.set_outline(outlines, self.lang)
        if learners != self.cache.get("learners"):
            self.welcome.tiles.set_learners(learners)
        self.cache = {"version": 1, "courses": outlines, "learners": learners}
        self.core_ready.emit()
        pending, self._pending = self._pending, []
        for fn in pending:
            fn()

    def reload_courses(self) -> None:
        """Re-read the installed courses (call after a pack install, update or removal)."""
        if self.kit is None:
            return
        kit, extra, root = self.kit, [*self.course_dirs], self.paths.root

        def work(job):  # noqa: ANN001, ANN202
            from cc2desktop.core.learning.catalog import load_courses

            courses = load_courses(kit, extra_dirs=extra)
            startup_cache.update(root, courses=[c.outline() for c in courses])
            return courses

        def done(courses) -> None:  # noqa: ANN001
            self.courses = {c.id: c for c in courses}
            self.cache["courses"] = [c.outline() for c in courses]
            self.welcome.outline.set_outline(self.cache["courses"], self.lang)
            if self.learner is not None:
                self.refresh_progress()
            self.courses_changed.emit()

        self.runner.run(work, on_done=done)

    def _on_core_failed(self, exc: BaseException) -> None:
        _message_box().critical(self, "Connexions Citoyennes",
                                self.tr("The data folder cannot be opened: %1").replace("%1", str(exc)))

    def _when_ready(self, fn: Callable[[], None]) -> None:
        if self.kit is not None:
            fn()
        else:
            self._pending.append(fn)

    def _error_text(self, exc: BaseException) -> str:
        code = getattr(exc, "code", "")
        texts = {
            "name_empty": self.tr("Please type a name."), "pin_format": self.tr("A PIN has 4 to 6 digits."),
            "name_long": self.tr("The name is too long."), "database": self.tr("The data could not be saved."),
        }
        return texts.get(code) or getattr(exc, "message", None) or str(exc)

    # ------------------------------------------------------------------------------ profiles
    def create_profile(self) -> None:
        from cc2desktop.ui.learner.profile_dialogs import CreateProfileDialog

        dlg = CreateProfileDialog(self.lang, self)
        self.create_dialog = dlg
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._create_profile(dlg.values()))
        dlg.finished.connect(lambda _r: setattr(self, "create_dialog", None))
        dlg.open()

    def _create_profile(self, values: dict) -> None:
        def go() -> None:
            profiles = self.profiles

            def work(job):  # noqa: ANN001, ANN202
                info = profiles.create(**values)
                return info, profiles.open(info.id, values["pin"])

            self.runner.run(work, write=True, on_done=self._on_profile_created,
                            on_error=lambda e: _message_box().warning(self, self.tr("New profile"),
                                                                      self._error_text(e)))

        self._when_ready(go)

    def _on_profile_created(self, result) -> None:  # noqa: ANN001
        info, service = result
        self.cache["learners"] = [*self.cache.get("learners", []),
                                  {"id": info.id, "name": info.name, "has_pin": info.has_pin}]
        self.cache["learners"].sort(key=lambda d: d["name"].casefold())
        self.welcome.tiles.set_learners(self.cache["learners"])
        self._on_logged_in(service)

    def choose_learner(self, learner_id: str) -> None:
        person = next((p for p in self.cache.get("learners", []) if p["id"] == learner_id), None)
        if person and person.get("has_pin"):
            from cc2desktop.ui.learner.profile_dialogs import PinDialog

            dlg = PinDialog(person["name"], self)
            self.pin_dialog = dlg
            dlg.setAttribute(Qt.WA_DeleteOnClose)
            dlg.submitted.connect(lambda pin: self._when_ready(lambda: self._try_open(learner_id, pin, dlg)))
            dlg.finished.connect(lambda _r: setattr(self, "pin_dialog", None))
            dlg.open()
        else:
            self._when_ready(lambda: self._try_open(learner_id, None, None))

    def _try_open(self, learner_id: str, pin: str | None, dlg) -> None:  # noqa: ANN001 - PinDialog | None
        profiles = self.profiles

        def failed(exc: BaseException) -> None:
            code = getattr(exc, "code", "")
            if dlg is not None and code == "pin_wrong":
                dlg.show_error(int(exc.params.get("tries_left", 0)))
            elif dlg is not None and code == "pin_locked":
                dlg.show_locked(int(exc.params.get("retry_in_s", 30)))
            elif code == "pin_required":
                self.choose_learner(learner_id)
            else:
                _message_box().warning(self, "Connexions Citoyennes", self._error_text(exc))

        def done(service) -> None:  # noqa: ANN001
            if dlg is not None:
                dlg.accept()
            self._on_logged_in(service)

        self.runner.run(lambda job: profiles.open(learner_id, pin), write=True, on_done=done, on_error=failed)

    def _on_logged_in(self, service) -> None:  # noqa: ANN001
        self.learner = service
        self.settings.set("persist.last_learner", service.learner_id)
        self.home.set_learner(service.learner.name)
        self.home.outline.set_outline([c.outline() for c in self.courses.values()], self.lang)
        self.retranslate()
        self.show_page("home")
        self.idle.set_active(True)
        self.activateWindow()
        self.home.outline.setFocus()
        self.refresh_progress()
        self._prefs = {}
        self.runner.run(lambda job: {k: v for k in ("rendition", "subtitles") if (v := service.get_pref(k))},
                        on_done=lambda prefs: self.learner is service and self._prefs.update(prefs))
        self.logged_in.emit(service.learner_id)

    def logout(self) -> None:
        if self.learner is None:
            return
        if self.capsule_page is not None:
            self.capsule_page.stop()
        self.set_theatre(False)
        self.learner = None
        self._revealing = False
        self._after_reveal = None
        self._prefs = {}
        self.idle.set_active(False)
        self._progress = {}
        self.home.outline.set_outline([], self.lang)
        self.progress_page.set_progress([])
        self.retranslate()
        self.show_page("welcome")
        self.logged_out.emit()

    def _on_idle(self) -> None:
        if self.learner is None:
            return
        if self.capsule_page is not None and self.capsule_page.player.isPlaying():
            self.idle.set_active(True)  # watching is not idling: start counting again
            return
        self.logout()
        self.notify(self.tr("The profile was closed after a period of inactivity."), 0)

    # ------------------------------------------------------------------------------ progress
    def refresh_progress(self) -> None:
        if self.learner is None:
            return
        svc, courses = self.learner, list(self.courses.values())

        def work(job):  # noqa: ANN001, ANN202
            return {c.id: svc.course_progress(c) for c in courses}, svc.last_activity()

        def done(result) -> None:  # noqa: ANN001
            if self.learner is not svc:
                return  # logged out meanwhile
            progress, last = result
            self._progress = progress
            states = {}
            for cid, cp in progress.items():
                for capid, st in cp.capsules.items():
                    if st.completed:
                        states[(cid, capid)] = "done"
                    elif st.watched_s > 0 or st.quiz_attempts:
                        states[(cid, capid)] = "started"
            self.home.outline.set_outline([c.outline() for c in self.courses.values()], self.lang, states)
            done_n = sum(cp.completed for cp in progress.values())
            total = sum(cp.total for cp in progress.values())
            self._last = last
            title = ""
            if last and last[0] in self.courses:
                c = self.courses[last[0]]
                try:
                    title = pick(c.capsule(last[1]).title, c.content_language(self.lang), c.languages)
                except KeyError:
                    title = ""
            self.home.set_summary(done_n, total, title)
            self.progress_page.set_language(self.lang)
            self.progress_page.set_progress([(self.courses[cid].outline(), cp) for cid, cp in progress.items()])

        self.runner.run(work, on_done=done)

    def _on_home_continue(self) -> None:
        last = getattr(self, "_last", None)
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
            self.add_page("capsule", self.capsule_page)
            self.capsule_page.watched.connect(self._on_capsule_watched)
            self.capsule_page.back_requested.connect(lambda: self.show_page("home"))
            self.capsule_page.quiz_requested.connect(self.open_quiz)
            self.capsule_page.rendition_chosen.connect(lambda r: self._save_pref("rendition", r))
            self.capsule_page.subtitles_chosen.connect(lambda s: self._save_pref("subtitles", s or "off"))
            self.capsule_page.fullscreen_toggled.connect(self.set_theatre)
            self.capsule_page.video.first_frame.connect(self._reveal_capsule)
            self.capsule_page.player.errorOccurred.connect(self._reveal_capsule)
            self._reveal_timer = QTimer(self)
            self._reveal_timer.setSingleShot(True)
            self._reveal_timer.setInterval(150)
            self._reveal_timer.timeout.connect(self._reveal_capsule)
        return self.capsule_page

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
        svc = self.learner
        prefs = dict(self._prefs)

        def work(job):  # noqa: ANN001, ANN202
            from cc2desktop.core.learning import subtitles
            from cc2desktop.ui.learner.player import CapsuleData

            data = CapsuleData()
            for lg, path in capsule.subtitles.items():
                try:
                    data.tracks[lg] = subtitles.load(path)
                except (OSError, subtitles.SubtitleError):
                    data.errors.append("subtitles")
            for lg, path in capsule.transcripts.items():
                try:
                    data.transcript_text[lg] = Path(path).read_text(encoding="utf-8-sig")
                except OSError:
                    pass
            st = svc.capsule_state(course_id, capsule_id)
            data.position_s = st.position_s
            data.rendition = page_rendition
            sub = prefs.get("subtitles")
            data.subtitle_lang = "" if sub == "off" else (sub or lang)
            return data

        def done(data) -> None:  # noqa: ANN001
            if self._current == (course_id, capsule_id) and self.learner is svc:
                page.set_data(data)

        page_rendition = page.data.rendition

        def load_data() -> None:
            self.runner.run(work, on_done=done)

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
            self.runner.run(lambda job: svc.set_pref(key, value), write=True)

    def _on_capsule_watched(self, segments: list, position: float, length: float, wall: float, rate: float,
                            rendition: str) -> None:
        svc, page = self.learner, self.capsule_page
        if svc is None or page is None or page.capsule is None:
            return
        course, capsule = page.course, page.capsule

        def work(job):  # noqa: ANN001, ANN202
            return svc.record_watch(course, capsule, segments, position=position, length=length, duration_s=wall,
                                    rate=rate, rendition=rendition)

        def done(st) -> None:  # noqa: ANN001
            self.saved.emit("video.watched")
            if st.completed and self.learner is svc:
                self.notify(self.tr("Capsule completed ✓"))
            self.refresh_progress()

        def failed(e: object) -> None:
            self.notify(self.tr("Your progress could not be saved: %1").replace("%1", str(e)), 0)

        self.runner.run(work, write=True, on_done=done, on_error=failed)

    def set_theatre(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        elif self.isFullScreen():
            self.showNormal()
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        if self.capsule_page is not None:
            self.capsule_page.set_theatre(on)

    def _on_escape(self) -> None:
        if self.isFullScreen():
            self.set_theatre(False)

    # ------------------------------------------------------------------------------ quiz
    def _ensure_quiz_page(self):  # noqa: ANN202
        if self.quiz_page is None:
            from cc2desktop.ui.learner.quiz import QuizPage

            self.quiz_page = QuizPage()
            self.add_page("quiz", self.quiz_page)
            self.quiz_page.answer_submitted.connect(self._on_quiz_answer)
            self.quiz_page.finish_requested.connect(self._on_quiz_finish)
            self.quiz_page.back_requested.connect(lambda: self.show_page("capsule"))
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
        svc = self.learner

        def work(job):  # noqa: ANN001, ANN202
            return capsule.load_quiz(), svc.capsule_state(course.id, capsule.id)

        def done(result) -> None:  # noqa: ANN001
            quiz, st = result
            self._quiz = (course, capsule, quiz)
            page = self._ensure_quiz_page()
            lang = course.content_language(self.lang)
            page.start(quiz, pick(capsule.title, lang, course.languages), lang, course.languages, st.quiz_best,
                       st.quiz_last)
            self.show_page("quiz")

        self.runner.run(work, on_done=done, on_error=lambda e: self.notify(self._error_text(e), 0))

    def _on_quiz_answer(self, question_id: str, response: Any, duration: float) -> None:
        svc, (course, capsule, quiz), page = self.learner, self._quiz, self.quiz_page
        attempt = page.attempt_id

        def work(job):  # noqa: ANN001, ANN202
            return svc.answer(course, capsule, quiz, question_id, response, attempt_id=attempt, duration_s=duration)

        def done(res) -> None:  # noqa: ANN001
            # shown only now: the answer is on disk
            page.show_feedback(res.correct, res.expected, res.score, res.feedback)
            self.saved.emit("quiz.answered")

        self.runner.run(work, write=True, on_done=done, on_error=lambda e: page.show_save_error(self._error_text(e)))

    def _on_quiz_finish(self) -> None:
        svc, (course, capsule, quiz), page = self.learner, self._quiz, self.quiz_page
        attempt = page.attempt_id
        duration = __import__("time").monotonic() - page.t_attempt

        def work(job):  # noqa: ANN001, ANN202
            return svc.complete_quiz(course, capsule, quiz, attempt_id=attempt, duration_s=duration)

        def done(res) -> None:  # noqa: ANN001
            page.show_result(res.scaled, res.score, res.max_score, res.best, res.last, res.passed)
            self.saved.emit("quiz.completed")
            if res.capsule_completed:
                self.notify(self.tr("Capsule completed ✓"))
            self.refresh_progress()

        self.runner.run(work, write=True, on_done=done, on_error=lambda e: page.show_save_error(self._error_text(e)))

    # ------------------------------------------------------------------------------ settings
    def current_settings(self) -> dict:
        return {k: self.settings.get(k) for k in ("ui.language", "ui.font_scale", "ui.high_contrast",
                                                  "ui.idle_logout_minutes")}

    def open_settings(self) -> None:
        from cc2desktop.ui.shell.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.current_settings(), self)
        dlg.applied.connect(self.apply_settings)
        dlg.exec()

    def apply_settings(self, values: dict) -> None:
        old = self.current_settings()
        for k, v in values.items():
            self.settings.set(k, v)
        self.settings.save()
        if values["ui.language"] != old["ui.language"]:
            self.lang = i18n.set_language(values["ui.language"])
            self.welcome.outline.lang = self.home.outline.lang = self.lang
            self.welcome.outline.set_outline(self.cache.get("courses", []), self.lang)
            if self.learner is not None:
                self.refresh_progress()
        from PySide6.QtWidgets import QApplication

        theme.apply(QApplication.instance(), values["ui.font_scale"], values["ui.high_contrast"])
        self.idle.set_minutes(values["ui.idle_logout_minutes"])

    def _about(self) -> None:
        from cc2desktop import __version__

        _message_box().about(self, self.tr("About"), self.tr("Connexions Citoyennes — offline course kit, version %1")
                          .replace("%1", __version__))

    def closeEvent(self, e) -> None:  # noqa: N802, ANN001
        if self.capsule_page is not None:
            self.capsule_page.stop()
        self.runner.wait(10_000)
        QApplicationProcess = __import__("PySide6.QtWidgets", fromlist=["QApplication"]).QApplication  # noqa: N806
        QApplicationProcess.processEvents()
        try:
            self.settings.save()
        except OSError:
            pass
        super().closeEvent(e)
