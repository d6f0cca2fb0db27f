"""The admin page of a real ``cc2desktop serve`` in a real headless Chromium: first start, sign-in,
CSRF, enrolment codes and a real PC enrolling with one, statistics, revocation, warnings, FR/EN,
screenshots at 1366×768 and on a phone."""

from __future__ import annotations

import base64
import json
import re
import subprocess

from tests.admin.conftest import cc, shot

PASSWORD = "centre-hub-2026"
FR_NAV = ["Statistiques", "Chiffres du programme", "Appels à projets", "Ordinateurs", "Codes d'inscription", "Relais",
          "Signalements d'examens", "Forum : modération", "Configuration", "Mot de passe"]
EN_NAV = ["Statistics", "Programme figures", "Calls for projects", "Computers", "Enrolment codes", "Relay",
          "Exam flags", "Forum moderation", "Configuration", "Password"]


def _sign_in(b, url: str, password: str) -> None:
    b.goto(url + "/admin/login")
    b.type("#password", password)
    b.click("form button[type=submit]")


def _nav(b) -> list[str]:
    return b.js("[...document.querySelectorAll('nav a')].map(a => a.firstChild.textContent.trim())")


def _stats_on_page(b) -> dict:
    return b.js("Object.fromEntries([...document.querySelectorAll('tr[id^=stat-] td.n')]"
                ".map(td => [td.parentNode.id.slice(5), Number(td.dataset.value)]))")


