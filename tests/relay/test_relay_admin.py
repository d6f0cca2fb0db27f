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


def _stats(srv) -> dict:
    return json.loads(cc("server", "stats", "--db", srv.db, "--json").stdout)


def test_a_centre_admin_connects_the_hub_from_its_admin_page(serve, browser, make_kit, tmp_path):  # noqa: F811
    """No terminal: the central server's Relay page makes a centre code; the hub's Relay page takes the
    central server's address and that code (refused while an exam answer key lies in its courses
    folder), the hub then relays in the background and "Relay now" sends what its PCs just synced."""
    from cc2desktop.core.sync.client import SyncClient

    dirs = {n: tmp_path / n for n in ("central", "hub")}
    for d in dirs.values():
        d.mkdir()
    central = serve(data_dir=dirs["central"])
    hub = serve("--relay-interval", "3600", data_dir=dirs["hub"])
    for srv in (central, hub):
        _set_password(srv)
    b = browser

    # the programme team makes a code for the centre's hub on the central server's page
    _sign_in(b, central.url)
    b.goto(central.url + "/admin/relay")
    assert b.exists("#relay-code") and b.exists("#relay-enrol")
    b.type("#relay-code #label", "Centre de Thiès")
    b.click("#relay-code button[type=submit]")
    code = b.text("#new-code").strip()
    assert len(code) > 12 and b.text("#this-address") == central.url
    shot(b, tmp_path, "relay-centre-code-fr")
    b.goto(central.url + "/admin/relay")
    assert "Centre de Thiès" in b.text("table.centre-codes")
    b.goto(central.url + "/admin/codes")
    assert "Centre de Thiès" not in b.text("body")  # the PCs' codes page lists codes for PCs only

    # the centre's admin types it on the hub's page: refused while an answer key is in its courses folder
    _sign_in(b, hub.url)

    def connect() -> None:
        b.goto(hub.url + "/admin/relay?lang=en")
        b.type("#url", central.url)
        b.type("#code", code)
        b.type("#name", "Centre de Thiès")
        b.click("#relay-enrol button[type=submit]")

    (dirs["hub"] / "courses").mkdir(exist_ok=True)
    key = dirs["hub"] / "courses" / "civic.cc2pack.exam-key.json"
    key.write_text("{}")
    connect()
    assert "exam answer key" in b.text(".msg.err") and b.exists("#relay-enrol")
    shot(b, tmp_path, "relay-connect-refused-en", full_page=True)
    assert b.js("document.querySelector('#url').value") == central.url  # what was typed stays, but the code
    key.unlink()
    connect()
    assert "now a centre's hub" in b.text(".msg.ok")
    assert b.text("#relay-upstream td") == central.url and not b.exists("#relay-enrol")
    deadline = time.monotonic() + 30  # the relay started in the background: its first round
    while "never" in b.text("#relay-last_success td") and time.monotonic() < deadline:
        time.sleep(0.3)
        b.goto(hub.url + "/admin/relay?lang=en")
    assert "never" not in b.text("#relay-last_success td")

    # a PC of the centre syncs with the hub; the next round is an hour away: "Relay now"
    kit = make_kit("pc")
    SyncClient(kit).enrol(hub.url, cc("server", "enrolment-code", "--db", hub.db).stdout.strip(), "pc")
    lid = add_learner(kit, "Ndèye")
    add_events(kit, lid, 30)
    SyncClient(kit).sync()
    assert _stats(central)["events"] == 0
    b.click("form[action='/admin/relay/now'] button")
    assert "Relay started" in b.text(".msg.ok")
    deadline = time.monotonic() + 30
    while _stats(central)["events"] < 30 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _stats(central)["events"] == 30
    b.goto(hub.url + "/admin/relay?lang=en")
    assert b.text("#relay-backlog_up td") == "0"
    shot(b, tmp_path, "relay-hub-connected-en")

    # the central server lists the centre; it is the central server now: no form to make it a hub
    _sign_in(b, central.url)
    b.goto(central.url + "/admin/relay")
    assert "Centre de Thiès" in b.text("table.centres") and not b.exists("#relay-enrol")
    assert not b.exists("table.centre-codes")  # the code was used
    r = cc("server", "upstream", hub.url, "--code", "XXXX", "--db", central.db, "--data-dir", dirs["central"],
           check=False)
    assert r.returncode == 1 and "it is the central server" in r.stderr
