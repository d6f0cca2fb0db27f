"""The course forum's page (docs/forum.md): the subjects of a course with their unread counts, one
subject's messages, a composer with a visible counter, "report" on every message of others, "edit" and
"withdraw" on her own, a projector view for group sessions, and the facilitator's list of reported
messages.

Widgets only: the :class:`ForumController` reads and writes through :mod:`cc2desktop.core.forum` in
the runner's lanes (reads in the read lane, posts in the write lane), never on the GUI thread.
A learner's own messages show their state: not yet synced, awaiting moderation, refused (reason).
"""

from __future__ import annotations

import html
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from cc2desktop.core import forum as F
from cc2desktop.core.changes import Done

WINDOW = 100  # messages of a long subject shown when it opens (after its first one)


def _state_label(post: F.Post) -> str:
    if post.state == "unsynced":
        return QCoreApplication.translate("Forum", "not yet synced")
    if post.state == "pending":
        return QCoreApplication.translate("Forum", "awaiting moderation")
    if post.state == "refused":
        why = post.reason or QCoreApplication.translate("Forum", "no reason given")
        return QCoreApplication.translate("Forum", "refused: %1").replace("%1", why)
    return ""


def thread_html(posts: list[F.Post], *, flags: bool = True, big: bool = False, me: str | None = None) -> str:
    """The messages of a subject as one HTML document (one paint for a thousand messages). ``me``: the
    open learner, whose own messages get "Edit" and "Withdraw"."""
    size = "font-size:22pt;" if big else ""
    out = [f"<div style='{size}'>"]
    for p in posts:
        state = _state_label(p)
        when = html.escape(p.created_at[:16].replace("T", " "))
        head = f"<b>{html.escape(p.author)}</b> <span style='color:#666'>· {when}"
        if p.pinned:
            head += " · " + html.escape(QCoreApplication.translate("Forum", "Announcement"))
        if p.edited:
            head += " · " + html.escape(QCoreApplication.translate("Forum", "edited"))
        head += "</span>"
        if state:
            color = "#a40000" if p.state == "refused" else "#8a5a00"
            head += f" <span style='color:{color}'><i>({html.escape(state)})</i></span>"
        out.append(f"<p>{head}<br/>{F.to_html(p.text, links=p.state == 'approved')}")
        if flags and p.state == "approved" and p.learner_id is None:
            report = html.escape(QCoreApplication.translate("Forum", "Report"))
            out.append(f"<br/><a href='flag:{html.escape(p.id)}'>{report}</a>")
        elif flags and me is not None and p.learner_id == me:
            edit = html.escape(QCoreApplication.translate("Forum", "Edit"))
            withdraw = html.escape(QCoreApplication.translate("Forum", "Withdraw"))
            pid = html.escape(p.id)
            out.append(f"<br/><a href='edit:{pid}'>{edit}</a> · <a href='withdraw:{pid}'>{withdraw}</a>")
        out.append("</p><hr/>")
    out.append("</div>")
    return "".join(out)


