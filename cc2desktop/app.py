"""GUI composition root: paths → one Settings → one TaskRunner → the shell window and the learner
screens (painted from ``outline-cache.json``) → after the first paint, the Kit (opened in a worker:
SQLAlchemy, migrations, the bundled course) → the domain controllers. Nothing happens at import time.

Widgets get what they need through their constructors (the Kit's facades, the runner, the shell);
none builds a runner, opens a database session or looks services up on the window.

``CC2_BENCH_FIRST_PAINT=1``: print ``CC2_FIRST_PAINT`` on stdout at the first paint of the course
outline, then quit (the start-up benchmark measures that).

Quit (the window closed, Ctrl+Q, or SIGTERM when the session ends): every job is cancelled (a sync
blocked on a stalled link is aborted), then waited for, the settings saved and the database closed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

BENCH_ENV = "CC2_BENCH_FIRST_PAINT"
QUIT_WAIT_MS = 4_000  # on quit, how long running jobs get to stop (a stalled sync is aborted at once)
MAINTENANCE_DELAY_MS = 60_000
MAINTENANCE_REPEAT_MS = 6 * 3600 * 1000
#: The Kit (SQLAlchemy: ~45 MB, ~0.5 s) opens this long after the first paint when the start-up cache
#: already shows the courses, or at once when the learner acts sooner (a profile tile, a menu).
KIT_OPEN_DELAY_MS = 1_500


def _log() -> Any:
    """This module's logger; ``logging`` is imported after the first frame (≈ 5–20 ms of imports)."""
    import logging

    return logging.getLogger("cc2desktop.app")


def _daily_backup(kit: Any) -> Any:
    """Today's automatic copy of the database if not made yet; copies older than the setting
    ``backup.keep_days`` removed (0: off). Returns the new copy's path, or None."""
    from cc2desktop.core import backup

    return backup.daily_backup(kit.paths, int(kit.settings.get("backup.keep_days")))


