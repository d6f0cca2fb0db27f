"""Projector mode: fullscreen capsule playback for a room, large subtitles, pause points.

Keys (keyboard and presenter remotes, which send PageUp/PageDown, sometimes "." or B to blank):
Space play/pause · PageDown next step (plays to the next pause point) · PageUp back to the previous
pause point · → / ← next / previous subtitle · + / − subtitle size · B or . black screen · F / F11
fullscreen · Esc close (one press, fullscreen or not). The first frame shows as soon as the video is
loaded (paused), so the room never looks at a black screen. Reuses the learning domain's video view
(frames from a QVideoSink, painted) and draws the subtitles larger on top.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtMultimedia import QMediaDevices, QMediaPlayer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cc2desktop.ui.learner import media
from cc2desktop.core.facilitation import projector as logic
from cc2desktop.core.learning.subtitles import Cue, Track
from cc2desktop.ui.learner.player import VideoView


class ProjectorView(VideoView):
    """The learning player's video view with room-sized subtitles and a pause banner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.room_subtitle = ""
        self.banner = ""
        self.blank = False
        self.sub_scale = 0.085  # of the height

    def paintEvent(self, e) -> None:  # noqa: N802, ANN001
        if self.blank:
            p = QPainter(self)
            p.fillRect(self.rect(), QColor("#000000"))
            p.end()
            return
        super().paintEvent(e)  # video (its own subtitle stays empty)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.room_subtitle:
            self._draw_box(p, self.room_subtitle, self.sub_scale, bottom=True)
        if self.banner:
            self._draw_box(p, self.banner, 0.05, bottom=False, color="#ffd166")
        p.end()

    def _draw_box(self, p: QPainter, text: str, scale: float, *, bottom: bool, color: str = "#ffffff") -> None:
        f = QFont(self.font())
        f.setPixelSize(max(18, int(self.height() * scale)))
        f.setBold(True)
        p.setFont(f)
        m = self.width() * 0.05
        box = QRectF(m, 0, self.width() - 2 * m, self.height())
        align = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        br = p.boundingRect(box, align, text)
        if bottom:
            br.moveBottom(self.height() * 0.95)
        else:
            br.moveTop(self.height() * 0.04)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 200))
        p.drawRoundedRect(br.adjusted(-16, -8, 16, 8), 10, 10)
        p.setPen(QColor(color))
        p.drawText(br, align, text)