class ForumPage(QWidget):
    """Subjects on the left, the open subject and the composer on the right."""

    back_requested = Signal()
    thread_chosen = Signal(str)
    post_submitted = Signal(dict)          # {"thread" | "title", "text", "author"}
    flag_submitted = Signal(str, str)      # post id, reason
    edit_submitted = Signal(str, str)      # one of her own posts: id, new text
    withdraw_submitted = Signal(str)       # one of her own posts: id
    project_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course_title = ""
        self.capsule: str | None = None
        self.threads: list[F.Thread] = []
        self.current: str | None = None   # the open subject; None: a new subject is being written
        self.posts: list[F.Post] = []
        self.show_all = False  # a long subject: its latest messages only, until asked
        self.me: str | None = None  # the open learner (her own messages can be edited, withdrawn)
        self.dialog: QDialog | None = None  # the open edit or withdraw question
        self.title = QLabel()
        self.title.setObjectName("title")
        self.back_btn = QPushButton()
        self.back_btn.clicked.connect(self.back_requested)
        self.new_btn = QPushButton()
        self.new_btn.clicked.connect(self.start_new)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_item)
        self.thread_title = QLabel()
        self.thread_title.setObjectName("subtitle")
        self.thread_title.setWordWrap(True)
        self.project_btn = QPushButton()
        self.project_btn.clicked.connect(self.project_requested)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._on_anchor)
        self.subject = QLineEdit()
        self.subject.setMaxLength(F.MAX_TITLE)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(96)
        self.text.textChanged.connect(self._count)
        self.counter = QLabel()
        self.counter.setObjectName("muted")
        self.author = QLineEdit()
        self.author.setMaxLength(F.MAX_AUTHOR)
        self.author_label = QLabel()
        self.author_label.setBuddy(self.author)
        self.send_btn = QPushButton()
        self.send_btn.clicked.connect(self.submit)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color:#a40000")
        self.error.setWordWrap(True)
        QShortcut(QKeySequence("Ctrl+Return"), self.text, self.submit)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back_btn)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.new_btn)
        ll.addWidget(self.list, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.thread_title, 1)
        head.addWidget(self.project_btn)
        rl.addLayout(head)
        rl.addWidget(self.view, 1)
        rl.addWidget(self.subject)
        rl.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.author_label)
        row.addWidget(self.author, 1)
        row.addWidget(self.counter)
        row.addWidget(self.send_btn)
        rl.addLayout(row)
        rl.addWidget(self.error)
        rl.addWidget(self.hint)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 900])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.splitter, 1)
        self.retranslate()
        self._count()
        self.start_new()

    # --- filling ---------------------------------------------------------------------------
    def set_course(self, title: str, author: str, capsule: str | None = None, me: str | None = None) -> None:
        self.course_title, self.capsule, self.me = title, capsule, me
        if not self.author.text():
            self.author.setText(author)
        self.retranslate()

    def set_threads(self, threads: list[F.Thread]) -> None:
        self.threads = threads
        self.list.blockSignals(True)
        self.list.clear()
        for t in threads:
            item = QListWidgetItem()
            item.setData(Qt.UserRole, t.id)
            self.list.addItem(item)
        self._label_items()
        self.list.blockSignals(False)
        if self.current is not None:
            row = next((i for i, t in enumerate(threads) if t.id == self.current), -1)
            if row >= 0:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)

    def _label_items(self) -> None:
        for i, t in enumerate(self.threads):
            item = self.list.item(i)
            n = len(t.posts)
            line = self.tr("%n message(s)", "", n)
            if t.unread:
                line += " · " + self.tr("%n new", "", t.unread)
            pin = self.tr("Announcement: ") if t.pinned else ""
            item.setText(f"{pin}{t.title}\n{line}")
            f = item.font()
            f.setBold(bool(t.unread))
            item.setFont(f)

    def show_thread(self, thread_id: str, posts: list[F.Post]) -> None:
        if thread_id != self.current:
            self.show_all = False
        self.current, self.posts = thread_id, posts
        for t in self.threads:  # read now
            if t.id == thread_id and t.unread:
                t.unread = 0
                self._label_items()
        self.subject.hide()
        first = posts[0] if posts else None
        self.thread_title.setText(first.title or "" if first else "")
        bar = self.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        same = self.view.property("thread") == thread_id
        self._render()
        self.view.setProperty("thread", thread_id)
        if not same or at_end:
            bar.setValue(bar.maximum())
        self.project_btn.setEnabled(True)
        self._count()

    def _render(self) -> None:
        """The subject's first message and its latest ones (a long subject opens at once); the earlier
        ones on demand."""
        posts, more = self.posts, 0
        if not self.show_all and len(posts) > WINDOW + 1:
            more = len(posts) - WINDOW - 1
            posts = [posts[0], *posts[-WINDOW:]]
        doc = thread_html(posts, me=self.me)
        if more:
            link = html.escape(self.tr("Show the %n earlier message(s)", "", more))
            first_end = doc.index("<hr/>") + 5
            doc = f"{doc[:first_end]}<p align='center'><a href='more:'>{link}</a></p><hr/>{doc[first_end:]}"
        self.view.setHtml(doc)

    def start_new(self) -> None:
        """Write a new subject (title + first message)."""
        self.current = None
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.view.setProperty("thread", None)
        self.view.setHtml("")
        self.thread_title.setText(self.tr("New subject"))
        self.subject.show()
        self.project_btn.setEnabled(False)
        self.subject.setFocus()
        self._count()

    def _on_item(self, item: QListWidgetItem | None, _prev: Any) -> None:
        if item is not None:
            self.thread_chosen.emit(item.data(Qt.UserRole))

    # --- writing ---------------------------------------------------------------------------
    def _count(self) -> None:
        n = len(self.text.toPlainText())
        self.counter.setText(f"{n} / {F.MAX_TEXT}")
        self.counter.setStyleSheet("color:#a40000" if n > F.MAX_TEXT else "")
        self.send_btn.setEnabled(0 < n <= F.MAX_TEXT)

    def submit(self) -> None:
        if not self.send_btn.isEnabled():
            return
        msg: dict[str, Any] = {"text": self.text.toPlainText(), "author": self.author.text().strip() or None}
        if self.current is None:
            msg["title"] = self.subject.text()
            msg["capsule"] = self.capsule
        else:
            msg["thread"] = self.current
        self.error.clear()
        self.post_submitted.emit(msg)

    def posted(self, thread_id: str) -> None:
        self.text.clear()
        self.subject.clear()
        self.current = thread_id

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "more":
            self.show_all = True
            self._render()
        elif url.scheme() == "flag":
            reason, ok = QInputDialog.getText(self, self.tr("Report this message"),
                                              self.tr("Why should the moderators look at it?"))
            if ok and reason.strip():
                self.flag_submitted.emit(url.path(), reason)
        elif url.scheme() == "edit":
            self.ask_edit(url.path())
        elif url.scheme() == "withdraw":
            self.ask_withdraw(url.path())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def ask_edit(self, post_id: str) -> None:
        """Her own message, to change (moderated again before others see the change)."""
        post = next((p for p in self.posts if p.id == post_id), None)
        if post is None:
            return
        d = QInputDialog(self)
        d.setWindowTitle(self.tr("Edit your message"))
        d.setLabelText(self.tr("Your message (the moderators see it again before the others do):"))
        d.setOption(QInputDialog.UsePlainTextEditForTextInput)
        d.setTextValue(post.text)
        d.textValueSelected.connect(lambda text: self._edited(post_id, post.text, text))
        self.dialog = d
        d.open()

    def _edited(self, post_id: str, before: str, text: str) -> None:
        if text.strip() and text != before:
            self.error.clear()
            self.edit_submitted.emit(post_id, text)

    def ask_withdraw(self, post_id: str) -> None:
        """Her own message, withdrawn everywhere after the next sync (asked first)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Question, self.tr("Withdraw your message"),
                          self.tr("Withdraw this message? Nobody will see it any more, here or at the other "
                                  "centres, once the computer has synchronised."),
                          QMessageBox.Yes | QMessageBox.No, self)
        box.setDefaultButton(QMessageBox.No)
        box.buttonClicked.connect(
            lambda b: box.standardButton(b) == QMessageBox.Yes and self.withdraw_submitted.emit(post_id))
        self.dialog = box
        box.open()

    # --- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Forum — %1").replace("%1", self.course_title))
        self.back_btn.setText(self.tr("Back to the course"))
        self.new_btn.setText(self.tr("&New subject"))
        self.project_btn.setText(self.tr("Show on the &projector"))
        self.subject.setPlaceholderText(self.tr("Title of the new subject"))
        self.text.setPlaceholderText(self.tr("Your message (Ctrl+Enter to send)"))
        self.text.setAccessibleName(self.tr("Your message"))
        self.author_label.setText(self.tr("Shown as:"))
        self.author.setToolTip(self.tr("Your name or a pseudonym: never your id, gender or country"))
        self.send_btn.setText(self.tr("&Send"))
        self.hint.setText(self.tr("Your message leaves this PC at the next sync (or USB stick) and is shown to "
                                  "the other centres once a moderator has approved it."))
        if self.current is None:
            self.thread_title.setText(self.tr("New subject"))
        self._label_items()
        if self.posts and self.current is not None:
            self._render()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)


class ProjectorView(QDialog):
    """A subject in large type for the room's projector (Esc closes)."""

    def __init__(self, title: str, posts: list[F.Post], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.heading = QLabel(title)
        self.heading.setStyleSheet("font-size:28pt; font-weight:bold")
        self.heading.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setHtml(thread_html(posts, flags=False, big=True))
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.view, 1)


