"""Calls for projects: the calls published, each call's applications (blind or not), one
application's answers and scores, a reviewer's score, the decision, the reviewers' CSV sheet — the
same functions as ``cc2desktop server applications`` (:mod:`cc2desktop.server.calls`)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from cc2desktop.core.errors import CCError
from cc2desktop.server import calls as data
from cc2desktop.server.admin.html import HTML, button, form, hidden, html, join, number, table, when
from cc2desktop.server.admin.web import Ctx, Screen

STATUSES = ("shortlisted", "selected", "waitlisted", "rejected")

TEXTS = {
    "calls.title": ("Appels à projets", "Calls for projects"),
    "calls.intro": ("Les appels publiés (commande « cc2desktop server call create FICHIER.json ») et leurs "
                    "candidatures. Seules les personnes certifiées pour le cours de l'appel peuvent postuler.",
                    "The calls published (command “cc2desktop server call create FILE.json”) and their "
                    "applications. Only learners certified for the call's course may apply."),
    "calls.empty": ("Aucun appel publié.", "No call published."),
    "calls.id": ("Appel", "Call"),
    "calls.course": ("Cours", "Course"),
    "calls.closes": ("Clôture", "Closes"),
    "calls.count": ("Candidatures", "Applications"),
    "calls.review": ("Examiner", "Review"),
    "calls.review_blind": ("Examiner à l'aveugle", "Blind review"),
    "calls.csv": ("Feuille CSV", "CSV sheet"),
    "calls.csv_blind": ("CSV à l'aveugle", "Blind CSV"),
    "calls.apps.title": ("Candidatures : {call}", "Applications: {call}"),
    "calls.apps.empty": ("Aucune candidature pour l'instant.", "No application yet."),
    "calls.blind_note": ("Examen à l'aveugle : ni nom, ni genre, ni pays, ni catégorie, ni centre.",
                         "Blind review: no name, gender, country, category or centre."),
    "calls.app": ("Candidature", "Application"),
    "calls.name": ("Nom", "Name"),
    "calls.country": ("Pays", "Country"),
    "calls.centre": ("Centre", "Centre"),
    "calls.status": ("Statut", "Status"),
    "calls.submitted": ("Envoyée (horloge du PC)", "Submitted (PC clock)"),
    "calls.received": ("Reçue", "Received"),
    "calls.version": ("Version", "Version"),
    "calls.score": ("Note moyenne", "Average score"),
    "calls.open": ("Ouvrir", "Open"),
    "calls.answers": ("Réponses", "Answers"),
    "calls.scores": ("Notes", "Scores"),
    "calls.no_scores": ("Pas encore de note.", "No score yet."),
    "calls.reviewer": ("Votre nom (examinateur·rice)", "Your name (reviewer)"),
    "calls.value": ("Note (0 à 100)", "Score (0 to 100)"),
    "calls.comment": ("Commentaire", "Comment"),
    "calls.give_score": ("Enregistrer la note", "Save the score"),
    "calls.decide": ("Décision (la candidate ou le candidat est prévenu·e)", "Decision (the applicant is told)"),
    "calls.back": ("← Retour aux candidatures", "← Back to the applications"),
    "calls.reason": ("Motif", "Reason"),
    "calls.file": ("fichier {name} ({size} octets, SHA-256 {sha})", "file {name} ({size} bytes, SHA-256 {sha})"),
    "status.received": ("reçue", "received"),
    "status.shortlisted": ("présélectionnée", "shortlisted"),
    "status.selected": ("sélectionnée", "selected"),
    "status.waitlisted": ("liste d'attente", "waitlisted"),
    "status.rejected": ("non retenue", "rejected"),
    "status.refused": ("refusée", "refused"),
    "msg.call_scored": ("Note enregistrée.", "Score saved."),
    "msg.call_decided": ("Décision enregistrée : la personne la recevra à sa prochaine synchronisation.",
                         "Decision saved: the applicant gets it at her next sync."),
    "err.call_unknown": ("Cet appel n'existe pas.", "This call does not exist."),
    "err.application_unknown": ("Cette candidature n'existe pas.", "This application does not exist."),
    "err.call_bad_input": ("Saisie refusée : {why}", "Input refused: {why}"),
}


def _status(ctx: Ctx, s: str) -> str:
    return ctx.t(f"status.{s}") if ctx.admin.catalog.has(f"status.{s}") else s


def render(ctx: Ctx) -> HTML:
    with ctx.hub.ReadSession() as s:
        rows = data.list_calls(s)
    t = ctx.t
    cells = [[html('<span class="mono">{}</span><br>{}', c["id"], c["title"].get(ctx.lang) or c["title"]["fr"]),
              c["course"], when(c["closes"], ctx.lang), number(c["applications"], ctx.lang),
              join([html('<a href="{}">{}</a>', ctx.url("calls/applications", call=c["id"]), t("calls.review")),
                    html('<a href="{}">{}</a>', ctx.url("calls/applications", call=c["id"], blind=1),
                         t("calls.review_blind")),
                    html('<a href="{}">{}</a>', ctx.url("calls/export", call=c["id"]), t("calls.csv")),
                    html('<a href="{}">{}</a>', ctx.url("calls/export", call=c["id"], blind=1), t("calls.csv_blind"))],
                   html(" · "))] for c in rows]
    return html("<p>{}</p>", t("calls.intro")) + table(
        [t("calls.id"), t("calls.course"), t("calls.closes"), t("calls.count"), ""], cells, empty=t("calls.empty"))


def applications(ctx: Ctx) -> Any:
    call_id, blind = ctx.query.get("call", "")[:40], bool(ctx.query.get("blind"))
    with ctx.hub.ReadSession() as s:
        call = data.get_call(s, call_id)
        if call is None:
            return ctx.redirect("calls", err="err.call_unknown")
        rows = data.list_applications(s, call_id, blind=blind)
    t = ctx.t
    head = [t("calls.app"), t("calls.status"), t("calls.submitted"), t("calls.version"), t("calls.score")]
    if not blind:
        head[1:1] = [t("calls.name"), t("calls.country"), t("calls.centre")]
    cells = []
    for r in rows:
        link = html('<a href="{}">{}</a>', ctx.url("calls/application", id=r["id"], blind=1 if blind else None),
                    r["id"][:8])
        row: list[Any] = [link, _status(ctx, r["status"]) + (f" ({r['reason']})" if r.get("reason") else ""),
                          when(r["submitted_at"], ctx.lang), r["version"], "—" if r["score"] is None else r["score"]]
        if not blind:
            row[1:1] = [r.get("name") or "?", r.get("country") or "—", r.get("centre") or "—"]
        cells.append(row)
    body = html("<p>{}</p>", t("calls.blind_note")) if blind else HTML("")
    body += table(head, cells, empty=t("calls.apps.empty"))
    return ctx.page(t("calls.apps.title", call=call["title"].get(ctx.lang) or call_id), body)


def application(ctx: Ctx) -> Any:
    app_id, blind = ctx.query.get("id", "")[:36], bool(ctx.query.get("blind"))
    with ctx.hub.ReadSession() as s:
        row = next((r for r in data.list_applications(s, None, blind=blind) if r["id"] == app_id), None)
        call = data.get_call(s, row["call"]) if row else None
    if row is None or call is None:
        return ctx.redirect("calls", err="err.application_unknown")
    t = ctx.t
    answers = []
    for f in call["fields"]:
        v = row["answers"].get(f["id"])
        if isinstance(v, dict):
            shown: Any = t("calls.file", name=v.get("name"), size=v.get("size"), sha=str(v.get("sha256"))[:16])
        elif isinstance(v, list):
            shown = ", ".join(map(str, v))
        else:
            shown = "—" if v is None else str(v)
        answers.append(html('<dt>{}</dt><dd style="white-space:pre-wrap">{}</dd>',
                            f["label"].get(ctx.lang) or f["label"]["fr"], shown))
    scores = join(html("<li>{}: <b>{}</b> {}</li>", sc["reviewer"], sc["score"], sc["comment"] or "")
                  for sc in row["scores"]) or html("<li>{}</li>", t("calls.no_scores"))
    who = HTML("") if blind else html("<p><b>{}</b> · {} · {}</p>", row.get("name") or "?", row.get("country") or "—",
                                      row.get("centre") or "—")
    back = ctx.url("calls/applications", call=row["call"], blind=1 if blind else None)
    score_form = form(ctx.url("calls/score"), ctx.csrf, hidden("id", row["id"]) + hidden("back", back) + html(
        '<p><label>{} <input name="reviewer" maxlength="80" required></label> '
        '<label>{} <input name="score" type="number" min="0" max="100" step="0.5" required></label></p>'
        '<p><label>{}<br><textarea name="comment" rows="3" cols="60" maxlength="2000"></textarea></label></p>',
        t("calls.reviewer"), t("calls.value"), t("calls.comment")) + button(t("calls.give_score")))
    decide_form = form(ctx.url("calls/decide"), ctx.csrf, hidden("id", row["id"]) + hidden("back", back) + html(
        "<p>{}</p>", t("calls.decide")) + join(button(_status(ctx, st), name="status", value=st) + HTML(" ")
                                               for st in STATUSES))
    body = html('<p><a href="{}">{}</a></p>{}<p>{}: <b>{}</b>{} · {}: {} · {}: {}</p><h2>{}</h2><dl>{}</dl>'
                '<h2>{}</h2><ul>{}</ul><div class="box">{}</div><div class="box">{}</div>',
                back, t("calls.back"), who, t("calls.status"), _status(ctx, row["status"]),
                f" ({row['reason']})" if row.get("reason") else "", t("calls.version"), row["version"],
                t("calls.received"), when(row["received_at"], ctx.lang), t("calls.answers"), join(answers),
                t("calls.scores"), scores, score_form, "" if row["status"] == "refused" else decide_form)
    return ctx.page(t("calls.app") + " " + row["id"][:8], body)


def _back(ctx: Ctx, fallback: str) -> str:
    back = ctx.form.get("back", "")
    return back[len("/admin/"):] if back.startswith("/admin/calls/") and "//" not in back else fallback


def score(ctx: Ctx) -> Any:
    app_id = ctx.form.get("id", "")[:36]
    back = _back(ctx, "calls")
    try:
        data.score(ctx.hub, app_id, ctx.form.get("reviewer", ""), float(ctx.form.get("score", "x")),
                   ctx.form.get("comment") or None)
    except (ValueError, CCError) as exc:
        why = exc.message if isinstance(exc, CCError) else "score"
        return ctx.page(ctx.t("calls.title"), ctx.notice(ctx.t("err.call_bad_input", why=why), "err"), status=400)
    return _redirect_to(ctx, back, "msg.call_scored")


def decide(ctx: Ctx) -> Any:
    app_id = ctx.form.get("id", "")[:36]
    try:
        data.decide(ctx.hub, app_id, ctx.form.get("status", ""))
    except CCError as exc:
        return ctx.page(ctx.t("calls.title"), ctx.notice(ctx.t("err.call_bad_input", why=exc.message), "err"),
                        status=400)
    return _redirect_to(ctx, _back(ctx, "calls"), "msg.call_decided")


def _redirect_to(ctx: Ctx, path: str, msg: str) -> Any:
    from fastapi.responses import RedirectResponse

    sep = "&" if "?" in path else "?"
    return RedirectResponse(f"/admin/{path}{sep}msg={msg}", status_code=303)


def export(ctx: Ctx) -> Any:
    call_id, blind = ctx.query.get("call", "")[:40], bool(ctx.query.get("blind"))
    with ctx.hub.ReadSession() as s:
        call = data.get_call(s, call_id)
        if call is None:
            return ctx.redirect("calls", err="err.call_unknown")
        rows = data.list_applications(s, call_id, blind=blind, include_refused=False)
    name = f"{call_id}{'-blind' if blind else ''}.csv"
    return Response("\ufeff" + data.to_csv(rows, call, blind=blind), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


SCREEN = Screen("calls", "calls.title", render,
                pages={"applications": applications, "application": application, "export": export},
                actions={"score": score, "decide": decide}, texts=TEXTS)
