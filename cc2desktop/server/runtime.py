"""Settings of a server process (``serve``, ``server relay``) that are not the web app's."""

from __future__ import annotations

import gc

#: Python's cyclic collector in a server process: (700, 10, 10) by default.
COLLECTOR_THRESHOLDS = (10_000, 20, 20)


def tune_collector() -> None:
    """A server stores and serves pages of thousands of events; each page's objects (payloads,
    rows) live as long as the page, so with Python's default thresholds the collector walks them
    thousands of times per 100,000 events and promotes them to its oldest generation, which then
    gets full passes: about a third of the central server's CPU during a relay (docs/performance.md,
    "Central ingest through a centre's hub"). Larger thresholds, as servers commonly set, and the
    modules and app loaded so far frozen out of the collector (they are never garbage)."""
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