class App(QObject):
    """Owns everything the window shows; built by :func:`run_gui` (and by the GUI tests)."""

    core_ready = Signal()
    backup_done = Signal(object)  # the daily copy just made (a Path), or None
    core_failed = Signal(object)

    def __init__(self, paths: Any, settings: Any = None, *, course_dirs: list[Path] | tuple = (),
                 bundled_packs: Path | list[Path] | None = None, cache: dict | None = None) -> None:
        from cc2desktop.core.learning import startup_cache
        from cc2desktop.core.settings import Settings
        from cc2desktop.ui.learner.controller import LearnerController
        from cc2desktop.ui.shell.main_window import MainWindow
        from cc2desktop.ui.shell.tasks import TaskRunner

        super().__init__()
        self.paths = paths
        self.settings = settings if settings is not None else Settings(paths.settings_path)
        self.course_dirs = list(course_dirs)
        self.bundled_packs = bundled_packs  # folder(s) of packs installed on start (the demo course, a stick's)
        self.runner = TaskRunner(self)
        self.window = MainWindow(self.settings, self.runner)
        self.learner = LearnerController(self.window, self.runner, self.settings,
                                         cache if cache is not None else startup_cache.read(paths.root))
        self.kit = None
        self.packs = self.sync = self.certification = self.facilitator = self.distribution = None
        self._open_when_ready: list[Path] = []
        self._closed = False
        self._stopped = True
        self._opening = False
        self.window.closing.connect(self.shutdown)
        self.learner.core_needed.connect(self.open_core)

    # ------------------------------------------------------------------------------ the core
    def open_core(self) -> None:
        """Open the Kit off the GUI thread (SQLAlchemy, migrations when needed, the bundled course,
        courses and profiles), then build the domain controllers on the GUI thread. Once only."""
        if self._opening or self._closed:
            return
        self._opening = True
        from cc2desktop.core.system import limit_malloc_arenas

        limit_malloc_arenas()  # before the first worker thread and FFmpeg's (address space on old PCs)
        paths, settings, dirs, bundled = self.paths, self.settings, self.course_dirs, self.bundled_packs

        def work(job):  # noqa: ANN001, ANN202
            from cc2desktop.core.kit import Kit
            from cc2desktop.core.logs import log

            kit = Kit(paths, settings, course_dirs=dirs)
            installed = False
            try:
                installed = bool(kit.packs.ensure_bundled(bundled).changes.courses)
            except Exception:  # noqa: BLE001 - a broken bundled pack must not stop the app
                log.exception("bundled course not installed")
            # the courses were just read to install the bundled one (first start): keep them
            return kit, kit.learning.startup(courses=installed)

        self.runner.long(work, on_done=self._on_core_opened, on_error=self._on_core_failed)

    def _on_core_opened(self, result: Any) -> None:
        kit, state = result
        if self._closed:
            kit.close()
            return
        from cc2desktop.ui.certification.controller import CertificationController
        from cc2desktop.ui.facilitator.controller import FacilitatorController
        from cc2desktop.ui.packs.controller import PacksController
        from cc2desktop.ui.sync.controller import SyncController

        self.kit = kit
        self.learner.attach(kit, state)
        # store upkeep after an interrupted install, once the first minute has passed
        QTimer.singleShot(MAINTENANCE_DELAY_MS, self._maintenance)
        self.packs = PacksController(kit.packs, self.runner, self.window)
        self.sync = SyncController(kit.sync, self.runner, self.window, auto=bool(self.settings.get("sync.auto")))
        self.certification = CertificationController(kit.certification, self.runner, self.window, self.learner,
                                                     fac=kit.facilitation, packs=kit.packs)
        self.facilitator = FacilitatorController(kit.facilitation, kit.sync, self.runner, self.window)
        from cc2desktop.core.calls.facade import Calls
        from cc2desktop.ui.calls.controller import CallsController

        self.calls = CallsController(Calls(kit), self.runner, self.window, self.learner)
        # the status bar's "see the refused activities" opens the facilitator space on that tab
        self.sync.widget.details_requested.connect(lambda: self.facilitator.open("refused"))
        from cc2desktop.ui.distribution.controller import DistributionController

        self.distribution = DistributionController(kit, self.runner, self.window, self.packs, self.sync)
        self.window.retranslate()
        self.core_ready.emit()
        for path in self._open_when_ready:
            QTimer.singleShot(0, lambda p=path: self.open_file(p))
        self._open_when_ready = []

    def open_file(self, path: Path | str) -> None:
        """A course pack or a sync file handed to the app (a double-click): shown for confirmation
        once the core is open (installs or imports only when the user says so)."""
        if self.distribution is None:
            self._open_when_ready.append(Path(path))
            self.open_core()
            return
        self.distribution.open_file(Path(path))

    def _maintenance(self) -> None:
        """Store upkeep and the daily copy of the database, off the GUI thread; again every few hours
        (a centre's PC may stay on for days)."""
        if self.kit is not None and not self._closed:
            packs, kit = self.kit.packs, self.kit
            self.runner.long(lambda job: packs.clean_leftovers())
            self.runner.long(lambda job: _daily_backup(kit), on_done=self.backup_done.emit,
                             on_error=lambda exc: _log().warning("daily backup failed: %s", exc))
            QTimer.singleShot(MAINTENANCE_REPEAT_MS, self._maintenance)

    def _on_core_failed(self, exc: BaseException) -> None:
        from cc2desktop.core.logs import log
        from cc2desktop.ui.shell.errors import error_text
        from cc2desktop.ui.shell.main_window import message_box

        log.error("the data folder cannot be opened: %s", exc)
        self.core_failed.emit(exc)
        message_box().critical(self.window, "Connexions Citoyennes",
                               self.window.tr("The data folder cannot be opened: %1").replace("%1", error_text(exc)))

    # ------------------------------------------------------------------------------ quit
    def shutdown(self, wait_ms: int = QUIT_WAIT_MS) -> bool:
        """Stop the media, cancel every job (a stalled sync is aborted), wait for them, save the
        settings, close the database. Called when the window closes; idempotent. False when some
        work did not stop in time."""
        if self._closed:
            return self._stopped
        self._closed = True
        self.learner.stop()
        for ctl in (self.sync, self.facilitator):
            if ctl is not None:
                ctl.stop()
        self._stopped = self.runner.shutdown(wait_ms)
        try:
            self.settings.save()
        except OSError:
            pass
        if self.kit is not None and self._stopped:
            self.kit.close()
        return self._stopped


