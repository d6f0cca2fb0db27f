"""The admin web page that ``serve`` offers under ``/admin/`` (server-rendered HTML, FR/EN, no
JavaScript): statistics, devices, enrolment codes, configuration warnings, password.

**Adding a screen** (e.g. a moderation queue): write ``cc2desktop/server/admin/<name>.py`` defining
``SCREEN = Screen(slug, title_key, render, pages=…, actions=…, texts=TEXTS, badge=…)`` (see
:mod:`.web`; :mod:`.devices` is a short example with a confirmation page and a POST action) and add
its module to :data:`SCREEN_MODULES`. The layout, nav, language switch, sign-in and CSRF check come
with it: an action runs only for a signed-in admin whose form carries ``ctx.csrf`` (use
:func:`.html.form`). Build markup with :func:`.html.html` (escapes every value) and texts with
``ctx.t(key)``; keep the data functions (SQL) outside the screen, in ``cc2desktop/server/``.
"""

from __future__ import annotations

import importlib
from typing import Any

SCREEN_MODULES = [  # nav order
    "cc2desktop.server.admin.stats",
    "cc2desktop.server.admin.programme",
    "cc2desktop.server.admin.calls",
    "cc2desktop.server.admin.devices",
    "cc2desktop.server.admin.codes",
    "cc2desktop.server.admin.relay",
    "cc2desktop.server.admin.flags",
    "cc2desktop.server.admin.forum",
    "cc2desktop.server.admin.warnings",
    "cc2desktop.server.admin.account",
]


def mount(app: Any, cfg: Any = None, *, modules: list[str] | None = None):  # noqa: ANN201 - Admin
    """Add the admin page to a server app (its hub is ``app.state.hub``); returns the
    :class:`~.web.Admin` (``.auth`` makes the first-start code)."""
    from cc2desktop.server.admin.web import Admin

    screens = [importlib.import_module(m).SCREEN for m in (modules or SCREEN_MODULES)]
    admin = Admin(app.state.hub, cfg, screens, importlib.import_module("cc2desktop.server.admin.signin"))
    app.include_router(admin.router())
    app.state.admin = admin
    return admin
