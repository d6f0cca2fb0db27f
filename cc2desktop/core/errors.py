"""Errors that cross the core boundary.

Every error carries a stable ``code`` (the UI maps codes to translated text; nothing below ``ui``
translates) and an English one-line ``message`` for logs and the CLI.
"""

from __future__ import annotations


class CCError(Exception):
    """Base of every expected failure. ``str(err)`` is a single line."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        one_line = " ".join(str(message).split())
        super().__init__(one_line)
        if code is not None:
            self.code = code
        self.message = one_line
        self.params = params


class DataDirError(CCError):
    code = "data_dir"


class DatabaseError(CCError):
    code = "database"


class NotFoundError(CCError):
    code = "not_found"


class ValidationError(CCError):
    code = "invalid"


class PermissionDeniedError(CCError):
    code = "forbidden"
