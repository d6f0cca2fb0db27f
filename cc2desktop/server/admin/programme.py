"""Programme figures ("Chiffres du programme"): the funnel, women's share and the alerts of
``cc2desktop server report`` (one definition: :mod:`cc2desktop.core.reports.programme`), with the
funder's PDF sheet, the CSV and the JSON to download. Always the public view (counts of 1 to 4
shown as "<5"), optionally for a period or a course."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from fastapi.responses import Response

from cc2desktop.server.admin.html import HTML, html, join, number
from cc2desktop.server.admin.web import SECURITY_HEADERS, Ctx, Screen

TEXTS = {
    "programme.title": ("Chiffres du programme", "Programme figures"),
    "programme.intro": ("Les chiffres pour les bailleurs, calculés comme « cc2desktop server report » : une "
                        "personne compte une fois, au centre de sa dernière activité ; les effectifs de 1 à 4 "
                        "s'affichent « <5 ».",
                        "The figures for funders, computed as “cc2desktop server report”: a learner counts once, at "
                        "the centre of her last activity; counts of 1 to 4 show as “<5”."),
    "programme.download": ("Télécharger", "Download"),
    "programme.pdf": ("la fiche PDF (FR/EN)", "the PDF sheet (FR/EN)"),
    "programme.csv": ("le tableau CSV", "the CSV table"),
    "programme.json": ("les données JSON", "the JSON data"),
    "programme.from": ("Du", "From"),
    "programme.to": ("au", "to"),
    "programme.course": ("Cours", "Course"),
    "programme.apply": ("Afficher", "Show"),
    "programme.stage": ("Étape", "Stage"),
    "programme.count": ("Personnes", "People"),
    "programme.women": ("dont femmes", "of whom women"),
    "programme.centres": ("Par centre", "By centre"),
    "programme.centre": ("Centre", "Centre"),
    "programme.certified": ("Certifié·es", "Certified"),
    "programme.alerts": ("Alertes égalité femmes-hommes", "Gender-gap alerts"),
    "programme.no_alert": ("Aucun centre où les femmes ont plus de 15 points de retard.",
                           "No centre where women trail men by more than 15 points."),
    "programme.alert": ("{centre} : {measure}, femmes {w} %, hommes {m} % ({n} personnes)",
                        "{centre}: {measure}, women {w}%, men {m}% ({n} learners)"),
    "programme.speakers": ("Intervenant·es : {total}, dont {women} femmes.",
                           "Speakers: {total}, {women} of them women."),
    "stage.enrolled": ("Inscrit·es", "Enrolled"), "stage.started": ("Ont commencé", "Started"),
    "stage.completed": ("Ont terminé le cours", "Completed the course"),
    "stage.exam_claimed": ("Ont passé l'examen", "Took the exam"), "stage.certified": ("Certifié·es", "Certified"),
    "stage.applied": ("Ont candidaté", "Applied"), "stage.selected": ("Projets incubés", "Projects incubated"),
    "measure.completed": ("achèvement", "completion"), "measure.certified": ("certification", "certification"),
}


def _filters(ctx: Ctx):  # noqa: ANN202
    from cc2desktop.core.reports.programme import ReportFilters

    def day(key: str) -> str | None:
        v = (ctx.query.get(key) or "").strip()
        if not v:
            return None
        try:
            return dt.date.fromisoformat(v).isoformat()
        except ValueError:
            return None

    return ReportFilters(day("from"), day("to"), (ctx.query.get("course") or "").strip()[:128] or None, True)


def report(ctx: Ctx) -> dict[str, Any]:
    from cc2desktop.core.reports import programme

    cfg = ctx.cfg
    dirs = [getattr(cfg, "courses_dir", None), getattr(cfg, "packs_dir", None)] if cfg is not None else []
    if cfg is not None and getattr(cfg, "data_dir", None):
        dirs.append(Path(cfg.data_dir) / "courses")
    with ctx.hub.ReadSession() as s:
        return programme.build(s.connection(), _filters(ctx), programme.published(dirs))


def _query(ctx: Ctx) -> dict[str, str]:
    return {k: ctx.query[k] for k in ("from", "to", "course") if ctx.query.get(k)}


def render(ctx: Ctx) -> HTML:
    r = report(ctx)
    q = _query(ctx)
    links = join(html('<li><a href="{}">{}</a></li>', ctx.url(f"programme/{fmt}", **q), ctx.t(f"programme.{fmt}"))
                 for fmt in ("pdf", "csv", "json"))
    filters = html('<form method="get" action="{}" class="filters"><label>{} <input type="date" name="from" '
                   'value="{}"></label> <label>{} <input type="date" name="to" value="{}"></label> <label>{} '
                   '<input name="course" value="{}" size="18"></label> <button>{}</button></form>',
                   ctx.url("programme"), ctx.t("programme.from"), q.get("from", ""), ctx.t("programme.to"),
                   q.get("to", ""), ctx.t("programme.course"), q.get("course", ""), ctx.t("programme.apply"))
    funnel = join(html('<tr id="stage-{}"><td>{}</td><td class="n">{}</td><td class="n">{}</td></tr>', st["stage"],
                       ctx.t(f"stage.{st['stage']}"), number(st["count"], ctx.lang),
                       "–" if st.get("women_pct") is None else f"{st['women_pct']:.0f} %")
                  for st in r["funnel"])
    centres = join(html('<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>', k,
                        number(c["enrolled"], ctx.lang), number(c["certified"], ctx.lang),
                        "–" if c.get("women_pct") is None else f"{c['women_pct']:.0f} %")
                   for k, c in r["by_centre"].items())
    alerts = join(html('<li class="bad">{}</li>', ctx.t("programme.alert", centre=a["centre"],
                                                         measure=ctx.t(f"measure.{a['measure']}"),
                                                         w=f"{a['women_pct']:.0f}", m=f"{a['men_pct']:.0f}",
                                                         n=a["learners"]))
                  for a in r["alerts"]) or html("<li>{}</li>", ctx.t("programme.no_alert"))
    sp = r["speakers"]
    return html(
        '<p>{}</p>{}<p><strong>{}</strong></p><ul class="downloads">{}</ul>'
        '<div class="scroll" style="max-width:40em"><table class="stats"><thead><tr><th>{}</th><th class="n">{}</th>'
        '<th class="n">{}</th></tr></thead><tbody>{}</tbody></table></div>'
        '<p>{}</p><h3>{}</h3><ul>{}</ul>'
        '<h3>{}</h3><div class="scroll" style="max-width:40em"><table class="stats"><thead><tr><th>{}</th>'
        '<th class="n">{}</th><th class="n">{}</th><th class="n">{}</th></tr></thead><tbody>{}</tbody></table></div>',
        ctx.t("programme.intro"), filters, ctx.t("programme.download"), links, ctx.t("programme.stage"),
        ctx.t("programme.count"), ctx.t("programme.women"), funnel,
        ctx.t("programme.speakers", total=sp["total"], women=sp["women"]), ctx.t("programme.alerts"), alerts,
        ctx.t("programme.centres"), ctx.t("programme.centre"), ctx.t("programme.count"),
        ctx.t("programme.certified"), ctx.t("programme.women"), centres)


def _download(body: bytes, media: str, name: str) -> Response:
    resp = Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
    for k, v in SECURITY_HEADERS.items():
        resp.headers.setdefault(k, v)
    return resp


def _stem(r: dict[str, Any]) -> str:
    return f"programme-figures-{r['generated_at'][:10]}"


def pdf(ctx: Ctx) -> Response:
    from cc2desktop.core.reports.programme_pdf import render as render_pdf

    r = report(ctx)
    with tempfile.TemporaryDirectory(prefix="cc2-report-") as tmp:
        out = render_pdf(r, Path(tmp) / "sheet.pdf")
        return _download(out.read_bytes(), "application/pdf", _stem(r) + ".pdf")


def csv(ctx: Ctx) -> Response:
    from cc2desktop.core.reports.programme import to_csv

    r = report(ctx)
    return _download(("\ufeff" + to_csv(r)).encode("utf-8"), "text/csv; charset=utf-8", _stem(r) + ".csv")


def json_(ctx: Ctx) -> Response:
    import json

    r = report(ctx)
    return _download(json.dumps(r, ensure_ascii=False, indent=2).encode("utf-8"), "application/json",
                     _stem(r) + ".json")


SCREEN = Screen("programme", "programme.title", render, pages={"pdf": pdf, "csv": csv, "json": json_}, texts=TEXTS)
