"""What ``serve`` runs beside the PCs' requests: the relay to the central server (a centre's hub,
server/relay/upstream.py) and the forwarding of xAPI statements to an LRS (server/xapi/forward.py)."""

from __future__ import annotations

from typing import Any, Callable


def start(hub: Any, *, relay_interval: float = 60.0, lrs: str | None = None, lrs_auth: str | None = None,
          iri_base: str | None = None, home_page: str | None = None,
          say: Callable[[str], Any] = lambda _m: None) -> Callable[[], None]:
    """Start what applies to this server; returns the function that stops it all."""
    from cc2desktop.server.relay import upstream

    stops: list[Callable[[], None]] = []
    up = upstream.upstream_of(hub)
    if up is not None:
        relayer = upstream.Relayer(hub, interval=max(0.2, float(relay_interval or 60.0)))
        relayer.start()
        stops.append(relayer.stop)
        say(f"relaying to {up['url']} as centre {up['centre_id']} (every {relayer.interval:g} s)\n")
    if lrs:
        from cc2desktop.server.xapi.forward import Forwarder
        from cc2desktop.server.xapi.statements import XapiConfig

        config = XapiConfig(**{k: v for k, v in (("iri_base", iri_base), ("home_page", home_page)) if v})
        fwd = Forwarder(hub, lrs, lrs_auth, config=config)
        fwd.attach()
        fwd.start()
        stops.append(fwd.stop)
        say(f"forwarding learning records to the LRS at {lrs}\n")

    def stop() -> None:
        for fn in reversed(stops):
            fn()
    return stop
