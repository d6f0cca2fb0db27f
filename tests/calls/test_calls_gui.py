"""The calls in the window: the panel on a certified learner's home (and what an uncertified one
lacks), the form autosaving her draft, the review before submitting, the status after a sync; kept
open across a sync, a language switch and a resize."""

from __future__ import annotations

import os

from cc2desktop.core.calls.facade import Calls
from cc2desktop.server import calls as server_calls

from tests.calls.test_calls_end_to_end import _learner, _sync, call_doc


def test_home_panel_form_autosave_review_submit_and_status(tmp_path, cert_server, course_pack, qtbot):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.ui.calls.widgets import CallForm, CallsPanel
    from cc2desktop.ui.shell import i18n as ui_i18n
    from tests.support.certification_course import install_test_course

    kit = Kit(resolve_data_paths(tmp_path / "pc"))
    try:
        install_test_course(kit, course_pack)
        SyncClient(kit).enrol(cert_server.url, cert_server.hub.new_enrolment_code(), "centre")
        lid = _learner(kit, "Mariama Bâ")
        other = _learner(kit, "Ibrahima Sow", certify=False, gender="m")
        server_calls.create_call(cert_server.hub, call_doc())
        _sync(kit)
        facade = Calls(kit)
        ui_i18n.set_language("fr")
        panel = CallsPanel()
        qtbot.addWidget(panel)
        panel.set_entries(facade.home(other), "fr")
        [card] = panel.cards
        assert not card.button.isVisibleTo(panel) and "certificat" in card.text.text()
        panel.set_entries(facade.home(lid), "fr")
        [card] = panel.cards
        assert card.button.isVisibleTo(panel) and card.button.text() == "Postuler"
        assert "Appel à projets 2027" in card.title.text()

        [entry] = facade.home(lid)
        form = CallForm(entry["call"], None, "fr")
        qtbot.addWidget(form)
        saved: list[dict] = []
        form.autosave.connect(lambda a: saved.append(facade.save_draft(lid, "incub-2027", a).value)
                              or form.mark_saved("10:42"))
        form.show()
        form.inputs["project"].setText("Radio citoyenne de Kolda")
        qtbot.waitUntil(lambda: bool(saved), timeout=5000)
        assert saved[-1]["state"] == "draft"
        assert facade.home(lid)[0]["draft"] == {"project": "Radio citoyenne de Kolda"}
        # time passes: a sync, a language switch, a resize — what she typed stays
        _sync(kit)
        ui_i18n.set_language("en")
        qtbot.waitUntil(lambda: form.review_btn.text() == "Review my answers", timeout=3000)
        assert form.saved.text() == "Draft saved at 10:42"
        form.resize(700, 500)
        form.inputs["pitch"].setPlainText("Une radio <b>locale</b> pour le budget.")
        form.inputs["theme"].setCurrentIndex(form.inputs["theme"].findData("gouvernance"))
        form.review_btn.click()
        assert form.pages.currentIndex() == 1 and form.submit_btn.isVisible()
        assert "Radio citoyenne de Kolda" in form.review.text() and "&lt;b&gt;locale" in form.review.text()
        submitted: list[dict] = []
        form.submit.connect(lambda a: submitted.append(facade.submit(lid, "incub-2027", a).value))
        form.submit_btn.click()
        assert submitted and submitted[0]["state"] == "submitted"
        panel.set_entries(facade.home(lid), "en")
        assert "has not received it yet" in panel.cards[0].text.text()
        _sync(kit)
        panel.set_entries(facade.home(lid), "en")
        assert "Received by the programme" in panel.cards[0].text.text()
        if os.environ.get("CC2_SCREENSHOTS"):
            out = os.environ["CC2_SCREENSHOTS"]
            ui_i18n.set_language("fr")
            form.pages.setCurrentIndex(0)
            form._buttons()
            from PySide6.QtWidgets import QApplication

            from cc2desktop.ui.shell import theme

            theme.apply(QApplication.instance())
            form.resize(1366, 740)
            qtbot.wait(200)
            form.grab().save(os.path.join(out, "call-form-fr.png"))
            panel.set_entries(facade.home(lid), "fr")
            panel.resize(1300, panel.sizeHint().height())
            panel.show()
            qtbot.wait(200)
            panel.grab().save(os.path.join(out, "call-panel-fr.png"))
    finally:
        ui_i18n.set_language("fr")
        kit.close()
