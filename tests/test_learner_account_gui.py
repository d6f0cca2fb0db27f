"""A learner's own account in the real GUI: "I already have an account" (online through a real
server, and by USB stick), her learner code on her home page, renaming and deleting her profile,
the warning before two profiles share a name, "Forgot your PIN?", the PIN a learner chooses before
first opening a profile a facilitator made, and the inactivity log-out on by default."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.sync.conftest import LiveServer
from tests.test_learning_gui import app, create_profile, window  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


@pytest.fixture
def server(tmp_path):
    srv = LiveServer(f"sqlite:///{tmp_path / 'server.sqlite3'}").start()
    yield srv
    srv.stop()


def _other_pc(tmp_path, srv, name: str, pin: str) -> str:
    """A learner made on another PC, synced with the server: her learner code."""
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    kit = Kit(resolve_data_paths(tmp_path / "other-pc"))
    try:
        kit.sync.enrol(srv.url, srv.hub.new_enrolment_code(), "other")
        info = kit.learning.create_learner(name, pin).value
        kit.sync.sync_now()
        return kit.learning.learner(info.id).code
    finally:
        kit.close()


def _tiles(w) -> list[str]:
    return [t.text() for t in w.welcome.tiles.tiles]


def test_claim_online_and_by_stick_code_rename_and_delete(qtbot, app, window, server, tmp_path):  # noqa: F811
    w = window
    code = _other_pc(tmp_path, server, "Aïcha Ba", "1357")
    assert code and len(code) == 9
    app.kit.sync.enrol(server.url, server.hub.new_enrolment_code(), "cybercafé")

    # "I already have an account", online: a wrong PIN is refused, the right one brings her here
    qtbot.mouseClick(w.welcome.tiles.claim_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.claim_dialog is not None and w.claim_dialog.isVisible(), timeout=5000)
    dlg = w.claim_dialog
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=5000)
    assert dlg.online.isEnabled()  # this PC is enrolled
    dlg.code.setText(code.lower())  # typed in lower case: read in upper case
    qtbot.keyClicks(dlg.pin, "9999")
    qtbot.mouseClick(dlg.online, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.online.isEnabled(), timeout=20_000)
    assert "Wrong PIN" in dlg.message.text(), dlg.message.text()
    assert "Aïcha Ba" not in _tiles(w)
    dlg.pin.clear()
    qtbot.keyClicks(dlg.pin, "1357")
    qtbot.mouseClick(dlg.online, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Welcome back, Aïcha Ba" in dlg.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: "Aïcha Ba" in _tiles(w), timeout=10_000)  # the tile is there at once

    # by stick: the request is written, sealed (no PIN readable on the stick)
    stick = tmp_path / "stick"
    stick.mkdir()
    dlg.folder.setEditText(str(stick))
    dlg.code.setText(code)
    dlg.pin.setText("2468")
    qtbot.mouseClick(dlg.usb, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.usb.isEnabled(), timeout=20_000)
    assert "Request written to" in dlg.message.text(), dlg.message.text()
    files = list(stick.glob("*.cc2sync"))
    assert len(files) == 1 and files[0].name in dlg.message.text() and b"2468" not in files[0].read_bytes()
    dlg.code.setText("7K2")  # a short code: said so, nothing sent
    qtbot.mouseClick(dlg.usb, Qt.LeftButton)
    assert "8 letters and digits" in dlg.message.text()
    dlg.reject()

    # her home page shows her learner code; a new learner gets hers at once
    lid = next(p["id"] for p in w.learners if p["name"] == "Aïcha Ba")
    w.choose_learner(lid)
    qtbot.waitUntil(lambda: w.pin_dialog is not None and w.pin_dialog.isVisible(), timeout=5000)
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        qtbot.keyClicks(w.pin_dialog.pin, "1357")
        qtbot.keyClick(w.pin_dialog.pin, Qt.Key_Return)
    assert w.home.code_label.isVisible() and code in w.home.code_label.text()
    w.logout()
    create_profile(qtbot, w, "Kofi", "4321")
    qtbot.waitUntil(lambda: len(w.home.code.replace("-", "")) == 8, timeout=10_000)
    kofi = w.learner.learner_id
    assert app.kit.learning.learner(kofi).code == w.home.code
    assert w.home.code in w.home.code_label.text()

    # rename: a name another profile has is warned about once
    w.open_my_profile()
    qtbot.waitUntil(lambda: w.profile_dialog is not None and w.profile_dialog.isVisible(), timeout=5000)
    pd = w.profile_dialog
    assert w.home.code in pd.code_label.text()
    pd.name.setText("aïcha  ba")
    qtbot.mouseClick(pd.rename, Qt.LeftButton)
    assert "Another profile on this PC is named" in pd.message.text()
    pd.name.setText("Kofi Mensah")
    qtbot.mouseClick(pd.rename, Qt.LeftButton)
    qtbot.waitUntil(lambda: pd.rename.isEnabled(), timeout=10_000)
    assert "now named Kofi Mensah" in pd.message.text(), pd.message.text()
    assert w.home.name == "Kofi Mensah" and app.kit.learning.learner(kofi).name == "Kofi Mensah"
    qtbot.waitUntil(lambda: "Kofi Mensah" in _tiles(w), timeout=10_000)
    app.window.resize(1000, 700)  # the dialog stays usable across a resize and a language switch
    app.window.apply_settings({**app.window.current_settings(), "ui.language": "fr"})
    qtbot.waitUntil(lambda: pd.windowTitle() == "Mon profil", timeout=5000)
    assert "Votre code apprenant·e" in pd.code_label.text() and pd.delete.text() == "&Supprimer mon profil"
    app.window.apply_settings({**app.window.current_settings(), "ui.language": "en"})

    # delete: a wrong PIN is refused, nothing deleted; the right one deletes her here, to be sent
    qtbot.keyClicks(pd.confirm, "1111")
    qtbot.mouseClick(pd.delete, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Wrong PIN" in pd.message.text(), timeout=10_000)
    assert app.kit.learning.learner(kofi).name == "Kofi Mensah" and w.learner is not None
    qtbot.keyClicks(pd.confirm, "4321")
    with qtbot.waitSignal(w.logged_out, timeout=10_000):
        qtbot.mouseClick(pd.delete, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Kofi Mensah" not in _tiles(w), timeout=10_000)
    assert w.current_page() == "welcome"
    with app.kit.read() as s:
        from cc2desktop.core.learning import erase

        assert kofi in erase.pending(s)

    # a second profile with the same name: warned once, then made on purpose
    qtbot.mouseClick(w.welcome.tiles.new_tile, Qt.LeftButton)
    cd = w.create_dialog
    qtbot.keyClicks(cd.name, "AÏCHA BA")
    qtbot.keyClick(cd.name, Qt.Key_Return)
    assert cd.isVisible() and "already exists on this PC" in cd.error.text()
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        qtbot.keyClick(cd.name, Qt.Key_Return)
    qtbot.waitUntil(lambda: sorted(t for t in _tiles(w) if t.casefold() == "aïcha ba") == ["AÏCHA BA", "Aïcha Ba"],
                    timeout=10_000)


def test_claim_offline_pc_and_forgot_pin(qtbot, app, window):  # noqa: F811
    w = window
    w.open_claim()
    qtbot.waitUntil(lambda: w.claim_dialog is not None and not app.runner.busy, timeout=5000)
    dlg = w.claim_dialog
    assert not dlg.online.isEnabled() and "not connected to a server" in dlg.online_hint.text()
    dlg.reject()
    create_profile(qtbot, w, "Awa", "2580")
    w.logout()
    w.choose_learner(w.learners[0]["id"])
    qtbot.waitUntil(lambda: w.pin_dialog is not None and w.pin_dialog.isVisible(), timeout=5000)
    pin = w.pin_dialog
    assert not pin.forgot_text.isVisible()
    qtbot.mouseClick(pin.forgot, Qt.LeftButton)
    assert pin.forgot_text.isVisible() and "Ask your facilitator" in pin.forgot_text.text()
    assert pin.geometry().bottom() < 768
    pin.reject()


def test_profile_made_by_a_facilitator_appears_and_asks_for_a_pin(qtbot, app, window):  # noqa: F811
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.learning.service import PinSetupRequiredError

    w = window
    kit = app.kit
    with kit.session() as s:
        accounts.add_facilitator(s, "Awa Sarr", "correct horse")
    fs = kit.facilitation.sign_in("Awa Sarr", "correct horse")
    kit.facilitation.create_group(fs, "Mardi")
    with qtbot.waitSignal(app.runner.changes_applied, timeout=10_000):
        app.runner.write(lambda job: kit.facilitation.add_participant(fs, "Mardi", "Mariam Traoré"))
    qtbot.waitUntil(lambda: "Mariam Traoré" in _tiles(w), timeout=10_000)  # at once, no restart
    tile = next(t for t in w.welcome.tiles.tiles if t.text() == "Mariam Traoré")
    assert "choose your PIN" in tile.toolTip()
    lid = tile.property("learner_id")
    with pytest.raises(PinSetupRequiredError):
        kit.learning.open(lid)  # nobody opens it without choosing a PIN first

    qtbot.mouseClick(tile, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.pin_dialog is not None and w.pin_dialog.isVisible(), timeout=5000)
    dlg = w.pin_dialog
    assert dlg.windowTitle() == "Choose your PIN"
    qtbot.keyClicks(dlg.pin, "1234")
    qtbot.keyClicks(dlg.pin2, "1243")
    qtbot.keyClick(dlg.pin2, Qt.Key_Return)
    assert "different" in dlg.error.text() and w.learner is None
    dlg.pin2.clear()
    qtbot.keyClicks(dlg.pin2, "1234")
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        qtbot.keyClick(dlg.pin2, Qt.Key_Return)
    info = kit.learning.learner(lid)
    assert info.has_pin and not info.needs_pin
    w.logout()
    qtbot.waitUntil(lambda: not next(p for p in w.learners if p["id"] == lid)["needs_pin"], timeout=10_000)
    w.choose_learner(lid)  # now the ordinary PIN dialog
    qtbot.waitUntil(lambda: w.pin_dialog is not None and w.pin_dialog.isVisible(), timeout=5000)
    assert w.pin_dialog.windowTitle() == "PIN"
    w.pin_dialog.reject()


def test_inactivity_logout_is_on_by_default(qtbot, app, window):  # noqa: F811
    from cc2desktop.core.settings import Settings

    assert Settings(app.paths.settings_path).get("ui.idle_logout_minutes") == 10
    assert app.window.idle._minutes == 10
    assert app.window.current_settings()["ui.idle_logout_minutes"] == 10
