"""Statistics: the figures of ``cc2desktop server stats`` (one function, :meth:`Hub.stats`)."""

from __future__ import annotations

from cc2desktop.server.admin.html import HTML, html, join, number
from cc2desktop.server.admin.web import Ctx, Screen

TEXTS = {
    "stats.title": ("Statistiques", "Statistics"),
    "stats.intro": ("Ce que ce serveur a reçu des PC (les mêmes chiffres que « cc2desktop server stats »).",
                    "What this server has received from the PCs (the same figures as “cc2desktop server stats”)."),
    "stats.what": ("Indicateur", "Figure"),
    "stats.count": ("Nombre", "Count"),
    "stats.devices": ("PC inscrits (non révoqués)", "Enrolled PCs (not revoked)"),
    "stats.learners": ("Apprenant·es", "Learners"),
    "stats.events": ("Activités reçues", "Activities received"),
    "stats.certificates": ("Certificats délivrés", "Certificates issued"),
    "stats.certified": ("Apprenant·es certifié·es", "Certified learners"),
    "stats.not_passed": ("Examens non réussis", "Exams not passed"),
    "stats.refused": ("Demandes de certificat refusées", "Certificate claims refused"),
}


def figures(ctx: Ctx) -> list[tuple[str, str, int]]:
    """``(key, label, value)`` for every figure :meth:`Hub.stats` returns, in its order (a figure
    without a text of its own shows its key)."""
    out = []
    for key, value in ctx.hub.stats().items():
        label = ctx.t(f"stats.{key}") if ctx.admin.catalog.has(f"stats.{key}") else key
        out.append((key, label, value))
    return out


def render(ctx: Ctx) -> HTML:
    rows = join(html('<tr id="stat-{}"><td>{}</td><td class="n" data-value="{}">{}</td></tr>', key, label, value,
                     number(value, ctx.lang))
                for key, label, value in figures(ctx))
    return html('<p>{}</p><div class="scroll" style="max-width:36em"><table class="stats"><thead><tr><th>{}</th>'
                '<th class="n">{}</th></tr></thead><tbody>{}</tbody></table></div>',
                ctx.t("stats.intro"), ctx.t("stats.what"), ctx.t("stats.count"), rows)


SCREEN = Screen("stats", "stats.title", render, texts=TEXTS)
