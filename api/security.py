"""Security headers: every response says nosniff; every HTML page also gets a Content-Security-Policy without
inline script, and may not be framed.

Our pages keep code out of the HTML (templating.json_block carries data; api/static and the vendored YASGUI and
vis-network carry code), so the policy allows scripts from this origin only: markup that slipped into a page
through the catalogue's words could not run even if it were not escaped (no 'unsafe-eval' either: neither
YASGUI nor vis-network needs it). Styles may be inline ('unsafe-inline' for style-src only) because YASGUI's
results table adds a <style> element of its own (its column resizer, whose rules vary, so no hash would do); no
script can come of a style. Images may be data: URLs (the network view's PNG export, YASGUI's icons).

The SPARQL results, REST answers and dumps are data, not pages: they get nosniff and the referrer policy, and no
CSP, so CORS (api/app.py) still lets other origins read them. FastAPI's Swagger UI at /api/docs is the one page
we do not write: it loads Swagger UI from its CDN and starts it with an inline script, so its policy names that
CDN and the exact script (by its SHA-256), and nothing else.

Answers that Starlette's ServerErrorMiddleware writes (an unhandled exception's 500) pass outside this one.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
PAGE_ONLY = {
    "x-frame-options": "DENY",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_SCRIPT_SRC = re.compile(r"<script[^>]*\ssrc=\"([^\"]+)\"", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"\s(rel|href)=\"([^\"]*)\"", re.IGNORECASE)


def policy_text(policy: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in policy.items())


CONTENT_SECURITY_POLICY = policy_text(PAGE_POLICY)


def generated_page_policy(html: str) -> str:
    """The policy of a page FastAPI writes (Swagger UI): ours, plus the origins its tags load from and its
    inline scripts by hash."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
                      for body in _INLINE_SCRIPT.findall(html))
    links = [{name.lower(): value for name, value in _ATTRIBUTE.findall(tag)} for tag in _LINK.findall(html)]
    styles = _origins([link.get("href", "") for link in links if "stylesheet" in link.get("rel", "").split()])
    icons = _origins([link.get("href", "") for link in links if "icon" in link.get("rel", "").split()])
    policy = dict(PAGE_POLICY)
    policy["script-src"] = " ".join(filter(None, ("'self'", _origins(_SCRIPT_SRC.findall(html)), hashes)))
    policy["style-src"] = " ".join(filter(None, (PAGE_POLICY["style-src"], styles)))
    policy["img-src"] = " ".join(filter(None, (PAGE_POLICY["img-src"], styles, icons)))  # Swagger UI's CSS has images
    return policy_text(policy)


def _origins(urls: list[str]) -> str:
    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc and f"https://{parts.netloc}" not in found:
            found.append(f"https://{parts.netloc}")
    return " ".join(found)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name.lower() == b"content-type" and value.split(b";")[0].strip().lower() == b"text/html"
               for name, value in headers)


def _with(headers: list[tuple[bytes, bytes]], extra: dict[str, str]) -> list[tuple[bytes, bytes]]:
    """The headers with `extra` set (replacing any the route set itself)."""
    names = {name.encode("latin-1") for name in extra}
    kept = [(name, value) for name, value in headers if name.lower() not in names]
    return kept + [(name.encode("latin-1"), value.encode("latin-1")) for name, value in extra.items()]


class SecurityHeaders:
    """ASGI middleware (pure: streamed answers stay streamed) adding the headers above to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        owner = scope.get("app")
        generated = {getattr(owner, "docs_url", None), getattr(owner, "swagger_ui_oauth2_redirect_url", None)}
        if scope.get("path") in generated - {None}:
            await self._generated_page(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                extra = dict(ALWAYS)
                if _is_html(headers):
                    extra |= PAGE_ONLY | {"content-security-policy": CONTENT_SECURITY_POLICY}
                message = {**message, "headers": _with(headers, extra)}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _generated_page(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A small page FastAPI writes: read whole, so that its policy can name its inline script."""
        start: Message | None = None
        body: list[bytes] = []

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    assert start is not None
                    headers = list(start.get("headers", []))
                    extra = dict(ALWAYS)
                    if _is_html(headers):
                        html = b"".join(body).decode("utf-8", "replace")
                        extra |= PAGE_ONLY | {"content-security-policy": generated_page_policy(html)}
                    await send({**start, "headers": _with(headers, extra)})
                    await send({"type": "http.response.body", "body": b"".join(body)})
            else:
                await send(message)

        await self.app(scope, receive, collect)
