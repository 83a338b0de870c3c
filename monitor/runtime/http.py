"""The small HTTP server every process runs: ``/metrics`` and ``/healthz``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from monitor.metrics import Metrics

HealthCheck = Callable[[], dict[str, Any]]


class StatusServer:
    """Serves Prometheus metrics and a JSON health document on one port.

    ``health()`` returns a dict; a false ``"ok"`` makes ``/healthz`` answer 503
    so orchestrators restart or stop routing to the process.
    """

    def __init__(self, metrics: Metrics, health: HealthCheck, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._metrics = metrics
        self._health = health
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def _serve_metrics(self, request: web.Request) -> web.Response:
        body = generate_latest(self._metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _serve_health(self, request: web.Request) -> web.Response:
        doc = self._health()
        return web.json_response(doc, status=200 if doc.get("ok", True) else 503)

    async def start(self) -> int:
        app = web.Application()
        app.router.add_get("/metrics", self._serve_metrics)
        app.router.add_get("/healthz", self._serve_health)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else self._port
        return self.port

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
