"""A page walker: open every page and dialog of the app, read every string a user can see (or a
screen reader can say) and report the ones in the other language.

The walker reads a widget tree as it is on screen: labels (rich text made plain), buttons, tool
tips, placeholders, accessible names and descriptions, combo box items, tab titles, group box
titles, progress bar texts, window titles, every row and header of item views, menus and their
actions. A string is *foreign* when it holds a word only the other language uses (a small list of
function words and interface words each, see :data:`EN_ONLY` and :data:`FR_ONLY`): in the French
interface "Cancel" or "your answer", in the English one "Annuler" or "la réponse". Strings with a
``%1`` left unreplaced are reported in both languages. Proper nouns and course content that exists
only in its own language go in ``allow`` (exact substrings removed before the check).

    walker = Walker(qtbot, lang="fr", allow={"Côte d'Ivoire"})
    walker.check("home", window)                                # a page as it is now
    walker.dialog("settings", window.open_settings)             # a dialog: opened, read, closed
    walker.assert_clean()

Dialogs opened with ``exec()`` (modal, blocking) and with ``open()``/``show()`` are both caught: the
walker watches for a new top-level window while ``trigger`` runs, reads it (after ``ready(dialog)``
holds, and after each of ``steps``), then closes it (``close(dialog)``, else ``reject()``/``close()``).

The walk itself (which pages, in which states) lives beside this module: :mod:`walk_learner` (the
learner's pages, the shell, courses and sync dialogs) and :mod:`walk_facilitator`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QDialog, QGroupBox,
                               QLabel, QLineEdit, QMenu, QMenuBar, QMessageBox, QProgressBar, QTabBar, QTextEdit,
                               QWidget)

#: Words (lower case) that only English uses: found in the French interface, the string is English.
EN_ONLY = frozenset("""
the and your you with this that these those please of is are was were be been being not to from for into
it its has have had will would can cannot could should must there their they them we our which what when
where who why how than then only also yet don't can't won't isn't it's you're doesn't
yes cancel close save open help back next previous settings search print delete rename edit choose start
hello my about file view quit learner learners profile course courses error warning failed
unknown invalid server network connection download install installed update password name new done left
time answer answers right wrong try again exam certificate progress video subtitles transcript group
groups attendance dashboard facilitator device enrolment events event sign show hide play
full screen sound quality light watch watched completed started level passed missing required wait
waiting send apply reset forgot forgotten already account stick other others today yesterday
""".split())

#: Words (lower case) that only French uses: found in the English interface, the string is French.
FR_ONLY = frozenset("""
de en le la les des du une et est sont pour vous votre vos avec dans pas que qui aux ce cette ces mon ma mes ton
ta tes ou où être été à très ne se sa son ses leur leurs nous notre il elle ils elles je tu au
l' d' qu' n' j' c' s' m' t' jusqu' lorsqu' puisqu'
annuler fermer enregistrer ouvrir oui non suivant suivante précédent précédente retour aide fichier affichage
quitter réglages paramètres rechercher imprimer supprimer renommer modifier choisir commencer continuer
bonjour cours profil apprenant apprenante apprenants erreur serveur réseau télécharger installer mot passe
nom nouveau nouvelle terminé terminée temps réponse réponses examen certificat progression vidéo
sous-titres transcription groupe groupes séance séances présence animateur animatrice animation appareil
inscription activités activité réussi réussie échoué manquant requis envoyer envoyé envoyée appliquer
oublié déjà compte clé autre autres aujourd'hui hier mois jour jours semaine heure heures
""".split())

#: counted only in lower case ("EN" names a language, "De" starts a proper noun)
LOWER_ONLY = frozenset({"de", "en"})

#: a word: letters not glued to digits (the "BE" of a verification code "Y2AZ-BE0N" is no word)
_WORD = re.compile(r"(?<![0-9a-zà-öø-ÿœ])[a-zà-öø-ÿœ]+(?:['’](?:[a-zà-öø-ÿœ]+)?)?(?:-[a-zà-öø-ÿœ]+)*"
                   r"(?![0-9a-zà-öø-ÿœ])", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"%(?:\d|n)\b")
#: a learner, enrolment or verification code ("7K3M-THEN-…"): random groups, never words
_CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z*~$=]{4})+")


def foreign_words(text: str, lang: str) -> list[str]:
    """Words of ``text`` that only the other language uses (``lang``: the interface's language)."""
    words = EN_ONLY if lang == "fr" else FR_ONLY
    found = []
    for m in _WORD.finditer(_CODE.sub(" ", text)):
        raw = m.group(0)
        w = raw.lower().replace("’", "'")
        if w in LOWER_ONLY and raw != w:
            continue
        candidates = {w}
        if "'" in w:  # "l'action" → l' ; "don't" stays whole
            head = w.split("'", 1)[0] + "'"
            candidates.add(head)
        for part in w.split("-"):
            candidates.add(part)
        hits = sorted(c for c in candidates if c in words)
        if hits:
            found.append(hits[0] if w not in words else w)
    return found


def plain(text: str) -> str:
    """Rich text as the user reads it."""
    from cc2desktop.ui.shell.a11y import plain_text

    return plain_text(text)


def _name(w: QWidget) -> str:
    return w.objectName() or type(w).__name__


def _columns(model, parent: QModelIndex) -> int:  # noqa: ANN001
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model (its columnCount is private in PySide)
        return 1


def _model_strings(view: QAbstractItemView, limit: int = 2000) -> Iterable[str]:
    model = view.model()
    if model is None:
        return
    for i in range(_columns(model, QModelIndex())):  # (row numbers are not words)
        v = model.headerData(i, Qt.Horizontal, Qt.DisplayRole)
        if isinstance(v, str):
            yield v
    stack = [QModelIndex()]
    seen = 0
    while stack and seen < limit:
        parent = stack.pop()
        for r in range(model.rowCount(parent)):
            for c in range(_columns(model, parent)):
                idx = model.index(r, c, parent)
                seen += 1
                for role in (Qt.DisplayRole, Qt.ToolTipRole, Qt.AccessibleTextRole):
                    v = model.data(idx, role)
                    if isinstance(v, str):
                        yield v
                if c == 0 and model.rowCount(idx) > 0:
                    stack.append(idx)


def _menu_strings(menu: QMenu | QMenuBar, where: str) -> Iterable[tuple[str, str]]:
    if isinstance(menu, QMenu):
        yield f"{where}", menu.title()
    for a in menu.actions():
        if a.isSeparator() or not a.isVisible():
            continue
        yield f"{where} › {a.text()}", a.text()
        if a.toolTip() and a.toolTip() != a.text().replace("&", ""):
            yield f"{where} › {a.text()} (tool tip)", a.toolTip()
        if a.menu() is not None:
            yield from _menu_strings(a.menu(), f"{where} › {a.text()}")


def strings_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every string the user can see or hear in ``root`` as it is shown now."""
    out: list[tuple[str, str]] = [(f"{_name(root)} (window title)", root.windowTitle())]
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        where = _name(w)
        for what, text in (("accessible name", w.accessibleName()), ("accessible description",
                                                                     w.accessibleDescription()),
                           ("tool tip", w.toolTip()), ("status tip", w.statusTip())):
            if text:
                out.append((f"{where} ({what})", plain(text)))
        if isinstance(w, QLabel):
            out.append((where, plain(w.text())))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QLineEdit):
            out.append((f"{where} (placeholder)", w.placeholderText()))
            if w.isReadOnly():
                out.append((where, w.text()))
        elif isinstance(w, QComboBox):
            out += [(f"{where} item {i}", w.itemText(i)) for i in range(w.count())]
            if w.isEditable():
                out.append((f"{where} (placeholder)", w.lineEdit().placeholderText()))
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                out += [(f"{where} tab {i}", w.tabText(i)), (f"{where} tab {i} (tool tip)", w.tabToolTip(i))]
        elif isinstance(w, QProgressBar):
            if w.isTextVisible():
                out.append((where, w.text()))
        elif isinstance(w, QTextEdit):
            if w.isReadOnly():
                out.append((where, w.toPlainText()))
            out.append((f"{where} (placeholder)", w.placeholderText()))
        elif isinstance(w, QMenuBar):
            out += list(_menu_strings(w, "menu"))
        if isinstance(w, QAbstractItemView):
            out += [(f"{where} row", s) for s in _model_strings(w)]
        if isinstance(w, QMessageBox):
            out += [(f"{where} (informative)", plain(w.informativeText())), (f"{where} (detail)", w.detailedText())]
    return [(where, t) for where, t in out if t and t.strip()]


@dataclass
class Finding:
    page: str
    where: str
    text: str
    words: list[str]

    def __str__(self) -> str:
        return f"[{self.page}] {self.where}: {self.text!r} — {', '.join(self.words)}"


@dataclass
class Walker:
    """Collects the foreign strings of every page and dialog it is shown."""

    qtbot: object
    lang: str
    allow: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    timeout_ms: int = 10_000

    def check(self, page: str, root: QWidget) -> list[Finding]:
        """Read ``root`` as it is now; remember and return its foreign strings."""
        QApplication.processEvents()
        self.pages.append(page)
        found = []
        allow = sorted(self.allow, key=len, reverse=True)
        for where, text in strings_of(root):
            rest = text
            for a in allow:
                rest = rest.replace(a, " ")
            words = foreign_words(rest, self.lang)
            if _PLACEHOLDER.search(rest):
                words.append("unreplaced placeholder")
            if words:
                found.append(Finding(f"{page} ({self.lang})", where, text, words))
        self.findings += found
        return found

    def dialog(self, page: str, trigger: Callable[[], object], *, ready: Callable[[QWidget], bool] | None = None,
               steps: Iterable[Callable[[QWidget], object]] = (), close: Callable[[QWidget], object] | None = None,
               kind: type = QDialog) -> None:
        """Run ``trigger``; read the new top-level ``kind`` window it opens (when ``ready`` holds, then
        after each step), then close it."""
        import shiboken6

        def ptr(w: QWidget) -> int:
            return shiboken6.getCppPointer(w)[0]

        before = {ptr(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        handled: list[QWidget] = []
        failure: list[BaseException] = []

        def poll() -> None:
            if handled or failure:
                return
            new = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and isinstance(w, kind) and ptr(w) not in before]
            if not new:
                QTimer.singleShot(20, poll)
                return
            dlg = new[-1]
            handled.append(dlg)
            try:
                # a dialog that starts work when it opens (a scan, a read) is read once it is done
                self.qtbot.waitUntil(lambda: not getattr(dlg, "busy", False) and (ready is None or ready(dlg)),
                                     timeout=self.timeout_ms)
                self.check(page, dlg)
                for n, step in enumerate(steps, 1):
                    step(dlg)
                    QApplication.processEvents()
                    self.check(f"{page} #{n}", dlg)
            except BaseException as exc:  # noqa: BLE001 - reported after the dialog is closed
                failure.append(exc)
            finally:
                self._close(page, dlg, close, failure)

        QTimer.singleShot(0, poll)
        trigger()
        self.qtbot.waitUntil(lambda: bool(handled) or bool(failure), timeout=self.timeout_ms)
        self.qtbot.waitUntil(lambda: not shiboken6.isValid(handled[0]) or not handled[0].isVisible(),
                             timeout=self.timeout_ms)
        if failure:
            raise failure[0]

    def _close(self, page: str, dlg: QWidget, close: Callable[[QWidget], object] | None,
               failure: list[BaseException]) -> None:
        import shiboken6

        def shown() -> bool:
            return shiboken6.isValid(dlg) and dlg.isVisible()

        if close is not None:  # e.g. an accept that starts work: pressed once, then waited for
            close(dlg)
        for _ in range(max(1, self.timeout_ms // 100)):
            if not shown():
                return
            if close is None:
                dlg.reject() if isinstance(dlg, QDialog) else dlg.close()
            self.qtbot.wait(100)
        if shown():
            failure.append(AssertionError(f"{page}: the dialog does not close"))
            if isinstance(dlg, QDialog):
                QDialog.done(dlg, QDialog.DialogCode.Rejected)
            else:
                dlg.hide()

    def report(self) -> str:
        return "\n".join(str(f) for f in self.findings)

    def assert_clean(self) -> None:
        assert not self.findings, (f"{len(self.findings)} string(s) of the other language in the "
                                   f"{self.lang} interface:\n{self.report()}")
