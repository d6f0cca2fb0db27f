"""A centre's hub as its administrator sees it: a real ``cc2desktop serve`` process enrolled with a
central server relays in the background; its admin page (headless Chromium) shows the relay, and
its warnings say when the relay fails; the central server's page lists the centre."""

from __future__ import annotations

import json
import time

from tests.admin.conftest import browser, cc, serve, shot  # noqa: F401 - fixtures
from tests.admin.test_admin_browser import PASSWORD
from tests.sync.conftest import add_events, add_learner


def _set_password(srv) -> None:
    cc("server", "admin-password", "--db", srv.db, stdin=PASSWORD + "\n")


def _sign_in(b, url: str) -> None:
    b.goto(url + "/admin/login")
    b.type("#password", PASSWORD)
    b.click("form button[type=submit]")


def test_the_hub_admin_page_shows_the_relay_and_its_failures(central, serve, browser, make_kit, tmp_path):  # noqa: F811
    from cc2desktop.core.sync.client import SyncClient

    hub_dir = tmp_path / "hub"
    hub_dir.mkdir()
    cc("server", "upstream", central.url, "--code", central.hub.new_enrolment_code(role="centre", label="Thiès"),
       "--name", "Centre de Thiès", "--db", hub_dir / "server.sqlite3", "--data-dir", hub_dir)
    srv = serve("--relay-interval", "0.5", data_dir=hub_dir)
    err = "".join(srv.lines)
    assert f"relaying to {central.url}" in err and "can grade no course" not in err
    _set_password(srv)
    # a PC of the centre syncs with its hub; the hub relays it in the background
    kit = make_kit("pc")
    SyncClient(kit).enrol(srv.url, cc("server", "enrolment-code", "--db", srv.db).stdout.strip(), "pc")
    lid = add_learner(kit, "Ndèye")
    add_events(kit, lid, 40)
    SyncClient(kit).sync()
    deadline = time.monotonic() + 30
    while central.hub.stats()["events"] < 40 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert central.hub.stats()["events"] == 40

    b = browser
    _sign_in(b, srv.url)
    b.goto(srv.url + "/admin/relay")
    assert b.text("#relay-upstream td") == central.url
    assert b.text("#relay-backlog_up td") == "0" and b.text("#relay-last_error td") == "aucune"
    assert "Centre" in b.text("#relay-last_round td") or "envoyée" in b.text("#relay-last_round td")
    shot(b, tmp_path, "relay-fr")

    # the central server goes away: the relay fails, activities wait at the hub, the page says so
    central.stop()
    add_events(kit, lid, 5)
    SyncClient(kit).sync()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        b.goto(srv.url + "/admin/relay")
        if (b.text("#relay-last_error td") or "aucune") != "aucune":
            break
        time.sleep(0.5)
    assert b.text("#relay-last_error td") != "aucune" and b.text("#relay-backlog_up td") == "5"
    b.goto(srv.url + "/admin/warnings?lang=en")
    warning = b.text("#warn-relay_failing")
    assert "The relay to" in warning and "5 activities wait to go up" in warning
    shot(b, tmp_path, "relay-warning-en")
    out = json.loads(cc("server", "stats", "--db", srv.db, "--json").stdout)
    assert out["events"] == 45  # nothing lost at the hub
