"""The admin page's texts, French first: ``key → (fr, en)``, with ``{name}`` parameters.

The layout's and sign-in's texts are here; each screen module brings its own ``TEXTS`` (merged at
start, a key defined twice is a bug and fails at once).
"""

from __future__ import annotations

from typing import Any

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

Texts = dict[str, tuple[str, str]]

COMMON: Texts = {
    "app": ("Administration du serveur", "Server administration"),
    "lang.other": ("English", "Français"),
    "lang.other.code": ("en", "fr"),
    "nav.label": ("Menu", "Menu"),
    "signout": ("Se déconnecter", "Sign out"),
    "warnings.badge": ("{n} avertissement(s)", "{n} warning(s)"),
    "footer": ("cc2desktop {version} · adresse pour les PC : {address}",
               "cc2desktop {version} · address for the PCs: {address}"),
    "back": ("Retour", "Back"),
    "cancel": ("Annuler", "Cancel"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    # sign-in and first start
    "setup.title": ("Premier démarrage : choisir le mot de passe", "First start: choose the password"),
    "setup.intro": ("Ce serveur n'a pas encore de mot de passe d'administration. Tapez le code de première "
                    "installation affiché dans la fenêtre du serveur (et écrit dans son journal), puis choisissez "
                    "le mot de passe.",
                    "This server has no administration password yet. Type the first-start code shown in the "
                    "server's window (and written in its log), then choose the password."),
    "setup.code": ("Code de première installation", "First-start code"),
    "setup.lost": ("Code perdu ? Redémarrez le serveur : il en affiche un nouveau. Ou, sur l'ordinateur du serveur : "
                   "cc2desktop server admin-password",
                   "Lost the code? Restart the server: it shows a new one. Or, on the server's computer: "
                   "cc2desktop server admin-password"),
    "password": ("Mot de passe", "Password"),
    "password.new": ("Nouveau mot de passe", "New password"),
    "password.again": ("Le même, encore une fois", "The same again"),
    "password.rule": ("Au moins {n} caractères.", "At least {n} characters."),
    "setup.submit": ("Enregistrer le mot de passe", "Save the password"),
    "login.title": ("Connexion", "Sign in"),
    "login.intro": ("Mot de passe d'administration de ce serveur.", "This server's administration password."),
    "login.submit": ("Se connecter", "Sign in"),
    "login.forgot": ("Mot de passe oublié ? Sur l'ordinateur du serveur : cc2desktop server admin-password",
                     "Forgot the password? On the server's computer: cc2desktop server admin-password"),
    # errors (codes of AdminError)
    "err.wrong_password": ("Mot de passe incorrect.", "Wrong password."),
    "err.bad_setup_code": ("Ce code de première installation n'est pas le bon.",
                           "This first-start code is not the right one."),
    "err.password_short": ("Mot de passe trop court : au moins {n} caractères.",
                           "Password too short: at least {n} characters."),
    "err.password_long": ("Mot de passe trop long.", "Password too long."),
    "err.password_mismatch": ("Les deux mots de passe ne sont pas identiques.", "The two passwords differ."),
    "err.password_set": ("Le mot de passe est déjà choisi : connectez-vous.", "The password is already set: sign in."),
    "err.backoff": ("Trop d'essais manqués : attendez {seconds} s avant de réessayer.",
                    "Too many failed attempts: wait {seconds} s before trying again."),
    "err.csrf": ("Ce formulaire a expiré ou ne vient pas de cette page. Rechargez la page et recommencez.",
                 "This form has expired or does not come from this page. Reload the page and try again."),
    "err.signed_out": ("Votre session a pris fin : connectez-vous.", "Your session has ended: sign in."),
    "err.not_found": ("Page introuvable.", "Page not found."),
    "err.bad_form": ("Formulaire incomplet ou invalide.", "Incomplete or invalid form."),
    "msg.signed_out": ("Vous êtes déconnecté·e.", "You are signed out."),
    "msg.password_set": ("Mot de passe enregistré.", "Password saved."),
}


class Catalog:
    """All texts of the page; ``get(key, lang, **params)``."""

    def __init__(self) -> None:
        self.texts: Texts = dict(COMMON)

    def add(self, texts: Texts, owner: str) -> None:
        for key, pair in texts.items():
            if key in self.texts:
                raise ValueError(f"admin text {key!r} of {owner} is defined twice")
            if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) and x for x in pair)):
                raise ValueError(f"admin text {key!r} of {owner} needs a French and an English string")
            self.texts[key] = pair

    def get(self, key: str, lang: str, **params: Any) -> str:
        pair = self.texts.get(key)
        if pair is None:
            return key
        text = pair[0] if lang == "fr" else pair[1]
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in self.texts
