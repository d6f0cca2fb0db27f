"""Enrolment codes: create (label, number of PCs, days), list, revoke, print as a card.

A code is shown once, when it is created (the server keeps only its hash): the page that shows it
offers the printable card, whose form sends the code back (POST, never in a URL)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse

from cc2desktop.core.certification.document import long_date
from cc2desktop.core.errors import NotFoundError, ValidationError
from cc2desktop.server import devices as data
from cc2desktop.server.admin.html import HTML, button, form, hidden, html, join, number, table, when
from cc2desktop.server.admin.web import SECURITY_HEADERS, Ctx, Screen
from cc2desktop.server.checks import is_loopback

TEXTS = {
    "codes.title": ("Codes d'inscription", "Enrolment codes"),
    "codes.intro": ("Un PC se relie à ce serveur avec un code : créez-en un, imprimez la carte et posez-la près des "
                    "PC. "
                    "Le code n'est affiché qu'une fois, à sa création.",
                    "A PC connects to this server with a code: create one, print the card and put it next to the PCs. "
                    "The code is shown only once, when it is created."),
    "codes.new": ("Nouveau code", "New code"),
    "codes.label": ("Libellé (par exemple : « Salle 2 »)", "Label (for example: “Room 2”)"),
    "codes.uses": ("Nombre de PC", "Number of PCs"),
    "codes.days": ("Valable (jours)", "Valid for (days)"),
    "codes.create": ("Créer le code", "Create the code"),
    "codes.list": ("Codes existants", "Existing codes"),
    "codes.empty": ("Aucun code pour l'instant : créez-en un ci-dessus.", "No code yet: create one above."),
    "codes.col.label": ("Libellé", "Label"),
    "codes.col.created": ("Créé", "Created"),
    "codes.col.expires": ("Expire", "Expires"),
    "codes.col.left": ("Utilisations restantes", "Uses left"),
    "codes.col.devices": ("PC inscrits", "PCs enrolled"),
    "codes.col.state": ("État", "State"),
    "codes.state.active": ("valable", "valid"),
    "codes.state.expired": ("expiré", "expired"),
    "codes.state.used_up": ("épuisé", "used up"),
    "codes.state.revoked": ("révoqué", "revoked"),
    "codes.revoke": ("Révoquer", "Revoke"),
    "codes.created.title": ("Code créé", "Code created"),
    "codes.created.text": ("Notez ce code ou imprimez la carte maintenant : il ne sera plus affiché.",
                           "Write this code down or print the card now: it will not be shown again."),
    "codes.created.valid": ("Valable jusqu'au {date} pour {uses} PC.", "Valid until {date} for {uses} PC(s)."),
    "codes.address": ("Adresse du serveur :", "Server address:"),
    "codes.print": ("Carte à imprimer", "Printable card"),
    "codes.back": ("Retour aux codes", "Back to the codes"),
    "codes.print.hint": ("Imprimez cette page avec la commande Imprimer du navigateur (Ctrl+P).",
                         "Print this page with the browser's Print command (Ctrl+P)."),
    "msg.code_revoked": ("Code révoqué : plus aucun PC ne peut s'inscrire avec lui (ceux déjà inscrits le restent).",
                         "Code revoked: no more PCs can enrol with it (those already enrolled stay enrolled)."),
    "err.no_code": ("Ce code n'existe pas.", "This code does not exist."),
    "err.code_gone": ("Ce code n'est plus valable : créez-en un nouveau.",
                      "This code is no longer valid: create a new one."),
    "err.code_label": ("Libellé trop long (120 caractères au plus).", "Label too long (120 characters at most)."),
    "err.code_uses": ("Nombre de PC : entre 1 et 500.", "Number of PCs: between 1 and 500."),
    "err.code_days": ("Durée : entre 1 et 365 jours.", "Validity: between 1 and 365 days."),
}

# The card is bilingual whatever the page's language: it is posted next to the PCs.
CARD = {
    "title": ("Relier ce PC au serveur du centre", "Connect this PC to the centre's server"),
    "address": ("Adresse du serveur", "Server address"),
    "code": ("Code", "Code"),
    "valid": ("Valable jusqu'au {date} pour {uses} PC", "Valid until {date} for {uses} PC(s)"),
    "steps": (["Ouvrez cc2desktop.", "Menu Synchronisation › Connecter ce PC à un serveur…",
               "Tapez l'adresse et le code ci-dessus, puis validez.",
               "Pour les cours : menu Cours › Télécharger des cours… (même adresse)."],
              ["Open cc2desktop.", "Menu Sync › Connect this PC to a server…",
               "Type the address and the code above, then confirm.",
               "For courses: menu Courses › Download courses… (same address)."]),
}

CARD_CSS = """
body{margin:0;font:15px/1.4 "DejaVu Sans",Verdana,Arial,sans-serif;color:#111;background:#e9eef0}
.hint{max-width:150mm;margin:12px auto;color:#333}
.card{background:#fff;width:150mm;max-width:96%;margin:10px auto;border:2px dashed #0f5e63;padding:7mm 9mm;
box-sizing:border-box;page-break-inside:avoid}
.card h1{font-size:19px;margin:0 0 2px;color:#0f5e63}
.card h2{font-size:15px;margin:0 0 10px;color:#37474f;font-weight:normal}
.k{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#555;margin-top:8px}
.addr{font:bold 22px "DejaVu Sans Mono",monospace;word-wrap:break-word}
.code{font:bold 40px "DejaVu Sans Mono",monospace;letter-spacing:.08em;margin:2px 0 4px;white-space:nowrap}
.valid{color:#333;font-size:13px}
.cols{overflow:hidden;margin-top:10px;border-top:1px solid #ccc;padding-top:8px}
.cols div{float:left;width:48%;margin-right:2%;font-size:12.5px}.cols ol{margin:4px 0 0 18px;padding:0}
@media print{body{background:#fff}.hint{display:none}.card{margin:0 auto 8mm;max-width:none}}
@media (max-width:520px){.code{font-size:28px}.addr{font-size:17px}.cols div{float:none;width:auto}}
"""


def address_for(ctx: Ctx) -> str:
    """The address PCs type: ``--public-url``; else the one this browser reached (when it is not
    this computer's loopback); else the server's LAN address."""
    if ctx.cfg is not None and ctx.cfg.public_url:
        return ctx.cfg.address()
    host = ctx.request.headers.get("host", "")
    name = host.rsplit(":", 1)[0].strip("[]") if host else ""
    if name and not is_loopback(name):
        return f"{ctx.request.url.scheme}://{host}"
    return ctx.cfg.address() if ctx.cfg is not None else f"{ctx.request.url.scheme}://{host}"


def _create_form(ctx: Ctx, values: dict[str, str]) -> HTML:
    t = ctx.t
    inner = html(
        '<label for="label">{}</label><input type="text" id="label" name="label" maxlength="120" value="{}">'
        '<div class="row"><div class="col" style="width:auto;min-width:0"><label for="uses">{}</label>'
        '<input type="number" id="uses" name="uses" min="1" max="500" required value="{}"></div>'
        '<div class="col" style="width:auto;min-width:0"><label for="days">{}</label>'
        '<input type="number" id="days" name="days" min="1" max="365" required value="{}"></div></div>'
        '<div class="actions">{}</div>',
        t("codes.label"), values.get("label", ""), t("codes.uses"), values.get("uses", "1"), t("codes.days"),
        values.get("days", "7"), button(t("codes.create")))
    return html('<div class="box"><h2>{}</h2>{}</div>', t("codes.new"), form(ctx.url("codes/create"), ctx.csrf, inner))


def render(ctx: Ctx, values: dict[str, str] | None = None, error: str | None = None) -> HTML:
    t, lang = ctx.t, ctx.lang
    rows = []
    for c in data.list_codes(ctx.hub):
        action: Any = ""
        if c["state"] == "active":
            action = form(ctx.url("codes/revoke"), ctx.csrf,
                          hidden("id", c["id"]) + button(t("codes.revoke"), cls="light"), cls="inline")
        rows.append([c["label"] or "—", when(c["created_at"], lang), when(c["expires_at"], lang),
                     number(c["uses_left"], lang) if c["state"] == "active" else "—", number(c["devices"], lang),
                     t(f"codes.state.{c['state']}"), action])
    out = html("<p>{}</p>", t("codes.intro"))
    if error:
        out += ctx.notice(error, "err")
    out += _create_form(ctx, values or {})
    out += html("<h2>{}</h2>", t("codes.list")) + table(
        [t("codes.col.label"), t("codes.col.created"), t("codes.col.expires"), t("codes.col.left"),
         t("codes.col.devices"), t("codes.col.state"), ""], rows, empty=t("codes.empty"), cls="codes")
    return out


def _int(text: str | None) -> int:
    try:
        return int(str(text or "").strip())
    except ValueError:
        return 0


def create(ctx: Ctx) -> Any:
    f = ctx.form
    try:
        code = data.new_code(ctx.hub, label=f.get("label", ""), uses=_int(f.get("uses")), days=_int(f.get("days")))
    except ValidationError as exc:
        key = f"err.{exc.code}"
        msg = ctx.t(key) if ctx.admin.catalog.has(key) else ctx.t("err.bad_form")
        return ctx.page(ctx.t("codes.title"), render(ctx, f, msg), status=400)
    row = data.find_code(ctx.hub, code)
    t = ctx.t
    body = html(
        '<div class="box"><p>{}</p><p class="mono" id="new-code" style="font-size:2em;font-weight:bold;'
        'letter-spacing:.06em;margin:.2em 0">{}</p><p>{}</p><p>{} <span class="mono">{}</span></p>{}</div>',
        t("codes.created.text"), code,
        t("codes.created.valid", date=when(row["expires_at"], ctx.lang), uses=row["uses_left"]),
        t("codes.address"), address_for(ctx),
        form(ctx.url("codes/card"), ctx.csrf, hidden("code", code) + button(t("codes.print"))
             + html('<a href="{}">{}</a>', ctx.url("codes"), t("codes.back"))))
    return ctx.page(t("codes.created.title"), body)


def card(ctx: Ctx) -> Any:
    code = ctx.form.get("code", "")[:40]
    row = data.find_code(ctx.hub, code) if code else None
    if row is None or row["state"] != "active":
        return ctx.redirect("codes", err="err.code_gone")
    address = address_for(ctx)
    one = html(
        '<div class="card"><h1>{}</h1><h2>{}</h2>'
        '<div class="k">{} · {}</div><div class="addr">{}</div>'
        '<div class="k">{}</div><div class="code">{}</div>'
        '<div class="valid">{}<br>{}</div>'
        '<div class="cols"><div lang="fr"><strong>Français</strong><ol>{}</ol></div>'
        '<div lang="en"><strong>English</strong><ol>{}</ol></div></div></div>',
        CARD["title"][0], CARD["title"][1], CARD["address"][0], CARD["address"][1], address, CARD["code"][0], code,
        CARD["valid"][0].format(date=long_date(row["expires_at"], "fr"), uses=row["uses_left"]),
        CARD["valid"][1].format(date=long_date(row["expires_at"], "en"), uses=row["uses_left"]),
        join(html("<li>{}</li>", s) for s in CARD["steps"][0]), join(html("<li>{}</li>", s) for s in CARD["steps"][1]))
    copies = max(1, min(int(row["uses_left"]), 4))
    page = html('<!doctype html><html lang="{}"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title>'
                '<style>{}</style></head><body><p class="hint">{} <a href="{}">{}</a></p>{}</body></html>',
                ctx.lang, ctx.t("codes.print"), HTML(CARD_CSS), ctx.t("codes.print.hint"), ctx.url("codes"),
                ctx.t("codes.back"), join([one] * copies))
    resp = HTMLResponse(page)
    for k, v in SECURITY_HEADERS.items():
        resp.headers[k] = v
    return resp


def revoke(ctx: Ctx) -> Any:
    try:
        data.revoke_code(ctx.hub, ctx.form.get("id", ""))
    except NotFoundError:
        return ctx.redirect("codes", err="err.no_code")
    return ctx.redirect("codes", msg="msg.code_revoked")


SCREEN = Screen("codes", "codes.title", render, actions={"create": create, "card": card, "revoke": revoke}, texts=TEXTS)
