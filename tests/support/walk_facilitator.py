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
        walk_dialogs(walker, tour, panel)
    finally:
        panel.close()


def _select_first(view: Any) -> None:
    view.selectRow(0)
    view.setCurrentIndex(view.model().index(0, 0))


def walk_dialogs(walker: Any, tour: Any, panel: Any) -> None:
    """The facilitator's dialogs, each read as it opens (and after a step showing its error line)."""
    from PySide6.QtWidgets import QDialog

    from PySide6.QtCore import Qt

    from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog
    from tests.support.walk_learner import idle

    qtbot, app = tour.qtbot, tour.app

    def setup_step() -> None:  # the first start's account creation, as a new PC shows it
        dlg = FacilitatorLoginDialog(app.kit.facilitation, app.runner, tour.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show_setup()
        dlg.open()

    walker.dialog("facilitator: first account (setup)", setup_step)
    walker.dialog("facilitator: accounts", panel.open_accounts)
    groups, sessions, dash = panel.groups, panel.sessions, panel.dashboard
    panel.setCurrentWidget(groups)
    idle(qtbot, app)
    walker.dialog("facilitator: new participant", groups.new_participant, steps=[lambda d: d._check()])
    _select_first(groups.view)
    walker.dialog("facilitator: edit participant", groups.edit_participant)
    walker.dialog("facilitator: new PIN", groups.new_pin)
    csv = tour.data_paths.root / "participants.csv"  # one good line, one refused: the report lists it
    csv.write_text("Nom;Genre;Pays\nMariam Traoré;f;SN\n;x;ZZ\n", encoding="utf-8")
    walker.dialog("facilitator: CSV import report", lambda: groups.import_csv(csv))
    panel.setCurrentWidget(sessions)
    idle(qtbot, app)
    walker.dialog("facilitator: plan a session", sessions.plan)
    _select_first(sessions.view)
    idle(qtbot, app)
    walker.dialog("facilitator: edit a session", sessions.edit)
    walker.dialog("facilitator: print the attendance sheet", sessions.print_sheet)
    panel.setCurrentWidget(dash)
    qtbot.waitUntil(lambda: dash.raw is not None, timeout=20_000)
    idle(qtbot, app)
    walker.dialog("facilitator: CSV export", dash._on_csv_clicked)
    walker.dialog("facilitator: learner detail", lambda: dash.open_learner(0), kind=QDialog)
