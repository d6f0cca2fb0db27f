"""The seams of the app, end to end (real SQLite files, real widgets offscreen, a real hub on 127.0.0.1):
one Settings for the window and the Kit, screens that follow what a change touched (a participant
added in the facilitator space, a name changed on another PC, a save then a sync), and a quit during a
stalled sync that ends the process at once."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from cc2desktop.core.paths import assets_dir
from tests.sync.conftest import LiveServer

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]
DEMO_PACKS = assets_dir() / "packs"


@pytest.fixture
def hub(tmp_path):
    srv = LiveServer(f"sqlite:///{tmp_path / 'hub.sqlite3'}").start()
    yield srv
    srv.stop()


@pytest.fixture
def make_app(qtbot):
    apps = []

    def make(paths, **kw):
        from cc2desktop.app import App
        from cc2desktop.core.settings import Settings
        from cc2desktop.ui.shell import i18n

        i18n.set_language("en")
        settings = Settings(paths.ensure().settings_path)
        settings.set("ui.language", "en")
        settings.set("sync.auto", False)
        app = App(paths, settings, **kw)
        qtbot.addWidget(app.window)
        app.window.show()
        with qtbot.waitSignal(app.core_ready, timeout=60_000):
            app.open_core()
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.shutdown()
    qtbot.wait(50)


def _do(qtbot, app, fn, lane="write"):
    """Run ``fn()`` in one of the runner's lanes, as a widget does; its changes reach every screen."""
    out = {}
    app.runner.run(lambda job: fn(), on_done=lambda v: out.setdefault("v", v),
                   on_error=lambda e: out.setdefault("e", e), lane=lane)
    qtbot.waitUntil(lambda: bool(out), timeout=30_000)
    if "e" in out:
        raise out["e"]
    return out["v"]


def _tiles(app) -> set[str]:
    return {t.text() for t in app.learner.welcome.tiles.tiles}


def test_catalog_url_saved_in_the_dialog_survives_closing_the_window(qtbot, make_app, data_paths, tmp_path):
    """One Settings for the window and the Kit: the window's save on quit keeps what the catalog
    dialog saved (it used to write back its own, older copy of the file)."""
    from cc2desktop.core.settings import Settings
    from tests.support.packs_server import LiveServer as PacksServer

    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(next(DEMO_PACKS.glob("*.cc2pack")), served)
    with PacksServer(served) as srv:
        app = make_app(data_paths)
        url = srv.url + "/api/v1/catalog"
        app.window.apply_settings({**app.window.current_settings(), "ui.font_scale": 125})
        seen = {}

        def drive() -> None:  # the user types the address, shows the courses, closes the dialog
            dlg = app.packs.dialog
            if dlg is None or not dlg.isVisible():
                QTimer.singleShot(20, drive)
                return
            if "typed" not in seen:
                seen["typed"] = True
                dlg.url_edit.setText(url)
                qtbot.mouseClick(dlg.refresh_button, Qt.MouseButton.LeftButton)
            if dlg.busy or dlg.model.rowCount() == 0:
                QTimer.singleShot(20, drive)
                return
            seen["rows"] = dlg.model.rowCount()
            dlg.reject()

        QTimer.singleShot(0, drive)
        QTimer.singleShot(30_000, lambda: app.packs.dialog is not None and app.packs.dialog.reject())  # never hang
        app.window.actions["download"].trigger()  # the dialog opens once the address is read
        qtbot.waitUntil(lambda: "rows" in seen and app.packs.dialog is None, timeout=30_000)
        assert seen["rows"] == 1
        app.window.close()  # quit: the window saves the settings
    s = Settings(data_paths.settings_path)
    assert s.get("packs.catalog_url") == url and s.get("ui.font_scale") == 125
    app2 = make_app(data_paths)  # and the next start offers it again
    assert app2.kit.packs.catalog_url() == url


def _create_profile(qtbot, app, name: str, pin: str) -> str:
    ctl = app.learner
    qtbot.mouseClick(ctl.welcome.tiles.new_tile, Qt.MouseButton.LeftButton)
    dlg = ctl.create_dialog
    qtbot.keyClicks(dlg.name, name)
    qtbot.keyClicks(dlg.pin, pin)
    qtbot.keyClicks(dlg.pin2, pin)
    with qtbot.waitSignal(ctl.logged_in, timeout=10_000):
        qtbot.keyClick(dlg.name, Qt.Key.Key_Return)
    return ctl.learner.learner_id


