"""The sync status widget, enrolment and USB dialogs: real widgets offscreen, a real server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cc2desktop.core.sync.client import status
from tests.sync.conftest import add_events, add_learner

pytestmark = pytest.mark.gui


def test_enrol_then_sync_now_from_the_widget(qtbot, server, make_kit, runner, tmp_path):
    from cc2desktop.ui.sync.widgets import EnrolDialog, SyncStatusWidget

    kit = make_kit("a")
    lid = add_learner(kit)
    add_events(kit, lid, 7)
    svc = kit.sync.service  # the policy (backoff, probe); the widget gets the facade
    w = SyncStatusWidget(kit.sync, runner, auto=False)
    qtbot.addWidget(w)
    w.resize(620, 40)
    w.show()
    qtbot.waitUntil(lambda: "not connected" in w.text.text(), timeout=5000)
    assert not w.sync_button.isEnabled()
    w.grab().save(str(tmp_path / "sync_not_enrolled.png"))

    dlg = EnrolDialog(kit.sync, runner, w)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.url.setText(server.url.replace("http://", ""))
    dlg.code.setText("WRONG-CODE")
    dlg.ok.click()
    qtbot.waitUntil(lambda: "wrong" in dlg.message.text(), timeout=5000)
    dlg.grab().save(str(tmp_path / "sync_enrol_error.png"))
    dlg.code.setText(server.hub.new_enrolment_code())
    dlg.ok.click()
    qtbot.waitUntil(lambda: dlg.result() == dlg.DialogCode.Accepted, timeout=5000)

    w.refresh()
    qtbot.waitUntil(lambda: "7 activities waiting" in w.text.text(), timeout=5000)
    w.sync_now()
    qtbot.waitUntil(lambda: "Everything is sent" in w.text.text(), timeout=10000)
    w.grab().save(str(tmp_path / "sync_ok.png"))
    assert status(kit)["pending"] == 0 and server.hub.stats()["events"] == 7
    add_events(kit, lid, 1)
    w.refresh()
    qtbot.waitUntil(lambda: "1 activity waiting" in w.text.text(), timeout=5000)  # one: no plural
    w.sync_now()
    qtbot.waitUntil(lambda: "Everything is sent" in w.text.text(), timeout=10000)

    server.stop()  # the link drops: plain words, nothing lost, the button stays usable
    add_events(kit, add_learner(kit), 2)
    svc.probe_timeout = 0.5
    w.sync_now()
    qtbot.waitUntil(lambda: "offline" in w.text.text(), timeout=10000)
    assert "No connection" in w.text.toolTip()
    assert w.sync_button.isEnabled() and status(kit)["pending"] == 2
    assert svc.failures == 1 and 2.5 <= svc.next_delay() <= 5.0
    w.grab().save(str(tmp_path / "sync_offline.png"))


def test_usb_dialog_exports_and_reads_a_reply(qtbot, server, make_kit, runner, tmp_path):
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.ui.sync.widgets import UsbSyncDialog
    from tests.sync.conftest import enrolled

    stick = tmp_path / "stick"
    stick.mkdir()
    c = make_kit("c")
    add_events(c, add_learner(c), 5)
    svc = c.sync
    dlg = UsbSyncDialog(svc, runner, sticks=[stick])
    qtbot.addWidget(dlg)
    dlg.show()
    # The first bundle of a USB-only PC carries an enrolment code (CLI: sync export --code).
    svc.export_bundle(stick, code=server.hub.new_enrolment_code())
    bundle = next(stick.glob("*.cc2sync"))
    hub_pc = enrolled(make_kit("hub"), server)
    reply = SyncClient(hub_pc).import_bundle(bundle)["reply"]
    dlg.import_from(__import__("pathlib").Path(reply))
    qtbot.waitUntil(lambda: "5 activities confirmed" in dlg.message.text(), timeout=10000)
    dlg.grab().save(str(tmp_path / "sync_usb.png"))
    assert status(c)["pending"] == 0
    dlg.export_to(stick)
    qtbot.waitUntil(lambda: "Take the stick" in dlg.message.text(), timeout=10000)


def test_a_stalled_server_never_freezes_the_ui(qtbot, server, make_kit, runner):
    from PySide6.QtCore import QElapsedTimer, QTimer

    from cc2desktop.core.sync.models import SyncState
    from cc2desktop.ui.sync.widgets import SyncStatusWidget
    from tests.sync.conftest import enrolled
    from tests.support.faultproxy import FaultProxy

    proxy = FaultProxy(server.port, fault_rate=1.0, stall_s=1.5, faults=("stall",))
    try:
        kit = enrolled(make_kit("a"), server)
        with kit.session() as s:
            s.get(SyncState, 1).server_url = proxy.url
        add_events(kit, add_learner(kit), 3)
        svc = kit.sync
        svc.service.probe_timeout = 0.8
        w = SyncStatusWidget(svc, runner, auto=False)
        qtbot.addWidget(w)
        w.show()
        ticks, clock = [], QElapsedTimer()
        clock.start()

        def tick():
            ticks.append(clock.restart())

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(10)
        w.sync_now()
        assert not w.sync_button.isEnabled() and "Sending" in w.text.text()
        qtbot.waitUntil(lambda: "offline" in w.text.text(), timeout=10_000)
        timer.stop()
        assert len(ticks) > 40 and max(ticks) < 250  # the event loop kept turning during the stalled sync
        assert status(kit)["pending"] == 3 and w.sync_button.isEnabled()
    finally:
        proxy.close()


def test_refused_activities_turn_the_indicator_amber_and_a_facilitator_sees_why(qtbot, server, make_kit, runner,
                                                                                tmp_path):
    """Two activities the server refuses: the status says so in amber with a way to the details (not
    "n activities waiting" with a green dot); the facilitator's list gives each reason, exports them
    and can put them back in the queue."""
    import json

    from cc2desktop.ui.shell import i18n
    from cc2desktop.ui.sync.refused import RefusedEventsWidget
    from cc2desktop.ui.sync.widgets import AMBER, SyncStatusWidget
    from tests.sync.conftest import enrolled, write_raw_event

    kit = enrolled(make_kit("a"), server)
    lid = add_learner(kit)
    add_events(kit, lid, 3)
    write_raw_event(kit, lid, "bitcoin.mined", {"x": 1})
    write_raw_event(kit, lid, "quiz.answered", {"response": "Ô" * 4200, "raw_response": "Ô" * 4200})
    i18n.set_language("fr")
    try:
        svc = kit.sync
        w = SyncStatusWidget(svc, runner, auto=False)
        qtbot.addWidget(w)
        w.resize(900, 40)
        w.show()
        asked = []
        w.details_requested.connect(lambda: asked.append(1))
        w.sync_now()
        qtbot.waitUntil(lambda: w.refused_button.isVisible(), timeout=10_000)
        assert w.refused_button.text() == "2 activités refusées par le serveur — voir le détail"
        assert AMBER in w.dot.styleSheet() and "Tout est envoyé" in w.text.text()
        assert "mise à jour" in w.refused_button.toolTip() and "Trop volumineuse" in w.refused_button.toolTip()
        w.grab().save(str(tmp_path / "sync_refused.png"))
        qtbot.mouseClick(w.refused_button, Qt.MouseButton.LeftButton)
        assert asked == [1]

        saved = {"path": str(tmp_path / "export" / "refused.json")}
        lst = RefusedEventsWidget(svc, runner, ask_path=lambda _n: saved["path"])
        qtbot.addWidget(lst)
        lst.resize(1100, 500)
        lst.show()
        qtbot.waitUntil(lambda: lst.model.rowCount() == 2, timeout=10_000)
        cells = [lst.model.index(r, c).data() for r in range(2) for c in range(4)]
        assert "Aïcha" in cells and "Réponse à un quiz" in cells
        assert any("a besoin d'une mise à jour" in str(c) for c in cells)
        lst.grab().save(str(tmp_path / "refused_list.png"))
        with qtbot.waitSignal(lst.changed, timeout=10_000):
            qtbot.mouseClick(lst.export_btn, Qt.MouseButton.LeftButton)
        assert len(json.loads(open(saved["path"], encoding="utf-8").read())["events"]) == 2
        with qtbot.waitSignal(lst.changed, timeout=10_000):
            qtbot.mouseClick(lst.again_btn, Qt.MouseButton.LeftButton)
        assert lst.model.rowCount() == 0 and "2 activité(s)" in lst.status.text()
        assert status(kit)["pending"] == 2
    finally:
        i18n.set_language("en")


def test_see_the_details_opens_the_facilitator_space_on_the_refused_activities(qtbot, data_paths, server):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cc2desktop.app import App
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.paths import assets_dir
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n
    from tests.sync.conftest import enrolled, write_raw_event

    i18n.set_language("en")
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", "en")
    settings.set("sync.auto", False)
    app = App(data_paths, settings, bundled_packs=assets_dir() / "packs")
    qtbot.addWidget(app.window)
    app.window.show()
    with qtbot.waitSignal(app.core_ready, timeout=60_000):
        app.open_core()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=10_000)
    try:
        kit = enrolled(app.kit, server)
        with kit.session() as s:
            accounts.add_facilitator(s, "Awa", "correct horse")
        write_raw_event(kit, add_learner(kit), "bitcoin.mined", {"x": 1})
        sync = app.sync.widget
        sync.sync_now()
        qtbot.waitUntil(lambda: sync.refused_button.isVisible(), timeout=10_000)

        def sign_in():
            dlg = QApplication.activeModalWidget()
            if dlg is None or not getattr(dlg, "names_loaded", False):
                QTimer.singleShot(50, sign_in)
                return
            dlg.password.setText("correct horse")
            dlg.buttons.accepted.emit()

        QTimer.singleShot(100, sign_in)
        qtbot.mouseClick(sync.refused_button, Qt.MouseButton.LeftButton)
        panel = app.facilitator.panel
        assert panel is not None and panel.currentWidget() is panel.refused
        qtbot.waitUntil(lambda: panel.refused.model.rowCount() == 1, timeout=10_000)
        panel.close()
    finally:
        app.shutdown()
