"""The main window is a shell: menu bar, named pages in a QStackedWidget, a status bar with a slot
for the sync widget, the settings dialog, full screen and the idle watcher. It holds no domain
state and no Kit: the controllers (``ui/<domain>/controller.py``), built by the composition root
(:mod:`cc2desktop.app`), add their pages, menu actions and status widgets.

Menus: :meth:`menu` with "file", "courses", "sync", "facilitator", "view", "help" (the Sync and
Facilitator menus stay hidden until a controller asks for them).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QWidget

from cc2desktop.ui.shell import a11y, i18n, theme
from cc2desktop.ui.shell.idle import IdleWatcher
from cc2desktop.ui.shell.tasks import TaskRunner

APP_TITLE = "Connexions Citoyennes"
SETTING_KEYS = ("ui.language", "ui.font_scale", "ui.high_contrast", "ui.idle_logout_minutes", "backup.keep_days")


def message_box():  # noqa: ANN201 - QMessageBox, imported on first use (not on the first-paint path)
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    theatre_changed = Signal(bool)
    page_changed = Signal(str)
    closing = Signal()  # the window is closing: the composition root stops the work and saves

    def __init__(self, settings: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.runner = settings, runner
        self.lang = settings.get("ui.language") if settings.get("ui.language") in i18n.LANGUAGES else "fr"
        self._pages: dict[str, QWidget] = {}
        self._shown = False
        self._leaving: dict[str, Callable[[], None]] = {}
        self.stack = QStackedWidget()  # takes no focus (Qt's default for it: Qt.FocusPolicy.NoFocus)
        a11y.install(QApplication.instance())
        self.setCentralWidget(self.stack)

        self.menus: dict[str, Any] = {}
        self.actions: dict[str, QAction] = {}
        self._texts: dict[str, Callable[[], str]] = {}
        self._build_menus()
        self.status_text = QLabel()
        self.statusBar().addWidget(self.status_text, 1)
        self.sync_slot = QWidget()
        QHBoxLayout(self.sync_slot).setContentsMargins(0, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.sync_slot)
        self._notify_timer = QTimer(self)  # owned by the window: never fires after it is gone
        self._notify_timer.setSingleShot(True)
        self._notify_timer.timeout.connect(self.status_text.clear)
        self._notice: Callable[[], str] | None = None
        self.user_label = QLabel()
        self.user_label.setContentsMargins(0, 0, 6, 0)  # the name off the screen's right edge
        self._user: str | None = None
        self.statusBar().addPermanentWidget(self.user_label)

        self.idle = IdleWatcher(self)
        self.idle.set_minutes(settings.get("ui.idle_logout_minutes"))
        self._esc = QAction(self)
        self._esc.setShortcuts([QKeySequence("Esc")])
        self._esc.triggered.connect(self._on_escape)
        self.addAction(self._esc)
        self.resize(1100, 720)
        self.retranslate()

    # ------------------------------------------------------------------------------ pages
    def add_page(self, name: str, widget: QWidget, *, on_leave: Callable[[], None] | None = None) -> QWidget:
        """``on_leave``: called when another page is shown (e.g. pause the video)."""
        self._pages[name] = widget
        if on_leave is not None:
            self._leaving[name] = on_leave
        self.stack.addWidget(widget)
        widget.windowTitleChanged.connect(lambda _t, w=widget: w is self.stack.currentWidget() and self._set_title())
        return widget

    def page(self, name: str) -> QWidget:
        return self._pages[name]

    def show_page(self, name: str) -> None:
        current = self.current_page()
        if current != name and current in self._leaving:
            self._leaving[current]()
        page = self._pages[name]
        fw = QApplication.focusWidget()
        if fw is not None and fw is not page and self.stack.currentWidget() is not page \
                and self.stack.currentWidget() is not None and self.stack.currentWidget().isAncestorOf(fw):
            self.stack.setFocus()  # (else Qt hands the focus to the status bar while the pages swap)
        self.stack.setCurrentWidget(page)
        self._set_title()
        self.page_changed.emit(name)
        a11y.name_by_labels(page)
        a11y.focus_page(page)

    def _set_title(self) -> None:
        """The window names the page (its own window title, set by the page): "Quiz — Les données
        ouvertes — Connexions Citoyennes"; a screen reader says it on each page change."""
        page = self.stack.currentWidget()
        title = page.windowTitle().strip() if page is not None else ""
        self.setWindowTitle(f"{title} — {APP_TITLE}" if title else APP_TITLE)

    def current_page(self) -> str:
        w = self.stack.currentWidget()
        return next((n for n, p in self._pages.items() if p is w), "")

    def set_sync_widget(self, widget: QWidget) -> None:
        """The sync domain's status widget, at the right of the status bar."""
        self.sync_slot.layout().addWidget(widget)

    def set_user(self, name: str | None) -> None:
        self._user = name
        self.user_label.setText(self.tr("Profile: %1").replace("%1", name) if name else "")

    # ------------------------------------------------------------------------------ menus
    def menu(self, key: str):  # noqa: ANN201 - QMenu
        """One of "file", "courses", "sync", "facilitator", "view", "help"; shows it."""
        m = self.menus[key]
        m.menuAction().setVisible(True)
        return m

    def add_action(self, menu: str, key: str, text: Callable[[], str], slot: Callable, shortcut: str | None = None,
                   *, before: QAction | None = None) -> QAction:
        """A menu action whose text (``text()``, a translated string) follows language switches."""
        a = QAction(self)
        if shortcut:
            a.setShortcuts([QKeySequence(shortcut)])  # = setShortcut(shortcut), which builds Qt's enums (qt_values.py)
        a.triggered.connect(slot)
        m = self.menu(menu) if menu in ("sync", "facilitator") else self.menus[menu]
        if before is not None:
            m.insertAction(before, a)
        else:
            m.addAction(a)
        self.actions[key] = a
        self._texts[key] = text
        a.setText(text())
        return a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        for key in ("file", "courses", "sync", "facilitator", "view", "help"):
            self.menus[key] = mb.addMenu("")
        self.menus["file"].addSeparator()
        self.add_action("file", "quit", lambda: self.tr("&Quit"), self.close, "Ctrl+Q")
        self.add_action("view", "settings", lambda: self.tr("&Settings…"), self.open_settings, "Ctrl+,")
        self.add_action("view", "fullscreen", lambda: self.tr("&Full screen"),
                        lambda: self.set_theatre(not self.isFullScreen()), "F11")
        self.add_action("help", "about", lambda: self.tr("&About"), self._about)
        self.menus["sync"].menuAction().setVisible(False)  # filled by the sync controller
        self.menus["facilitator"].menuAction().setVisible(False)

    def retranslate(self) -> None:
        self._set_title()
        names = {"file": self.tr("&File"), "courses": self.tr("&Courses"), "sync": self.tr("&Sync"),
                 "facilitator": self.tr("Facilita&tor"), "view": self.tr("&View"), "help": self.tr("&Help")}
        for k, m in self.menus.items():
            m.setTitle(names[k])
        for k, text in self._texts.items():
            self.actions[k].setText(text())
        self.set_user(self._user)
        if self.status_text.text():
            self.status_text.setText(self._notice() if self._notice is not None else "")

    def showEvent(self, e) -> None:  # noqa: N802, ANN001
        super().showEvent(e)
        if not self._shown:  # at start-up: the page's main control, not the first widget Qt finds
            self._shown = True
            QTimer.singleShot(0, self, lambda: self.stack.currentWidget() is not None
                              and a11y.focus_page(self.stack.currentWidget(), force=True))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def notify(self, text: str | Callable[[], str], ms: int = 6000) -> None:
        """A message in the status bar (``ms`` = 0: until the next one). ``text`` may be a function
        giving the translated text: the message then follows a language switch (a plain string is
        cleared by one, not left in the other language)."""
        self._notice = text if callable(text) else None
        self.status_text.setText(text() if callable(text) else text)
        a11y.announce(self.status_text, self.status_text.text())
        self._notify_timer.stop()
        if ms:
            self._notify_timer.start(ms)

    # ------------------------------------------------------------------------------ full screen
    def set_theatre(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        elif self.isFullScreen():
            self.showNormal()
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        self.theatre_changed.emit(on)

    def _on_escape(self) -> None:
        if self.isFullScreen():
            self.set_theatre(False)

    # ------------------------------------------------------------------------------ settings
    def current_settings(self) -> dict:
        return {k: self.settings.get(k) for k in SETTING_KEYS}

    def open_settings(self) -> None:
        from cc2desktop.ui.shell.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.current_settings(), self)
        dlg.applied.connect(self.apply_settings)
        dlg.exec()

    def apply_settings(self, values: dict) -> None:
        old = self.current_settings()
        for k, v in values.items():
            self.settings.set(k, v)
        self.settings.save()
        if values["ui.language"] != old["ui.language"]:
            self.lang = i18n.set_language(values["ui.language"])
            self.language_changed.emit(self.lang)
        theme.apply(QApplication.instance(), values["ui.font_scale"], values["ui.high_contrast"])
        self.idle.set_minutes(values["ui.idle_logout_minutes"])

    def _about(self) -> None:
        from cc2desktop import __version__

        message_box().about(self, self.tr("About"), self.tr("Connexions Citoyennes — offline course kit, version %1")
                            .replace("%1", __version__))

    def closeEvent(self, e) -> None:  # noqa: N802, ANN001
        self.closing.emit()
        super().closeEvent(e)
