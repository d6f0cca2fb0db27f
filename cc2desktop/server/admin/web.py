"""The admin page's tiny framework: :class:`Screen` (one module per screen), the request context
:class:`Ctx`, the shared layout (nav, language switch, sign-out, warnings badge) and the routes that
put sign-in and CSRF in front of every screen.

Routes (all under ``/admin/``, server-rendered HTML, no JavaScript):

- ``GET /admin/`` → the first screen (or first-start / sign-in);
- ``GET|POST /admin/setup``, ``GET|POST /admin/login``, ``POST /admin/logout``;
- ``GET /admin/<screen>`` and ``GET /admin/<screen>/<page>``: a screen's pages;
- ``POST /admin/<screen>/<action>``: a screen's actions — only when signed in and with the form's
  CSRF token (checked here, before the screen sees the request).

A screen returns :class:`~cc2desktop.server.admin.html.HTML` (its body, placed in the layout under
its title) or a full ``Response`` (redirects, printable pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cc2desktop import __version__
from cc2desktop.server.admin.auth import MIN_PASSWORD, AdminAuth, AdminError
from cc2desktop.server.admin.html import HTML, button, esc, form, html, join
from cc2desktop.server.admin.i18n import DEFAULT_LANG, LANGS, Catalog, Texts

PREFIX = "/admin"
SESSION_COOKIE = "cc2admin"
PRE_COOKIE = "cc2admin_pre"
LANG_COOKIE = "cc2admin_lang"
MAX_FORM_BYTES = 64 * 1024

Handler = Callable[["Ctx"], Any]


@dataclass
class Screen:
    """One entry of the admin nav. ``render``: ``GET /admin/<slug>``; ``pages``: more GET pages
    (``/admin/<slug>/<name>``); ``actions``: POST handlers (``/admin/<slug>/<name>``); ``texts``:
    its own ``key → (fr, en)``; ``badge``: a count shown beside its nav entry (e.g. items waiting)."""

    slug: str
    title: str                                   # text key
    render: Handler
    pages: dict[str, Handler] = field(default_factory=dict)
    actions: dict[str, Handler] = field(default_factory=dict)
    texts: Texts = field(default_factory=dict)
    badge: Callable[["Ctx"], int] | None = None
    nav: bool = True


class Ctx:
    """One request to the admin page, as a screen sees it."""

    def __init__(self, admin: "Admin", request: Request, form: dict[str, str], screen: Screen | None) -> None:
        self.admin = admin
        self.request = request
        self.hub = admin.hub
        self.cfg = admin.cfg
        self.auth = admin.auth
        self.form = form
        self.screen = screen
        self.query = dict(request.query_params.items())
        self.lang = _lang_of(request)
        self.session_token = request.cookies.get(SESSION_COOKIE)
        self.pre_token = request.cookies.get(PRE_COOKIE)
        self.signed_in = False
        self.set_cookies: list[tuple[str, str, int | None]] = []
        self._warnings: list | None = None

    # texts ------------------------------------------------------------------------------------
    def t(self, key: str, **params: Any) -> str:
        return self.admin.catalog.get(key, self.lang, **params)

    def error_text(self, exc: AdminError) -> str:
        key = f"err.{exc.code}"
        return self.t(key, **exc.params) if self.admin.catalog.has(key) else exc.message

    # security ---------------------------------------------------------------------------------
    @property
    def client(self) -> str:
        return self.request.client.host if self.request.client else "?"

    @property
    def csrf(self) -> str:
        cookie = self.session_token if self.signed_in else self.pre_token
        if not cookie:  # a first visit: the pre-session cookie is set with this response
            import secrets

            cookie = self.pre_token = secrets.token_urlsafe(24)
            self.set_cookies.append((PRE_COOKIE, cookie, None))
        return self.auth.csrf_token(cookie)

    # config warnings (computed once per request) ---------------------------------------------
    def warnings(self) -> list:
        if self._warnings is None:
            from cc2desktop.server.checks import config_warnings

            self._warnings = config_warnings(self.hub, self.cfg)
        return self._warnings

    # responses --------------------------------------------------------------------------------
    def url(self, path: str = "", **query: Any) -> str:
        q = {k: v for k, v in query.items() if v is not None}
        return f"{PREFIX}/{path}" + (f"?{urlencode(q)}" if q else "")

    def redirect(self, path: str, *, msg: str | None = None, err: str | None = None) -> Response:
        """303 to another admin page with a message key (``msg.…`` / ``err.…``) shown there."""
        return RedirectResponse(self.url(path, msg=msg, err=err), status_code=303)

    def notice(self, text: str, kind: str = "ok") -> HTML:
        return html('<p class="msg {}" role="{}">{}</p>', kind, "alert" if kind == "err" else "status", text)

    def page(self, title: str, body: Any, *, status: int = 200) -> HTMLResponse:
        return self.admin.layout(self, title, body, status=status)


def _lang_of(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get(LANG_COOKIE)
    return c if c in LANGS else DEFAULT_LANG


CSS = """
body{margin:0;font:16px/1.45 "DejaVu Sans",Verdana,Arial,sans-serif;color:#1d2b3a;background:#f3f5f6}
.wrap{max-width:1180px;margin:0 auto;padding:0 16px}
.top{background:#0f5e63;color:#fff}
.top .wrap{padding-top:7px;padding-bottom:7px}.bar{display:table;width:100%}
.brand,.tools{display:table-cell;vertical-align:middle;line-height:1.3}.brand{font-weight:bold}
.tools{text-align:right;white-space:nowrap}.tools a{color:#fff;margin-left:14px}.tools form{display:inline}
.tools button{background:#fff;color:#0f5e63;border-color:#fff;padding:3px 12px;margin-left:14px}
.nav{background:#fff;border-bottom:1px solid #d3dbde}
.nav a{display:inline-block;padding:10px 12px 7px;color:#0f5e63;text-decoration:none;
border-bottom:3px solid transparent}
.nav a.cur{border-bottom-color:#0f5e63;color:#1d2b3a;font-weight:bold}
.nav .n{background:#b54708;color:#fff;border-radius:9px;padding:0 6px;font-size:.8em;margin-left:4px}
h1{font-size:1.45em;margin:.7em 0 .5em}h2{font-size:1.15em;margin:1.2em 0 .4em}
.box{background:#fff;border:1px solid #d3dbde;border-radius:4px;padding:10px 16px;margin:0 0 16px}
.box h2{margin-top:.4em}.box>p:first-child{margin-top:.4em}td button{padding:2px 10px}
button+a{margin-left:12px}
.scroll{overflow-x:auto;border:1px solid #d3dbde;margin:0 0 16px;background:#fff}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e4e9eb;vertical-align:top}
th{background:#eef2f3;font-size:.9em;white-space:nowrap}
td.n,th.n{text-align:right}
.msg{padding:9px 14px;border:1px solid;border-radius:4px;margin:0 0 14px;word-wrap:break-word;overflow-wrap:anywhere}
.ok{background:#e7f4ec;border-color:#9fd0b0}.err{background:#fbeaea;border-color:#e3a3a3;color:#7a1414}
.warning{background:#fff5dc;border-color:#e5c16a}.info{background:#eaf2fb;border-color:#a9c6e8}
.error{background:#fbeaea;border-color:#e3a3a3}
label{display:block;margin:.7em 0 .2em;font-weight:bold}
input[type=text],input[type=password],input[type=number]{font:inherit;padding:6px 8px;border:1px solid #8e9ca3;
border-radius:3px;width:100%;max-width:24em;-moz-box-sizing:border-box;box-sizing:border-box}
input[type=number]{max-width:8em}
button{font:inherit;padding:6px 14px;border:1px solid #0f5e63;background:#0f5e63;color:#fff;border-radius:3px;
cursor:pointer}
button.light{background:#fff;color:#0f5e63}button.danger{background:#a32020;border-color:#a32020}
.actions{margin-top:14px}.inline{display:inline;margin:0}
a:focus,button:focus,input:focus{outline:3px solid #f0b429;outline-offset:1px}
.muted{color:#56636e;font-size:.9em}.mono{font-family:"DejaVu Sans Mono",monospace}
.empty{color:#56636e;padding:12px 16px;background:#fff;border:1px dashed #c3ccd0}
.foot{color:#56636e;font-size:.85em;padding-top:8px;padding-bottom:24px}
.row{overflow:hidden}.col{float:left;width:48%;margin-right:2%;min-width:18em}
@media (max-width:700px){.bar{display:block}.brand,.tools{display:block;text-align:left;line-height:1.6}
.tools a{margin:0 14px 0 0}
.nav a{padding:8px 8px 5px}th,td{padding:5px 6px}.col{float:none;width:auto;margin:0}body{font-size:15px}}
"""

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class Admin:
    """The admin page of one server: its screens, texts, auth and routes."""

    def __init__(self, hub: Any, cfg: Any, screens: list[Screen], signin: Any) -> None:
        """``signin``: what answers the setup, sign-in and sign-out pages and refused forms
        (:mod:`.signin`: ``handle(ctx, slug, is_post)``, ``refused(ctx)``)."""
        self.hub, self.cfg, self.signin = hub, cfg, signin
        self.auth = AdminAuth(hub)
        self.catalog = Catalog()
        self.screens: dict[str, Screen] = {}
        for sc in screens:
            self.add_screen(sc)

    def add_screen(self, screen: Screen) -> None:
        if screen.slug in self.screens or screen.slug in ("setup", "login", "logout", "static"):
            raise ValueError(f"admin screen {screen.slug!r} is defined twice")
        self.catalog.add(screen.texts, screen.slug)
        self.screens[screen.slug] = screen

    # --- layout --------------------------------------------------------------------------------
    def layout(self, ctx: Ctx, title: str, body: Any, *, status: int = 200) -> HTMLResponse:
        t = ctx.t
        other = t("lang.other.code")
        here = ctx.request.url.path if ctx.request.method == "GET" else (
            ctx.url(ctx.screen.slug) if ctx.screen else ctx.url())
        lang_link = html('<a href="{}?lang={}" hreflang="{}" lang="{}">{}</a>', here, other, other, other,
                         t("lang.other"))
        tools = lang_link
        nav = HTML("")
        if ctx.signed_in:
            tools += form(ctx.url("logout"), ctx.csrf, button(t("signout")), cls="inline")
            links = []
            for sc in self.screens.values():
                if not sc.nav:
                    continue
                n = sc.badge(ctx) if sc.badge else 0
                cur = ctx.screen is not None and ctx.screen.slug == sc.slug
                links.append(html('<a href="{}" class="{}"{}>{}{}</a>', ctx.url(sc.slug), "cur" if cur else "",
                                  HTML(' aria-current="page"') if cur else HTML(""), t(sc.title),
                                  html('<span class="n">{}</span>', n) if n else ""))
            nav = html('<div class="nav"><nav class="wrap" aria-label="{}">{}</nav></div>', t("nav.label"), join(links))
        flash = HTML("")
        for key, kind in (("msg", "ok"), ("err", "err")):
            k = ctx.query.get(key)
            if k and k.startswith(f"{key}.") and self.catalog.has(k):
                flash += ctx.notice(t(k), kind)
        page = html(
            '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>{title} · {app}</title><style>{css}</style></head><body>'
            '<div class="top"><div class="wrap"><div class="bar"><span class="brand">cc2desktop · {app}</span>'
            '<span class="tools">{tools}</span></div></div></div>{nav}'
            '<div class="wrap"><h1>{title}</h1>{flash}{body}</div>'
            '<div class="wrap foot">{footer}</div></body></html>',
            lang=ctx.lang, title=title, app=t("app"), css=HTML(CSS), tools=tools, nav=nav, flash=flash, body=body,
            footer=t("footer", version=__version__, address=self.cfg.address() if self.cfg else ""))
        return HTMLResponse(page, status_code=status)

    # --- routes --------------------------------------------------------------------------------
    def router(self) -> APIRouter:
        r = APIRouter(include_in_schema=False)
        r.add_api_route(PREFIX, lambda: RedirectResponse(f"{PREFIX}/", status_code=307), methods=["GET"])
        r.add_api_route(PREFIX + "/", self._get_home, methods=["GET"])
        r.add_api_route(PREFIX + "/{slug}", self._get, methods=["GET"])
        r.add_api_route(PREFIX + "/{slug}/{sub}", self._get, methods=["GET"])
        r.add_api_route(PREFIX + "/{slug}", self._post, methods=["POST"])
        r.add_api_route(PREFIX + "/{slug}/{sub}", self._post, methods=["POST"])
        return r

    async def _get_home(self, request: Request) -> Response:
        return await self._get(request, "", "")

    async def _get(self, request: Request, slug: str, sub: str = "") -> Response:
        return await run_in_threadpool(self._handle, request, slug, sub, None)

    async def _post(self, request: Request, slug: str, sub: str = "") -> Response:
        data = b""
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_FORM_BYTES:
            return Response("form too large", status_code=413)
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_FORM_BYTES:
                return Response("form too large", status_code=413)
        try:
            parsed = parse_qs(data.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
        except (UnicodeDecodeError, ValueError):
            parsed = {}
        form_ = {k: v[0] for k, v in parsed.items()}
        return await run_in_threadpool(self._handle, request, slug, sub, form_)

    def _handle(self, request: Request, slug: str, sub: str, form_: dict[str, str] | None) -> Response:
        screen = self.screens.get(slug)
        ctx = Ctx(self, request, form_ or {}, screen)
        ctx.signed_in = self.auth.session_valid(ctx.session_token)
        resp = self._dispatch(ctx, slug, sub, form_ is not None)
        if isinstance(resp, HTML) or isinstance(resp, str):
            title = ctx.t(screen.title) if screen else ""
            resp = ctx.page(title, resp)
        return self._finish(ctx, resp)

    def _dispatch(self, ctx: Ctx, slug: str, sub: str, is_post: bool) -> Any:
        signin = self.signin
        if is_post and not self._same_origin(ctx.request):
            return signin.refused(ctx)
        if slug in ("", "setup", "login", "logout"):
            return signin.handle(ctx, slug, is_post)
        screen = ctx.screen
        handler = None
        if screen is not None:
            if sub:
                handler = (screen.actions if is_post else screen.pages).get(sub)
            elif not is_post:
                handler = screen.render
        if handler is None:
            return ctx.page(ctx.t("err.not_found"), ctx.notice(ctx.t("err.not_found"), "err"), status=404)
        if not ctx.signed_in:
            if is_post:
                return ctx.redirect("login", err="err.signed_out")
            return ctx.redirect("login")
        if is_post and not self.auth.csrf_ok(ctx.session_token, ctx.form.get("csrf")):
            return signin.refused(ctx)
        return handler(ctx)

    @staticmethod
    def _same_origin(request: Request) -> bool:
        """A POST whose ``Origin`` names another site is refused (besides the CSRF token)."""
        origin = request.headers.get("origin")
        if not origin or origin == "null":
            return True
        host = request.headers.get("host", "")
        return urlsplit(origin).netloc.lower() == host.lower()

    def _finish(self, ctx: Ctx, resp: Response) -> Response:
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        secure = ctx.request.url.scheme == "https"
        if ctx.query.get("lang") in LANGS and ctx.request.cookies.get(LANG_COOKIE) != ctx.lang:
            resp.set_cookie(LANG_COOKIE, ctx.lang, max_age=365 * 86400, path=PREFIX, httponly=True,
                            samesite="lax", secure=secure)
        for name, value, max_age in ctx.set_cookies:
            if value:
                resp.set_cookie(name, value, max_age=max_age, path=PREFIX, httponly=True, samesite="strict",
                                secure=secure)
            else:
                resp.delete_cookie(name, path=PREFIX, httponly=True, samesite="strict", secure=secure)
        return resp


def password_fields(ctx: Ctx, *names: tuple[str, str, str]) -> HTML:
    """Labelled password inputs: ``(name, label key, autocomplete)``."""
    out = HTML("")
    for name, label, auto in names:
        out += html('<label for="{n}">{l}</label><input type="password" id="{n}" name="{n}" autocomplete="{a}" '
                    'required maxlength="256">', n=name, l=ctx.t(label), a=auto)
    return out + html('<p class="muted">{}</p>', ctx.t("password.rule", n=MIN_PASSWORD)) if len(names) > 1 else out


__all__ = ["Admin", "Ctx", "Screen", "esc", "html", "join", "HTML"]
