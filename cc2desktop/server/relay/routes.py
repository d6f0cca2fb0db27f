"""The central server's relay API, for centres' hubs (``/api/v1/relay/…``); every server offers it
(any server without an upstream can be the central one). docs/sync-protocol.md, "Three tiers"."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from cc2desktop.core.errors import ValidationError
from cc2desktop.core.sync import protocol as P
from cc2desktop.server.relay import central

_OBJ = {"type": "object"}


def add_routes(app: FastAPI, read_body: Callable[..., Awaitable[bytes]], reply: Callable[[Any, Request], Response],
               client_of: Callable[[Request], str]) -> None:
    hub = app.state.hub
    doc = {"requestBody": {"required": True, "content": {"application/json": {"schema": _OBJ}}}}

    async def centre_of(request: Request) -> str:
        return await run_in_threadpool(hub.authenticate, request.headers.get("authorization"), role=central.CENTRE)

    async def body_json(request: Request) -> Any:
        data = await read_body(request)
        try:
            return P.loads(data)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise ValidationError("body is not valid JSON", code="bad_json") from exc

    @app.post(f"{P.API_PREFIX}/relay/enrol", tags=["relay"], openapi_extra=doc)
    async def relay_enrol(request: Request) -> Response:
        """A centre's hub redeems a centre enrolment code: its token, the central server's keys and
        the certificate issuer statement."""
        body = await body_json(request)
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str)
                                                 for k in ("code", "centre_id", "public_key")):
            raise ValidationError("enrol needs code, centre_id and public_key strings", code="bad_request")
        name = body.get("name") if isinstance(body.get("name"), str) else None
        out = await run_in_threadpool(central.enrol_centre, hub, body["code"], body["centre_id"], body["public_key"],
                                      name, client=client_of(request))
        return reply(out, request)

    @app.post(f"{P.API_PREFIX}/relay/push", tags=["relay"], openapi_extra=doc)
    async def relay_push(request: Request) -> Response:
        """A centre's page: its PCs, learners, links and events (columnar), stored exactly once."""
        centre = await centre_of(request)
        data = await read_body(request)
        out = await run_in_threadpool(central.ingest_bytes, hub, centre, data)
        return reply(out, request)

    @app.get(f"{P.API_PREFIX}/relay/pull", tags=["relay"])
    async def relay_pull(request: Request, cursor: str | None = Query(None, max_length=48),
                         limit: int = Query(5000, ge=1, le=central.MAX_PAGE),
                         learner: str | None = Query(None, max_length=36)) -> Response:
        """What concerns the centre's learners from elsewhere, after ``cursor``."""
        centre = await centre_of(request)
        out = await run_in_threadpool(central.down_page, hub, centre, cursor, limit, learner)
        return reply(out, request)

    @app.post(f"{P.API_PREFIX}/relay/broadcast", tags=["relay"], openapi_extra=doc)
    async def relay_broadcast(request: Request) -> Response:
        """Every scope's broadcast items after the centre's cursors, with their signed heads."""
        await centre_of(request)
        body = await body_json(request)
        out = await run_in_threadpool(central.broadcast_for_centre, hub, body)
        return reply(out, request)

    @app.post(f"{P.API_PREFIX}/relay/claim", tags=["relay"], openapi_extra=doc)
    async def relay_claim(request: Request) -> Response:
        """A learner claimed on a PC of the centre, unknown to its hub: checked here."""
        centre = await centre_of(request)
        body = await body_json(request)
        out = await run_in_threadpool(central.claim_for_centre, hub, centre, body)
        return reply(out, request)
