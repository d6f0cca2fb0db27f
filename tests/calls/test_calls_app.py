"""The call in the application as the composition root builds it: a certified learner logs in, finds
the call on her home page, the form autosaves through the write lane, stays open across a sync, a
language switch and a resize, and her submission shows on her home with its status."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from cc2desktop.server import calls as server_calls

from tests.calls.test_calls_end_to_end import PIN, _learner, _sync, call_doc

pytestmark = pytest.mark.gui


def test_call_on_home_form_autosave_and_submit_in_the_app(tmp_path, cert_server, course_pack, qtbot):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from tests.support.certification_course import install_test_course
    from tests.support.walk_learner import idle, open_app

    paths = resolve_data_paths(tmp_path / "pc")
    with Kit(paths) as kit:
        install_test_course(kit, course_pack)
        SyncClient(kit).enrol(cert_server.url, cert_server.hub.new_enrolment_code(), "centre")
        lid = _learner(kit, "Ndèye Coumba Diouf")
        server_calls.create_call(cert_server.hub, call_doc())
        _sync(kit)
    app = open_app(qtbot, paths, "fr", bundled=None)
    try:
        w = app.learner
        w.choose_learner(lid)
        qtbot.waitUntil(lambda: w.pin_dialog is not None and w.pin_dialog.isVisible(), timeout=5_000)
        with qtbot.waitSignal(w.logged_in, timeout=20_000):
            qtbot.keyClicks(w.pin_dialog.pin, PIN)
            qtbot.keyClick(w.pin_dialog.pin, Qt.Key.Key_Return)
        ctl = app.calls
        qtbot.waitUntil(lambda: bool(ctl.panel and ctl.panel.cards), timeout=10_000)
        [card] = ctl.panel.cards
        assert card.isVisible() and card.button.text() == "Postuler"
        card.button.click()
        qtbot.waitUntil(lambda: ctl.form is not None and ctl.form.isVisible(), timeout=5_000)
        form = ctl.form
        form.inputs["project"].setText("Observatoire des marchés publics")
        qtbot.waitUntil(lambda: form.saved.text().startswith("Brouillon enregistré"), timeout=10_000)
        # time passes with the form open: a sync, a language switch, a resize
        _sync(app.kit)
        win = app.window
        win.apply_settings({**win.current_settings(), "ui.language": "en"})
        idle(qtbot, app)
        assert form.review_btn.text() == "Review my answers" and form.saved.text().startswith("Draft saved")
        win.resize(1100, 700)
        form.inputs["pitch"].setPlainText("Suivre les marchés publics de Ziguinchor.")
        form.inputs["theme"].setCurrentIndex(form.inputs["theme"].findData("gouvernance"))
        form.review_btn.click()
        assert "Observatoire des marchés publics" in form.review.text()
        form.submit_btn.click()
        qtbot.waitUntil(lambda: ctl.form is None or not form.isVisible(), timeout=10_000)
        qtbot.waitUntil(lambda: bool(ctl.panel.cards) and "has not received it yet" in ctl.panel.cards[0].text.text(),
                        timeout=10_000)
        _sync(app.kit)
        ctl.refresh()
        qtbot.waitUntil(lambda: "Received by the programme" in ctl.panel.cards[0].text.text(), timeout=10_000)
        if os.environ.get("CC2_SCREENSHOTS"):
            win.apply_settings({**win.current_settings(), "ui.language": "fr"})
            win.resize(1366, 768)
            idle(qtbot, app)
            qtbot.wait(300)
            win.grab().save(os.path.join(os.environ["CC2_SCREENSHOTS"], "call-home-fr.png"))
    finally:
        app.window.close()
        qtbot.wait(50)
