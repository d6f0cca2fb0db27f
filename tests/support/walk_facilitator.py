"""The facilitator's pages in the page walk (:mod:`page_walk`, driven by :class:`walk_learner.Tour`):
sign-in, then every tab of the facilitator space, with a group, a participant and a session so that
the tables are not empty. Add a page or a dialog of the facilitator space here when it is built."""

from __future__ import annotations

from typing import Any

FACILITATOR, PASSWORD = "Awa Sarr", "correct horse"
GROUP = "Groupe du mardi"
#: words quoted as they are in either language (the French column names a CSV import accepts)
ALLOW = {FACILITATOR, GROUP, "Nom", "Genre", "Pays", "Catégorie", "Âge"}


def prepare(kit: Any) -> None:
    """A facilitator account (the PC's first: no sign-in needed to create it)."""
    from cc2desktop.core.facilitation import accounts

    with kit.session() as s:
        if FACILITATOR not in accounts.list_facilitators(s):
            accounts.add_facilitator(s, FACILITATOR, PASSWORD)


def sign_in(walker: Any, tour: Any) -> Any:
    """The sign-in dialog read (empty, then with a wrong password), then signed in: the panel."""
    ctl = tour.app.facilitator
    qtbot = tour.qtbot

    def wrong(d: Any) -> None:
        d.name.setEditText(FACILITATOR)
        d.password.setText("not the password")
        d.buttons.accepted.emit()
        qtbot.waitUntil(lambda: d.buttons.isEnabled() and bool(d.message.text()), timeout=10_000)

    def accept(d: Any) -> None:
        d.name.setEditText(FACILITATOR)
        d.password.setText(PASSWORD)
        d.buttons.accepted.emit()

    ctl.panel = None
    walker.dialog("facilitator sign-in", ctl.open, ready=lambda d: d.names_loaded, steps=[wrong], close=accept)
    qtbot.waitUntil(lambda: ctl.panel is not None and ctl.panel.isVisible(), timeout=10_000)
    return ctl.panel


def walk(walker: Any, tour: Any) -> None:
    from tests.support.walk_learner import idle

    qtbot = tour.qtbot
    fac = tour.app.kit.facilitation
    panel = sign_in(walker, tour)
    fs = panel.fs
    if not fac.groups(fs):  # data in the tables
        fac.create_group(fs, GROUP)
        fac.enrol(fs, GROUP, [tour.learner_id])
        fac.plan_session(fs, GROUP, "2026-03-03", [])
        panel.groups.refresh()
        panel.sessions.refresh()
    idle(qtbot, tour.app)
    try:
        for i in range(panel.count()):
            panel.setCurrentIndex(i)
            idle(qtbot, tour.app)
            walker.check(f"facilitator: {panel.tabText(i)}", panel)
    finally:
        panel.close()
