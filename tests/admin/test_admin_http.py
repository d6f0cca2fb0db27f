"""The admin page's security over plain HTTP against a real ``serve``: backoff after wrong
passwords, password reset from the server's computer, foreign origins, escaping, and ``--db`` as a
plain file path on every server command."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time

import pytest
import requests

from tests.admin.conftest import ROOT, cc

PASSWORD = "centre-hub-2026"


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)


def _first_start(url: str, code: str, password: str = PASSWORD) -> requests.Session:
    s = requests.Session()
    r = s.post(url + "/admin/setup", data={"csrf": _csrf(s.get(url + "/admin/setup").text), "code": code,
                                           "password": password, "again": password})
    assert r.status_code == 200 and r.url.endswith("/admin/stats?msg=msg.password_set"), r.text[-500:]
    return s


def _login(url: str, password: str) -> requests.Response:
    s = requests.Session()
    csrf = _csrf(s.get(url + "/admin/login").text)
    r = s.post(url + "/admin/login", data={"csrf": csrf, "password": password})
    r.session = s  # type: ignore[attr-defined]
    return r


def test_backoff_after_wrong_passwords_and_reset_from_the_server(serve, tmp_path):
    srv = serve()
    admin = _first_start(srv.url, srv.setup_code)
    for _ in range(3):  # three mistakes cost nothing
        r = _login(srv.url, "wrong-password-1")
        assert r.status_code == 401 and "Mot de passe incorrect" in r.text
    r = _login(srv.url, "wrong-password-1")  # the fourth: from now on, wait (2 s, then 4 s…)
    t4 = time.monotonic()
    assert r.status_code == 401
    r = _login(srv.url, PASSWORD)  # even the right password is not checked during the wait
    assert r.status_code == 429 and "attendez" in r.text and "/admin/stats" not in r.url
    time.sleep(max(0.0, 2.2 - (time.monotonic() - t4)))
    r = _login(srv.url, PASSWORD)
    assert r.status_code == 200 and r.url.endswith("/admin/stats")
    # the signed-in admin still works; a reset from the server's computer signs everyone out
    assert admin.get(srv.url + "/admin/devices").url.endswith("/admin/devices")
    short = cc("server", "admin-password", "--db", srv.db, stdin="short\n", check=False)
    assert short.returncode == 1 and "at least 10" in short.stderr and short.stderr.count("\n") == 1
    assert admin.get(srv.url + "/admin/devices").url.endswith("/admin/devices")  # nothing changed
    cc("server", "admin-password", "--db", srv.db, stdin="a-new-long-password\n")
    assert "/admin/login" in admin.get(srv.url + "/admin/devices").url
    assert _login(srv.url, PASSWORD).status_code == 401
    assert _login(srv.url, "a-new-long-password").url.endswith("/admin/stats")
    # the password is stored as an scrypt hash, never in clear
    with sqlite3.connect(srv.db) as db:
        stored = dict(db.execute("SELECT key, value FROM server_meta WHERE key LIKE 'admin%'").fetchall())
    assert stored["admin_password"].startswith("scrypt$") and "a-new-long-password" not in json.dumps(stored)
    assert "admin_setup_code" not in stored


def test_foreign_origin_signed_out_post_and_escaping(serve):
    srv = serve()
    s = _first_start(srv.url, srv.setup_code)
    page = s.get(srv.url + "/admin/codes").text
    csrf = _csrf(page)
    # a page on another site posting with the admin's cookies is refused even with a token
    r = s.post(srv.url + "/admin/codes/create", data={"csrf": csrf, "label": "x", "uses": "1", "days": "7"},
               headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "Aucun code" in s.get(srv.url + "/admin/codes").text
    # the session's token, not another one, and not when signed out
    r = requests.post(srv.url + "/admin/codes/create", data={"csrf": csrf, "label": "x", "uses": "1", "days": "7"})
    assert "/admin/login" in r.url
    # bad values: one line each, nothing created
    for uses, days, want in (("0", "7", "entre 1 et 500"), ("3", "900", "entre 1 et 365"),
                             ("a", "7", "entre 1 et 500")):
        r = s.post(srv.url + "/admin/codes/create", data={"csrf": csrf, "label": "x", "uses": uses, "days": days})
        assert r.status_code == 400 and want in r.text
    assert "Aucun code" in s.get(srv.url + "/admin/codes").text
    # text is escaped everywhere (a label, the language cookie, query strings)
    r = s.post(srv.url + "/admin/codes/create", data={"csrf": csrf, "label": '<script>alert(1)</script>"',
                                                      "uses": "1", "days": "7"})
    assert r.status_code == 200
    page = s.get(srv.url + "/admin/codes?msg=<script>&err=err.csrf<b>").text
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in page
    assert "<b>" not in page
    s.cookies.set("cc2admin_lang", "<x>", path="/admin")
    assert "<x>" not in s.get(srv.url + "/admin/stats").text
    r = s.get(srv.url + "/admin/stats")
    assert r.headers["X-Frame-Options"] == "DENY" and "default-src 'none'" in r.headers["Content-Security-Policy"]
    assert s.get(srv.url + "/admin/nothing-here").status_code == 404
    # revoke a code: no PC can enrol with it any more
    code = re.search(r'id="new-code"[^>]*>([^<]+)<', s.post(srv.url + "/admin/codes/create", data={
        "csrf": csrf, "label": "Salle 3", "uses": "2", "days": "7"}).text).group(1)
    code_id = re.findall(r'name="id" value="([0-9a-f]{64})"', s.get(srv.url + "/admin/codes").text)[0]
    r = s.post(srv.url + "/admin/codes/revoke", data={"csrf": csrf, "id": code_id})
    assert "plus aucun PC" in r.text and ">révoqué<" in r.text
    refused = cc("--data-dir", srv.data_dir.parent / "pc", "device", "enrol", srv.url, "--code", code, check=False)
    assert refused.returncode == 1 and "enrolment code" in refused.stderr


def test_db_option_takes_a_plain_path_on_every_server_command(tmp_path):
    """Relative and absolute file paths, a folder, and the URL form, on ``server …``, ``sync import
    --db``, ``serve``; a missing folder is one line and creates nothing."""
    work = tmp_path / "work"
    (work / "hub").mkdir(parents=True)
    rel = os.path.join("hub", "centre.sqlite3")
    absolute = work / "hub" / "centre.sqlite3"
    code = cc("server", "enrolment-code", "--db", rel, "--label", "Salle 1", cwd=work).stdout.strip()
    assert absolute.is_file()
    assert json.loads(cc("server", "stats", "--db", absolute, "--json").stdout)["devices"] == 0
    assert json.loads(cc("server", "stats", "--db", f"sqlite:///{absolute}", "--json").stdout)["devices"] == 0
    # USB: the reply bundle is made against the same database, named by a relative path
    pc = tmp_path / "pc"
    cc("--data-dir", pc, "demo", "simulate", "--learners", "2", "--days", "1")
    bundle = cc("--data-dir", pc, "sync", "export", tmp_path / "usb", "--code", code).stdout.strip()
    cc("--data-dir", tmp_path / "hubdata", "sync", "import", bundle, "--db", rel, cwd=work)
    assert json.loads(cc("server", "stats", "--db", rel, "--json", cwd=work).stdout)["devices"] == 1
    assert cc("server", "certificates", "--db", rel, cwd=work).stdout.strip() == "no claim decided yet"
    # a folder means server.sqlite3 inside it
    cc("server", "enrolment-code", "--db", work / "hub", cwd=work)
    assert (work / "hub" / "server.sqlite3").is_file()
    # a typo in the folder: one line, nothing created
    bad = cc("server", "stats", "--db", "nowhere/centre.sqlite3", cwd=work, check=False)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "does not exist" in bad.stderr
    assert not (work / "nowhere").exists()
    rows = {}
    with sqlite3.connect(absolute) as db:
        rows = dict(db.execute("SELECT label, uses_left FROM enrolment_codes").fetchall())
    assert rows == {"Salle 1": 0}


@pytest.mark.parametrize("form", ["relative", "absolute"])
def test_serve_with_db_as_a_path(serve, tmp_path, form):
    db = tmp_path / "hub-db" / "centre.sqlite3"
    db.parent.mkdir()
    arg = os.path.relpath(db, ROOT) if form == "relative" else str(db)  # serve runs in ROOT
    srv = serve("--db", arg)
    code = cc("server", "enrolment-code", "--db", db).stdout.strip()
    cc("--data-dir", tmp_path / "pc", "device", "enrol", srv.url, "--code", code)
    assert json.loads(cc("server", "stats", "--db", db, "--json").stdout)["devices"] == 1
    assert not (srv.data_dir / "server.sqlite3").exists()  # the data dir's default was not used


def test_a_screen_added_by_another_domain_gets_the_layout_sign_in_and_csrf(tmp_path):
    """What a moderation queue or an applications review plugs into: one ``Screen``, and the page
    puts it in the nav (with its badge), signs the admin in and checks CSRF before its action runs."""
    from cc2desktop.server import admin
    from cc2desktop.server.admin.html import button, form, html
    from cc2desktop.server.admin.web import Screen
    from cc2desktop.server.app import create_app
    from cc2desktop.server.checks import ServeConfig
    from tests.support.live_server import ThreadedServer

    done: list[str] = []

    def render(ctx):
        return html("<p id='queue'>{}</p>", ctx.t("queue.empty")) + form(
            ctx.url("queue/approve"), ctx.csrf, button(ctx.t("queue.approve")))

    def approve(ctx):
        done.append(ctx.form.get("csrf", ""))
        return ctx.redirect("queue", msg="msg.queue_done")

    app = create_app(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    site = admin.mount(app, ServeConfig(data_dir=tmp_path))
    site.add_screen(Screen("queue", "queue.title", render, actions={"approve": approve}, badge=lambda ctx: 7, texts={
        "queue.title": ("File d'attente", "Queue"), "queue.empty": ("Rien à modérer.", "Nothing to moderate."),
        "queue.approve": ("Approuver", "Approve"), "msg.queue_done": ("Fait.", "Done.")}))
    with pytest.raises(ValueError):
        site.add_screen(Screen("queue", "queue.title", render))
    code = site.auth.new_setup_code()
    with ThreadedServer(app) as srv:
        anon = requests.post(srv.url + "/admin/queue/approve", data={"csrf": "x"})
        assert anon.url.endswith("/admin/setup") and not done  # signed out → sign-in → first start
        s = _first_start(srv.url, code)
        page = s.get(srv.url + "/admin/queue?lang=en").text
        assert "Nothing to moderate." in page
        assert re.search(r'href="/admin/queue" class="cur"[^>]*>Queue<span class="n">7<', page)
        assert s.post(srv.url + "/admin/queue/approve", data={}).status_code == 403 and not done
        r = s.post(srv.url + "/admin/queue/approve", data={"csrf": _csrf(page)})
        assert r.url.endswith("/admin/queue?msg=msg.queue_done") and "Done." in r.text and len(done) == 1
    app.state.hub.close()
