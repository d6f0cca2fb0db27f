"""Password: change the administration password (every other session ends)."""

from __future__ import annotations

from typing import Any

from cc2desktop.server.admin.auth import AdminError
from cc2desktop.server.admin.html import HTML, button, form, html
from cc2desktop.server.admin.web import SESSION_COOKIE, Ctx, Screen, password_fields

TEXTS = {
    "account.title": ("Mot de passe", "Password"),
    "account.intro": ("Changer le mot de passe d'administration. Les autres navigateurs connectés seront déconnectés.",
                      "Change the administration password. Other signed-in browsers will be signed out."),
    "account.current": ("Mot de passe actuel", "Current password"),
    "account.submit": ("Changer le mot de passe", "Change the password"),
    "msg.password_changed": ("Mot de passe changé.", "Password changed."),
}


def render(ctx: Ctx, error: str | None = None) -> HTML:
    inner = password_fields(ctx, ("current", "account.current", "current-password")) + password_fields(
        ctx, ("password", "password.new", "new-password"), ("again", "password.again", "new-password")) + html(
        '<div class="actions">{}</div>', button(ctx.t("account.submit")))
    return (ctx.notice(error, "err") if error else HTML("")) + html(
        '<div class="box"><p>{}</p>{}</div>', ctx.t("account.intro"), form(ctx.url("account/change"), ctx.csrf, inner))


def change(ctx: Ctx) -> Any:
    f = ctx.form
    try:
        token = ctx.auth.change_password(ctx.session_token or "", f.get("current", ""), f.get("password", ""),
                                         f.get("again", ""), ctx.client)
    except AdminError as exc:
        status = 429 if exc.code == "backoff" else 400
        return ctx.page(ctx.t("account.title"), render(ctx, ctx.error_text(exc)), status=status)
    ctx.set_cookies.append((SESSION_COOKIE, token, None))
    return ctx.redirect("account", msg="msg.password_changed")


SCREEN = Screen("account", "account.title", render, actions={"change": change}, texts=TEXTS)