def test_welcome_and_pending_count_follow_changes_without_restart(qtbot, make_app, data_paths, hub, tmp_path,
                                                                  course_dir):
    from sqlalchemy import select

    from cc2desktop.core.db.models import Learner
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.ui.facilitator.panel import FacilitatorPanel

    app = make_app(data_paths, course_dirs=[course_dir])
    kit, sync = app.kit, app.sync.widget
    _do(qtbot, app, lambda: kit.sync.enrol(hub.url, hub.hub.new_enrolment_code(), "pc-a"), lane="long")
    qtbot.waitUntil(lambda: "Everything is sent" in sync.text.text(), timeout=10_000)

    # 1. A participant added in the facilitator space shows on the welcome screen at once.
    with kit.write() as s:
        accounts.add_facilitator(s, "Mme Sow", "animatrice-2026")
    fs = kit.facilitation.sign_in("Mme Sow", "animatrice-2026")
    panel = FacilitatorPanel(kit.facilitation, fs, app.runner, kit.sync)
    qtbot.addWidget(panel)
    panel.show()
    g = panel.groups
    g._run(lambda fac, fs: fac.create_group(fs, "Soir"), lambda info: g.refresh(info.id), write=True)
    qtbot.waitUntil(lambda: g.group_list.count() == 1, timeout=10_000)
    g._run(lambda fac, fs: fac.add_participant(fs, g.current().id, "Moussa Diop", gender="male", country="SN"),
           lambda _lid: g.refresh(), write=True)
    qtbot.waitUntil(lambda: "Moussa Diop" in _tiles(app), timeout=10_000)
    panel.close()

    # 2. A learner's save shows in the pending count at once, and the count drops right after the sync.
    lid = _create_profile(qtbot, app, "Awa", "2468")
    before = kit.sync.status().pending
    svc = app.learner.learner
    course = app.learner.courses["test-course"]
    _do(qtbot, app, lambda: kit.learning.watch(svc, course, course.capsule("m1c1"), [[0, 1.0]], position=1.0,
                                               length=4.0))
    after = kit.sync.status().pending
    assert after == before + 1
    qtbot.waitUntil(lambda: f"{after} activities waiting" in sync.text.text(), timeout=5_000)  # no timer, no sync
    qtbot.mouseClick(sync.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Everything is sent" in sync.text.text(), timeout=15_000)
    # the facilitator's group events too (the hub used to refuse the "group" namespace)
    assert kit.sync.status().pending == 0 and kit.sync.status().rejected == 0 and hub.hub.stats()["events"] >= after

    # 3. Her name changed on another PC reaches this one's welcome screen (and her open session) by a pull.
    with kit.read() as s:
        code = s.scalar(select(Learner.code).where(Learner.id == lid))
    with Kit(resolve_data_paths(tmp_path / "pc-b")) as b:
        SyncClient(b).enrol(hub.url, hub.hub.new_enrolment_code(), "pc-b")
        SyncClient(b).claim(code, "2468")
        with b.write() as s:
            s.get(Learner, lid).display_name = "Awa Koné"
        SyncClient(b).sync()
    assert "Awa Koné" not in _tiles(app)
    qtbot.mouseClick(sync.sync_button, Qt.MouseButton.LeftButton)  # what the timer does every two minutes
    qtbot.waitUntil(lambda: "Awa Koné" in _tiles(app) and "Awa" not in _tiles(app), timeout=15_000)
    qtbot.waitUntil(lambda: app.window.user_label.text() == "Profile: Awa Koné", timeout=5_000)


# --- quit during a stalled sync ---------------------------------------------------------------------

class StallPush:
    """The real hub, except that a push is received and never answered (a link that died mid-way)."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.pushed = threading.Event()

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "http" and scope["path"].endswith("/sync/push"):
            self.pushed.set()
            await asyncio.sleep(3600)
            return
        await self.app(scope, receive, send)


def test_quit_during_a_stalled_sync_ends_the_process_within_5_s(tmp_path):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.server.app import create_app
    from cc2desktop.core.sync.client import SyncClient
    from tests.support.live_server import ThreadedServer
    from tests.sync.conftest import add_events, add_learner

    hub_app = create_app(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    stall = StallPush(hub_app)
    srv = ThreadedServer(stall, timeout_graceful_shutdown=1).start()
    data = tmp_path / "data"
    try:
        with Kit(resolve_data_paths(data)) as kit:
            SyncClient(kit).enrol(srv.url, hub_app.state.hub.new_enrolment_code(), "pc")  # health and enrol answer
            add_events(kit, add_learner(kit), 5)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("CC2_BENCH_FIRST_PAINT", None)
        proc = subprocess.Popen([sys.executable, "-m", "cc2desktop", "--data-dir", str(data)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            # the app syncs by itself 2 s after its database opens; the push then hangs
            assert stall.pushed.wait(60), "the app never pushed"
            time.sleep(0.5)
            assert proc.poll() is None
            t0 = time.monotonic()
            proc.send_signal(signal.SIGTERM)  # the session ends: the same quit as the menu's
            out, err = proc.communicate(timeout=30)
            took = time.monotonic() - t0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0, err
        assert took < 15.0, f"the process took {took:.1f} s to end"  # not the 30 s read: it was aborted
        assert "Signal source has been deleted" not in err and "Traceback" not in err, err
    finally:
        srv.stop()
        hub_app.state.hub.close()
    # every job ended by itself (the blocked read was aborted): the quit did not have to give up on one
    log_file = data / "logs" / "cc2desktop.log"
    log = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    assert "did not stop" not in log, log
    with Kit(resolve_data_paths(data)) as kit:  # nothing lost: the events are still waiting to be sent
        assert kit.sync.status().pending == 5
