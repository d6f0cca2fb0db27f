"""Answer-sharing flags: clusters of exam answer sheets from one centre, close in time, with the same
unusual wrong answers (:mod:`cc2desktop.server.sharing`), for a person to review. A flag never
revokes anything: the reviewer records a conclusion; revoking a certificate stays a separate act
(``cc2desktop server certificates --revoke CODE``)."""

from __future__ import annotations

from typing import Any

from cc2desktop.core.errors import CCError
from cc2desktop.server import sharing
from cc2desktop.server.admin.html import HTML, button, form, hidden, html, join, table, when
from cc2desktop.server.admin.web import Ctx, Screen

TEXTS = {
    "flags.title": ("Signalements d'examens", "Exam flags"),
    "flags.intro": ("Groupes de copies d'examen d'un même centre, rendues à peu d'heures d'intervalle, qui "
                    "partagent les mêmes erreurs inhabituelles : un signe possible de réponses échangées. Un "
                    "signalement ne retire aucun certificat : examinez-le (séance, surveillance, copies), puis "
                    "notez votre conclusion. Révoquer un certificat reste une décision à part.",
                    "Groups of exam answer sheets from one centre, handed in a few hours apart, that share the same "
                    "unusual wrong answers: a possible sign of shared answers. A flag withdraws no certificate: "
                    "review it (session, supervision, sheets), then record your conclusion. Revoking a certificate "
                    "remains a separate decision."),
    "flags.empty": ("Aucun signalement.", "No flag."),
    "flags.centre": ("Centre", "Centre"),
    "flags.course": ("Cours", "Course"),
    "flags.sheets": ("Copies", "Sheets"),
    "flags.when": ("Rendues", "Handed in"),
    "flags.status": ("État", "Status"),
    "flags.open": ("à examiner", "to review"),
    "flags.dismissed": ("écarté", "dismissed"),
    "flags.confirmed": ("confirmé", "confirmed"),
    "flags.learner": ("Apprenant·e", "Learner"),
    "flags.result": ("Résultat", "Result"),
    "flags.code": ("Code du certificat", "Certificate code"),
    "flags.certified": ("certifié·e ({score} %)", "certified ({score}%)"),
    "flags.not_passed": ("non reçu·e ({score} %)", "not passed ({score}%)"),
    "flags.pending": ("en attente", "pending"),
    "flags.shared": ("Erreurs inhabituelles en commun", "Unusual wrong answers in common"),
    "flags.shared_item": ("question {q} : « {r} » (donnée par {p} % des copies)",
                          "question {q}: “{r}” (given by {p}% of sheets)"),
    "flags.note": ("Conclusion", "Conclusion"),
    "flags.dismiss": ("Écarter (rien d'anormal)", "Dismiss (nothing wrong)"),
    "flags.confirm": ("Confirmer (réponses échangées)", "Confirm (answers shared)"),
    "flags.reopen": ("Rouvrir", "Reopen"),
    "flags.revoke_hint": ("Pour révoquer un certificat : cc2desktop server certificates --revoke CODE (la liste de "
                          "révocation signée part vers tous les PC).",
                          "To revoke a certificate: cc2desktop server certificates --revoke CODE (the signed "
                          "revocation list goes to every PC)."),
    "msg.flag_saved": ("Conclusion enregistrée.", "Conclusion saved."),
    "err.no_flag": ("Ce signalement n'existe pas.", "This flag does not exist."),
}


def _status(ctx: Ctx, status: str) -> str:
    return ctx.t(f"flags.{status}")


def _result(ctx: Ctx, c: dict[str, Any]) -> str:
    if c.get("state") is None:
        return ctx.t("flags.pending")
    return ctx.t(f"flags.{c['state']}", score=c.get("score") if c.get("score") is not None else "—")


def render(ctx: Ctx) -> HTML:
    with ctx.hub.ReadSession() as s:
        flags = sharing.list_flags(s)
    parts = [html("<p>{}</p>", ctx.t("flags.intro"))]
    if not flags:
        return parts[0] + html("<p><em>{}</em></p>", ctx.t("flags.empty"))
    for f in flags:
        rows = [[c.get("name") or c["learner_id"][:8], when(c["submitted_at"], ctx.lang), _result(ctx, c),
                 html('<span class="mono">{}</span>', c.get("code") or "—")] for c in f["claims"]]
        shared = sorted({(x[0], x[1], x[2]) for e in f["evidence"] for x in e["shared_wrong"]})
        items = join(html("<li>{}</li>", ctx.t("flags.shared_item", q=q, r=r, p=round(100 * p)))
                     for q, r, p in shared[:12])
        actions = HTML("")
        for status in ("dismissed", "confirmed", "open"):
            if status != f["status"]:
                label = {"dismissed": "flags.dismiss", "confirmed": "flags.confirm", "open": "flags.reopen"}[status]
                actions += form(ctx.url("flags/review"), ctx.csrf,
                                hidden("id", f["id"]) + hidden("status", status)
                                + html('<label>{} <input name="note" value="{}" maxlength="500" size="40"></label> ',
                                       ctx.t("flags.note"), f.get("note") or "")
                                + button(ctx.t(label), cls="danger" if status == "confirmed" else ""))
        parts.append(html(
            '<div class="box"><h2>{} — {} · {} · {}</h2><p>{} : {} · {} : {}</p>{}<h3>{}</h3><ul>{}</ul>{}</div>',
            f["centre"], f["course"], ctx.t("flags.sheets") + f" : {len(f['claims'])}",
            _status(ctx, f["status"]), ctx.t("flags.when"), when(f["claims"][0]["submitted_at"], ctx.lang),
            ctx.t("flags.status"), _status(ctx, f["status"]),
            table([ctx.t("flags.learner"), ctx.t("flags.when"), ctx.t("flags.result"), ctx.t("flags.code")], rows,
                  cls="flags"),
            ctx.t("flags.shared"), items, actions))
    parts.append(html("<p><small>{}</small></p>", ctx.t("flags.revoke_hint")))
    return join(parts)


def review(ctx: Ctx) -> Any:
    try:
        with ctx.hub.Session.begin() as s:
            sharing.review(s, ctx.form.get("id", "")[:36], ctx.form.get("status", ""), ctx.form.get("note", "")[:500])
    except CCError:
        return ctx.redirect("flags", err="err.no_flag")
    return ctx.redirect("flags", msg="msg.flag_saved")


def badge(ctx: Ctx) -> int:
    with ctx.hub.ReadSession() as s:
        return sharing.count_open(s)


SCREEN = Screen("flags", "flags.title", render, actions={"review": review}, texts=TEXTS, badge=badge)