class FlaggedView(QDialog):
    """The facilitator's list of the messages this PC's learners reported."""

    def __init__(self, rows: list[dict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reported forum messages"))
        self.resize(760, 520)
        view = QTextBrowser()
        parts = []
        for r in rows:
            sent = self.tr("sent to the moderators") if r["synced"] else self.tr("not yet synced")
            parts.append(f"<p><b>{html.escape(r['author'] or '?')}</b> · {html.escape(r['course'] or '')} · "
                         f"{html.escape(r['flagged_at'][:16].replace('T', ' '))} ({html.escape(sent)})<br/>"
                         f"{F.to_html(r['text'], links=False)}<br/><i>{html.escape(self.tr('Reason:'))} "
                         f"{html.escape(r['reason'])}</i></p><hr/>")
        view.setHtml("".join(parts) or html.escape(self.tr("No message has been reported on this PC.")))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(view, 1)
        lay.addWidget(close, 0, Qt.AlignRight)


class ForumController(QObject):
    """Feeds a :class:`ForumPage` for the open learner and one course, through the runner."""

    def __init__(self, shell: Any, runner: Any, kit_of: Callable[[], Any], learner_of: Callable[[], Any],
                 error_text: Callable[[BaseException], str]) -> None:
        super().__init__(shell)
        self.shell, self.runner, self.kit_of, self.learner_of = shell, runner, kit_of, learner_of
        self.error_text = error_text
        self.page: ForumPage | None = None
        self.course_id: str | None = None
        self.back: Callable[[], None] = lambda: None
        runner.changes_applied.connect(self._on_changes)

    def ensure_page(self) -> ForumPage:
        if self.page is None:
            self.page = ForumPage()
            self.shell.add_page("forum", self.page)
            self.page.back_requested.connect(lambda: self.back())
            self.page.thread_chosen.connect(self.open_thread)
            self.page.post_submitted.connect(self.post)
            self.page.flag_submitted.connect(self.flag)
            self.page.edit_submitted.connect(self.edit)
            self.page.withdraw_submitted.connect(self.withdraw)
            self.page.project_requested.connect(self.project)
        return self.page

    def open(self, course_id: str, course_title: str, *, capsule: str | None = None,
             capsule_title: str | None = None) -> None:
        learner = self.learner_of()
        page = self.ensure_page()
        self.course_id = course_id
        page.set_course(course_title, learner.learner.name if learner else "", capsule,
                        learner.learner_id if learner else None)
        self.shell.show_page("forum")
        self.refresh(then=lambda threads: self._capsule_thread(threads, capsule, capsule_title))

    def _capsule_thread(self, threads: list[F.Thread], capsule: str | None, title: str | None) -> None:
        page = self.ensure_page()
        if capsule is None:
            return
        mine = next((t for t in threads if t.capsule == capsule), None)
        if mine is not None:
            self.open_thread(mine.id)
        else:
            page.start_new()
            page.subject.setText(title or "")
            page.text.setFocus()

    def refresh(self, then: Callable[[list[F.Thread]], None] | None = None) -> None:
        kit, course, learner = self.kit_of(), self.course_id, self.learner_of()
        if kit is None or course is None:
            return
        lid = learner.learner_id if learner else None

        def done(threads: list[F.Thread]) -> None:
            if self.page is not None and course == self.course_id:
                self.page.set_threads(threads)
                if then is not None:
                    then(threads)

        self.runner.read(lambda job: F.load_threads(kit, course, lid), on_done=done)

    def open_thread(self, thread_id: str) -> None:
        kit, course, learner = self.kit_of(), self.course_id, self.learner_of()
        if kit is None or course is None:
            return

        def done(posts: list[F.Post]) -> None:
            if self.page is None or course != self.course_id:
                return
            self.page.show_thread(thread_id, posts)
            last = max((p.n for p in posts), default=0)
            if learner is not None and last:
                self.runner.write(lambda job: F.set_read(kit, learner.learner_id, thread_id, last))

        self.runner.read(lambda job: F.load_thread(kit, course, thread_id), on_done=done)

    def post(self, msg: dict) -> None:
        kit, course, learner = self.kit_of(), self.course_id, self.learner_of()
        if kit is None or course is None or learner is None:
            return

        def work(job: Any) -> Done:
            out = F.write_post(kit, learner.learner_id, course, msg["text"], thread=msg.get("thread"),
                               title=msg.get("title"), capsule=msg.get("capsule"), author=msg.get("author"))
            return Done(out, F.FORUM_CHANGED)

        def done(out: dict) -> None:
            if self.page is not None:
                self.page.posted(out["thread"])
                self.refresh()
                self.open_thread(out["thread"])

        def failed(exc: BaseException) -> None:
            if self.page is not None:
                self.page.show_error(self.error_text(exc))

        self.runner.write(work, on_done=done, on_error=failed)

    def flag(self, post_id: str, reason: str) -> None:
        kit, course, learner = self.kit_of(), self.course_id, self.learner_of()
        if kit is None or course is None or learner is None:
            return

        def failed(exc: BaseException) -> None:
            if self.page is not None:
                self.page.show_error(self.error_text(exc))

        self.runner.write(lambda job: Done(F.flag_post(kit, learner.learner_id, course, post_id, reason),
                                           F.FORUM_CHANGED), on_error=failed)

    def edit(self, post_id: str, text: str) -> None:
        self._own(lambda kit, lid, course: F.edit_post(kit, lid, course, post_id, text))

    def withdraw(self, post_id: str) -> None:
        self._own(lambda kit, lid, course: F.delete_post(kit, lid, course, post_id))

    def _own(self, change: Callable[[Any, str, str], dict]) -> None:
        """A change to one of her own messages, then the subject shown again."""
        kit, course, learner = self.kit_of(), self.course_id, self.learner_of()
        if kit is None or course is None or learner is None:
            return
        thread = self.page.current if self.page is not None else None

        def done(_out: dict) -> None:
            if self.page is not None and thread is not None and course == self.course_id:
                self.refresh()
                self.open_thread(thread)

        def failed(exc: BaseException) -> None:
            if self.page is not None:
                self.page.show_error(self.error_text(exc))

        self.runner.write(lambda job: Done(change(kit, learner.learner_id, course), F.FORUM_CHANGED),
                          on_done=done, on_error=failed)

    def project(self) -> None:
        page = self.ensure_page()
        shown = [p for p in page.posts if p.state == "approved"]  # the room sees moderated messages only
        if not shown:
            return
        view = ProjectorView(shown[0].title or "", shown, self.shell)
        screens = self.shell.screen().virtualSiblings() if self.shell.screen() else []
        if len(screens) > 1:  # the projector: the other screen
            view.setGeometry(screens[-1].geometry())
            view.showFullScreen()
        else:
            view.showMaximized()
        self.projector = view

    def show_flagged(self) -> None:
        kit = self.kit_of()
        if kit is None:
            return

        def done(rows: list[dict]) -> None:
            self.flagged_view = FlaggedView(rows, self.shell)
            self.flagged_view.show()

        self.runner.read(lambda job: F.load_flagged(kit), on_done=done)

    def _on_changes(self, ch: Any) -> None:
        if getattr(ch, "forum", False) or getattr(ch, "pending_sync", False):
            if self.page is not None and self.shell.current_page() == "forum":
                self.refresh()
                if self.page.current is not None:
                    self.open_thread(self.page.current)
