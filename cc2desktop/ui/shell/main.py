"""GUI entry point, called by :func:`cc2desktop.app.run_gui`.

Fast first paint: only PySide6.QtWidgets, configparser and json run before the window shows; the
course outline and profile tiles come from ``outline-cache.json``. SQLAlchemy, Alembic and
QtMultimedia load in a worker right after the first paint.

``CC2_BENCH_FIRST_PAINT=1``: print ``CC2_FIRST_PAINT`` on stdout at the first paint of the course
outline, then quit (the start-up benchmark measures that).
"""

from __future__ import annotations

import argparse
import os
import sys

BENCH_ENV = "CC2_BENCH_FIRST_PAINT"


def run(args: argparse.Namespace, qt_args: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cc2desktop.core.learning import startup_cache
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n, theme

    bench = os.environ.get(BENCH_ENV) == "1"
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Connexions Citoyennes")
    app.setApplicationDisplayName("Connexions Citoyennes")
    paths = resolve_data_paths(getattr(args, "data_dir", None))
    try:
        paths.ensure()
    except Exception as exc:  # noqa: BLE001 - one line, then exit
        sys.stderr.write(f"cc2desktop: {getattr(exc, 'message', exc)}\n")
        return 1
    settings = Settings(paths.settings_path)
    family = None
    try:
        from cc2desktop.ui.shell.fonts import load_app_fonts

        family = load_app_fonts()
    except ImportError:
        pass
    i18n.set_language(settings.get("ui.language"))
    theme.apply(app, settings.get("ui.font_scale"), settings.get("ui.high_contrast"), family)
    cache = startup_cache.read(paths.root)

    from cc2desktop.ui.shell.main_window import MainWindow

    from cc2desktop.core.paths import assets_dir

    # The bundled demo pack is installed on first start (in a worker, after the first paint).
    win = MainWindow(paths, settings, cache, bundled_packs=assets_dir() / "packs")
    from cc2desktop.ui.shell import features

    features.install(win)  # packs, sync, certification, facilitator: wired once the core is open
    outline = win.welcome.outline
    if bench:
        # Report the first paint of the outline showing a course. On the very first start there is
        # no cache yet: open the core (installs the bundled course), then report the next paint.
        def report() -> None:
            if outline.has_courses:
                outline.painted.disconnect(report)
                sys.stdout.write("CC2_FIRST_PAINT\n")
                sys.stdout.flush()
                QTimer.singleShot(0, app.quit)

        outline.painted.connect(report)
        if not outline.has_courses:
            outline.first_painted.connect(lambda: QTimer.singleShot(0, win.start_core))
            win.core_ready.connect(lambda: (outline.has_courses or app.quit(), outline.viewport().update()))
    else:
        outline.first_painted.connect(lambda: QTimer.singleShot(0, win.start_core))
    win.show()
    code = app.exec()
    win.runner.wait(10_000)
    return code
