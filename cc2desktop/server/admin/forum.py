"""The forum's moderation queue (docs/forum.md): the posts and edits awaiting a decision — approve
(published to every PC of the course), reject with a reason (only the author is told), ban the
author —, the approved posts that learners reported (hide everywhere), and an announcement form
(pinned, published at once). The same actions as ``cc2desktop server forum …``; the data functions
are in :mod:`cc2desktop.server.forum`."""

from __future__ import annotations

from typing import Any

from cc2desktop.core.errors import CCError
from cc2desktop.server import forum
from cc2desktop.server.admin.html import HTML, button, esc, form, hidden, html, join, when
from cc2desktop.server.admin.web import Ctx, Screen

TEXTS = {
    "forum.title": ("Forum : modération", "Forum moderation"),
    "forum.intro": ("Les messages des apprenant·es attendent ici qu'une personne les lise. Approuvé, un message "
                    "part vers tous les PC du cours ; refusé, seul son auteur ou autrice le voit, avec la raison.",
                    "Learners' messages wait here for a person to read them. Approved, a message goes to every PC "
                    "of the course; refused, only its author sees it, with the reason."),
    "forum.pending": ("En attente ({n})", "Awaiting moderation ({n})"),
    "forum.empty": ("Aucun message en attente.", "No message awaiting moderation."),
    "forum.flagged": ("Messages signalés ({n})", "Reported messages ({n})"),
    "forum.no_flags": ("Aucun message signalé.", "No reported message."),
    "forum.edit": ("modification d'un message", "edit of a message"),
    "forum.reply": ("réponse", "reply"),
    "forum.thread": ("nouveau sujet : {t}", "new subject: {t}"),
    "forum.approve": ("Approuver", "Approve"),
    "forum.reject": ("Refuser", "Reject"),
    "forum.reason": ("Raison", "Reason"),
    "forum.ban": ("Bannir l'auteur·e", "Ban the author"),
    "forum.hide": ("Masquer partout", "Hide everywhere"),
    "forum.reports": ("{n} signalement(s) : {r}", "{n} report(s): {r}"),
    "forum.announce": ("Annonce de l'équipe du programme (épinglée, sans modération)",
                       "Announcement by the programme team (pinned, not moderated)"),
    "forum.course": ("Cours", "Course"),
    "forum.subject": ("Titre", "Title"),
    "forum.text": ("Texte", "Text"),
    "forum.publish": ("Publier l'annonce", "Publish the announcement"),
    "msg.forum_approved": ("Message approuvé : il part vers les PC du cours.", "Message approved: it goes to the "
                                                                               "course's PCs."),
    "msg.forum_rejected": ("Message refusé : son auteur·e sera prévenu·e.",
                           "Message refused: its author will be told."),
    "msg.forum_hidden": ("Message masqué sur tous les PC.", "Message hidden on every PC."),
    "msg.forum_banned": ("Auteur·e banni·e : ses messages seront refusés.", "Author banned: their messages will be "
                                                                          "refused."),
    "msg.forum_announced": ("Annonce publiée.", "Announcement published."),
    "err.forum": ("Cette action n'a pas pu être faite (message déjà modéré ou texte invalide).",
                  "This action could not be done (message already moderated, or text not valid)."),
}


def _item(ctx: Ctx, p: dict[str, Any]) -> HTML:
    kind = ctx.t("forum.edit") if p["kind"] == "edit" else (
        ctx.t("forum.thread", t=p["title"] or "") if p["id"] == p["thread"] else ctx.t("forum.reply"))
    return html('<p><strong>{}</strong> · {} · {} · {}</p><blockquote class="post">{}</blockquote>',
                p["author"], p["course"], kind, when(p["received_at"], ctx.lang),
                join((esc(line) for line in p["text"].split("\n")), "<br>"))


