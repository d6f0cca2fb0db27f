"""Errors of the relay that reach a PC (through a claim its centre's hub forwarded): each has a
sentence in ui/shell/errors.py (tests/test_error_texts.py reads this module)."""

from __future__ import annotations

from cc2desktop.core.errors import CCError


class UpstreamUnavailable(CCError):
    """The central server could not be reached to check a learner's account."""

    code = "upstream_unreachable"
