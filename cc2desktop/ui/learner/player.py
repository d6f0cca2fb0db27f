"""Capsule page: video (QMediaPlayer → QVideoSink → frames converted off the GUI thread → a painted view
with the subtitles over it),
controls, transcript pane that follows playback. Imported lazily: QtMultimedia is not on the path
to the first window."""

from __future__ import annotations

import atexit
import math
import time
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import (QCoreApplication, QEvent, QMetaObject, QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt,
                            QThread, QTimer, QUrl, Signal, Slot)
from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer, QVideoFrame
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QSizePolicy, QSlider, QSplitter, QVBoxLayout, QWidget)

from cc2desktop.ui.learner import media
from cc2desktop.core.learning.texts import pick
from cc2desktop.core.learning.subtitles import Cue, Track, search
from cc2desktop.core.learning.watch import WatchTracker
from cc2desktop.ui.shell.a11y import make_heading

SPEEDS = (0.75, 1.0, 1.25, 1.5)
RENDITIONS = ("standard", "low", "audio")
FLUSH_EVERY_MS = 20_000


def fmt_time(s: float) -> str:
    s = max(0, int(s))
    return f"{s // 60}:{s % 60:02d}"


# the slider's keyboard actions (by value: actionTriggered carries an int)
_KEY_ACTIONS = {a.value for a in (QSlider.SliderAction.SliderSingleStepAdd, QSlider.SliderAction.SliderSingleStepSub,
                                  QSlider.SliderAction.SliderPageStepAdd, QSlider.SliderAction.SliderPageStepSub,
                                  QSlider.SliderAction.SliderToMinimum, QSlider.SliderAction.SliderToMaximum)}


class FrameConverter(QObject):
    """Turns the decoder's frames into images of the size they are drawn at, on its own thread.

    Lives on the one frame thread (:func:`frame_thread`). ``take(frame)`` is connected to the video
    sink (queued: it runs on the frame thread, whatever thread the decoder emits from); when frames
    come faster than they convert, the older ones are skipped (the latest wins). ``ready(image,
    serial)`` reaches the view on the GUI thread, which only copies the image to the screen and draws
    the subtitle over it. The conversion (YUV → RGB, then the scaling) is the costly part of an HD
    frame: ≈ 5 ms at 1280×720 here, and it used to run on the GUI thread."""

    ready = Signal(QImage, int)  # the image and the epoch it belongs to (see forget)

    def __init__(self) -> None:
        super().__init__()
        self.target = QSize()  # set by the view on the GUI thread (one object swapped: atomic under the GIL)
        self._latest: QVideoFrame | None = None
        self._last: QVideoFrame | None = None
        self._pending = False
        self._epoch = 0

    @Slot(QVideoFrame)
    def take(self, frame: QVideoFrame) -> None:
        self._latest = frame
        if not self._pending:
            self._pending = True
            QMetaObject.invokeMethod(self, "_convert", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def again(self) -> None:
        """Convert the last frame again (the view was resized while paused)."""
        if self._last is not None and self._latest is None:
            self.take(self._last)

    @Slot()
    def forget(self) -> None:
        """A new video: drop the frames kept, and mark what comes next with a new epoch (the view
        ignores images of the previous one still on their way)."""
        self._latest = self._last = None
        self._epoch += 1

    @Slot()
    def _convert(self) -> None:
        self._pending = False
        frame, self._latest = self._latest, None
        if frame is None or not frame.isValid():
            return
        self._last = frame
        img = frame.toImage()
        if img.isNull():
            return
        target = self.target
        if target.isValid() and not target.isEmpty():
            size = img.size().scaled(target, Qt.AspectRatioMode.KeepAspectRatio)
            if size != img.size() and not size.isEmpty():
                # QPainter's smooth scaling: ≈ 3× faster than QImage.scaled for the same look
                out = QImage(size, QImage.Format.Format_RGB32)
                p = QPainter(out)
                p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                p.drawImage(QRect(QPoint(0, 0), size), img)
                p.end()
                img = out
        self.ready.emit(img, self._epoch)


_frame_thread: QThread | None = None


def frame_thread() -> QThread:
    """The thread the video frames are converted on (one for the app, ended when the app quits)."""
    global _frame_thread
    if _frame_thread is None:
        app = QCoreApplication.instance()
        # Frames are converted by Qt's CPU converters (SIMD). Without this, on a display with OpenGL Qt
        # makes a GL context in the thread and reads every frame back from it: on a software GL (Xvfb,
        # the drivers of old PCs) that is twice the CPU, and the frames fall behind. No widget of the
        # app uses OpenGL.
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ForceRasterWidgets)
        th = QThread()
        th.setObjectName("cc2-video-frames")
        th.start()

        def end() -> None:
            global _frame_thread
            th.quit()
            th.wait()
            _frame_thread = None

        if app is not None:
            app.aboutToQuit.connect(end)
        atexit.register(lambda: _frame_thread is th and end())
        _frame_thread = th
    return _frame_thread


