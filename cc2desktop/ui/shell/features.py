"""Wires each domain's widgets into the main window once the core is open: course packs (File menu),
sync (status bar + Sync menu), certification (a page per learner) and the facilitator workspace.

The main window knows nothing of these domains; this module is the one place that joins them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget


class Features(QObject):
    """Owns the domain actions of one main window (kept alive as the window's child)."""

    def __init__(self, win: Any) -> None:
        super().__init__(win)
        self.win = win
        self.sync_widget = None
        self.sync_service = None
        self.cert_panel = None
        self.cert_page = None  # the panel plus a way back to the course
        self.cert_button = None  # on the learner's home page
        self.cert_back = None
        self._cert_seen_sync: str | None = None
        self.facilitator_panel = None
        self.actions: dict[str, QAction] = {}
        self._texts: dict[str, str] = {}
        win.core_ready.connect(self._on_win_core_ready)
        win.logged_in.connect(self._on_win_logged_in)
        win.logged_out.connect(self._on_win_logged_out)

    # ---------------------------------------------------------------------------------- menus
    def _action(self, menu: str, key: str, slot, shortcut: str | None = None) -> QAction:  # noqa: ANN001
        a = QAction(self.win)
        if shortcut:
            a.setShortcut(shortcut)
        a.triggered.connect(slot)
        self.win.menu(menu).addAction(a)
        self.actions[key] = a
        return a

    def retranslate(self) -> None:
        texts = {
            "install": QCoreApplication.translate("Features", "Install a course from a USB stick or a file…"),
            "download": QCoreApplication.translate("Features", "Download courses…"),
            "verify": QCoreApplication.translate("Features", "Verify my content…"),
            "certificate": QCoreApplication.translate("Features", "My &certificate"),
            "sync_now": QCoreApplication.translate("Features", "Sync &now"),
            "enrol": QCoreApplication.translate("Features", "Connect this PC to a server…"),
            "usb": QCoreApplication.translate("Features", "Sync with a &USB stick…"),
            "facilitator": QCoreApplication.translate("Features", "Open the &facilitator space…"),
        }
        for k, a in self.actions.items():
            a.setText(texts[k])
        if self.cert_button is not None:
            self.cert_button.setText(texts["certificate"].replace("&", ""))
        if self.cert_back is not None:
            self.cert_back.setText(QCoreApplication.translate("Features", "Back to the course"))
        if self.cert_panel is not None:
            self.cert_panel.setAccessibleName(texts["certificate"].replace("&", ""))
            self.cert_panel.set_language(self.win.lang)

    def _on_win_core_ready(self) -> None:
        if self.actions:  # core reopened (e.g. after a course install): keep what exists
            return
        win = self.win
        file_menu = win.menu("file")
        first = file_menu.actions()[0] if file_menu.actions() else None
        for key, slot in (("install", self.open_install), ("download", self.open_catalog),
                          ("verify", self.open_verify)):
            a = QAction(win)
            a.triggered.connect(slot)
            file_menu.insertAction(first, a)
            self.actions[key] = a
        if first is not None:
            file_menu.insertSeparator(first)
        self._action("courses", "certificate", self.open_certificate, "Ctrl+E")
        self._action("sync", "sync_now", self.sync_now, "F5")
        self._action("sync", "enrol", self.open_enrol)
        self._action("sync", "usb", self.open_usb)
        self._action("facilitator", "facilitator", lambda: self.open_facilitator(), "Ctrl+Shift+F")
        self.actions["certificate"].setEnabled(win.learner is not None)
        self._install_sync_widget()
        self.retranslate()
        win.installEventFilter(self)

    def eventFilter(self, obj: QObject, e) -> bool:  # noqa: N802, ANN001
        from PySide6.QtCore import QEvent

        if obj is self.win and e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    # ---------------------------------------------------------------------------------- packs
    def _pack_dialog(self, cls) -> None:  # noqa: ANN001
        dlg = cls(self.win.kit, self.win, runner=self.win.runner)
        dlg.exec()
        self.win.reload_courses()

    def open_install(self) -> None:
        from cc2desktop.ui.packs.dialogs import InstallFromMediaDialog

        self._pack_dialog(InstallFromMediaDialog)

    def open_catalog(self) -> None:
        from cc2desktop.ui.packs.dialogs import CatalogDialog

        self._pack_dialog(CatalogDialog)

    def open_verify(self) -> None:
        from cc2desktop.ui.packs.dialogs import VerifyContentDialog

        self._pack_dialog(VerifyContentDialog)

    # ---------------------------------------------------------------------------------- sync
    def _install_sync_widget(self) -> None:
        from cc2desktop.core.sync.service import SyncService
        from cc2desktop.ui.sync.widgets import SyncStatusWidget

        self.sync_service = SyncService(self.win.kit)
        auto = bool(self.win.settings.get("sync.auto"))
        self.sync_widget = SyncStatusWidget(self.sync_service, self.win.runner, auto=auto)
        self.sync_widget.status_changed.connect(self._on_sync_status_changed)
        self.sync_widget.details_requested.connect(lambda: self.open_facilitator("refused"))
        self.win.set_sync_widget(self.sync_widget)

    def _on_sync_status_changed(self, status) -> None:  # noqa: ANN001
        # a completed sync may have brought the server's decision: the page on screen reads it again
        # (an open exam stays as it is: the panel never replaces it)
        if status.last_sync != self._cert_seen_sync:
            self._cert_seen_sync = status.last_sync
            if self.cert_panel is not None and self.cert_panel.isVisible():
                self.cert_panel.refresh()

    def sync_now(self) -> None:
        self.sync_widget.sync_now()

    def open_enrol(self) -> None:
        self.sync_widget.open_enrol()

    def open_usb(self) -> None:
        self.sync_widget.open_usb()

    # ---------------------------------------------------------------------------------- certification
    def _on_win_logged_in(self, learner_id: str) -> None:
        if "certificate" in self.actions:
            self.actions["certificate"].setEnabled(True)
        if self.cert_button is None:
            self.cert_button = QPushButton()
            self.cert_button.clicked.connect(self.open_certificate)
            self.win.home.add_button(self.cert_button)
            self.retranslate()
        self._back_to_open_exam(learner_id)

    def _back_to_open_exam(self, learner_id: str) -> None:
        """A learner who left an exam open (log-out for inactivity, a closed window, a power cut)
        finds it on screen as she left it when she logs in again."""
        from cc2desktop.core.certification import service

        kit, courses = self.win.kit, list(self.win.courses)
        if kit is None or not courses:
            return

        def work(_job):  # noqa: ANN001, ANN202
            return service.has_open_attempt(kit, learner_id, courses[0])

        def done(is_open: bool) -> None:
            if is_open and self.win.learner is not None and self.win.learner.learner_id == learner_id:
                self.open_certificate()

        self.win.runner.run(work, on_done=done, on_error=lambda _e: None)

    def _on_win_logged_out(self) -> None:
        if "certificate" in self.actions:
            self.actions["certificate"].setEnabled(False)
        if self.cert_panel is not None:
            self.cert_panel.setParent(None)
            self.cert_panel.deleteLater()
            self.cert_panel = None

    def _cert_container(self) -> QWidget:
        """The certificate page: a way back to the course above the certification panel."""
        if self.cert_page is None:
            self.cert_page = QWidget()
            lay = QVBoxLayout(self.cert_page)
            lay.setContentsMargins(0, 0, 0, 0)
            top = QHBoxLayout()
            self.cert_back = QPushButton()
            self.cert_back.clicked.connect(lambda: self.win.learner and self.win.show_page("home"))
            top.addWidget(self.cert_back)
            top.addStretch(1)
            lay.addLayout(top)
            self.win.add_page("certificate", self.cert_page)
            self.retranslate()
        return self.cert_page

    def open_certificate(self) -> None:
        from cc2desktop.ui.certification.widgets import CertificationPanel

        win = self.win
        if win.learner is None or not win.courses:
            return
        course_id = next(iter(win.courses))
        if self.cert_panel is None or self.cert_panel.learner_id != win.learner.learner_id:
            if self.cert_panel is not None:
                self.cert_panel.setParent(None)
                self.cert_panel.deleteLater()
            self.cert_panel = CertificationPanel(win.kit, win.runner, win.learner.learner_id, course_id, win.lang)
            name = QCoreApplication.translate("Features", "My &certificate").replace("&", "")
            self.cert_panel.setAccessibleName(name)
            self._cert_container().layout().addWidget(self.cert_panel, 1)
        self.cert_panel.lang = win.lang
        self.cert_panel.refresh()
        win.show_page("certificate")

    # ---------------------------------------------------------------------------------- facilitator
    def open_facilitator(self, tab: str | None = None) -> None:
        from cc2desktop.ui.facilitator.panel import open_facilitator

        panel = open_facilitator(self.win.kit, self.win, tab=tab)
        if panel is not None:
            self.facilitator_panel = panel


def install(win: Any) -> Features:
    return Features(win)
