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
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Q_ARG, QCoreApplication, QEvent, QMetaObject, QObject, Qt, QUrl


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