class ProjectorWindow(QWidget):
    """``ProjectorWindow(video, cues, title=, pause_points_s=)``; ``show_on_projector()`` goes fullscreen.

    ``paused_at(float)`` is emitted when playback stops at a pause point.
    """

    paused_at = Signal(float)

    def __init__(self, video: Path | str | None, cues: list[Cue] | None = None, *, title: str = "",
                 pause_points_s: list[float] | tuple = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setWindowTitle(title or self.tr("Projector"))
        self.setAccessibleName(self.tr("Projector"))
        self.cues = list(cues or [])
        self.track = Track(self.cues)
        self.explicit = list(pause_points_s)
        self.points = logic.pause_points(self.cues, self.explicit)
        self._last_t = 0.0
        self._held: float | None = None  # the pause point playback stopped at
        self.view = ProjectorView(self)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.player, self.audio = media.new_player(self, audio=bool(QMediaDevices.defaultAudioOutput().id()))
        self.player.setVideoSink(self.view.sink)
        self.player.positionChanged.connect(self._on_player_position)
        self.player.durationChanged.connect(self._on_player_duration)
        self.player.playbackStateChanged.connect(self._on_player_state)
        self.player.mediaStatusChanged.connect(self._on_media_status)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("background: black;")
        if video:
            media.set_source(self.player, QUrl.fromLocalFile(str(video)))
        self._update_banner()

    # --- control ----------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> float:
        return self.player.position() / 1000

    def toggle_play(self) -> None:
        if self.playing:
            self.player.pause()
        else:
            self._held = None
            if self.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia:
                self.player.setPosition(0)
            self.player.play()

    def seek(self, t: float) -> None:
        self._held = None
        self._last_t = t
        self.player.setPosition(int(max(0.0, t) * 1000))
        self._show_subtitle(t)

    def next_step(self) -> None:
        """PageDown: resume playing; it pauses by itself at the next pause point."""
        if not self.playing:
            self._held = None
            self.player.play()
        else:
            nxt = logic.crossed(self.points, self.position(), float("inf"))
            if nxt is not None:
                self.seek(nxt - 0.05)

    def previous_step(self) -> None:
        self.player.pause()
        self.seek(logic.previous_stop(self.points, self.position()))

    def cue_step(self, step: int) -> None:
        t = logic.cue_start(self.cues, self.position(), step)
        if t is not None:
            self.seek(t)

    def subtitle_size(self, factor: float) -> None:
        self.view.sub_scale = min(0.16, max(0.04, self.view.sub_scale * factor))
        self.view.update()

    def toggle_blank(self) -> None:
        self.view.blank = not self.view.blank
        self.view.update()

    def show_on_projector(self) -> None:
        """Fullscreen on the last screen (the projector when one is plugged in)."""
        screens = self.screen().virtualSiblings() if self.screen() else []
        if len(screens) > 1:
            self.setScreen(screens[-1])
            self.move(screens[-1].geometry().topLeft())
        self.showFullScreen()
        self.setFocus()

    def keyPressEvent(self, e) -> None:  # noqa: N802, ANN001
        k = e.key()
        K = Qt.Key
        if k in (K.Key_Space, K.Key_K, K.Key_MediaPlay, K.Key_MediaTogglePlayPause):
            self.toggle_play()
        elif k in (K.Key_PageDown, K.Key_Down):
            self.next_step()
        elif k in (K.Key_PageUp, K.Key_Up):
            self.previous_step()
        elif k == K.Key_Right:
            self.cue_step(1)
        elif k == K.Key_Left:
            self.cue_step(-1)
        elif k in (K.Key_Plus, K.Key_Equal):
            self.subtitle_size(1.15)
        elif k == K.Key_Minus:
            self.subtitle_size(1 / 1.15)
        elif k in (K.Key_B, K.Key_Period):
            self.toggle_blank()
        elif k in (K.Key_F, K.Key_F11, K.Key_F5):
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        elif k in (K.Key_Escape, K.Key_Q):
            self.close()
        else:
            super().keyPressEvent(e)
            return
        self._update_banner()

    # --- playback events --------------------------------------------------------------------
    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and not self.playing and self.view.frames == 0:
            self.player.pause()  # paused at 0: the backend decodes and shows the first frame

    def _on_player_duration(self, ms: int) -> None:
        self.points = logic.pause_points(self.cues, self.explicit, ms / 1000 if ms > 0 else None)

    def _on_player_position(self, ms: int) -> None:
        t = ms / 1000
        if self.playing:
            hit = logic.crossed(self.points, self._last_t, t)
            if hit is not None:
                self._held = hit
                self.player.pause()
                self.player.setPosition(int(hit * 1000))
                t = hit
                self.paused_at.emit(hit)
        self._last_t = t
        self._show_subtitle(t)
        self._update_banner()

    def _on_player_state(self, _state) -> None:  # noqa: ANN001
        if self.playing:
            self._held = None
        self._show_subtitle(self._held if self._held is not None else self.position())
        self._update_banner()

    def _show_subtitle(self, t: float) -> None:
        if self._held is not None and not self.playing:
            t = self._held
        text = self.track.text_at(t)
        if not self.playing:  # paused at a pause point: keep the question that ends there on screen
            ending = [c for c in self.cues if abs(c.end - t) < 0.3 and c.text.rstrip().endswith("?")]
            if ending:
                text = ending[-1].text
        if text != self.view.room_subtitle:
            self.view.room_subtitle = text
            self.view.update()

    def _update_banner(self) -> None:
        paused_here = not self.playing and self._held is not None
        banner = self.tr("Pause — discuss with the room · Space or PageDown to continue") if paused_here else ""
        if banner != self.view.banner:
            self.view.banner = banner
            self.view.update()

    def closeEvent(self, e) -> None:  # noqa: N802, ANN001
        media.stop(self.player)
        super().closeEvent(e)
