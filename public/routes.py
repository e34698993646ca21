"""The public HTTP routes (SPEC §7): ``/transparency``, ``/open-data/…``, ``/open311/v2/…``.

Reads are answered from ``PublicCache`` alone, as many a minute per address as ``reads``
allows (the wiring's ``bot.web.limits.page_reads``), else 429. The only write is an Open311
POST from a partner with an API key, rate-limited per key and filed into the moderated queue.
Every page carries a Content-Security-Policy that allows nothing but its own stylesheet: the
pages need no script, and a story that slipped through escaping still could not run one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.events import QueueError, QueueRules
from public import READ_WINDOW_SECONDS
from public.cache import PublicCache, Rendered
from public.figures import DEFAULT_PERIOD, Period
from public.open311 import (
    Open311Error,
    PostLimit,
    draft_of,
    file_request,
    find_requests,
    partner_of,
)
from public.texts import pick_locale
from storage.reports import Report

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)
_STYLE = (Path(__file__).with_name("templates") / "style.css").read_bytes()
_HTML_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "public, max-age=60",
}
_DATA_HEADERS = {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff"}
POST_BODY_LIMIT = 64 * 1024


def _ready(cache: PublicCache) -> Rendered:
    if cache.current is None:
        raise web.HTTPServiceUnavailable(
            text="Đang tính số liệu, xin thử lại sau ít phút. / Figures are being computed.",
            headers={"Retry-After": "30"},
        )
    return cache.current


def _period(request: web.Request) -> Period:
    try:
        return Period(request.query.get("period", DEFAULT_PERIOD.value))
    except ValueError:
        return DEFAULT_PERIOD


def _page(cache: PublicCache, code: str, request: web.Request) -> web.Response:
    rendered = _ready(cache)
    locale = pick_locale(request.query.get("lang"))
    body = rendered.page(code, _period(request), locale)
    if body is None:
        raise web.HTTPNotFound(text="Không có trang này. / No such page.")
    return web.Response(body=body, content_type="text/html", charset="utf-8", headers=_HTML_HEADERS)


def _json(document: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(document, ensure_ascii=False).encode(),
        status=status,
        content_type="application/json",
        charset="utf-8",
        headers=_DATA_HEADERS,
    )


def public_routes(
    cache: PublicCache,
    sessions: async_sessionmaker[AsyncSession],
    rules: QueueRules,
    api_keys: Collection[str],
    *,
    limit: PostLimit | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    on_filed: Callable[[AsyncSession, Report, datetime], Awaitable[None]] | None = None,
    on_outbox: Callable[[], None] = lambda: None,
    reads: Callable[[web.Request], bool] = lambda request: True,
) -> list[web.RouteDef]:
    """``on_filed``: called in the transaction that stores a partner's report (the wiring
    announces it to the moderators there); ``on_outbox`` once that has committed. ``reads``:
    whether a GET may be answered now (the address's limit)."""
    posts = limit or PostLimit()

    def limited(handler: Handler) -> Handler:
        async def read(request: web.Request) -> web.StreamResponse:
            if reads(request):
                return await handler(request)
            return _too_many(request)

        return read

    async def overview(request: web.Request) -> web.Response:
        return _page(cache, "", request)

    async def department(request: web.Request) -> web.Response:
        return _page(cache, request.match_info["code"].upper(), request)

    async def style(request: web.Request) -> web.Response:
        return web.Response(
            body=_STYLE, content_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    async def data_file(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        key = f"{name}?{_period(request).value}" if name.startswith("departments") else name
        body = _ready(cache).files.get(key)
        if body is None:
            raise web.HTTPNotFound(text="Không có tệp này. / No such file.")
        kind = "text/csv" if name.endswith(".csv") else "application/json"
        headers = {**_DATA_HEADERS, "Content-Disposition": f'inline; filename="{name}"'}
        return web.Response(body=body, content_type=kind, charset="utf-8", headers=headers)

    async def services(request: web.Request) -> web.Response:
        locale = pick_locale(request.query.get("lang"))
        body = _ready(cache).files[f"services.json?{locale}"]
        return web.Response(
            body=body, content_type="application/json", charset="utf-8", headers=_DATA_HEADERS
        )

    async def requests(request: web.Request) -> web.Response:
        rendered = _ready(cache)
        locale = pick_locale(request.query.get("lang"))
        if set(request.query) <= {"lang"}:
            body = rendered.files[f"requests.json?{locale}"]
            return web.Response(
                body=body, content_type="application/json", charset="utf-8", headers=_DATA_HEADERS
            )
        try:
            found = find_requests(rendered.figures, request.query, now())
        except Open311Error as refused:
            return _json(refused.body(), refused.status)
        return _json([rendered.records[locale][r.code] for r in found])

    async def one_request(request: web.Request) -> web.Response:
        rendered = _ready(cache)
        code = request.match_info["code"].upper()
        found = [r for r in rendered.figures.published if r.code == code]
        if not found:
            error = Open311Error(404, "no published request has this id")
            return _json(error.body(), 404)
        locale = pick_locale(request.query.get("lang"))
        return _json([rendered.records[locale][code]])

    async def post_request(request: web.Request) -> web.Response:
        try:
            form = await _form(request)
            partner = partner_of(form.get("api_key", ""), api_keys)
            if partner is None:
                raise Open311Error(401, "a valid api_key is required")
            wait = posts.retry_after(partner)
            if wait:
                error = Open311Error(429, f"too many requests; retry after {wait} s")
                response = _json(error.body(), 429)
                response.headers["Retry-After"] = str(wait)
                return response
            draft = draft_of(form)
            async with sessions() as session, session.begin():
                try:
                    report = await file_request(session, rules, partner, draft, now())
                except QueueError as refused:
                    raise Open311Error(403, f"refused: {refused.reason}") from None
                code = report.code
                if on_filed is not None:
                    await on_filed(session, report, now())
            if on_filed is not None:
                on_outbox()
        except Open311Error as refused:
            return _json(refused.body(), refused.status)
        log.info("open311: %s filed %s", partner, code)
        return _json([{"service_request_id": code, "service_notice": None}], 201)

    return [
        web.get("/transparency", limited(overview)),
        web.get("/transparency/style.css", limited(style)),
        web.get(r"/transparency/{code:[A-Za-z0-9_-]{1,32}}", limited(department)),
        web.get(r"/open-data/{name:(departments|monthly)\.(csv|json)}", limited(data_file)),
        web.get("/open311/v2/services.json", limited(services)),
        web.get("/open311/v2/requests.json", limited(requests)),
        web.post("/open311/v2/requests.json", post_request),
        web.get(r"/open311/v2/requests/{code:[A-Za-z0-9-]{1,32}}.json", limited(one_request)),
    ]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _too_many(request: web.Request) -> web.Response:
    """429 to an address over its reads: GeoReport's error list on Open311's paths, a short
    text elsewhere; when to come back in ``Retry-After`` either way."""
    retry = {"Retry-After": str(READ_WINDOW_SECONDS)}
    if request.path.startswith("/open311/"):
        error = Open311Error(429, f"too many requests; retry after {READ_WINDOW_SECONDS} s")
        response = _json(error.body(), 429)
        response.headers.update(retry)
        return response
    text = "Quá nhiều yêu cầu, xin thử lại sau một phút. / Too many requests; retry in a minute."
    return web.Response(status=429, text=text, headers=retry)


async def _form(request: web.Request) -> dict[str, str]:
    """The POST's fields (form-encoded, as GeoReport v2 says; JSON accepted too)."""
    if request.content_length is not None and request.content_length > POST_BODY_LIMIT:
        raise Open311Error(413, f"the body is larger than {POST_BODY_LIMIT} bytes")
    raw = await request.content.read(POST_BODY_LIMIT + 1)
    if len(raw) > POST_BODY_LIMIT:
        raise Open311Error(413, f"the body is larger than {POST_BODY_LIMIT} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Open311Error(400, "the body is not UTF-8") from None
    if request.content_type == "application/json":
        try:
            document = json.loads(text)
        except (json.JSONDecodeError, RecursionError):  # «[[[[…»: nested past the parser
            raise Open311Error(400, "the body is not valid JSON") from None
        if not isinstance(document, dict):
            raise Open311Error(400, "the body must be a JSON object")
        return {str(k): str(v) for k, v in document.items() if isinstance(v, str | int)}
    return dict(parse_qsl(text, keep_blank_values=True))
