"""``cc2desktop [--data-dir DIR] [COMMAND]``: no command opens the GUI.

Each domain registers its subcommands from a module in :mod:`cc2desktop.commands` (listed in
:data:`COMMAND_MODULES`); a module defines ``register(subparsers)`` and handlers
``handler(args, ctx) -> int``. Heavy imports stay inside handlers: ``cc2desktop`` with no command
must reach the first window fast.

Failure: one line ``cc2desktop: <reason>`` on stderr and a non-zero status (1 for an expected
error, 2 for bad usage, 70 for a bug). Progress goes to stderr; results to stdout.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Callable, Sequence

from cc2desktop import __version__

COMMAND_MODULES = [
    "cc2desktop.commands.base",
    "cc2desktop.commands.facilitation",
    "cc2desktop.commands.learning",
    "cc2desktop.commands.sync",
    "cc2desktop.commands.packs",
    "cc2desktop.commands.certification",  # after sync: adds `server certificates`, `demo simulate --certify`
    "cc2desktop.commands.authoring",
    "cc2desktop.commands.relay",  # after sync: adds `server upstream|relay|xapi`, serve --lrs, enrolment-code --for-hub
    "cc2desktop.commands.distribution",
    "cc2desktop.commands.reports",  # after sync: adds `server report`, `server erase-learner`
    "cc2desktop.commands.calls",  # after sync: `call …` on a PC, `server call|applications`
    "cc2desktop.commands.forum",  # after sync: `forum …` on a PC, `server forum …`
]


class Context:
    """What a handler needs, opened lazily (``--version`` or ``--help`` touch no database)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._paths = None
        self._kit = None

    @property
    def paths(self):  # noqa: ANN201
        if self._paths is None:
            from cc2desktop.core.paths import resolve_data_paths

            self._paths = resolve_data_paths(self.args.data_dir)
        return self._paths

    def kit(self):  # noqa: ANN201
        if self._kit is None:
            from cc2desktop.core.kit import Kit

            self._kit = Kit(self.paths)
        return self._kit

    def close(self) -> None:
        if self._kit is not None:
            self._kit.close()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _global_parser() -> argparse.ArgumentParser:
    """The options every invocation takes (the window, or any command)."""
    parser = _Parser(prog="cc2desktop", description="Connexions Citoyennes desktop kit", add_help=False)
    parser.add_argument("--version", action="version", version=f"cc2desktop {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", default=None,
                        help="data directory (default: portable folder or per-user dir; env CC2_DATA_DIR)")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cc2desktop", description="Connexions Citoyennes desktop kit",
                     parents=[_global_parser()])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _to_log(level: str, msg: str, *args: object, exc_info: bool = False) -> None:
    import logging

    from cc2desktop.core import logs

    logs.to_file(logging.getLevelName(level.upper()), msg, *args, exc_info=exc_info)


def _log_to_data_folder(ctx: "Context") -> None:
    """The CLI writes its failures to the data folder's log file too (when that folder exists: a
    command never creates it just to log)."""
    try:
        paths = ctx.paths
        if paths.root.is_dir():
            from cc2desktop.core import logs

            logs.setup(paths.logs_dir, hooks=False, attach=False)
    except Exception:  # noqa: BLE001 - logging must never stop a command
        pass


def run_handler(func: Callable[[argparse.Namespace, Context], int], args: argparse.Namespace) -> int:
    from cc2desktop.core.errors import CCError

    ctx = Context(args)
    _log_to_data_folder(ctx)
    try:
        return int(func(args, ctx) or 0)
    except CCError as exc:
        sys.stderr.write(f"cc2desktop: {exc.message}\n")
        _to_log("warning", "%s failed: %s (%s)", args.command, exc.message, exc.code)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("cc2desktop: cancelled\n")
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:
        sys.stderr.write(f"cc2desktop: {exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug: still one line unless debugging
        _to_log("error", "%s: internal error", args.command, exc_info=True)
        if os.environ.get("CC2_DEBUG"):
            raise
        sys.stderr.write(f"cc2desktop: internal error: {type(exc).__name__}: {' '.join(str(exc).split())}\n")
        return 70
    finally:
        ctx.close()


def split_open_file(argv: list[str]) -> tuple[list[str], str | None]:
    """A double-click on a course pack or a sync file starts ``cc2desktop [OPTIONS] FILE``: the file
    (last, existing, with a suffix the app opens) is taken out; the rest is parsed as usual."""
    if not argv or not os.path.isfile(argv[-1]):  # (a data folder is not: no import on the way to the window)
        return argv, None
    from cc2desktop.core.desktop import openable_kind

    if not openable_kind(argv[-1]):
        return argv, None
    rest, i = argv[:-1], 0
    while i < len(rest):  # only options before it (a command would take the file as its argument)
        if rest[i] == "--data-dir":
            i += 2
            continue
        if not rest[i].startswith("-"):
            return argv, None
        i += 1
    if i > len(rest):  # "--data-dir FILE": the file is the option's value
        return argv, None
    return rest, os.path.abspath(argv[-1])


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # a windowed Windows build: stray writes must not crash
        from cc2desktop.core.system import ensure_std_streams

        ensure_std_streams()
    argv, open_file = split_open_file(list(sys.argv[1:] if argv is None else argv))
    # Fast path to the GUI: the global options only, no command module imported (they cost ~0.1 s);
    # no option or only a data folder (a shortcut, a desktop entry) is read without argparse (its
    # first parser costs ≈ 2.5 ms of gettext look-ups before the first frame)
    if not argv or (len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-")):
        args, rest = argparse.Namespace(data_dir=argv[1] if argv else None), []
    else:
        args, rest = _global_parser().parse_known_args(argv)
    if not any(not a.startswith("-") for a in rest) and not {"-h", "--help"} & set(rest):
        from cc2desktop.app import run_gui

        args.command = None
        return run_gui(args, rest, open_file=open_file)
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if args.command is None:
        parser.parse_args(argv)  # reports the unknown command (or prints the help) as usage
    if open_file is not None:
        parser.error(f"a file to open goes alone, without a command: {open_file}")
    args = parser.parse_args(argv)
    return run_handler(args.func, args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
