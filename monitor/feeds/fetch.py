"""HTTP fetching for feeds and pages: one shared client, limits and an SSRF guard.

Every request (and every redirect hop) is checked: the host must resolve
only to public addresses unless the feed explicitly allows private ones.
Bodies are streamed and cut off past the size cap; redirects are followed by
hand, up to a cap; a per-host semaphore keeps us polite.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.errors import FeedError, UnsafeURLError
from monitor.httputil import retry_after_seconds
from monitor.settings import FeedSettings

_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
             ipaddress.ip_address("100.100.100.200")}


class FetchError(FeedError):
    """A fetch failed; ``kind`` is the metrics label (error_timeout, error_http, ...)."""

    def __init__(self, kind: str, message: str, *, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after
        self.status = status


@dataclass(frozen=True, slots=True)
class Response:
    status: int  # 200 or 304
    body: bytes
    url: str  # after redirects
    headers: httpx.Headers


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip in _METADATA:
        return False
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or (ip.version == 6 and ip.ipv4_mapped is not None
                                         and not is_public(str(ip.ipv4_mapped))))


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeURLError unless ``url`` is http(s) and resolves only to allowed addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURLError(f"refused URL scheme or host: {parts.scheme}://{parts.hostname}")
    if allow_private:
        return
    host = parts.hostname
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError("error_connect", f"cannot resolve {host}: {exc.strerror}") from None
    for *_, sockaddr in infos:
        if not is_public(str(sockaddr[0])):
            raise UnsafeURLError(f"refused {host}: resolves to non-public address {sockaddr[0]}")


class Fetcher:
    """Fetches URLs under the configured limits with one shared async client."""

    def __init__(self, settings: FeedSettings, client: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self._own_client = client is None
        self.client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s),
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.per_host_concurrency))

    async def get(self, url: str, *, allow_private: bool = False, etag: str | None = None,
                  last_modified: str | None = None) -> Response:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(self.settings.max_redirects + 1):
            await check_url(url, allow_private=allow_private)
            host = urlsplit(url).hostname or ""
            async with self._hosts[host]:
                status, body, resp_headers, location = await self._one(url, headers)
            if location is None:
                return Response(status, body, url, resp_headers)
            url = urljoin(url, location)
        raise FetchError("error_http", f"more than {self.settings.max_redirects} redirects")

    async def _one(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, httpx.Headers, str | None]:
        cap = self.settings.max_response_bytes
        try:
            async with self.client.stream("GET", url, headers=headers) as resp:
                if resp.status_code in (301, 302, 303, 307, 308) and "location" in resp.headers:
                    return resp.status_code, b"", resp.headers, resp.headers["location"]
                if resp.status_code == 304:
                    return 304, b"", resp.headers, None
                if resp.status_code in (429, 503):
                    raise FetchError("error_ratelimited", f"HTTP {resp.status_code}", status=resp.status_code,
                                     retry_after=retry_after_seconds(resp.headers.get("retry-after")))
                if resp.status_code >= 400:
                    raise FetchError("error_http", f"HTTP {resp.status_code}", status=resp.status_code)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise FetchError("error_too_large", f"body of {declared} bytes exceeds the {cap}-byte cap")
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.aiter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError("error_too_large", f"body exceeds the {cap}-byte cap")
                    chunks.append(chunk)
                return resp.status_code, b"".join(chunks), resp.headers, None
        except httpx.TimeoutException:
            raise FetchError("error_timeout", "timed out") from None
        except httpx.TransportError as exc:
            raise FetchError("error_connect", f"connection failed ({type(exc).__name__})") from None

    async def close(self) -> None:
        if self._own_client:
            await self.client.aclose()
