"""Devices: the PCs enrolled with this server (name, last seen, what waits for them), revoke one."""

from __future__ import annotations

from typing import Any

from cc2desktop.core.errors import NotFoundError
from cc2desktop.server import devices as data
from cc2desktop.server.admin.html import HTML, ago, button, form, hidden, html, number, table, when
from cc2desktop.server.admin.web import Ctx, Screen

PAGE_SIZE = 100

TEXTS = {
    "devices.title": ("Ordinateurs", "Computers"),
    "devices.intro": ("Les PC inscrits auprès de ce serveur. « À recevoir » : activités et résultats que le serveur "
                      "garde pour ce PC depuis sa dernière synchronisation. Un PC révoqué ne peut plus se "
                      "synchroniser ; pour le réinscrire, créez un nouveau code.",
                      "The PCs enrolled with this server. “To receive”: activities and results the server holds for "
                      "this PC since its last sync. A revoked PC can no longer sync; to enrol it again, create a new "
                      "code."),
    "devices.empty": ("Aucun PC inscrit pour l'instant. Créez un code d'inscription (onglet « Codes d'inscription »), "
                      "puis tapez-le sur chaque PC : Synchronisation › Connecter ce PC à un serveur…",
                      "No PC enrolled yet. Create an enrolment code (“Enrolment codes” tab), then type it on each PC: "
                      "Sync › Connect this PC to a server…"),
    "devices.name": ("Nom", "Name"),
    "devices.id": ("Identifiant", "Id"),
    "devices.enrolled": ("Inscrit", "Enrolled"),
    "devices.seen": ("Dernière connexion", "Last seen"),
    "devices.learners": ("Apprenant·es", "Learners"),
    "devices.to_receive": ("À recevoir", "To receive"),
    "devices.refused": ("Activités refusées", "Refused activities"),
    "devices.state": ("État", "State"),
    "devices.active": ("actif", "active"),
    "devices.revoked": ("révoqué ({when})", "revoked ({when})"),
    "devices.unnamed": ("(sans nom)", "(no name)"),
    "devices.never": ("jamais", "never"),
    "devices.revoke": ("Révoquer…", "Revoke…"),
    "devices.confirm.title": ("Révoquer un PC", "Revoke a PC"),
    "devices.confirm.text": ("Révoquer « {name} » ({id}) ? Ce PC ne pourra plus se synchroniser avec ce serveur. "
                             "Ce qu'il a déjà envoyé reste ici ; ce qui n'est pas encore envoyé reste sur le PC.",
                             "Revoke “{name}” ({id})? This PC will no longer be able to sync with this server. What it "
                             "already sent stays here; what it has not sent yet stays on the PC."),
    "devices.confirm.button": ("Révoquer ce PC", "Revoke this PC"),
    "devices.page": ("PC {first} à {last} sur {total}", "PCs {first} to {last} of {total}"),
    "devices.next": ("Suivants →", "Next →"),
    "devices.prev": ("← Précédents", "← Previous"),
    "msg.device_revoked": ("PC révoqué : sa prochaine synchronisation sera refusée.",
                           "PC revoked: its next sync will be refused."),
    "err.no_device": ("Ce PC n'existe pas (ou plus).", "This PC does not exist (any more)."),
}


def _name(ctx: Ctx, d: dict[str, Any]) -> str:
    return d["name"] or ctx.t("devices.unnamed")


def render(ctx: Ctx) -> HTML:
    try:
        page = max(0, int(ctx.query.get("page", "0")))
    except ValueError:
        page = 0
    total = data.count_devices(ctx.hub)
    rows = data.list_devices(ctx.hub, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    lang = ctx.lang
    cells = []
    for d in rows:
        if d["revoked_at"]:
            state: Any = ctx.t("devices.revoked", when=when(d["revoked_at"], lang))
        else:
            state = html('{} <a href="{}">{}</a>', ctx.t("devices.active"), ctx.url("devices/revoke", id=d["id"]),
                         ctx.t("devices.revoke"))
        cells.append([_name(ctx, d), html('<span class="mono" title="{}">{}</span>', d["id"], d["id"][:8]),
                      when(d["enrolled_at"], lang),
                      html('<span title="{}">{}</span>', when(d["last_seen_at"], lang),
                           ago(d["last_seen_at"], lang, never=ctx.t("devices.never"))),
                      number(d["learners"], lang), "—" if d["revoked_at"] else number(d["to_receive"], lang),
                      number(d["refused"], lang), state])
    t = ctx.t
    out = html("<p>{}</p>", t("devices.intro")) + table(
        [t("devices.name"), t("devices.id"), t("devices.enrolled"), t("devices.seen"), t("devices.learners"),
         t("devices.to_receive"), t("devices.refused"), t("devices.state")], cells, empty=t("devices.empty"),
        cls="devices")
    if total > PAGE_SIZE:
        links = HTML("")
        if page > 0:
            links += html('<a href="{}">{}</a> ', ctx.url("devices", page=page - 1), t("devices.prev"))
        if (page + 1) * PAGE_SIZE < total:
            links += html('<a href="{}">{}</a>', ctx.url("devices", page=page + 1), t("devices.next"))
        out += html('<p>{} · {}</p>', t("devices.page", first=page * PAGE_SIZE + 1,
                                         last=min(total, (page + 1) * PAGE_SIZE), total=total), links)
    return out


def confirm_revoke(ctx: Ctx) -> Any:
    try:
        d = data.get_device(ctx.hub, ctx.query.get("id", ""))
    except NotFoundError:
        return ctx.redirect("devices", err="err.no_device")
    if d["revoked_at"]:
        return ctx.redirect("devices")
    body = html('<div class="box"><p>{}</p>{}</div>',
                ctx.t("devices.confirm.text", name=_name(ctx, d), id=d["id"][:8]),
                form(ctx.url("devices/revoke"), ctx.csrf,
                     hidden("id", d["id"]) + button(ctx.t("devices.confirm.button"), cls="danger")
                     + html('<a href="{}">{}</a>', ctx.url("devices"), ctx.t("cancel"))))
    return ctx.page(ctx.t("devices.confirm.title"), body)


def revoke(ctx: Ctx) -> Any:
    try:
        ctx.hub.revoke(ctx.form.get("id", "")[:36])
    except NotFoundError:
        return ctx.redirect("devices", err="err.no_device")
    return ctx.redirect("devices", msg="msg.device_revoked")


SCREEN = Screen("devices", "devices.title", render, pages={"revoke": confirm_revoke}, actions={"revoke": revoke},
                texts=TEXTS)
