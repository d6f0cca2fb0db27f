"""Relay: a centre's hub and the central server (docs/centre-hub.md). On a centre's hub: the
central server it relays to, the last round that succeeded, what waits to go up and to come down,
the last error, and "relay now". On a server that relays to none: the form that makes it a centre's
hub (the central server's address and a centre code), and the codes it gives centres' hubs when it is
the central server, with the centres that relay to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cc2desktop.core.errors import CCError, NotFoundError, ValidationError
from cc2desktop.server import devices as data
from cc2desktop.server.admin.codes import address_for
from cc2desktop.server.admin.html import HTML, ago, button, form, hidden, html, join, number, table, when
from cc2desktop.server.admin.web import Ctx, Screen

TEXTS = {
    "relay.title": ("Relais", "Relay"),
    "relay.intro_hub": ("Ce serveur est le serveur d'un centre : il transmet les activités de ses PC au serveur du "
                        "programme et en reçoit ce qui concerne ses apprenant·es (certificats, changements de profil, "
                        "activités faites dans d'autres centres). Il ne note aucun examen.",
                        "This server is a centre's hub: it passes its PCs' activities on to the programme's server "
                        "and receives what concerns its learners (certificates, profile changes, activities made in "
                        "other centres). It grades no exam."),
    "relay.none": ("Ce serveur ne relaie vers aucun serveur du programme. Si c'est le serveur d'un centre, reliez-le "
                   "ci-dessous avec l'adresse du serveur du programme et un code de centre donné par l'équipe du "
                   "programme.",
                   "This server relays to no programme server. If it is a centre's hub, connect it below with the "
                   "programme server's address and a centre code from the programme team."),
    "relay.enrol.title": ("Relier ce serveur au serveur du programme", "Connect this server to the programme's server"),
    "relay.enrol.url": ("Adresse du serveur du programme (par exemple : https://serveur-du-programme.org)",
                        "Programme server address (for example: https://programme-server.org)"),
    "relay.enrol.code": ("Code de centre", "Centre code"),
    "relay.enrol.name": ("Nom du centre, tel que le serveur du programme l'affichera",
                         "This centre's name, as the programme's server shows it"),
    "relay.enrol.note": ("Une fois relié, ce serveur transmet les activités de ses PC et ne note plus aucun examen : "
                         "le serveur du programme les note et signe les certificats.",
                         "Once connected, this server passes its PCs' activities on and grades no more exams: the "
                         "programme's server grades them and signs the certificates."),
    "relay.enrol.submit": ("Relier ce serveur", "Connect this server"),
    "relay.now": ("Relayer maintenant", "Relay now"),
    "relay.code.title": ("Code pour le serveur d'un centre", "Code for a centre's hub"),
    "relay.code.intro": ("Le serveur d'un centre se relie à ce serveur avec un code de centre (un code par centre). "
                         "Donnez-le à l'administrateur·rice du centre avec l'adresse de ce serveur.",
                         "A centre's hub connects to this server with a centre code (one code per centre). Give it "
                         "to the centre's administrator with this server's address."),
    "relay.code.label": ("Nom du centre (par exemple : « Centre de Thiès »)",
                         "Centre name (for example: “Thiès centre”)"),
    "relay.code.days": ("Valable (jours)", "Valid for (days)"),
    "relay.code.create": ("Créer le code de centre", "Create the centre code"),
    "relay.code.created": ("Code de centre créé", "Centre code created"),
    "relay.code.text": ("À taper sur la page Relais du serveur du centre, avec l'adresse ci-dessous. Notez-le "
                        "maintenant : il ne sera plus affiché.",
                        "To type on the centre's hub's Relay page, with the address below. Write it down now: it "
                        "will not be shown again."),
    "relay.code.valid": ("Valable jusqu'au {date}, pour un seul serveur de centre.",
                         "Valid until {date}, for one centre's hub."),
    "relay.code.address": ("Adresse de ce serveur :", "This server's address:"),
    "relay.code.back": ("Retour au relais", "Back to the relay"),
    "relay.codes": ("Codes de centre en attente", "Centre codes not used yet"),
    "relay.codes.expires": ("Expire", "Expires"),
    "relay.codes.revoke": ("Révoquer", "Revoke"),
    "msg.relay_enrolled": ("Ce serveur est maintenant le serveur d'un centre : il relaie vers le serveur du programme.",
                           "This server is now a centre's hub: it relays to the programme's server."),
    "msg.relay_woken": ("Relais lancé : actualisez la page dans un instant pour voir ce qui a été transmis.",
                        "Relay started: reload the page in a moment to see what moved."),
    "msg.relay_code_revoked": ("Code de centre révoqué.", "Centre code revoked."),
    "err.relay.bad_url": ("L'adresse doit commencer par http:// ou https://.",
                          "The address must start with http:// or https://."),
    "err.relay.bad_enrolment_code": ("Le serveur du programme refuse ce code : vérifiez-le (il a peut-être expiré, "
                                     "déjà servi, ou c'est un code pour PC et non pour un centre).",
                                     "The programme's server refuses this code: check it (it may have expired, been "
                                     "used already, or be a code for PCs, not for a centre)."),
    "err.relay.offline": ("Le serveur du programme ne répond pas à cette adresse : vérifiez l'adresse et la connexion "
                          "Internet, puis réessayez.",
                          "The programme's server does not answer at this address: check the address and the "
                          "Internet connection, then try again."),
    "err.relay.answer_key_on_hub": ("Ce serveur a une clé de correction d'examen dans son dossier de cours : "
                                    "retirez-la d'abord (les clés de correction restent au serveur du programme).",
                                    "This server has an exam answer key in its courses folder: remove it first "
                                    "(answer keys stay on the programme's server)."),
    "err.relay.is_central": ("Des centres relaient vers ce serveur : c'est le serveur du programme, il ne peut pas "
                             "devenir celui d'un centre.",
                             "Centres relay to this server: it is the programme's server, it cannot become a "
                             "centre's hub."),
    "err.relay.failed": ("Le serveur n'a pas pu être relié : {detail}", "The server could not be connected: {detail}"),
    "relay.upstream": ("Serveur du programme", "Programme server"),
    "relay.centre": ("Identifiant du centre", "Centre id"),
    "relay.enrolled": ("Inscrit", "Enrolled"),
    "relay.last_success": ("Dernier relais réussi", "Last successful relay"),
    "relay.last_attempt": ("Dernière tentative", "Last attempt"),
    "relay.last_error": ("Dernière erreur", "Last error"),
    "relay.failures": ("Échecs de suite", "Failures in a row"),
    "relay.backlog_up": ("Activités en attente d'envoi", "Activities waiting to go up"),
    "relay.backlog_down": ("En attente de réception", "Waiting to come down"),
    "relay.sent_total": ("Activités transmises (total)", "Activities passed up (total)"),
    "relay.received_total": ("Activités reçues d'ailleurs (total)", "Activities received from elsewhere (total)"),
    "relay.last_round": ("Derniers échanges", "Last exchange"),
    "relay.round": ("{sent} envoyée(s), {received} reçue(s), {items} élément(s) reçu(s) (certificats, profils…)",
                    "{sent} sent, {received} received, {items} item(s) received (certificates, profiles…)"),
    "relay.never": ("jamais", "never"),
    "relay.ok": ("aucune", "none"),
    "relay.centres": ("Centres qui relaient vers ce serveur", "Centres relaying to this server"),
    "relay.centres_none": ("Aucun centre ne relaie vers ce serveur. Créez un code de centre ci-dessus (ou : "
                           "« cc2desktop server enrolment-code --for-hub »).",
                           "No centre relays to this server. Create a centre code above (or: “cc2desktop server "
                           "enrolment-code --for-hub”)."),
    "relay.c.name": ("Centre", "Centre"),
    "relay.c.seen": ("Dernier relais", "Last relay"),
    "relay.c.devices": ("PC relayés", "PCs relayed"),
    "relay.c.state": ("État", "State"),
    "relay.c.active": ("actif", "active"),
    "relay.c.revoked": ("révoqué", "revoked"),
}


def _hub_part(ctx: Ctx, up: dict) -> HTML:
    from cc2desktop.server.relay.upstream import backlog_up

    t, lang = ctx.t, ctx.lang
    never = t("relay.never")
    last = up.get("last_round") or {}
    rows = [
        ("upstream", t("relay.upstream"), up["url"]),
        ("centre", t("relay.centre"), up["centre_id"]),
        ("enrolled", t("relay.enrolled"), when(up["enrolled_at"], lang)),
        ("last_success", t("relay.last_success"),
         f"{when(up['last_success_at'], lang, never=never)} ({ago(up['last_success_at'], lang, never=never)})"),
        ("last_attempt", t("relay.last_attempt"), when(up["last_attempt_at"], lang, never=never)),
        ("last_error", t("relay.last_error"), up["last_error"] or t("relay.ok")),
        ("failures", t("relay.failures"), number(up["failures"] or 0, lang)),
        ("backlog_up", t("relay.backlog_up"), number(backlog_up(ctx.hub), lang)),
        ("backlog_down", t("relay.backlog_down"), number(up["backlog_down"] or 0, lang)),
        ("sent_total", t("relay.sent_total"), number(up["sent_total"] or 0, lang)),
        ("received_total", t("relay.received_total"), number(up["received_total"] or 0, lang)),
        ("last_round", t("relay.last_round"),
         t("relay.round", sent=last.get("sent", 0), received=last.get("received", 0), items=last.get("items", 0))
         if last else never),
    ]
    cls = ' class="bad"' if up.get("last_error") else ""
    row = '<tr id="relay-{}"><th scope="row">{}</th><td{}>{}</td></tr>'
    body = join(html(row, k, label, HTML(cls if k == "last_error" else ""), value) for k, label, value in rows)
    now = form(ctx.url("relay/now"), ctx.csrf, html('<div class="actions">{}</div>', button(t("relay.now"))))
    return html('<p>{}</p><div class="scroll" style="max-width:48em"><table class="stats"><tbody>{}</tbody></table>'
                "</div>{}", t("relay.intro_hub"), body, now)


def _enrol_form(ctx: Ctx, values: dict[str, str]) -> HTML:
    t = ctx.t
    inner = html(
        '<label for="url">{}</label>'
        '<input type="text" inputmode="url" id="url" name="url" maxlength="300" required value="{}">'
        '<label for="code">{}</label><input type="text" id="code" name="code" maxlength="40" required '
        'autocomplete="off" class="mono" value="{}">'
        '<label for="name">{}</label><input type="text" id="name" name="name" maxlength="120" value="{}">'
        '<p class="hint">{}</p><div class="actions">{}</div>',
        t("relay.enrol.url"), values.get("url", ""), t("relay.enrol.code"), values.get("code", ""),
        t("relay.enrol.name"), values.get("name", ""), t("relay.enrol.note"), button(t("relay.enrol.submit")))
    return html('<div class="box" id="relay-enrol"><h2>{}</h2>{}</div>', t("relay.enrol.title"),
                form(ctx.url("relay/enrol"), ctx.csrf, inner))


def _code_form(ctx: Ctx, values: dict[str, str]) -> HTML:
    t, lang = ctx.t, ctx.lang
    inner = html(
        '<label for="label">{}</label><input type="text" id="label" name="label" maxlength="120" value="{}">'
        '<label for="days">{}</label><input type="number" id="days" name="days" min="1" max="365" required '
        'value="{}" style="width:8em"><div class="actions">{}</div>',
        t("relay.code.label"), values.get("label", ""), t("relay.code.days"), values.get("days", "7"),
        button(t("relay.code.create")))
    out = html('<div class="box" id="relay-code"><h2>{}</h2><p>{}</p>{}</div>', t("relay.code.title"),
               t("relay.code.intro"), form(ctx.url("relay/code"), ctx.csrf, inner))
    pending = [c for c in data.list_codes(ctx.hub, role="centre") if c["state"] == "active"]
    if pending:
        rows = [[c["label"] or "—", when(c["expires_at"], lang),
                 form(ctx.url("relay/revoke"), ctx.csrf, hidden("id", c["id"])
                      + button(t("relay.codes.revoke"), cls="light"), cls="inline")] for c in pending]
        out += html("<h2>{}</h2>", t("relay.codes")) + table(
            [t("relay.c.name"), t("relay.codes.expires"), ""], rows, cls="centre-codes")
    return out


def _centres_part(ctx: Ctx) -> HTML:
    from cc2desktop.server.relay.central import centre_stats

    t, lang = ctx.t, ctx.lang
    rows = [[c["name"] or c["id"], f"{when(c['last_seen_at'], lang)} ({ago(c['last_seen_at'], lang)})",
             number(c["devices"], lang), t("relay.c.revoked") if c["revoked_at"] else t("relay.c.active")]
            for c in centre_stats(ctx.hub)]
    return html("<h2>{}</h2>", t("relay.centres")) + table(
        [t("relay.c.name"), t("relay.c.seen"), t("relay.c.devices"), t("relay.c.state")], rows,
        empty=t("relay.centres_none"), cls="centres")


def render(ctx: Ctx, values: dict[str, str] | None = None, error: str | None = None) -> HTML:
    from cc2desktop.server.relay.central import centre_stats
    from cc2desktop.server.relay.upstream import upstream_of

    up = upstream_of(ctx.hub)
    notice = ctx.notice(error, "err") if error else HTML("")
    if up is None:
        centres = centre_stats(ctx.hub)
        enrol = HTML("") if any(c["revoked_at"] is None for c in centres) else _enrol_form(ctx, values or {})
        return (html("<p>{}</p>", ctx.t("relay.none")) + notice + enrol + _code_form(ctx, values or {})
                + _centres_part(ctx))
    return notice + _hub_part(ctx, up) + (_centres_part(ctx) if centre_stats(ctx.hub) else HTML(""))


def _courses_dir(ctx: Ctx) -> tuple[Path | None, Path]:
    cfg = ctx.cfg
    data_dir = Path(cfg.data_dir) if cfg is not None and cfg.data_dir else Path(".")
    courses = Path(cfg.courses_dir) if cfg is not None and cfg.courses_dir else data_dir / "courses"
    return courses, data_dir


def enrol(ctx: Ctx) -> Any:
    """Make this running server a centre's hub: enrolled with the central server, grading stopped,
    the relay started in the background (as ``serve`` starts it for a hub enrolled by the CLI)."""
    from cc2desktop.server import background
    from cc2desktop.server.relay import upstream

    f = ctx.form
    values = {k: f.get(k, "").strip() for k in ("url", "code", "name")}
    try:
        if upstream.upstream_of(ctx.hub) is not None:
            raise ValidationError("this hub already relays", code="upstream_exists")
        courses, data_dir = _courses_dir(ctx)
        upstream.refuse_to_become_hub(ctx.hub, courses, data_dir)
        upstream.enrol(ctx.hub, values["url"], values["code"], values["name"] or None)
    except CCError as exc:
        key = f"err.relay.{exc.code}"
        msg = ctx.t(key) if ctx.admin.catalog.has(key) else ctx.t("err.relay.failed", detail=exc.message)
        return ctx.page(ctx.t("relay.title"), render(ctx, {**values, "code": ""}, msg), status=400)
    upstream.stop_grading(ctx.hub)
    background.start_relay(ctx.hub)
    return ctx.redirect("relay", msg="msg.relay_enrolled")


def relay_now(ctx: Ctx) -> Any:
    from cc2desktop.server import background

    relayer = background.start_relay(ctx.hub)
    if relayer is None:
        return ctx.redirect("relay")
    relayer.wake()
    return ctx.redirect("relay", msg="msg.relay_woken")


def new_centre_code(ctx: Ctx) -> Any:
    f = ctx.form
    t = ctx.t
    try:
        days = int(str(f.get("days") or "").strip())
    except ValueError:
        days = 0
    try:
        code = data.new_code(ctx.hub, label=f.get("label", ""), uses=1, days=days, role="centre")
    except ValidationError as exc:
        key = f"err.{exc.code}"
        msg = t(key) if ctx.admin.catalog.has(key) else t("err.bad_form")
        return ctx.page(t("relay.title"), render(ctx, dict(f), msg), status=400)
    row = data.find_code(ctx.hub, code)
    body = html(
        '<div class="box"><p>{}</p><p class="mono" id="new-code" style="font-size:2em;font-weight:bold;'
        'letter-spacing:.06em;margin:.2em 0">{}</p><p>{}</p><p>{} <span class="mono" id="this-address">{}</span></p>'
        '<p><a href="{}">{}</a></p></div>',
        t("relay.code.text"), code, t("relay.code.valid", date=when(row["expires_at"], ctx.lang)),
        t("relay.code.address"), address_for(ctx), ctx.url("relay"), t("relay.code.back"))
    return ctx.page(t("relay.code.created"), body)


def revoke_centre_code(ctx: Ctx) -> Any:
    try:
        data.revoke_code(ctx.hub, ctx.form.get("id", ""))
    except NotFoundError:
        return ctx.redirect("relay", err="err.no_code")
    return ctx.redirect("relay", msg="msg.relay_code_revoked")


SCREEN = Screen("relay", "relay.title", render, texts=TEXTS,
                actions={"enrol": enrol, "now": relay_now, "code": new_centre_code, "revoke": revoke_centre_code})
