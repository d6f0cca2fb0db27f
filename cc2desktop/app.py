"""GUI composition root: paths → Kit → services → main window. Nothing happens at import time."""

from __future__ import annotations

import argparse


def run_gui(args: argparse.Namespace, qt_args: list[str]) -> int:
    from cc2desktop.ui.shell.main import run

    return run(args, qt_args)
