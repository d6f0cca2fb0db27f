"""The sync status widget, enrolment and USB dialogs: real widgets offscreen, a real server."""

from __future__ import annotations

import pytest

from cc2desktop.core.sync.client import status
from tests.sync.conftest import add_events, add_learner

pytestmark = pytest.mark.gui


def test_enrol_then_sync_now_from_the_widget(qtbot, server, make_kit, runner, tmp_path):
    from cc2desktop.ui.sync.widgets import EnrolDialog, SyncStatusWidget

    kit = make_kit("a")
    add_events(kit, add_learner(kit), 7)
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
