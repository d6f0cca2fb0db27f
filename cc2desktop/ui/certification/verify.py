"""« Vérifier un certificat »: for facilitators and employers visiting a centre. Type the code (or
paste the QR's content), open the PDF, or scan the QR code with a webcam; the check runs offline on
this PC, with the same verdicts as ``cc2desktop verify`` (VALID / REVOKED / INVALID, and how old the
revocation list it knows is).

The camera path: frames reach a :class:`QVideoSink` from a :class:`QCamera` (or, for a test or a
demonstration, from a video file played as the camera would: :meth:`VerifyPage.scan_file`); a few
times a second the latest frame is decoded on a worker (zxing-cpp) until a certificate's QR code is
read. No camera: the page says so and offers the other two ways.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from cc2desktop.core.certification.document import conditions_text, long_date
from cc2desktop.ui.shell.errors import error_text

SCAN_INTERVAL_S = 0.25


class FrameScanner(QObject):
    """Decodes the frames a :class:`QVideoSink` receives (at most one every ``SCAN_INTERVAL_S``, one
    at a time, on the runner's read lane) and says when a certificate QR code was read."""

    found = Signal(str)        # the QR code's text
    frame_shown = Signal(QImage)

    def __init__(self, runner: Any, parent: QObject | None = None) -> None:
        from cc2desktop.ui.learner import media

        super().__init__(parent)
        self.runner = runner
        self.sink = media.new_sink(self)
        self.sink.videoFrameChanged.connect(self._on_sink_video_frame_changed)
        self._busy = False
        self._last = 0.0
        self.active = False
        self.frames = 0            # frames decoded (for a diagnostic)

    def _on_sink_video_frame_changed(self, frame: Any) -> None:
        if not self.active or not frame.isValid():
            return
        now = time.monotonic()
        if self._busy or now - self._last < SCAN_INTERVAL_S:
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._last, self._busy = now, True
        self.frame_shown.emit(image)
        gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
        self.runner.read(lambda _job: decode_qr(gray), on_done=self._on_decoded, on_error=self._on_failed)

    def _on_decoded(self, text: str | None) -> None:
        self._busy = False
        self.frames += 1
        if text and self.active:
            self.active = False
            self.found.emit(text)

    def _on_failed(self, _exc: BaseException) -> None:
        self._busy = False


def decode_qr(image: QImage) -> str | None:
    """The text of the first QR code in ``image`` (a certificate's payload first), or None."""
    import zxingcpp

    texts = [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return next((t for t in texts if t.startswith("CC1:")), texts[0] if texts else None)


def has_camera() -> bool:
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.videoInputs())


class VerifyPage(QWidget):
    """The page: three ways in (code, PDF, camera), one verdict out."""

    verified = Signal(object)  # the VerifyResult shown
    back_requested = Signal()

    def __init__(self, cert: Any, runner: Any, parent: QWidget | None = None, *,
                 ask_pdf: Any = None) -> None:
        super().__init__(parent)
        self.cert, self.runner = cert, runner  # kit.certification, the window's TaskRunner
        self._ask_pdf = ask_pdf
        self.lang = "fr"
        self.result: Any = None
        self._ticket = 0
        self._camera = None
        self._capture = None
        self._player = None
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back = QPushButton()
        self.back.clicked.connect(self._on_back_clicked)
        top.addWidget(self.back)
        top.addStretch(1)
        lay.addLayout(top)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.title.setAccessibleName("h1")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        lay.addWidget(self.title)
        lay.addWidget(self.intro)

        row = QHBoxLayout()
        self.code_label = QLabel()
        self.code = QLineEdit()
        self.code.setPlaceholderText("7K3M-9QX2-PA4C")
        self.code.setMaxLength(4000)
        self.code_label.setBuddy(self.code)
        self.check = QPushButton()
        self.check.setDefault(True)
        self.check.clicked.connect(self._on_check_clicked)
        self.code.returnPressed.connect(self._on_check_clicked)
        row.addWidget(self.code_label)
        row.addWidget(self.code, 1)
        row.addWidget(self.check)
        lay.addLayout(row)

        ways = QHBoxLayout()
        self.open_pdf = QPushButton()
        self.open_pdf.clicked.connect(self._on_open_pdf_clicked)
        self.scan = QPushButton()
        self.scan.setCheckable(True)
        self.scan.toggled.connect(self._on_scan_toggled)
        ways.addWidget(self.open_pdf)
        ways.addWidget(self.scan)
        ways.addStretch(1)
        lay.addLayout(ways)
        self.camera_note = QLabel()
        self.camera_note.setWordWrap(True)
        self.camera_note.setStyleSheet("color: #5a6673;")
        lay.addWidget(self.camera_note)

        body = QHBoxLayout()
        self.preview = QLabel()
        self.preview.setFixedSize(320, 240)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #1d2b3a; color: white;")
        self.preview.setVisible(False)
        self.verdict = QFrame()
        self.verdict.setObjectName("verdict")
        vl = QVBoxLayout(self.verdict)
        self.headline = QLabel()
        self.headline.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.headline.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.revocation = QLabel()
        self.revocation.setWordWrap(True)
        self.revocation.setStyleSheet("color: #5a6673;")
        for w in (self.headline, self.details, self.revocation):
            vl.addWidget(w)
        vl.addStretch(1)
        self.verdict.setVisible(False)
        self.verdict.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        body.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        body.addWidget(self.verdict, 1)
        lay.addLayout(body, 1)

        self.scanner = FrameScanner(runner, self)
        self.scanner.found.connect(self._on_scanner_found)
        self.scanner.frame_shown.connect(self._on_scanner_frame_shown)
        self.camera_available = has_camera()
        self.retranslate()

    # --- texts -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.back.setText(self.tr("Back"))
        self.title.setText(self.tr("Verify a certificate"))
        self.intro.setText(self.tr("Check a Connexions Citoyennes certificate on this PC, without internet: type its "
                                   "verification code, open its PDF, or scan its QR code with the webcam."))
        self.code_label.setText(self.tr("&Code or QR content:"))
        self.code.setAccessibleName(self.tr("Verification code or QR content"))
        self.check.setText(self.tr("&Verify"))
        self.open_pdf.setText(self.tr("Open the &PDF…"))
        self.scan.setText(self.tr("Stop the camera") if self.scan.isChecked() else self.tr("&Scan the QR code"))
        self.scan.setEnabled(self.camera_available)
        self.camera_note.setText(
            self.tr("Hold the certificate's QR code in front of the camera, about 20 cm away.")
            if self.camera_available else
            self.tr("No camera on this PC: type the verification code printed on the certificate, or open its PDF."))
        if self.result is not None:
            self._render(self.result)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self.result is not None:
            self._render(self.result)

    # --- the three ways in ---------------------------------------------------------------------
    def verify(self, what: str) -> None:
        """Check ``what`` (a code, a QR payload or a PDF path) off the GUI thread."""
        what = what.strip()
        if not what:
            return
        cert = self.cert
        self.headline.setText(self.tr("Checking…"))
        self.verdict.setVisible(True)
        self._ticket += 1
        ticket = self._ticket  # only the latest check is shown (an older one may finish later)
        self.runner.read(lambda _job: cert.verify(what),
                         on_done=lambda res: self._show(res) if ticket == self._ticket else None,
                         on_error=lambda exc: self._on_error(exc) if ticket == self._ticket else None)

    def _on_check_clicked(self) -> None:
        self.verify(_code_from(self.code.text()))

    def _on_open_pdf_clicked(self) -> None:
        path = self._ask_pdf() if self._ask_pdf else QFileDialog.getOpenFileName(
            self, self.tr("Open a certificate"), "", self.tr("PDF files (*.pdf)"))[0]
        if path:
            self.verify(path)

    def _on_scan_toggled(self, on: bool) -> None:
        if on:
            self.scan_camera()
        else:
            self.stop_scanning()
        self.retranslate()

    def scan_camera(self) -> bool:
        """Start the default camera into the scanner; False (and the page says so) without one."""
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices

        from cc2desktop.ui.learner import media

        self.stop_scanning()
        device = QMediaDevices.defaultVideoInput()
        if device.isNull():
            self.camera_available = False
            self.scan.setChecked(False)
            self.retranslate()
            return False
        self._camera = QCamera(device, self)
        self._capture = QMediaCaptureSession(self)
        media.prime(self._camera, self._capture)  # the camera's threads call into them
        self._capture.setCamera(self._camera)
        self._capture.setVideoSink(self.scanner.sink)
        self._camera.errorOccurred.connect(self._on_camera_error_occurred)
        self._start_scanner()
        self._camera.start()
        return True

    def scan_file(self, path: str) -> None:
        """Feed the scanner from a video file played as a camera would (tests, demonstrations)."""
        from PySide6.QtMultimedia import QMediaPlayer

        from cc2desktop.ui.learner import media

        self.stop_scanning()
        self._player, _ = media.new_player(self, audio=False)
        self._player.setVideoOutput(self.scanner.sink)
        self._player.setLoops(QMediaPlayer.Loops.Infinite)
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._start_scanner()
        self._player.play()

    def _start_scanner(self) -> None:
        self.scanner.active = True
        self.preview.setVisible(True)
        self.preview.setText(self.tr("Starting the camera…"))

    def stop_scanning(self) -> None:
        self.scanner.active = False
        if self._camera is not None:
            self._camera.stop()
            self._camera.deleteLater()
            self._camera = None
        if self._capture is not None:
            self._capture.deleteLater()
            self._capture = None
        if self._player is not None:
            self._player.stop()
            self._player.deleteLater()
            self._player = None
        self.preview.setVisible(False)

    def _on_camera_error_occurred(self, _error: Any, text: str) -> None:
        self.stop_scanning()
        self.scan.setChecked(False)
        self.camera_note.setText(self.tr("The camera could not be used (%1): type the code or open the PDF.")
                                 .replace("%1", text))

    def _on_scanner_frame_shown(self, image: QImage) -> None:
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))

    def _on_scanner_found(self, text: str) -> None:
        self.stop_scanning()
        self.scan.blockSignals(True)
        self.scan.setChecked(False)
        self.scan.blockSignals(False)
        self.retranslate()
        self.verify(_code_from(text))

    def _on_back_clicked(self) -> None:
        self.stop_scanning()
        self.back_requested.emit()

    def hideEvent(self, e: Any) -> None:  # noqa: N802 - the camera is never left on behind another page
        self.stop_scanning()
        if self.scan.isChecked():
            self.scan.blockSignals(True)
            self.scan.setChecked(False)
            self.scan.blockSignals(False)
        super().hideEvent(e)

    # --- the verdict ------------------------------------------------------------------------------
    def _on_error(self, exc: BaseException) -> None:
        self.headline.setText(error_text(exc))
        self.headline.setStyleSheet("font-size: 16pt; font-weight: bold; color: #a32020;")

    def _show(self, res: Any) -> None:
        """A check's result arrived: show it and say so (``verified``)."""
        self._render(res)
        self.verified.emit(res)

    def _render(self, res: Any) -> None:
        self.result = res
        self.verdict.setVisible(True)
        lang = self.lang
        if res.revoked:
            head = self.tr("✗ REVOKED: this certificate was withdrawn by the programme (on %1).") \
                .replace("%1", long_date(str(res.revoked_at)[:10], lang))
            color = "#a32020"
        elif res.valid:
            head = self.tr("✓ VALID: authentic certificate")
            if res.demo:
                head += " — " + self.tr("a specimen signed with the demonstration key")
            color = "#0f5e63"
        else:
            head = self.tr("✗ INVALID: %1").replace("%1", invalid_text(res.code))
            color = "#a32020"
        self.headline.setText(head)
        self.headline.setStyleSheet(f"font-size: 16pt; font-weight: bold; color: {color};")
        c = res.claims
        if c:
            rows = [(self.tr("Holder"), c.get("name")), (self.tr("Course"), c.get("course_title")),
                    (self.tr("Date"), long_date(str(c.get("date")), lang)),
                    (self.tr("Final exam score"), f"{c.get('score')} %"),
                    (self.tr("Exam conditions"), conditions_text(bool(c.get("proctored")), lang)),
                    (self.tr("Verification code"), c.get("code"))]
            self.details.setText("".join(f"<p><b>{_esc(k)}</b><br>{_esc(v)}</p>" for k, v in rows))
        else:
            self.details.setText("")
        self.revocation.setText(self.revocation_text(res) if c else "")

    def revocation_text(self, res: Any) -> str:
        if res.list_issued_at is None:
            return self.tr("This PC holds no revocation list yet: a withdrawn certificate cannot be recognised "
                           "offline. Sync this PC to receive it.")
        age = round(res.list_age_days or 0)
        return self.tr("Checked against the revocation list of %1 (%2 day(s) old).") \
            .replace("%1", long_date(res.list_issued_at[:10], self.lang)).replace("%2", str(age))


def invalid_text(code: str | None) -> str:
    """Why a check failed, in the user's language (the CLI's reason, from its code)."""
    if code == "cert_not_found":  # a visitor's code: the certificate itself carries what is needed
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("VerifyPage", "no certificate with this code on this PC: scan its QR "
                                                        "code or open its PDF, which carry the signed certificate.")
    return error_text(code or "cert_invalid")


def _code_from(text: str) -> str:
    """A verification code out of a scanned or pasted text: the payload itself, a code, or the
    verification address ending with the code."""
    t = text.strip()
    if t.startswith("CC1:"):
        return t
    if "/verify/" in t:
        return t.rsplit("/verify/", 1)[1].split("?")[0].strip("/")
    return t


def _esc(v: Any) -> str:
    import html

    return html.escape(str(v if v is not None else ""))
