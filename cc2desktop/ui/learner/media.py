"""Calls into QMediaPlayer that tear down its FFmpeg threads, made without holding Python's GIL.

Why: when the player stops or changes source, Qt's media threads destroy objects that were
connected to our Python-created QAudioOutput / QVideoSink / QMediaPlayer. Qt then calls
``disconnectNotify`` on those Python wrappers from the media thread, with a Qt-internal mutex held,
and PySide needs the GIL to look for a Python override. If the GUI thread made the call from Python
it holds the GIL while it waits for that same mutex: a deadlock (seen as a hang in
``CapsulePage.stop`` under load; native stacks in the issue note).

``invoke_unlocked`` posts the slot call as a queued meta-call and delivers it at once with
``QCoreApplication.sendPostedEvents(obj, MetaCall)``, which releases the GIL: the call runs as plain
C++. Only that object's queued calls are delivered. A local event loop (the first version) also ran
whatever else was due, timers included: a closed facilitator window's chart step ran inside the
window's teardown and hung the test run in ``QChart.addAxis`` (CI, once).

``prime`` (and the factories that use it) removes the root of the hazard for the objects the app
makes: PySide looks for a Python override the first time each virtual method of a Python-made
object is called, with the GIL, then remembers "none" and later calls are plain C++. Each media
object's lookups are made once on the GUI thread, when it is made, so a media thread never needs the
GIL for them. Without it, the end of a capsule's media hung the app (CI, once: the audio renderer,
dying at the end of the media, waited for the GIL in ``disconnectNotify`` holding a connection lock;
the GUI thread, holding the GIL, waited for that lock in a layout's ``connect``);
``tests/test_media_calls.py`` reproduces it every time without ``prime``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Q_ARG, QCoreApplication, QEvent, QMetaObject, QObject, Qt, QUrl

if TYPE_CHECKING:  # QtMultimedia is loaded when a first player or sink is made
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink


def _nothing(*_args: object) -> None:
    pass


def prime(*objs: QObject | None) -> None:
    """Settle PySide's override lookups of these Python-made objects' QObject virtuals, on this (the
    GUI) thread: ``connectNotify`` and ``disconnectNotify`` (a media thread connecting to them, or a
    receiver dying there), ``event`` and ``childEvent``. Later calls, from any thread, need no GIL."""
    for obj in objs:
        if obj is None or not shiboken6.isValid(obj):
            continue
        obj.objectNameChanged.connect(_nothing)
        obj.objectNameChanged.disconnect(_nothing)
        QCoreApplication.sendEvent(obj, QEvent(QEvent.Type.User))
        child = QObject(obj)  # ChildAdded, then ChildRemoved
        shiboken6.delete(child)


def new_player(parent: QObject | None = None, *, audio: bool = True) -> tuple[QMediaPlayer, QAudioOutput | None]:
    """A media player and (``audio``) its audio output, primed (see :func:`prime`)."""
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

    player = QMediaPlayer(parent)
    out = QAudioOutput(parent) if audio else None
    if out is not None:
        player.setAudioOutput(out)
    prime(player, out)
    return player, out


def new_sink(parent: QObject | None = None) -> QVideoSink:
    """A video sink, primed (see :func:`prime`)."""
    from PySide6.QtMultimedia import QVideoSink

    sink = QVideoSink(parent)
    prime(sink)
    return sink


def invoke_unlocked(obj: QObject, slot: str, *args) -> None:  # noqa: ANN002 - Q_ARG values
    if not shiboken6.isValid(obj):  # already destroyed: nothing to do
        return
    QMetaObject.invokeMethod(obj, slot, Qt.ConnectionType.QueuedConnection, *args)
    QCoreApplication.sendPostedEvents(obj, QEvent.Type.MetaCall)  # PySide releases the GIL for this call


def stop(player: QObject) -> None:
    """Stop and release the source (the file is closed, the decoder threads end)."""
    invoke_unlocked(player, "stop")
    invoke_unlocked(player, "setSource", Q_ARG(QUrl, QUrl()))


def set_source(player: QObject, url: QUrl) -> None:
    invoke_unlocked(player, "setSource", Q_ARG(QUrl, url))
