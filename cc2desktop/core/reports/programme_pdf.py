"""The funder's one-page sheet of the programme report (A4, French and English side by side), drawn
with fpdf2 (pure Python: the server renders it without Qt) in the certificate's palette and the
shipped DejaVu fonts.

Input: a report from :func:`cc2desktop.core.reports.programme.build`; the sheet is always drawn from
its suppressed view (counts of 1 to 4 shown as "<5"): a PDF is meant for funders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cc2desktop.core.reports import programme as P

INK = (29, 43, 58)
TEAL = (15, 94, 99)
TEAL_LIGHT = (213, 231, 232)
GOLD = (176, 141, 60)
MUTED = (90, 102, 115)
PAPER = (255, 253, 247)
RULE = (222, 216, 200)
ALERT = (163, 32, 32)

STAGE_LABELS = {
    "enrolled": ("Inscrit·es", "Enrolled"), "started": ("Ont commencé", "Started"),
    "completed": ("Ont terminé le cours", "Completed the course"),
    "exam_claimed": ("Ont passé l'examen", "Took the exam"),
    "certified": ("Certifié·es", "Certified"), "applied": ("Ont candidaté", "Applied to the call"),
    "selected": ("Projets incubés", "Projects incubated"),
}
CATEGORY_LABELS = {
    "student": ("Étudiant·es", "Students"), "civil_society": ("Société civile", "Civil society"),
    "media": ("Médias", "Media"), "public_authority": ("Secteur public", "Public bodies"),
    "other": ("Autres", "Other"), "unknown": ("Non précisé", "Not said"),
}
CATEGORY_COLOURS = [TEAL, GOLD, (70, 130, 140), (122, 92, 140), (150, 160, 170), (205, 205, 205)]


def _fmt(n: Any) -> str:
    if isinstance(n, int):
        return f"{n:,}".replace(",", "\u202f")  # narrow no-break space: "5 000" reads in both languages
    return str(n)


def _num(n: Any) -> float:
    return float(n) if isinstance(n, (int, float)) else 0.0


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.0f}\u202f%"


class Sheet:
    def __init__(self) -> None:
        from fpdf import FPDF

        from cc2desktop.core.paths import assets_dir

        self.pdf = pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        fonts = assets_dir() / "fonts"
        pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        pdf.add_page()

    def font(self, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def text(self, x: float, y: float, s: str, size: float, *, bold: bool = False, colour=INK, w: float = 0,
             align: str = "L") -> None:
        self.font(size, bold, colour)
        self.pdf.set_xy(x, y)
        self.pdf.cell(w, size * 0.42, s, align=align)

    def width(self, s: str, size: float, bold: bool = False) -> float:
        self.font(size, bold)
        return self.pdf.get_string_width(s)

    def box(self, x: float, y: float, w: float, h: float, fill, *, r: float = 0) -> None:
        self.pdf.set_fill_color(*fill)
        if r:
            self.pdf.rect(x, y, w, h, style="F", round_corners=True, corner_radius=r)
        else:
            self.pdf.rect(x, y, w, h, style="F")

    def heading(self, x: float, y: float, fr: str, en: str) -> None:
        self.text(x, y, fr, 10.5, bold=True, colour=TEAL)
        self.text(x + self.width(fr, 10.5, True) + 2, y + 0.4, en, 9, colour=MUTED)
        self.pdf.set_draw_color(*RULE)
        self.pdf.set_line_width(0.3)
        self.pdf.line(x, y + 6, x + 86, y + 6)


def render(report: dict[str, Any], out: Path | str) -> Path:
    """Write the sheet to ``out`` (a PDF file); returns its path."""
    if not report["filters"].get("public"):
        report = P.with_shares(P.public_view(report))
    s = Sheet()
    pdf = s.pdf
    pdf.set_title("Connexions Citoyennes — Chiffres du programme / Programme figures")
    pdf.set_author("Connexions Citoyennes")
    pdf.set_creator("cc2desktop server report")
    pdf.set_lang("fr")
    s.box(0, 0, 210, 297, PAPER)
    _header(s, report)
    _tiles(s, report, 10, 44)
    _funnel(s, report, 10, 96)
    _countries(s, report, 112, 96)
    _categories(s, report, 10, 184)
    _campaigns(s, report, 10, 230)
    _alerts(s, report, 112, 230)
    _footer(s, report)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    pdf.output(str(tmp))
    tmp.replace(out)
    return out


def _header(s: Sheet, r: dict[str, Any]) -> None:
    s.box(0, 0, 210, 36, TEAL)
    s.box(0, 36, 210, 1.2, GOLD)
    s.text(12, 8, "CONNEXIONS CITOYENNES", 8.5, bold=True, colour=(231, 211, 160))
    s.text(12, 14, "Chiffres du programme", 21, bold=True, colour=(255, 255, 255))
    s.text(12, 25, "Programme figures", 12, colour=(205, 228, 229))
    f = r["filters"]
    period = f"{f.get('from') or 'début / start'}  →  {f.get('to') or r['generated_at'][:10]}"
    lines = [("Période / Period", period)]
    if f.get("course"):
        lines.append(("Cours / Course", str(f["course"])))
    lines.append(("Établi le / Generated", r["generated_at"][:10]))
    y = 10.0
    for label, value in lines:
        s.text(120, y, label, 7.5, colour=(205, 228, 229), w=78, align="R")
        s.text(120, y + 3.6, value, 9.5, bold=True, colour=(255, 255, 255), w=78, align="R")
        y += 8.5


def _tiles(s: Sheet, r: dict[str, Any], x0: float, y0: float) -> None:
    women_pct = r["funnel"][0].get("women_pct")
    sp = r["speakers"]
    tiles = [
        (_fmt(r["enrolled"]), "Inscrit·es", "Enrolled learners"),
        (_fmt(r["countries"]), "Pays", "Countries"),
        (_pct(women_pct), "Femmes inscrites", "Women enrolled"),
        (_fmt(r["certified"]), "Certifié·es", "Certified"),
        (f"{sp['total']}", f"Intervenant·es · {sp['women']} femmes",
         f"Speakers · {_pct(sp.get('women_pct'))} women"),
        (f"{_fmt(r['applied'])} → {_fmt(r['selected'])}", "Candidatures → projets",
         "Applications → projects"),
    ]
    w, h, gap = 60.0, 22.0, 5.0
    for i, (value, fr, en) in enumerate(tiles):
        x = x0 + (i % 3) * (w + gap)
        y = y0 + (i // 3) * (h + 4)
        s.box(x, y, w, h, (255, 255, 255), r=2)
        s.box(x, y, 1.6, h, GOLD if i in (3, 5) else TEAL)
        s.text(x + 5, y + 3.2, value, 17, bold=True, colour=INK)
        s.text(x + 5, y + 12.2, fr, 8.5, bold=True, colour=TEAL)
        s.text(x + 5, y + 16.4, en, 7.5, colour=MUTED)


def _bar(s: Sheet, x: float, y: float, w: float, h: float, value: Any, women: Any, top: float) -> None:
    s.box(x, y, w, h, TEAL_LIGHT)
    if top > 0 and _num(value) > 0:
        bw = max(0.8, w * _num(value) / top)
        s.box(x, y, bw, h, TEAL)
        if isinstance(women, int) and isinstance(value, int) and value:
            s.box(x, y, bw * women / value, h, GOLD)


def _funnel(s: Sheet, r: dict[str, Any], x0: float, y0: float) -> None:
    s.heading(x0, y0, "Le parcours", "The funnel, share of women")
    top = max((_num(st["count"]) for st in r["funnel"]), default=0.0)
    y = y0 + 10
    for st in r["funnel"]:
        fr, en = STAGE_LABELS[st["stage"]]
        s.text(x0, y, fr, 8, bold=True)
        s.text(x0 + s.width(fr, 8, True) + 1.5, y + 0.2, en, 7, colour=MUTED)
        _bar(s, x0, y + 4.2, 60, 4.2, st["count"], st["women"], top)
        s.text(x0 + 62, y + 4.0, _fmt(st["count"]), 8.5, bold=True)
        s.text(x0 + 74, y + 4.2, _pct(st.get("women_pct")) + " F", 7.5, colour=GOLD, w=14, align="R")
        y += 9.6
    s.box(x0, y + 0.5, 3, 3, GOLD)
    s.text(x0 + 4.5, y + 0.6, "femmes / women", 7, colour=MUTED)
    s.box(x0 + 30, y + 0.5, 3, 3, TEAL)
    s.text(x0 + 34.5, y + 0.6, "hommes et autres / men and others", 7, colour=MUTED)


def _countries(s: Sheet, r: dict[str, Any], x0: float, y0: float) -> None:
    from cc2desktop.core.learning.countries import FRANCOPHONE_AFRICA, OTHER_COUNTRIES

    s.heading(x0, y0, "Pays", f"Countries ({r['countries']})")
    names = {**OTHER_COUNTRIES, **FRANCOPHONE_AFRICA}
    rows = list(r["by_country"].items())
    shown = rows[:22]
    if len(rows) > 22:
        rest = rows[22:]
        shown = rows[:21] + [("…", {"enrolled": sum(_num(c["enrolled"]) for _k, c in rest), "women": None})]
    top = max((_num(c["enrolled"]) for _k, c in shown), default=0.0)
    row_h = min(3.4, 72.0 / max(1, len(shown)))
    y = y0 + 9.5
    for code, cell in shown:
        name = "Non précisé" if code == "unknown" else names.get(code, {}).get("fr", code)
        while len(name) > 4 and s.width(name, 6.8) > 29:
            name = name[:-2].rstrip() + "…"
        s.text(x0, y, name, 6.8)
        _bar(s, x0 + 30, y + 0.35, 46, row_h * 0.62, cell["enrolled"], None, top)
        value = cell["enrolled"]
        s.text(x0 + 77, y, _fmt(int(value) if isinstance(value, float) else value), 6.8, bold=True, w=11,
               align="R")
        y += row_h


def _categories(s: Sheet, r: dict[str, Any], x0: float, y0: float) -> None:
    s.heading(x0, y0, "Catégories", "Who they are")
    cells = r["by_category"]
    order = [k for k in CATEGORY_LABELS if k in cells] + [k for k in cells if k not in CATEGORY_LABELS]
    total = sum(_num(cells[k]["enrolled"]) for k in order) or 1.0
    x, y, w = x0, y0 + 10, 190.0
    for i, k in enumerate(order):  # a 100 % stacked bar
        part = w * _num(cells[k]["enrolled"]) / total
        s.box(x, y, part, 7, CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)])
        x += part
    y += 11
    col_w = 190.0 / 3
    for i, k in enumerate(order):
        cx = x0 + (i % 3) * col_w
        cy = y + (i // 3) * 10
        fr, en = CATEGORY_LABELS.get(k, (k, k))
        n = cells[k]["enrolled"]
        share = P.F.pct(int(_num(n)), int(total), public=True) if isinstance(n, int) else None
        s.box(cx, cy + 0.6, 3, 3, CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)])
        s.text(cx + 4.5, cy, f"{fr} · {_fmt(n)} ({_pct(share)})", 8, bold=True)
        s.text(cx + 4.5, cy + 3.9, f"{en} · certified: {_fmt(cells[k]['certified'])}", 7, colour=MUTED)


def _campaigns(s: Sheet, r: dict[str, Any], x0: float, y0: float) -> None:
    s.heading(x0, y0, "Campagnes", "Outreach campaigns")
    y = y0 + 9.5
    titles = r.get("campaigns") or {}
    rows = [(k, c) for k, c in r["by_campaign"].items() if k != P.NO_CAMPAIGN][:6]
    if not rows:
        s.text(x0, y, "Aucune campagne déclarée / no campaign named on profiles", 7.5, colour=MUTED)
        return
    s.text(x0 + 44, y, "inscrit·es", 6.5, colour=MUTED, w=14, align="R")
    s.text(x0 + 58, y, "femmes", 6.5, colour=MUTED, w=14, align="R")
    s.text(x0 + 72, y, "certifié·es", 6.5, colour=MUTED, w=16, align="R")
    y += 4
    for code, cell in rows:
        title = (titles.get(code) or {}).get("fr") or code
        s.text(x0, y, title[:28], 7.5, bold=True)
        s.text(x0 + 44, y, _fmt(cell["enrolled"]), 7.5, w=14, align="R")
        s.text(x0 + 58, y, _pct(cell.get("women_pct")), 7.5, colour=GOLD, w=14, align="R")
        s.text(x0 + 72, y, _fmt(cell["certified"]), 7.5, w=16, align="R")
        y += 4.6


def _alerts(s: Sheet, r: dict[str, Any], x0: float, y0: float) -> None:
    s.heading(x0, y0, "Égalité", "Gender-gap alerts")
    y = y0 + 9.5
    alerts = r.get("alerts") or []
    if not alerts:
        s.text(x0, y, "Aucun écart de plus de 15 points entre femmes et hommes", 7.5, colour=TEAL)
        s.text(x0, y + 3.8, "No centre where women trail men by more than 15 points", 7, colour=MUTED)
        return
    for a in alerts[:6]:
        what = ("achèvement", "completion") if a["measure"] == "completed" else ("certification", "certification")
        s.text(x0, y, f"▲ {a['centre'][:30]} — {what[0]} : femmes {_pct(a['women_pct'])}, hommes "
                      f"{_pct(a['men_pct'])}", 7.3, bold=True, colour=ALERT)
        s.text(x0 + 3.5, y + 3.6, f"{what[1]}: women trail men by {a['gap']:.0f} points ({a['learners']} learners)",
               6.8, colour=MUTED)
        y += 8


def _footer(s: Sheet, r: dict[str, Any]) -> None:
    s.box(0, 280, 210, 17, (244, 240, 228))
    s.text(10, 283, "Effectifs de 1 à 4 personnes affichés « <5 » ; aucun nom. Une personne compte une fois, au "
                    "centre de sa dernière activité.", 7, colour=MUTED)
    s.text(10, 287, "Counts of 1 to 4 people are shown as \u201c<5\u201d; no names. A learner counts once, at the "
                    "centre of her last activity.", 7, colour=MUTED)
    s.text(10, 291.5, f"Source : cc2desktop server report · {r['generated_at']}", 6.5, colour=MUTED)
