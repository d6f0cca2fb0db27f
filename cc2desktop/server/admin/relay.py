"""Relay: a centre's hub and the central server (docs/centre-hub.md). On a centre's hub: the
central server it relays to, the last round that succeeded, what waits to go up and to come down,
the last error. On the central server: the centres that relay to it."""

from __future__ import annotations

from cc2desktop.server.admin.html import HTML, ago, html, join, number, table, when
from cc2desktop.server.admin.web import Ctx, Screen

TEXTS = {
    "relay.title": ("Relais", "Relay"),
    "relay.intro_hub": ("Ce serveur est le serveur d'un centre : il transmet les activités de ses PC au serveur du "
                        "programme et en reçoit ce qui concerne ses apprenant·es (certificats, changements de profil, "
                        "activités faites dans d'autres centres). Il ne note aucun examen.",
                        "This server is a centre's hub: it passes its PCs' activities on to the programme's server "
                        "and receives what concerns its learners (certificates, profile changes, activities made in "
                        "other centres). It grades no exam."),
    "relay.none": ("Ce serveur ne relaie vers aucun serveur du programme. Pour en faire le serveur d'un centre : "
                   "« cc2desktop server upstream ADRESSE --code CODE » avec un code de centre du serveur du programme.",
                   "This server relays to no programme server. To make it a centre's hub: “cc2desktop server "
                   "upstream URL --code CODE” with a centre code from the programme's server."),
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
    "relay.centres_none": ("Aucun centre ne relaie vers ce serveur. Créez un code de centre : « cc2desktop server "
                           "enrolment-code --for-hub ».",
                           "No centre relays to this server. Make a centre code: “cc2desktop server enrolment-code "
                           "--for-hub”."),
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
    return html('<p>{}</p><div class="scroll" style="max-width:48em"><table class="stats"><tbody>{}</tbody></table>'
                "</div>", t("relay.intro_hub"), body)


def _centres_part(ctx: Ctx) -> HTML:
    from cc2desktop.server.relay.central import centre_stats

    t, lang = ctx.t, ctx.lang
    rows = [[c["name"] or c["id"], f"{when(c['last_seen_at'], lang)} ({ago(c['last_seen_at'], lang)})",
             number(c["devices"], lang), t("relay.c.revoked") if c["revoked_at"] else t("relay.c.active")]
            for c in centre_stats(ctx.hub)]
    return html("<h2>{}</h2>", t("relay.centres")) + table(
        [t("relay.c.name"), t("relay.c.seen"), t("relay.c.devices"), t("relay.c.state")], rows,
        empty=t("relay.centres_none"), cls="centres")


def render(ctx: Ctx) -> HTML:
    from cc2desktop.server.relay.upstream import upstream_of

    up = upstream_of(ctx.hub)
    if up is None:
        return html("<p>{}</p>", ctx.t("relay.none")) + _centres_part(ctx)
    from cc2desktop.server.relay.central import centre_stats

    return _hub_part(ctx, up) + (_centres_part(ctx) if centre_stats(ctx.hub) else HTML(""))


SCREEN = Screen("relay", "relay.title", render, texts=TEXTS)
