"""The forum in the real window (offscreen): a learner opens the course forum from her home page and
from a capsule ("Discuter"), reads the approved discussion of the other centres, writes with the
keyboard only, sees her message's state move from "not yet synced" to "awaiting moderation" to
approved across real syncs with a real server, reports a message; the page stays open across a
language switch and a resize."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl

from cc2desktop.core import forum
from cc2desktop.core.kit import Kit
from cc2desktop.core.paths import resolve_data_paths
from cc2desktop.core.sync.client import SyncClient
from cc2desktop.server import forum as moderation
from tests.sync.conftest import add_learner, enrolled
from tests.test_learning_gui import activate_capsule, app, create_profile, window  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui
COURSE = "test-course"


def test_forum_page_read_write_flag_across_syncs(qtbot, app, window, server, course_dir, tmp_path,  # noqa: F811
                                                 monkeypatch):
    from cc2desktop.ui.shell import i18n

    hub = server.hub
    other = Kit(resolve_data_paths(tmp_path / "other"), course_dirs=[course_dir])
    try:
        enrolled(other, server)
        moussa = add_learner(other, "Moussa", "1357")
        t = forum.write_post(other, moussa, COURSE, "Bonjour depuis Bamako ! Voir https://example.org",
                             title="Présentez-vous")
        for i in range(30):
            forum.write_post(other, moussa, COURSE, f"Message {i} de la discussion", thread=t["id"])
        SyncClient(other).sync()
    finally:
        other.close()
    for q in moderation.pending(hub):
        moderation.approve(hub, q["id"])
    SyncClient(app.kit).enrol(server.url, hub.new_enrolment_code(), "pc")
    w = window
    create_profile(qtbot, w, "Awa")
    w.show_page("home")
    with qtbot.waitSignal(app.runner.changes_applied, timeout=20_000):
        app.sync.widget.sync_now()
    qtbot.mouseClick(w.forum_btn, Qt.LeftButton)
    page = w.forum.page
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=5_000)
    assert app.window.current_page() == "forum"
    assert "31 message(s)" in page.list.item(0).text() and "31 new" in page.list.item(0).text()
    page.list.setFocus()
    page.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: "Bamako" in page.view.toPlainText(), timeout=5_000)
    assert '<a href="https://example.org">' in page.view.toHtml() or "example.org" in page.view.toHtml()
    assert "new" not in page.list.item(0).text()  # read once opened
    # a long subject opens on its first and latest messages; the earlier ones on demand
    from cc2desktop.ui.learner import forum as forum_ui

    monkeypatch.setattr(forum_ui, "WINDOW", 10)
    page._render()
    shown = page.view.toPlainText()
    assert "Bamako" in shown and "Message 29 " in shown and "Message 5 " not in shown and "20 earlier" in shown
    page._on_anchor(QUrl("more:"))
    assert "Message 5 " in page.view.toPlainText()
    monkeypatch.setattr(forum_ui, "WINDOW", 100)
    # keyboard only: type a reply and send it with Ctrl+Enter; the counter follows
    page.text.setFocus()
    qtbot.keyClicks(page.text, "Bonjour, je suis Awa de Dakar.")
    assert page.counter.text() == f"{len('Bonjour, je suis Awa de Dakar.')} / {forum.MAX_TEXT}"
    qtbot.keyClick(page.text, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "not yet synced" in page.view.toPlainText(), timeout=5_000)
    assert page.text.toPlainText() == ""
    # the projector shows the subject in large type, moderated messages only
    qtbot.mouseClick(page.project_btn, Qt.LeftButton)
    shown = w.forum.projector.view.toPlainText()
    assert "Bamako" in shown and "Awa de Dakar" not in shown and "Report" not in shown
    w.forum.projector.close()
    # a sync while the page is open: awaiting moderation, then approved after the next one
    with qtbot.waitSignal(app.runner.changes_applied, timeout=20_000):
        app.sync.widget.sync_now()
    qtbot.waitUntil(lambda: "awaiting moderation" in page.view.toPlainText(), timeout=10_000)
    [mine] = moderation.pending(hub)
    assert mine["text"] == "Bonjour, je suis Awa de Dakar." and mine["author"] == "Awa"
    moderation.approve(hub, mine["id"])
    # the language switches and the window is resized while the page stays open
    i18n.set_language("fr")
    app.window.resize(1024, 700)
    qtbot.waitUntil(lambda: page.send_btn.text().replace("&", "") == "Envoyer", timeout=3_000)
    with qtbot.waitSignal(app.runner.changes_applied, timeout=20_000):
        app.sync.widget.sync_now()
    qtbot.waitUntil(lambda: "en attente" not in page.view.toPlainText()
                    and "Awa de Dakar" in page.view.toPlainText(), timeout=10_000)
    assert page.view.toPlainText().count("Awa de Dakar") == 1
    # too long: the counter says it and the button waits
    page.text.setPlainText("x" * (forum.MAX_TEXT + 1))
    assert not page.send_btn.isEnabled() and page.counter.text().startswith(str(forum.MAX_TEXT + 1))
    page.text.clear()
    # report a message (the flag lands in the log, for the moderators and the facilitator's view)
    post_id = next(p.id for p in page.posts if p.author == "Moussa")
    with qtbot.waitSignal(app.runner.changes_applied, timeout=5_000):
        page.flag_submitted.emit(post_id, "publicité")
    assert [f["post"] for f in forum.load_flagged(app.kit)] == [post_id]
    i18n.set_language("en")
    # "Discuter" from a capsule: its subject, or a new one titled after it
    activate_capsule(qtbot, w, "m1c1")
    qtbot.mouseClick(w.capsule_page.discuss_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: app.window.current_page() == "forum" and page.current is None
                    and page.subject.isVisible() and page.subject.text() != "", timeout=5_000)
    assert page.capsule == "m1c1"


def test_a_learner_edits_and_withdraws_her_own_message(qtbot, app, window, server):  # noqa: F811
    """Her own messages carry "Edit" and "Withdraw" (others' carry "Report"): an edit shows at once,
    awaiting moderation, and reaches the server at the next sync; a withdrawn message leaves her view
    at once and every other view once the server has it."""
    from PySide6.QtWidgets import QMessageBox

    hub = server.hub
    SyncClient(app.kit).enrol(server.url, hub.new_enrolment_code(), "pc")
    w = window
    create_profile(qtbot, w, "Awa")
    w.show_page("home")
    qtbot.mouseClick(w.forum_btn, Qt.LeftButton)
    page = w.forum.page
    qtbot.waitUntil(lambda: app.window.current_page() == "forum", timeout=5_000)
    page.start_new()
    qtbot.keyClicks(page.subject, "Mon projet")
    page.text.setFocus()
    qtbot.keyClicks(page.text, "Un jardin partage a Thies.")
    qtbot.keyClick(page.text, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "not yet synced" in page.view.toPlainText(), timeout=5_000)
    [mine] = [p for p in page.posts if "Thies" in p.text]
    assert f"edit:{mine.id}" in page.view.toHtml() and f"withdraw:{mine.id}" in page.view.toHtml()
    assert "flag:" not in page.view.toHtml()  # no "Report" on her own message
    # edit: the dialog holds her text; the change shows at once
    page._on_anchor(QUrl(f"edit:{mine.id}"))
    dlg = page.dialog
    assert dlg is not None and dlg.isVisible() and dlg.textValue() == "Un jardin partage a Thies."
    dlg.setTextValue("Un jardin partagé à Thiès, avec l'école.")
    dlg.accept()
    qtbot.waitUntil(lambda: "avec l'école" in page.view.toPlainText() and "edited" in page.view.toPlainText(),
                    timeout=5_000)
    # a sync: the server holds the post and her change, for the moderators; both approved
    with qtbot.waitSignal(app.runner.changes_applied, timeout=20_000):
        app.sync.widget.sync_now()
    subs = moderation.pending(hub)
    assert [s["kind"] for s in subs] == ["post", "edit"]
    assert subs[1]["text"] == "Un jardin partagé à Thiès, avec l'école."  # typed in the dialog: any text
    for s in subs:
        moderation.approve(hub, s["id"])
    with qtbot.waitSignal(app.runner.changes_applied, timeout=20_000):
        app.sync.widget.sync_now()
    qtbot.waitUntil(lambda: "awaiting moderation" not in page.view.toPlainText()
                    and "avec l'école" in page.view.toPlainText(), timeout=10_000)
    # the language switches with the page open: the links follow
    from cc2desktop.ui.shell import i18n

    i18n.set_language("fr")
    try:
        qtbot.waitUntil(lambda: "Modifier · Retirer" in page.view.toPlainText(), timeout=3_000)
        assert "Edit" not in page.view.toPlainText()
    finally:
        i18n.set_language("en")
    qtbot.waitUntil(lambda: "Edit · Withdraw" in page.view.toPlainText(), timeout=3_000)
    # withdraw: asked first ("No" keeps it), then gone from her view at once
    page._on_anchor(QUrl(f"withdraw:{mine.id}"))
    box = page.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    box.button(QMessageBox.No).click()
    assert "avec l'école" in page.view.toPlainText()
    page._on_anchor(QUrl(f"withdraw:{mine.id}"))
    page.dialog.button(QMessageBox.Yes).click()
    qtbot.waitUntil(lambda: "avec l'école" not in page.view.toPlainText(), timeout=5_000)
    with qtbot.waitSignal(app.runner.changes_applied, timeout=20_000):
        app.sync.widget.sync_now()
    assert moderation.pending(hub, state="deleted")[0]["id"] == mine.id
