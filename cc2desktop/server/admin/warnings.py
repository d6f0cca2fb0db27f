"""Configuration warnings: what :func:`cc2desktop.server.checks.config_warnings` finds (the same
list ``serve`` prints at start), in the admin's language, with what to do."""

from __future__ import annotations

from cc2desktop.server.admin.html import HTML, html, join
from cc2desktop.server.admin.web import Ctx, Screen
from cc2desktop.server.checks import ERROR, INFO, WARNING

TEXTS = {
    "warnings.title": ("Configuration", "Configuration"),
    "warnings.none": ("Aucun problème de configuration détecté.", "No configuration problem found."),
    "warnings.intro": ("Ce que ce serveur a vérifié dans sa configuration (ces avertissements s'affichent aussi "
                       "au démarrage de « cc2desktop serve »).",
                       "What this server checked in its configuration (these warnings are also printed when "
                       "“cc2desktop serve” starts)."),
    "level.error": ("Problème", "Problem"),
    "level.warning": ("Attention", "Warning"),
    "level.info": ("Information", "Information"),
    "warn.no_course": ("Ce serveur ne peut noter aucun cours : aucun cours publié avec sa clé d'examen dans « {dir} ». "
                       "Les examens envoyés ici sont refusés (cours inconnu) : "
                       "placez-y le paquet du cours (.cc2pack) avec son fichier .exam-key.json, ou faites synchroniser "
                       "les PC avec le serveur du programme.",
                       "This server can grade no course: no course published with its exam key in “{dir}”. Exams sent "
                       "here are refused (unknown course): put the course pack "
                       "(.cc2pack) there with its .exam-key.json file, or have the PCs sync with the programme's "
                       "server."),
    "warn.centre_hub": ("Ce serveur est le serveur d'un centre : il relaie vers {url}, qui note les examens.",
                        "This server is a centre's hub: it relays to {url}, which grades the exams."),
    "warn.relay_failing": ("Le relais vers {url} échoue ({error}). Dernier relais réussi : {since}. {waiting} "
                           "activité(s) attendent d'être envoyées : elles restent ici et partiront dès que le relais "
                           "refonctionnera (vérifiez la connexion Internet du centre).",
                           "The relay to {url} fails ({error}). Last successful relay: {since}. {waiting} activities "
                           "wait to go up: they stay here and leave as soon as the relay works again (check the "
                           "centre's internet connection)."),
    "warn.relay_never": ("Aucun relais n'a encore eu lieu avec {url}.", "No relay round with {url} yet."),
    "warn.issuer_key_on_hub": ("Une clé de signature des certificats se trouve dans « {path} » : le serveur d'un "
                               "centre ne signe rien (le serveur du programme signe). Déplacez-la sur le serveur du "
                               "programme.",
                               "A certificate-signing key sits in “{path}”: a centre's hub signs nothing (the "
                               "programme's server does). Move it to the programme's server."),
    "warn.courses": ("Cours notés par ce serveur : {courses}.", "Courses graded by this server: {courses}."),
    "warn.demo_issuer_key": ("Les certificats sont signés avec la clé de DÉMONSTRATION : n'importe qui peut en "
                             "fabriquer de faux. Placez la clé de ce serveur dans "
                             "<dossier de données>/keys/certificate-issuer.key ou démarrez-le avec --key FICHIER.",
                             "Certificates are signed with the DEMO key: anyone can forge them. Put this server's key "
                             "in <data dir>/keys/certificate-issuer.key or start it with --key FILE."),
    "warn.demo_publisher": ("{count} paquet(s) de cours sont signés avec la clé d'éditeur de DÉMONSTRATION ({packs}) : "
                            "signez les vrais cours avec votre propre clé (cc2desktop keys new).",
                            "{count} course pack(s) are signed with the DEMO publisher key ({packs}): sign real "
                            "courses with your own key (cc2desktop keys new)."),
    "warn.unsalted_exam_key": ("Le paquet de {courses} protège sa clé d'examen par une empreinte non salée : qui a le "
                               "paquet peut retrouver les réponses en les essayant toutes. Reconstruisez-le "
                               "(cc2desktop pack build).",
                               "The pack of {courses} protects its exam answer key with an unsalted digest: anyone "
                               "holding the pack can recover the answers by trying them all. Rebuild it "
                               "(cc2desktop pack build)."),
    "warn.no_packs": ("Les PC ne peuvent pas télécharger de cours depuis ce serveur : aucun fichier .cc2pack dans "
                      "« {dir} ».",
                      "PCs cannot download courses from this server: no .cc2pack file in “{dir}”."),
    "warn.loopback_only": ("Le serveur ne répond que sur cet ordinateur ({host}) : les autres PC ne peuvent pas le "
                           "joindre. Démarrez-le avec --host 0.0.0.0.",
                           "The server answers only on this computer ({host}): other PCs cannot reach it. Start it "
                           "with --host 0.0.0.0."),
    "warn.no_public_url": ("Les certificats ne porteront pas d'adresse de vérification joignable par d'autres : "
                           "démarrez le serveur avec --public-url ADRESSE.",
                           "Certificates will not carry a verification address others can open: start the server "
                           "with --public-url URL."),
    "warn.sqlite_many_devices": ("{devices} PC se synchronisent avec cette base SQLite : au-delà de {limit}, passez à "
                                 "PostgreSQL (--db postgresql+psycopg://…).",
                                 "{devices} PCs sync with this SQLite database: above {limit}, move to PostgreSQL "
                                 "(--db postgresql+psycopg://…)."),
}


def text_of(ctx: Ctx, w) -> str:  # noqa: ANN001 - a ConfigWarning
    key = f"warn.{w.code}"
    return ctx.t(key, **w.params) if ctx.admin.catalog.has(key) else w.message


def badge(ctx: Ctx) -> int:
    return sum(1 for w in ctx.warnings() if w.level in (ERROR, WARNING))


def render(ctx: Ctx) -> HTML:
    ws = ctx.warnings()
    if not any(w.level != INFO for w in ws):
        head = ctx.notice(ctx.t("warnings.none"), "ok")
    else:
        head = HTML("")
    items = join(html('<div class="msg {}" id="warn-{}"><strong>{}</strong> — {}</div>', w.level, w.code,
                      ctx.t(f"level.{w.level}"), text_of(ctx, w)) for w in ws)
    return html('<p>{}</p>{}{}', ctx.t("warnings.intro"), head, items)


SCREEN = Screen("warnings", "warnings.title", render, texts=TEXTS, badge=badge)
