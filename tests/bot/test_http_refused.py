"""Malformed HTTP requests (a header too long, too many headers, a broken request line) are
refused with a 400 and cost one short warning line per minute, never an ERROR with a
traceback per request: anyone can send them, before any authentication (#11.10)."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator

import pytest

from bot.http import RefusedRequests, build_app, start_server
from bot.ops import logs

MALFORMED = (
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 20_000 + b"\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(300)) + b"\r\n",
    b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
)


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    logs.configure("text", "INFO", [], stream=stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


async def _send(port: int, payload: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(payload)
    await writer.drain()
    status = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return status


async def test_malformed_requests_log_one_short_line_a_minute(output: io.StringIO) -> None:
    now = [1000.0]
    server_log = logging.getLogger("aiohttp.server")
    refused = RefusedRequests(every=60, clock=lambda: now[0])
    earlier = server_log.filters[:]  # the one an earlier server in this process installed
    server_log.filters[:] = [refused]
    runner = await start_server(build_app([]), "127.0.0.1", 0)
    try:
        port = runner.addresses[0][1]
        for _ in range(10):
            for payload in MALFORMED:
                assert (await _send(port, payload)).split()[1] == b"400"
        lines = output.getvalue().splitlines()
        assert len(lines) == 1, lines
        assert " WARNING aiohttp.server: refused a malformed HTTP request (400 " in lines[0]
        assert "Traceback" not in output.getvalue() and "ERROR" not in output.getvalue()

        now[0] += 61
        await _send(port, MALFORMED[1])
        last = output.getvalue().splitlines()[-1]
        assert last.endswith("(400 Too many headers received); 29 more since the last such line")
        healthy = await _send(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert healthy.split()[1] == b"200"
    finally:
        await runner.cleanup()
        server_log.filters[:] = earlier


def test_a_real_server_failure_keeps_its_traceback() -> None:
    record = logging.LogRecord("aiohttp.server", logging.ERROR, __file__, 1, "boom", (), None)
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert RefusedRequests().filter(record) and record.exc_info is not None
    assert record.levelno == logging.ERROR
