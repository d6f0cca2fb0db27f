"""The HTTP face of the hub: ``create_app(db_url)`` → a FastAPI app under ``/api/v1``.

Request bodies are JSON, optionally gzip'd (``Content-Encoding: gzip``); pull replies are gzip'd
when the client accepts it. Errors are ``{"error": CODE, "message": "..."}`` with a 4xx status.
See docs/sync-protocol.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from cc2desktop import __version__
from cc2desktop.core.errors import CCError, NotFoundError, PermissionDeniedError, ValidationError
from cc2desktop.core.sync import broadcast as B
from cc2desktop.core.sync import bundles
from cc2desktop.core.sync import protocol as P
from cc2desktop.server.catalog import make_catalog_router
from cc2desktop.server.hub import AuthError, ConflictError, EventHook, Hub, RateLimitedError

_STATUS = [(AuthError, 401), (RateLimitedError, 429), (ConflictError, 409), (NotFoundError, 404),
           (PermissionDeniedError, 403), (ValidationError, 400)]

_OBJ = {"type": "object"}


def _body_doc(schema: dict, content_type: str = "application/json") -> dict:
    return {"requestBody": {"required": True, "content": {content_type: {"schema": schema}}}}


def create_app(db_url: str, *, event_hooks: list[EventHook] | None = None, hub: Hub | None = None,
               packs_dir: Path | str | None = None) -> FastAPI:
    """The hub's app. ``packs_dir``: the folder of ``.cc2pack`` files the pack catalog offers (none:
    an empty catalog)."""
    hub = hub or Hub(db_url, event_hooks=event_hooks)
    app = FastAPI(title="cc2desktop hub", version=__version__,
                  description="Device enrolment, event push/pull, learner accounts, USB bundles. "
                              "See docs/sync-protocol.md.",
                  openapi_url=f"{P.API_PREFIX}/openapi.json", docs_url=f"{P.API_PREFIX}/docs", redoc_url=None)
    app.state.hub = hub
    app.include_router(make_catalog_router(packs_dir if packs_dir is not None else Path("/nonexistent-cc2-packs")))

    @app.exception_handler(CCError)
    async def _cc_error(_req: Request, exc: CCError) -> JSONResponse:
        status = next((st for cls, st in _STATUS if isinstance(exc, cls)), 400)
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=status)

    async def read_body(request: Request, limit: int = P.MAX_BODY_BYTES) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            raise ValidationError("request body too large", code="too_large")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ValidationError("request body too large", code="too_large")
            chunks.append(chunk)
        data = b"".join(chunks)
        if request.headers.get("content-encoding", "").lower() == "gzip":
            data = P.gunzip_limited(data)
        return data

    async def read_json(request: Request) -> Any:
        data = await read_body(request)
        try:
            return P.loads(data)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise ValidationError("body is not valid JSON", code="bad_json") from exc

    def client_of(request: Request) -> str:
        return request.client.host if request.client else "?"

    async def device_of(request: Request) -> str:
        return await run_in_threadpool(hub.authenticate, request.headers.get("authorization"))

    def reply(obj: Any, request: Request) -> Response:
        data = P.dumps_compact(obj)
        if len(data) > 512 and "gzip" in request.headers.get("accept-encoding", ""):
            return Response(P.gz(data), media_type="application/json", headers={"Content-Encoding": "gzip"})
        return Response(data, media_type="application/json")

    @app.get(f"{P.API_PREFIX}/health", tags=["meta"])
    def health() -> dict:
        """Liveness and the server's clock (clients never refuse on skew; they show it)."""
        from cc2desktop.core.db.base import utcnow_iso

        return {"status": "ok", "version": __version__, "protocol": P.PROTOCOL_VERSION, "server_time": utcnow_iso()}

    @app.post(f"{P.API_PREFIX}/enrol", tags=["devices"], openapi_extra=_body_doc({
        "type": "object", "required": ["code", "device_id", "public_key"],
        "properties": {"code": {"type": "string"}, "device_id": {"type": "string"},
                       "public_key": {"type": "string"}, "name": {"type": "string"}}}))
    async def enrol(request: Request) -> Response:
        """Redeem an enrolment code: returns ``device_id``, ``token`` (send as ``Bearer``) and the
        server's public key."""
        body = await read_json(request)
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str)
                                                 for k in ("code", "device_id", "public_key")):
            raise ValidationError("enrol needs code, device_id and public_key strings", code="bad_request")
        name = body.get("name") if isinstance(body.get("name"), str) else None
        out = await run_in_threadpool(hub.enrol, body["code"], body["device_id"], body["public_key"], name,
                                      client=client_of(request))
        return reply(out, request)

    @app.delete(f"{P.API_PREFIX}/devices/me", tags=["devices"])
    async def revoke_me(request: Request) -> dict:
        """Revoke the calling device's token (e.g. a PC leaving the centre)."""
        dev = await device_of(request)
        await run_in_threadpool(hub.revoke, dev)
        return {"revoked": dev}

    @app.post(f"{P.API_PREFIX}/sync/push", tags=["sync"], openapi_extra=_body_doc({
        "type": "object", "properties": {"b": _OBJ, "l": {"type": "array", "items": _OBJ}}}))
    async def push(request: Request) -> Response:
        """Store a compact batch of this device's events exactly once; reply ``acked`` seq ranges
        and ``rejected`` events with a reason."""
        dev = await device_of(request)
        data = await read_body(request)
        out = await run_in_threadpool(hub.push_bytes, dev, data)
        return reply(out, request)

    @app.get(f"{P.API_PREFIX}/sync/pull", tags=["sync"])
    async def pull(request: Request, cursor: str | None = Query(None, max_length=48),
                   limit: int = Query(1000, ge=1, le=5000),
                   learner: str | None = Query(None, max_length=36)) -> Response:
        """What the server holds for this device's learners after ``cursor``."""
        dev = await device_of(request)
        out = await run_in_threadpool(hub.pull, dev, cursor, limit, learner)
        return reply(out, request)

    @app.post(f"{P.API_PREFIX}/sync/broadcast", tags=["sync"], openapi_extra=_body_doc({
        "type": "object", "required": ["scopes"],
        "properties": {"scopes": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
                       "limit": {"type": "integer", "minimum": 1, "maximum": 5000},
                       "full": {"type": "boolean"}, "all": {"type": "boolean"}}}))
    async def broadcast(request: Request) -> Response:
        """The broadcast items (forum, announcements, calls…) after this PC's cursors
        ``{scope: last n held}``, signed by their origin server (see docs/sync-protocol.md)."""
        dev = await device_of(request)
        body = await read_json(request)
        if not isinstance(body, dict):
            raise ValidationError("broadcast wants an object with scopes", code="bad_request")
        limit = body.get("limit", B.PAGE_LIMIT)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= B.MAX_PAGE:
            raise ValidationError(f"limit must be between 1 and {B.MAX_PAGE}", code="bad_request")
        try:
            out = await run_in_threadpool(hub.broadcast_page, dev, body.get("scopes"), limit,
                                          full=body.get("full") is True, all_scopes=body.get("all") is True)
        except B.BroadcastError as exc:
            raise ValidationError(exc.message, code="bad_request") from exc
        return reply(out, request)

    @app.post(f"{P.API_PREFIX}/learners/claim", tags=["learners"], openapi_extra=_body_doc({
        "type": "object", "required": ["code", "pin"],
        "properties": {"code": {"type": "string"}, "pin": {"type": "string"}}}))
    async def claim(request: Request) -> Response:
        """"I already have an account": link a learner to this device by learner code and PIN."""
        dev = await device_of(request)
        body = await read_json(request)
        if not isinstance(body, dict) or not isinstance(body.get("code"), str) or not isinstance(body.get("pin"), str):
            raise ValidationError("claim needs code and pin strings", code="bad_request")
        out = await run_in_threadpool(hub.claim, dev, body["code"], body["pin"], client=client_of(request))
        return reply(out, request)

    @app.post(f"{P.API_PREFIX}/bundles", tags=["sync"],
              openapi_extra=_body_doc({"type": "string", "format": "binary"}, "application/octet-stream"))
    async def import_bundle(request: Request) -> Response:
        """Forward a device's USB push bundle (by an enrolled device); replies with the signed
        reply bundle to carry back."""
        await device_of(request)
        data = await read_body(request, bundles.MAX_BUNDLE_BYTES)
        out = await run_in_threadpool(hub.import_bundle, data, client=client_of(request))
        return Response(out, media_type="application/octet-stream")

    return app