def build_gui(data_dir: str | Path | None, qt_args: list[str]) -> tuple[Any, App]:
    """The Qt application (language, theme, fonts, icon) and the :class:`App` on ``data_dir``, its
    window not shown yet: what :func:`run_gui` starts (and the old-PC benchmark drives step by step).
    Raises the data folder's error when it cannot be made."""
    from PySide6.QtWidgets import QApplication

    from cc2desktop.core.learning import startup_cache
    from cc2desktop.core.paths import assets_dir, resolve_data_paths
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n, theme

    qt_app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    qt_app.setApplicationName("Connexions Citoyennes")
    qt_app.setApplicationDisplayName("Connexions Citoyennes")
    paths = resolve_data_paths(data_dir)
    paths.ensure()
    settings = Settings(paths.settings_path)
    family = None
    try:
        from cc2desktop.ui.shell.fonts import load_app_fonts

        family = load_app_fonts()
    except ImportError:
        pass
    i18n.set_language(settings.get("ui.language"))
    theme.apply(qt_app, settings.get("ui.font_scale"), settings.get("ui.high_contrast"), family)
    icon = assets_dir() / "icons" / "cc2desktop.png"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        qt_app.setWindowIcon(QIcon(str(icon)))
    bundled = [assets_dir() / "packs"]
    if paths.portable:  # on a stick: its packs/ folder too (Connexions-Citoyennes/cc2data → packs)
        bundled.append(paths.root.parent.parent / "packs")
    return qt_app, App(paths, settings, bundled_packs=bundled, cache=startup_cache.read(paths.root))


def run_gui(args: argparse.Namespace, qt_args: list[str], open_file: str | None = None) -> int:
    bench = os.environ.get(BENCH_ENV) == "1"
    try:
        qt_app, app = build_gui(getattr(args, "data_dir", None), qt_args)
    except Exception as exc:  # noqa: BLE001 - one line, then exit
        sys.stderr.write(f"cc2desktop: {getattr(exc, 'message', exc)}\n")
        return 1
    paths = app.paths
    if open_file:
        app.open_file(open_file)
    outline = app.learner.welcome.outline
    if bench:
        # Report the first paint of the outline showing a course. On the very first start there is
        # no cache yet: open the core (installs the bundled course), then report the next paint.
        def report() -> None:
            if outline.has_courses:
                outline.painted.disconnect(report)
                sys.stdout.write("CC2_FIRST_PAINT\n")
                sys.stdout.flush()
                QTimer.singleShot(0, qt_app.quit)

        outline.painted.connect(report)
        if not outline.has_courses:
            outline.first_painted.connect(lambda: QTimer.singleShot(0, app.open_core))
            app.core_ready.connect(lambda: (outline.has_courses or qt_app.quit(), outline.viewport().update()))
    else:
        delay = KIT_OPEN_DELAY_MS if outline.has_courses else 0  # first start: install the demo course now
        outline.first_painted.connect(lambda: QTimer.singleShot(delay, app.open_core))
    # after the first paint: the log file (logging costs ~20 ms of imports) and the SIGTERM handler
    # (next turn: the first frame reaches the screen before logging's ~30 ms of imports and set-up)
    outline.first_painted.connect(lambda: QTimer.singleShot(0, lambda: (_log_to(paths), _quit_on_sigterm(app.window))))
    screen = qt_app.primaryScreen()
    small = screen is not None and screen.availableGeometry().height() < 800  # a 1366×768 PC: all of it
    app.window.showMaximized() if small else app.window.show()
    code = qt_app.exec()
    if not app.shutdown():
        # A worker did not stop (it would keep the process alive): leave now, the log says why.
        from cc2desktop.core import logs

        logs.close()
        sys.stdout.flush()
        os._exit(code)
    return code


def _log_to(paths: Any) -> None:
    from cc2desktop.core import build_info, logs

    logs.setup(paths.logs_dir)
    logs.log.info("cc2desktop %s started; data folder %s (%s)", build_info.current().describe(), paths.root,
                  paths.source)


def _quit_on_sigterm(window: Any) -> None:
    """SIGTERM (the session ends, the system shuts down) closes the window: the same clean quit as
    the menu. A wake-up socket lets the handler run while Qt's event loop holds the thread."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        return
    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    try:
        signal.set_wakeup_fd(wsock.fileno())
    except ValueError:  # not the main thread (tests): nothing to do
        return
    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, window)

    def wake() -> None:
        try:
            rsock.recv(64)
        except OSError:
            pass

    notifier.activated.connect(wake)
    window._sigterm = (rsock, wsock, notifier)  # kept alive with the window
    signal.signal(signal.SIGTERM, lambda *_: window.close())
