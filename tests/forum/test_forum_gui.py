"""The forum in the real window (offscreen): a learner opens the course forum from her home page and
from a capsule ("Discuter"), reads the approved discussion of the other centres, writes with the
keyboard only, sees her message's state move from "not yet synced" to "awaiting moderation" to
approved across real syncs with a real server, reports a message; the page stays open across a
language switch and a resize."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cc2desktop.core import forum
from cc2desktop.core.kit import Kit
from cc2desktop.core.paths import resolve_data_paths
from cc2desktop.core.sync.client import SyncClient
from cc2desktop.server import forum as moderation
from tests.sync.conftest import add_learner, enrolled
from tests.test_learning_gui import activate_capsule, app, create_profile, window  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui
COURSE = "test-course"


def test_forum_page_read_write_flag_across_syncs(qtbot, app, window, server, course_dir, tmp_path):  # noqa: F811
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
