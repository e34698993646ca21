"""The console channel: chat with gopy in a terminal, or drive it through piped stdin
(one message per line, replies on stdout), for trying it out and for scripts and tests."""

from __future__ import annotations

import asyncio
import sys
from typing import BinaryIO, TextIO

from bot.channels import CONSOLE
from bot.outbox_worker import OutboxWorker
from handlers.dispatcher import Dispatcher
from handlers.messages import Incoming, OutFile, Reply, numbered

CHANNEL = CONSOLE.name
USER_ID = "local"
CHAT_ID = CONSOLE.private_chat(USER_ID)
ADDRESS = (CHANNEL, USER_ID)


class ConsoleSender:
    name = CHANNEL

    def __init__(self, out: TextIO) -> None:
        self.out = out

    async def send(self, chat_id: str, reply: Reply) -> None:
        lines = [numbered(reply)]
        lines += [_file_line(f) for f in reply.files]
        self.out.write("\n".join(lines).rstrip() + "\n\n")
        self.out.flush()


def _file_line(file: OutFile) -> str:
    """A file cannot be shown in a terminal: say where it is (a local file's full path)."""
    where = f" {file.path}" if file.path else ""
    return f"[{file.kind}: {file.name or file.ref or ''}]{where} {file.caption or ''}".rstrip()


def decode_line(raw: bytes) -> str:
    """Invalid UTF-8 becomes U+FFFD, which the handlers answer with a clear message."""
    return raw.rstrip(b"\r\n").decode("utf-8", "replace")


async def chat(
    dispatcher: Dispatcher,
    worker: OutboxWorker,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    await worker.drain()  # anything left from an earlier run
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        raw = await asyncio.to_thread(stdin.readline)
        if not raw:
            break
        incoming = Incoming(
            channel=CHANNEL, chat_id=CHAT_ID, user_id=USER_ID, text=decode_line(raw)
        )
        await dispatcher.handle(incoming)
        await worker.drain()