_dying: list[QObject] = []  # converters whose deletion is posted to the frame thread


def _release_converter(converter: QObject) -> None:
    """Delete a frame converter on its own thread. Its Python wrapper owns it: were the wrapper freed
    now, on the GUI thread, the converter would be deleted here, under the frame thread's feet; so it
    is kept until the frame thread has deleted the converter (dropped at a later call)."""
    _dying[:] = [c for c in _dying if shiboken6.isValid(c)]
    _dying.append(converter)
    converter.deleteLater()


class VideoView(QWidget):
    """Paints the frames a QVideoSink receives, and the current subtitle on top of them.

    The frames are converted and scaled to the view's size off the GUI thread (:class:`FrameConverter`);
    a paint copies the image as it is, or scales it while a resize waits for the next frame."""

    first_frame = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = media.new_sink(self)
        self.converter = FrameConverter()
        self.converter.moveToThread(frame_thread())
        self.sink.videoFrameChanged.connect(self.converter.take)
        self.converter.ready.connect(self._on_image)
        sink, converter = self.sink, self.converter

        def release() -> None:
            # Cut the sink → converter link here, on the GUI thread, before the converter dies on its
            # own thread: a QObject dying calls disconnectNotify() on each object still sending to
            # it while it holds its connection lock, and that call into a Python-made object (the
            # sink) needs the GIL: the frame thread would wait for the GIL holding a lock that the
            # GUI thread, holding the GIL, may want for any connect (a lock-order deadlock).
            if not shiboken6.isValid(converter):  # (at exit the frame thread may have ended first)
                return
            if shiboken6.isValid(sink):
                sink.videoFrameChanged.disconnect(converter.take)
            _release_converter(converter)

        self.destroyed.connect(release)
        self._image: QImage | None = None
        self._epoch = 0  # the converter's, as of the last reset
        self.subtitle = ""
        self.placeholder = ""
        self.frames = 0
        self.painted = 0  # distinct frames painted on screen (what the learner saw)
        self.painted_with_subtitle = 0  # … of which with a subtitle drawn over them
        self._painted_frame = 0
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel painted: no background fill first

    def reset(self) -> None:
        self._image = None
        self.frames = 0
        self.painted = self.painted_with_subtitle = self._painted_frame = 0
        self._epoch += 1
        QMetaObject.invokeMethod(self.converter, "forget", Qt.ConnectionType.QueuedConnection)
        self.update()

    def resizeEvent(self, e) -> None:  # noqa: N802, ANN001
        dpr = self.devicePixelRatioF()
        self.converter.target = QSize(round(self.width() * dpr), round(self.height() * dpr))
        if self._image is not None:
            QMetaObject.invokeMethod(self.converter, "again", Qt.ConnectionType.QueuedConnection)
        super().resizeEvent(e)

    def _on_image(self, img: QImage, epoch: int) -> None:
        if epoch != self._epoch:  # a frame of the video shown before the last reset
            return
        img.setDevicePixelRatio(self.devicePixelRatioF())
        self._image = img
        self.frames += 1
        if self.frames == 1:
            self.first_frame.emit()
        self.update()

    def set_subtitle(self, text: str) -> None:
        if text != self.subtitle:
            self.subtitle = text
            # the subtitle on screen is the video's accessible description: a screen reader reads it
            # on demand (and hears each new one while the video has the focus)
            self.setAccessibleDescription(" ".join(text.split()))
            self.update()

    def paintEvent(self, _e) -> None:  # noqa: N802, ANN001
        p = QPainter(self)
        if self._image is not None and not self.placeholder:
            img = self._image
            iw, ih = img.deviceIndependentSize().width(), img.deviceIndependentSize().height()
            scale = min(self.width() / iw, self.height() / ih)
            w, h = iw * scale, ih * scale
            r = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
            _fill_around(p, self.rect(), r)
            if abs(scale - 1) < 0.01:  # converted at this size: a plain copy
                p.drawImage(QPointF(round(r.x()), round(r.y())), img)
            else:  # resized since: scaled here until the next frame (or the paused frame again) arrives
                p.setRenderHint(QPainter.SmoothPixmapTransform)
                p.drawImage(r, img)
            if self._painted_frame != self.frames:
                self._painted_frame = self.frames
                self.painted += 1
                self.painted_with_subtitle += bool(self.subtitle)
        else:
            p.fillRect(self.rect(), QColor("#000000"))
        if self.placeholder:
            f = QFont(self.font())
            f.setPixelSize(max(14, self.height() // 14))
            p.setFont(f)
            p.setPen(QColor("#FFFFFF"))
            p.drawText(self.rect().adjusted(20, 20, -20, -self.height() // 3), Qt.AlignCenter | Qt.TextWordWrap,
                       self.placeholder)
        if self.subtitle:
            self._paint_subtitle(p)
        if self.hasFocus():  # a visible focus on black: a yellow frame (16:1 against the black)
            p.setPen(QPen(QColor("#FFDD00"), 4))
            p.setBrush(Qt.NoBrush)
            p.drawRect(self.rect().adjusted(2, 2, -2, -2))
        p.end()

    def focusInEvent(self, e) -> None:  # noqa: N802, ANN001
        super().focusInEvent(e)
        self.update()

    def focusOutEvent(self, e) -> None:  # noqa: N802, ANN001
        super().focusOutEvent(e)
        self.update()

    def _paint_subtitle(self, p: QPainter) -> None:
        f = QFont(self.font())
        # at least 1.4× the interface text, so the font-scale setting also enlarges the subtitles
        f.setPixelSize(max(14, int(self.height() * 0.055), int(QFontInfo(self.font()).pixelSize() * 1.4)))
        f.setBold(True)
        p.setFont(f)
        margin = self.width() * 0.06
        box = QRectF(margin, 0, self.width() - 2 * margin, self.height())
        br = p.boundingRect(box, Qt.AlignHCenter | Qt.AlignBottom | Qt.TextWordWrap, self.subtitle)
        br.moveBottom(self.height() - self.height() * 0.05)
        bg = br.adjusted(-10, -4, 10, 4)
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(0, 0, 0, 190))
        p.drawRoundedRect(bg, 6, 6)
        p.setPen(QColor("#FFFFFF"))
        p.drawText(br, Qt.AlignHCenter | Qt.AlignBottom | Qt.TextWordWrap, self.subtitle)


def _fill_around(p: QPainter, outer: QRect, inner: QRectF) -> None:
    """Black bars: the parts of ``outer`` the picture ``inner`` does not cover."""
    black = QColor("#000000")
    top, bottom = int(inner.top()), int(inner.bottom()) + 1
    left, right = int(inner.left()), int(inner.right()) + 1
    if top > 0:
        p.fillRect(QRect(0, 0, outer.width(), top + 1), black)
    if bottom < outer.height():
        p.fillRect(QRect(0, bottom - 1, outer.width(), outer.height() - bottom + 1), black)
    if left > 0:
        p.fillRect(QRect(0, 0, left + 1, outer.height()), black)
    if right < outer.width():
        p.fillRect(QRect(right - 1, 0, outer.width() - right + 1, outer.height()), black)


@dataclass
class CapsuleData:
    """What the capsule page needs, loaded off the GUI thread."""

    tracks: dict[str, list[Cue]] = field(default_factory=dict)
    transcript_text: dict[str, str] = field(default_factory=dict)
    position_s: float = 0.0
    rendition: str = "standard"
    subtitle_lang: str | None = None
    subtitles_chosen: bool = False  # the learner chose them: they do not follow the interface's language
    errors: list[str] = field(default_factory=list)


class CapsulePage(QWidget):
    """Emits ``watched(segments, position, length, wall_s, rate, rendition)`` for the window to save."""

    watched = Signal(list, float, float, float, float, str)
    quiz_requested = Signal()
    discuss_requested = Signal()  # "Discuter": this capsule's subject in the course forum
    back_requested = Signal()
    rendition_chosen = Signal(str)
    subtitles_chosen = Signal(str)
    fullscreen_toggled = Signal(bool)
    next_requested = Signal()  # "next capsule" (or the certificate after the last one)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course = None
        self.capsule = None
        self.lang = "fr"
        self.data = CapsuleData()
        self.track: Track | None = None
        self.cues: list[Cue] = []
        self.cue_track = Track([])
        self.tracker = WatchTracker()
        self._resume_to = 0.0
        self._loaded = False
        self.t_first_frame = 0.0
        self.no_audio_device = not QMediaDevices.audioOutputs()

        self.player, audio = media.new_player(self)
        assert audio is not None
        self.audio: QAudioOutput = audio
        self.video = VideoView()
        self.player.setVideoOutput(self.video.sink)
        self.video.first_frame.connect(self._on_video_first_frame)
        self.player.positionChanged.connect(self._on_player_position)
        self.player.durationChanged.connect(self._on_player_duration)
        self.player.playbackStateChanged.connect(self._on_player_state)
        self.player.mediaStatusChanged.connect(self._on_player_status)
        self.player.errorOccurred.connect(self._on_player_error)

        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        make_heading(self.title)
        self.expert = QLabel()
        self.message = QLabel()
        self.message.setObjectName("notice")
        self.message.setWordWrap(True)
        self.message.hide()
        self.play_btn = QPushButton()
        self.play_btn.clicked.connect(self.toggle_play)
        # in whole seconds: a screen reader reads the slider's value ("17", not "17000")
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self._total_s = 0.0  # the video's length, as the page shows it
        self.slider.sliderMoved.connect(self._on_slider_moved)
        self.slider.actionTriggered.connect(self._on_slider_action)
        self.time_label = QLabel("0:00 / 0:00")
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×".replace(".", ","), s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda _i: self.player.setPlaybackRate(self.speed.currentData()))
        self.volume = QSlider(Qt.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setFixedWidth(110)
        self.volume.valueChanged.connect(lambda v: self.audio.setVolume(v / 100))
        self.audio.setVolume(0.8)
        self.subs = QComboBox()
        self.subs.activated.connect(self._on_subs_activated)
        self.rendition = QComboBox()
        for combo in (self.subs, self.rendition, self.speed):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.rendition.activated.connect(self._on_rendition_activated)
        self.full_btn = QPushButton()
        self.full_btn.setCheckable(True)
        self.full_btn.toggled.connect(self.fullscreen_toggled)
        self.quiz_btn = QPushButton()
        self.quiz_btn.clicked.connect(self.quiz_requested)
        self.discuss_btn = QPushButton()
        self.discuss_btn.clicked.connect(self.discuss_requested)
        self.next_btn = QPushButton()  # shown when the video has played to its end
        self.next_btn.clicked.connect(self.next_requested)
        self.next_btn.hide()
        self._next_title, self._next_is_certificate = "", False
        self.back_btn = QPushButton()
        self.back_btn.clicked.connect(self.back_requested)
        self.status = QLabel()

        seek_row = QHBoxLayout()
        seek_row.addWidget(self.slider, 1)
        seek_row.addWidget(self.time_label)
        controls = QHBoxLayout()
        for w in (self.play_btn, self.speed, self.volume, self.subs, self.rendition):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.full_btn)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.video, 1)
        ll.addLayout(seek_row)
        ll.addLayout(controls)
        ll.addWidget(self.message)

        self.transcript_title = QLabel()
        self.transcript_title.setObjectName("subtitle")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        self.transcript = QListWidget()
        self.transcript.setWordWrap(True)
        self.transcript.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.transcript.itemActivated.connect(self._on_transcript_item)
        self.transcript.itemClicked.connect(self._on_transcript_item)
        self.search_info = QLabel()
        self.side = QWidget()
        self.side.setMinimumWidth(240)
        sl = QVBoxLayout(self.side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.transcript_title)
        sl.addWidget(self.search)
        sl.addWidget(self.search_info)
        sl.addWidget(self.transcript, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        bottom = QHBoxLayout()
        bottom.addWidget(self.back_btn)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.discuss_btn)
        bottom.addWidget(self.quiz_btn)
        bottom.addWidget(self.next_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.expert)
        lay.addWidget(self.splitter, 1)
        lay.addLayout(bottom)

        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_EVERY_MS)
        self._flush_timer.timeout.connect(self.flush)
        for seq, fn in (("Space", self.toggle_play), ("K", self.toggle_play), ("Left", lambda: self.skip(-5)),
                        ("Right", lambda: self.skip(5)), ("J", lambda: self.skip(-10)), ("L", lambda: self.skip(10)),
                        ("F", self.full_btn.toggle), ("Ctrl+F", self.search.setFocus)):
            sc = QShortcut(QKeySequence(seq), self.video if seq in ("Space", "Left", "Right") else self)
            sc.setContext(Qt.WidgetShortcut if seq in ("Space", "Left", "Right") else Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
        self.retranslate()

    # -------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self._show_play_state(self.player.playbackState() == QMediaPlayer.PlayingState)
        self.slider.setAccessibleName(self.tr("Position in the video"))
        self.speed.setAccessibleName(self.tr("Playback speed"))
        self.speed.setToolTip(self.tr("Playback speed"))
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setToolTip(self.tr("Volume"))
        self.subs.setAccessibleName(self.tr("Subtitles language"))
        self.subs.setToolTip(self.tr("Subtitles"))
        self.rendition.setAccessibleName(self.tr("Video quality"))
        self.rendition.setToolTip(self.tr("Video quality: a lighter file plays better on old computers"))
        self.full_btn.setText(self.tr("Full screen"))
        self.full_btn.setAccessibleName(self.tr("Full screen (F)"))
        self.quiz_btn.setText(self.tr("Test yourself"))
        self.discuss_btn.setText(self.tr("&Discuss"))
        self.discuss_btn.setToolTip(self.tr("Talk about this capsule with the other learners (course forum)"))
        self._update_next_text()
        self.back_btn.setText(self.tr("Back to the course"))
        self.transcript_title.setText(self.tr("Transcript"))
        self.search.setPlaceholderText(self.tr("Search the transcript"))
        self.search.setAccessibleName(self.tr("Search the transcript"))
        self.transcript.setAccessibleName(self.tr("Transcript: choose a line to go to that moment"))
        self.video.setAccessibleName(self.tr("Video"))
        self._fill_combos()
        self._show_messages()
        self._on_search_changed(self.search.text())

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_next(self, title: str, certificate: bool = False) -> None:
        """Where "next" leads after this capsule: the next capsule's title, or the certificate."""
        self._next_title, self._next_is_certificate = title, certificate
        self._update_next_text()

    def _update_next_text(self) -> None:
        if self._next_is_certificate:
            self.next_btn.setText(self.tr("My certificate"))
        else:
            self.next_btn.setText(self.tr("Next capsule: %1").replace("%1", self._next_title))

    def set_language(self, lang: str) -> None:
        """The course's texts in ``lang`` (a language switch): title, expert, and the subtitles and
        transcript when the learner did not choose their language herself."""
        if self.capsule is None or lang == self.lang:
            self.lang = lang
            return
        self.lang = lang
        course, capsule = self.course, self.capsule
        self.title.setText(pick(capsule.title, lang, course.languages))
        self.setWindowTitle(self.title.text())
        self.expert.setText(capsule.expert_line(lang, course.languages))
        if not self.data.subtitles_chosen and self.data.subtitle_lang and lang in self.data.tracks:
            self.data.subtitle_lang = lang
        if self.data.tracks or self.data.transcript_text:
            self._apply_track()
        self._fill_combos()

    def _fill_combos(self) -> None:
        names = {"standard": self.tr("Standard quality"), "low": self.tr("Light (old computers)"),
                 "audio": self.tr("Sound only")}
        self.rendition.clear()
        if self.capsule is not None:
            for r in RENDITIONS:
                if r in self.capsule.videos:
                    self.rendition.addItem(names[r], r)
            i = self.rendition.findData(self.data.rendition)
            self.rendition.setCurrentIndex(max(0, i))
        langs = {"fr": self.tr("French"), "en": self.tr("English")}
        cur = self.data.subtitle_lang
        self.subs.clear()
        self.subs.addItem(self.tr("No subtitles"), "")
        for lang in self.data.tracks:
            self.subs.addItem(self.tr("Subtitles: %1").replace("%1", langs.get(lang, lang)), lang)
        i = self.subs.findData(cur or "")
        self.subs.setCurrentIndex(max(0, i))

    # -------------------------------------------------------------------------------- loading
    def open_capsule(self, course, capsule, lang: str, rendition: str = "standard") -> None:  # noqa: ANN001
        """Start the media at once; captions etc. arrive via :meth:`set_data`."""
        self.flush()
        self.t_first_frame = 0.0
        self.video.reset()
        self.course, self.capsule, self.lang = course, capsule, lang
        self.data = CapsuleData(subtitle_lang=lang, rendition=rendition if rendition in capsule.videos else "standard")
        # Start the decoder first (it works in its own threads) and lay out the page meanwhile.
        self._set_source(self.data.rendition)
        self.player.play()
        self.track, self.cues, self.cue_track = None, [], Track([])
        self._loaded = False
        self._resume_to = 0.0
        self.tracker = WatchTracker()
        self.video.set_subtitle("")
        self.search.clear()
        self.transcript.clear()
        self.title.setText(pick(capsule.title, lang, course.languages))
        self.setWindowTitle(self.title.text())
        self.expert.setText(capsule.expert_line(lang, course.languages))
        self.expert.setVisible(bool(capsule.expert or capsule.expert_role))
        self.quiz_btn.setVisible(capsule.has_quiz)
        self.next_btn.hide()
        self._set_total(capsule.duration_s)
        self.retranslate()

    def set_data(self, data: CapsuleData) -> None:
        """Subtitles, transcript, resume position and preferences (loaded in a worker)."""
        cur_rendition = self.data.rendition
        data.errors = sorted(set(self.data.errors) | set(data.errors))  # keep a media error already shown
        self.data = data
        if data.rendition != cur_rendition and data.rendition in self.capsule.videos:
            self._set_source(data.rendition, keep_position=True)
        if data.subtitle_lang not in data.tracks and data.subtitle_lang != "":
            preferred = self.course.content_language(self.lang)
            data.subtitle_lang = preferred if preferred in data.tracks else next(iter(data.tracks), None)
        self._apply_track()
        self._fill_combos()
        length = self.capsule.duration_s
        if 1.0 < data.position_s < (length - 2.0 if length else 1e9):
            self._resume_to = data.position_s
            if self._loaded:
                self._seek_resume()
        self._show_messages()

    def _apply_track(self) -> None:
        lang = self.data.subtitle_lang
        transcript_lang = lang or self.course.content_language(self.lang)
        cues_for_transcript = self.data.tracks.get(transcript_lang) or next(iter(self.data.tracks.values()), [])
        self.track = Track(self.data.tracks[lang]) if lang and lang in self.data.tracks else None
        self.cues = list(cues_for_transcript)
        self.cue_track = Track(self.cues)
        self.transcript.clear()
        for c in self.cues:
            it = QListWidgetItem(f"{fmt_time(c.start)}  {c.text.replace(chr(10), ' ')}")
            it.setData(Qt.UserRole, c.start)
            self.transcript.addItem(it)
        if not self.cues:
            text = self.data.transcript_text.get(transcript_lang) or next(iter(self.data.transcript_text.values()), "")
            for para in [p.strip() for p in text.split("\n\n") if p.strip()]:
                it = QListWidgetItem(para.lstrip("# "))
                it.setData(Qt.UserRole, None)
                self.transcript.addItem(it)
        self._on_player_position(self.player.position())

    def _set_source(self, rendition: str, keep_position: bool = False) -> None:
        if self.capsule is None:
            return
        videos = self.capsule.videos
        path = videos.get(rendition) or videos.get("standard") or next(iter(videos.values()), None)
        if path is None:
            self.data.errors.append("novideo")
            self._show_messages()
            return
        pos = self.player.position() / 1000 if keep_position else 0.0
        playing = self.player.playbackState() == QMediaPlayer.PlayingState
        self.flush()
        self.data.rendition = rendition
        self.video.placeholder = (self.tr("Sound only: follow with the subtitles and the transcript.")
                                  if rendition == "audio" else "")
        self._loaded = False
        if keep_position and pos > 1:
            self._resume_to = pos
        media.set_source(self.player, QUrl.fromLocalFile(str(path)))
        if playing:
            self.player.play()

    def _seek_resume(self) -> None:
        if self._resume_to > 0:
            self.tracker.seeked()
            self.player.setPosition(int(self._resume_to * 1000))
            self._resume_to = 0.0

    def _show_messages(self) -> None:
        msgs = []
        if self.no_audio_device:
            msgs.append(self.tr(
                "No sound device was found on this computer: follow with the subtitles and the transcript."))
        if "media" in self.data.errors:
            msgs.append(self.tr("This video cannot be played on this computer. The subtitles and the transcript "
                                "still work; you can also try the light or sound-only version."))
        if "novideo" in self.data.errors:
            msgs.append(self.tr("This capsule has no video file."))
        if "subtitles" in self.data.errors:
            msgs.append(self.tr("The subtitles of this capsule could not be read."))
        if "transcript" in self.data.errors:
            msgs.append(self.tr("The transcript of this capsule could not be read."))
        self.message.setText("\n".join(msgs))
        self.message.setVisible(bool(msgs))

    # -------------------------------------------------------------------------------- playback
    def toggle_play(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlayingState:
            self.player.pause()
        else:
            if self.player.mediaStatus() == QMediaPlayer.EndOfMedia:
                self.player.setPosition(0)
            self.player.play()

    def skip(self, seconds: float) -> None:
        self.tracker.seeked()
        self.player.setPosition(max(0, self.player.position() + int(seconds * 1000)))

    def seek(self, seconds: float) -> None:
        self.tracker.seeked()
        self.player.setPosition(int(seconds * 1000))

    def stop(self) -> None:
        self.flush()
        media.stop(self.player)

    def _on_video_first_frame(self) -> None:
        if not self.t_first_frame:
            self.t_first_frame = time.perf_counter()

    def _on_player_position(self, ms: int) -> None:
        t = ms / 1000
        playing = self.player.playbackState() == QMediaPlayer.PlayingState
        self.tracker.tick(t, playing, self.player.playbackRate())
        if not self.slider.isSliderDown():
            self.slider.setValue(ms // 1000)
        self._show_position(t)
        self.video.set_subtitle(self.track.text_at(t) if self.track else "")
        if self.cues and not self.search.text():
            i = self.cue_track.index_at(t)
            if i >= 0 and i != self.transcript.currentRow() and not self.transcript.hasFocus():
                self.transcript.setCurrentRow(i)
                self.transcript.scrollToItem(self.transcript.item(i))

    def _show_play_state(self, playing: bool) -> None:
        """The button says what it does, and a screen reader hears whether the video plays."""
        self.play_btn.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_btn.setAccessibleName(self.tr("Pause (Space)") if playing else self.tr("Play (Space)"))
        self.play_btn.setAccessibleDescription(self.tr("The video is playing") if playing
                                               else self.tr("The video is paused"))

    def _show_position(self, t: float, *, moved: bool = False) -> None:
        total = self._total_s
        self.time_label.setText(f"{fmt_time(t)} / {fmt_time(total)}")
        # read "0:17 of 0:34", not the slider's bare seconds
        said = self.tr("%1 of %2").replace("%1", fmt_time(t)).replace("%2", fmt_time(total))
        playing = self.player.playbackState() == QMediaPlayer.PlayingState
        # (not every second while the learner sits on the slider and the video plays: she hears it
        # when she moves it)
        if said != self.slider.accessibleDescription() and (moved or not (playing and self.slider.hasFocus())):
            self.slider.setAccessibleDescription(said)
            self.time_label.setAccessibleName(said)

    def _on_player_duration(self, ms: int) -> None:
        if ms > 0:
            self._set_total(ms / 1000)

    def _set_total(self, seconds: float) -> None:
        self._total_s = seconds
        self.slider.setRange(0, math.ceil(seconds))  # End reaches the very end

    def _on_player_state(self, state) -> None:  # noqa: ANN001
        playing = state == QMediaPlayer.PlayingState
        self._show_play_state(playing)
        if playing:
            self._flush_timer.start()
        else:
            self._flush_timer.stop()
            self.tracker.tick(self.player.position() / 1000, False)
            self.flush()

    def _on_player_status(self, status) -> None:  # noqa: ANN001
        if status in (QMediaPlayer.LoadedMedia, QMediaPlayer.BufferedMedia) and not self._loaded:
            self._loaded = True
            self._seek_resume()
        if status == QMediaPlayer.EndOfMedia:
            self.slider.setValue(self.slider.maximum())  # the bar full (its last second is rounded up)
            self.tracker.extend_to(self.length(), self.player.playbackRate())
            self.flush()
            self.show_next()

    def show_next(self) -> None:
        """The video is over: the way on (the quiz when there is one, then the next capsule)."""
        if self.capsule is None or not (self._next_title or self._next_is_certificate):
            return
        self.next_btn.setVisible(not self.full_btn.isChecked())
        (self.quiz_btn if self.capsule.has_quiz else self.next_btn).setFocus()

    def _on_player_error(self, _err, text: str) -> None:  # noqa: ANN001
        if "media" not in self.data.errors:
            self.data.errors.append("media")
        self.status.setText(text)
        self._show_messages()

    def length(self) -> float:
        d = self.player.duration() / 1000
        return d if d > 0 else (self.capsule.duration_s if self.capsule else 0.0)

    def flush(self) -> None:
        """Hand the intervals played since the last flush to the window (which saves them)."""
        if self.capsule is None or not self.tracker.pending():
            return
        segs, wall = self.tracker.take()
        self.watched.emit(segs, self.player.position() / 1000, self.length(), wall, self.player.playbackRate(),
                          self.data.rendition)

    # -------------------------------------------------------------------------------- controls
    def _on_slider_moved(self, seconds: int) -> None:
        self.seek(seconds)

    def _on_slider_action(self, action: int) -> None:
        # (the signal carries an int, which never equals PySide's enum members: compare their values;
        # comparing the members themselves left the keyboard's moves of the slider without a seek)
        if action in _KEY_ACTIONS:
            QTimer.singleShot(0, self, lambda: self.seek(self.slider.value()))
            QTimer.singleShot(0, self, lambda: self._show_position(self.slider.value(), moved=True))

    def _on_subs_activated(self, _i: int) -> None:
        self.data.subtitle_lang = self.subs.currentData() or ""
        self.data.subtitles_chosen = True
        self._apply_track()
        self.subtitles_chosen.emit(self.data.subtitle_lang)

    def _on_rendition_activated(self, _i: int) -> None:
        r = self.rendition.currentData()
        if r and r != self.data.rendition:
            self._set_source(r, keep_position=True)
            self.rendition_chosen.emit(r)

    def _on_transcript_item(self, item: QListWidgetItem) -> None:
        start = item.data(Qt.UserRole)
        if start is not None:
            self.seek(float(start))
            if self.player.playbackState() != QMediaPlayer.PlayingState:
                self.player.play()

    def _on_search_changed(self, text: str) -> None:
        if not self.cues:
            self.search_info.setText("")
            return
        hits = set(search(self.cues, text)) if text.strip() else None
        for i in range(self.transcript.count()):
            self.transcript.item(i).setHidden(hits is not None and i not in hits)
        if hits is None:
            self.search_info.setText("")
        else:
            self.search_info.setText(self.tr("Lines found: %1").replace("%1", str(len(hits))) if hits
                                     else self.tr("Nothing found"))

    def set_theatre(self, on: bool) -> None:
        self.side.setVisible(not on)
        for w in (self.title, self.expert, self.back_btn, self.quiz_btn, self.discuss_btn, self.status):
            w.setVisible(not on and (w is not self.quiz_btn or (self.capsule is not None and self.capsule.has_quiz)))
        if on:
            self.next_btn.hide()
        elif self.player.mediaStatus() == QMediaPlayer.EndOfMedia:
            self.show_next()
        if self.full_btn.isChecked() != on:
            self.full_btn.blockSignals(True)
            self.full_btn.setChecked(on)
            self.full_btn.blockSignals(False)