def render(ctx: Ctx) -> HTML:
    pending = forum.pending(ctx.hub)
    flagged = forum.flagged(ctx.hub)
    parts = [html("<p>{}</p><h2>{}</h2>", ctx.t("forum.intro"), ctx.t("forum.pending", n=len(pending)))]
    if not pending:
        parts.append(html("<p><em>{}</em></p>", ctx.t("forum.empty")))
    for p in pending:
        actions = form(ctx.url("forum/approve"), ctx.csrf, hidden("id", p["id"]) + button(ctx.t("forum.approve")),
                       cls="inline")
        actions += form(ctx.url("forum/reject"), ctx.csrf, hidden("id", p["id"]) + html(
            '<label>{} <input name="reason" maxlength="200" size="30"></label> ', ctx.t("forum.reason"))
            + button(ctx.t("forum.reject")), cls="inline")
        if p.get("learner"):
            actions += form(ctx.url("forum/ban"), ctx.csrf, hidden("learner", p["learner"])
                            + button(ctx.t("forum.ban"), cls="danger"), cls="inline")
        parts.append(html('<div class="box">{}{}</div>', _item(ctx, p), actions))
    parts.append(html("<h2>{}</h2>", ctx.t("forum.flagged", n=len(flagged))))
    if not flagged:
        parts.append(html("<p><em>{}</em></p>", ctx.t("forum.no_flags")))
    for p in flagged:
        reasons = ", ".join(r for r in p["flag_reasons"] if r) or "—"
        parts.append(html('<div class="box">{}<p>{}</p>{}</div>', _item(ctx, p),
                          ctx.t("forum.reports", n=p["flags"], r=reasons),
                          form(ctx.url("forum/hide"), ctx.csrf, hidden("id", p["id"])
                               + button(ctx.t("forum.hide"), cls="danger"))))
    parts.append(html(
        '<h2>{}</h2>{}', ctx.t("forum.announce"),
        form(ctx.url("forum/announce"), ctx.csrf, html(
            '<p><label>{} <input name="course" maxlength="64" required></label></p>'
            '<p><label>{} <input name="title" maxlength="120" size="60" required></label></p>'
            '<p><label>{}<br><textarea name="text" maxlength="2000" rows="4" cols="80" required></textarea>'
            '</label></p>',
            ctx.t("forum.course"), ctx.t("forum.subject"), ctx.t("forum.text")) + button(ctx.t("forum.publish")))))
    return join(parts)


def _act(ctx: Ctx, fn: Any, msg: str) -> Any:
    try:
        fn()
    except CCError:
        return ctx.redirect("forum", err="err.forum")
    return ctx.redirect("forum", msg=msg)


def approve(ctx: Ctx) -> Any:
    return _act(ctx, lambda: forum.approve(ctx.hub, ctx.form.get("id", "")[:64]), "msg.forum_approved")


def reject(ctx: Ctx) -> Any:
    return _act(ctx, lambda: forum.reject(ctx.hub, ctx.form.get("id", "")[:64], ctx.form.get("reason", "")[:200]),
                "msg.forum_rejected")


def hide(ctx: Ctx) -> Any:
    return _act(ctx, lambda: forum.hide(ctx.hub, ctx.form.get("id", "")[:64]), "msg.forum_hidden")


def ban(ctx: Ctx) -> Any:
    return _act(ctx, lambda: forum.ban(ctx.hub, ctx.form.get("learner", "")[:36]), "msg.forum_banned")


def announce(ctx: Ctx) -> Any:
    return _act(ctx, lambda: forum.announce(ctx.hub, ctx.form.get("course", ""), ctx.form.get("title", ""),
                                            ctx.form.get("text", "")), "msg.forum_announced")


def badge(ctx: Ctx) -> int:
    return len(forum.pending(ctx.hub))


SCREEN = Screen("forum", "forum.title", render, texts=TEXTS, badge=badge,
                actions={"approve": approve, "reject": reject, "hide": hide, "ban": ban, "announce": announce})