def test_hub_admin_in_a_browser(serve, browser, tmp_path):
    srv = serve("--host", "127.0.0.1")
    b = browser
    # serve said, one line each, that it can grade no course and signs with the DEMO key
    err = "".join(srv.lines)
    assert sum("can grade no course" in ln for ln in srv.lines) == 1
    assert sum("DEMO key" in ln for ln in srv.lines) == 1
    log = (srv.data_dir / "server.log").read_text(encoding="utf-8")
    assert log.count("can grade no course") == 1 and log.count("DEMO key") == 1
    code = srv.setup_code
    assert code, err

    # first visit: the first-start page, in French
    b.goto(srv.url + "/admin/")
    assert b.url.endswith("/admin/setup") and b.js("document.documentElement.lang") == "fr"
    assert "Premier démarrage" in b.text("h1")
    shot(b, tmp_path, "setup-fr")
    # someone on the LAN without the code cannot take the page over
    b.type("#code", "AAAA-BBBB-CCCC")
    b.type("#password", "intruder-password")
    b.type("#again", "intruder-password")
    b.click("form button[type=submit]")
    assert "n'est pas le bon" in b.text(".msg.err")
    b.goto(srv.url + "/admin/login")
    assert b.url.endswith("/admin/setup")  # still no password
    # the code from the server's window (typed in lower case, as people do)
    b.type("#code", code.lower())
    b.type("#password", PASSWORD)
    b.type("#again", PASSWORD)
    b.click("form button[type=submit]")
    assert b.url.endswith("/admin/stats?msg=msg.password_set"), b.url
    assert _nav(b) == FR_NAV and "Mot de passe enregistré" in b.text(".msg.ok")
    cookies = {c["name"]: c for c in b.cookies()}
    assert cookies["cc2admin"]["httpOnly"] and cookies["cc2admin"]["sameSite"] == "Strict"
    stored = json.loads(cc("server", "stats", "--db", srv.db, "--json").stdout)
    assert stored["devices"] == 0
    # the setup code is spent: the first-start page now sends to sign-in
    b.goto(srv.url + "/admin/setup")
    assert not b.url.endswith("/setup")

    # sign out, wrong password refused, right one accepted
    b.click(".tools button")
    assert b.url.endswith("/admin/login?msg=msg.signed_out") and "déconnecté" in b.text(".msg.ok")
    b.goto(srv.url + "/admin/devices")
    assert "/admin/login" in b.url
    _sign_in(b, srv.url, "not-the-password")
    assert "Mot de passe incorrect" in b.text(".msg.err") and not b.exists("nav a")
    _sign_in(b, srv.url, PASSWORD)
    assert b.url.endswith("/admin/stats") and _nav(b) == FR_NAV

    # a POST without its CSRF token does nothing
    b.goto(srv.url + "/admin/codes")
    assert b.exists(".empty")
    b.post_form("/admin/codes/create", {"label": "forged", "uses": "5", "days": "7"})
    assert "expiré" in b.text(".msg.err")
    b.post_form("/admin/codes/create", {"label": "forged", "uses": "5", "days": "7", "csrf": "0" * 64})
    assert "expiré" in b.text(".msg.err")
    b.goto(srv.url + "/admin/codes")
    assert b.exists(".empty") and "forged" not in b.text("body")

    # create a code, print its card
    b.type("#label", "Salle <2> & co")
    b.type("#uses", "2")
    b.click(".box form button[type=submit]")
    enrol_code = b.text("#new-code").strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", enrol_code)
    shot(b, tmp_path, "code-created-fr")
    b.click("form[action='/admin/codes/card'] button")
    card = b.text(".card")
    assert enrol_code in card and srv.url in card
    assert "Connecter ce PC à un serveur" in card and "Connect this PC" in card
    assert b.js("document.querySelectorAll('.card').length") == 2  # one per PC it is for
    shot(b, tmp_path, "code-card", full_page=True)
    pdf = tmp_path / "card.pdf"  # what the printer gets: the cards, not the hint above them
    pdf.write_bytes(base64.b64decode(b.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})["data"]))
    printed = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert printed.count(enrol_code) == 2 and "Ctrl+P" not in printed
    b.goto(srv.url + "/admin/codes")
    assert "Salle <2> & co" in b.text("table.codes") and not b.exists("table.codes b")
    shot(b, tmp_path, "codes-fr")

    # a real PC enrols with it and syncs
    pc = tmp_path / "pc"
    sim = json.loads(cc("--data-dir", pc, "demo", "simulate", "--learners", "3", "--days", "2").stdout)
    cc("--data-dir", pc, "device", "enrol", srv.url, "--code", enrol_code, "--name", "PC <b>salle</b> 2")
    cc("--data-dir", pc, "sync")
    b.goto(srv.url + "/admin/devices")
    row = b.text("table.devices tbody tr")
    assert "PC <b>salle</b> 2" in row and "à l'instant" in row and not b.exists("table.devices b")
    cells = b.js("[...document.querySelectorAll('table.devices tbody tr:first-child td')].map(td => td.innerText)")
    assert cells[4] == "3" and cells[5] == "0" and cells[6] == "0"  # learners, to receive, refused
    shot(b, tmp_path, "devices-fr")

    # statistics: the same figures as `server stats --json` (here with --db as a plain path)
    b.click("a[href='/admin/stats']")
    stats = json.loads(cc("server", "stats", "--db", srv.db, "--json").stdout)
    assert _stats_on_page(b) == stats and stats["events"] == sim["events"] and stats["learners"] == 3
    shot(b, tmp_path, "stats-fr")

    # revoke the PC (with a confirmation step): its next sync is refused
    b.goto(srv.url + "/admin/devices")
    b.click("table.devices a[href*='/admin/devices/revoke']")
    assert "Révoquer" in b.text("h1") and "PC <b>salle</b> 2" in b.text(".box")
    shot(b, tmp_path, "device-revoke-confirm-fr")
    b.click(".box button.danger")
    assert "PC révoqué" in b.text(".msg.ok") and "révoqué (" in b.text("table.devices")
    refused = cc("--data-dir", pc, "sync", check=False)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "revoked" in refused.stderr
    assert json.loads(cc("server", "stats", "--db", srv.db, "--json").stdout)["devices"] == 0

    # warnings: no course to grade, DEMO key, listening on this computer only
    b.goto(srv.url + "/admin/warnings")
    for code_ in ("no_course", "demo_issuer_key", "loopback_only"):
        assert b.exists(f"#warn-{code_}"), code_
    assert "ne peut noter aucun cours" in b.text("#warn-no_course")
    assert b.text("nav a.cur .n") == "2"  # errors and warnings counted beside the tab
    shot(b, tmp_path, "warnings-fr")

    # English, and back; the choice sticks
    b.click(".tools a[hreflang=en]")
    assert b.js("document.documentElement.lang") == "en" and _nav(b) == EN_NAV
    assert "This server can grade no course" in b.text("#warn-no_course")
    shot(b, tmp_path, "warnings-en")
    for screen in ("stats", "devices", "codes", "account"):
        b.goto(f"{srv.url}/admin/{screen}")
        body = b.text("body")
        assert _nav(b) == EN_NAV
        for fr in ("Statistiques", "Ordinateurs", "Se déconnecter", "Révoquer", "Nombre", "Libellé"):
            assert fr not in body, (screen, fr)
        assert b.layout_overflow() == 0, screen
        shot(b, tmp_path, f"{screen}-en")
    b.click(".tools a[hreflang=fr]")
    assert _nav(b) == FR_NAV
    for screen in ("stats", "devices", "codes", "warnings", "account"):
        b.goto(f"{srv.url}/admin/{screen}")
        body = b.text("body")
        assert b.js("document.documentElement.lang") == "fr" and _nav(b) == FR_NAV
        for en in ("Statistics", "Computers", "Sign out", "Revoke", "Count", "Label", "Warning", "Problem"):
            assert en not in body, (screen, en)

    # readable on a phone: no sideways scrolling of the page (tables scroll in their box)
    b.viewport(360, 740, mobile=True, scale=2)
    for screen in ("stats", "devices", "codes", "warnings"):
        b.goto(f"{srv.url}/admin/{screen}")
        assert b.layout_overflow() == 0, screen
    shot(b, tmp_path, "warnings-phone")


def test_hub_with_a_course_warns_only_about_demo_keys(serve, browser, tmp_path):
    srv = serve("--host", "0.0.0.0", "--public-url", "http://hub.centre.example:8765", courses=True)
    assert not any("can grade no course" in ln for ln in srv.lines)
    assert sum("DEMO key" in ln for ln in srv.lines) == 1
    b = browser
    b.goto(srv.url + "/admin/")
    b.type("#code", srv.setup_code)
    b.type("#password", PASSWORD)
    b.type("#again", PASSWORD)
    b.click("form button[type=submit]")
    b.goto(srv.url + "/admin/warnings")
    assert not b.exists("#warn-no_course") and not b.exists("#warn-no_packs") and not b.exists("#warn-loopback_only")
    assert b.exists("#warn-demo_issuer_key") and b.exists("#warn-demo_publisher")
    assert "demo-intro-civictech" in b.text("#warn-courses")
    # the card names the public address, not the one this browser used
    b.goto(srv.url + "/admin/codes")
    b.click(".box form button[type=submit]")
    b.click("form[action='/admin/codes/card'] button")
    assert "http://hub.centre.example:8765" in b.text(".card")
