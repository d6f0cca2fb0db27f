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
    hub.relay_interval = max(0.2, float(relay_interval or upstream.INTERVAL))
    relayer = start_relay(hub)
    if relayer is not None:
        up = upstream.upstream_of(hub) or {}
        say(f"relaying to {up.get('url')} as centre {up.get('centre_id')} (every {relayer.interval:g} s)\n")
    # the relay may also start later, when the hub is enrolled from its admin page
    def stop_relay() -> None:
        running = getattr(hub, "relayer", None)
        if running is not None:
            running.stop()
    stops.append(stop_relay)
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


def start_relay(hub: Any) -> Any:
    """Start the background relay of a centre's hub, once (at ``serve``, or when the hub was just
    enrolled from its admin page); None when the hub has no upstream."""
    from cc2desktop.server.relay import upstream

    running = getattr(hub, "relayer", None)
    if running is not None:
        return running
    if upstream.upstream_of(hub) is None:
        return None
    relayer = upstream.Relayer(hub, interval=getattr(hub, "relay_interval", None) or upstream.INTERVAL)
    relayer.start()
    return relayer
