"""First start (choose the password with the setup code), sign-in and sign-out pages."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from cc2desktop.server.admin.auth import AdminError
from cc2desktop.server.admin.html import HTML, button, form, html
from cc2desktop.server.admin.web import SESSION_COOKIE, Ctx, password_fields


def _first_screen(ctx: Ctx) -> str:
    return next((s.slug for s in ctx.admin.screens.values() if s.nav), "")


def handle(ctx: Ctx, slug: str, is_post: bool) -> Any:
    auth = ctx.auth
    if slug == "logout":
        if not is_post:
            return ctx.redirect("login")
        if ctx.signed_in:
            if not auth.csrf_ok(ctx.session_token, ctx.form.get("csrf")):
                return refused(ctx)
            auth.sign_out(ctx.session_token)
        ctx.set_cookies.append((SESSION_COOKIE, "", None))
        return ctx.redirect("login", msg="msg.signed_out")
    has_password = auth.has_password()
    if slug == "":
        if not has_password:
            return ctx.redirect("setup")
        return ctx.redirect(_first_screen(ctx) if ctx.signed_in else "login")
    if slug == "setup" and has_password:
        return ctx.redirect(_first_screen(ctx) if ctx.signed_in else "login")
    if slug == "login" and not has_password:
        return ctx.redirect("setup")
    if slug == "login" and ctx.signed_in and not is_post:
        return ctx.redirect(_first_screen(ctx))
    error, status = None, 200
    if is_post:
        if not auth.csrf_ok(ctx.pre_token, ctx.form.get("csrf")):
            return refused(ctx)
        try:
            if slug == "setup":
                token = auth.setup(ctx.form.get("code", ""), ctx.form.get("password", ""), ctx.form.get("again", ""),
                                   ctx.client)
            else:
                token = auth.sign_in(ctx.form.get("password", ""), ctx.client)
        except AdminError as exc:
            error = ctx.error_text(exc)
            status = 429 if exc.code == "backoff" else (409 if exc.code == "password_set" else 401 if exc.code in (
                "wrong_password", "bad_setup_code") else 400)
        else:
            ctx.set_cookies.append((SESSION_COOKIE, token, None))
            return ctx.redirect(_first_screen(ctx), msg="msg.password_set" if slug == "setup" else None)
    note = ctx.notice(error, "err") if error else HTML("")
    if slug == "setup":
        fields = (
            html('<label for="code">{}</label><input type="text" id="code" name="code" autocomplete="off" '
                 'autocapitalize="characters" spellcheck="false" required maxlength="40" placeholder="XXXX-XXXX-XXXX" '
                 'class="mono">', ctx.t("setup.code"))
            + password_fields(ctx, ("password", "password.new", "new-password"),
                              ("again", "password.again", "new-password"))
            + html('<div class="actions">{}</div>', button(ctx.t("setup.submit"))))
        body = note + html('<div class="box"><p>{}</p>{}</div><p class="muted">{}</p>', ctx.t("setup.intro"),
                           form(ctx.url("setup"), ctx.csrf, fields), ctx.t("setup.lost"))
        return ctx.page(ctx.t("setup.title"), body, status=status)
    body = note + html('<div class="box"><p>{}</p>{}</div><p class="muted">{}</p>', ctx.t("login.intro"),
                       form(ctx.url("login"), ctx.csrf,
                            password_fields(ctx, ("password", "password", "current-password"))
                            + html('<div class="actions">{}</div>', button(ctx.t("login.submit")))),
                       ctx.t("login.forgot"))
    return ctx.page(ctx.t("login.title"), body, status=status)


def refused(ctx: Ctx) -> Response:
    """A POST without a valid CSRF token (or from another site): nothing is done."""
    back = ctx.url(ctx.screen.slug) if ctx.screen else ctx.url()
    return ctx.page(ctx.t("login.title") if not ctx.signed_in else ctx.t("app"),
                    ctx.notice(ctx.t("err.csrf"), "err") + html('<p><a href="{}">{}</a></p>', back, ctx.t("back")),
                    status=403)
