"""Simulated citizens for the load and fault benchmarks.

Each citizen is a Telegram user in a private chat who writes, waits for the bot's reply,
thinks for a moment (one to three seconds, as people do; it also keeps Telegram's
one-message-a-second pace per chat out of the measurement) and writes again:

- an asker: /start, three procedure questions, /help;
- an anonymous reporter: /report, the whole dialogue through buttons and typed answers,
  confirm, then /status with the code and /mine;
- a named reporter: the same with name, phone number and the consent question.

Every turn waits for the reply that step must bring (a prompt text or a button), so a
dialogue that went wrong shows at the step where it did. A turn with no reply within
``REPLY_TIMEOUT`` is counted and written again as a new message, as a person would.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.harness import Balancer, BotApi, Delivered
from handlers.i18n import t

FIRST_CHAT = 2_000_000
REPLY_TIMEOUT = 150.0  # above the outbox lease (60 s) plus a retry's backoff
QUESTIONS = (
    "làm căn cước mất bao lâu",
    "lệ phí đăng ký khai sinh",
    "cấp đổi giấy phép lái xe cần giấy tờ gì",
    "đăng ký kết hôn ở đâu",
    "thủ tục cấp giấy phép xây dựng nhà ở",
    "xin cap lai so ho khau",
)
OFFICES = ("công an phường Đông Hà", "bộ phận một cửa xã Cam Lộ", "phòng tài nguyên môi trường")
STORIES = (
    "Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ đất đai của tôi.",
    "Hồ sơ cấp đổi căn cước của tôi trễ hẹn ba tuần mà không ai giải thích.",
    "Tôi bị yêu cầu nộp thêm giấy xác nhận cư trú dù quy định không cần.",
)
CODE = re.compile(r"PA-[0-9A-Z]{8}")


def _prompt(key: str) -> Callable[[Delivered], bool]:
    """The reply starts with the Vietnamese text of ``key`` (up to its first placeholder)."""
    head = t("vi", key).split("{")[0][:40]
    return lambda m: m.text.startswith(head)


def _button(value: str) -> Callable[[Delivered], bool]:
    return lambda m: value in m.options


def _anything(m: Delivered) -> bool:
    return True


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds, update POSTed → reply seen
    updates: int = 0
    unanswered: list[tuple[int, int, str]] = field(default_factory=list)  # chat, update, step
    codes: dict[int, str] = field(default_factory=dict)  # chat → report code it was given
    finished: set[int] = field(default_factory=set)
    broken: dict[int, str] = field(default_factory=dict)  # chat → the step that went wrong


class DialogueBroken(Exception):
    pass


class Citizen:
    def __init__(self, chat: int, tg: BotApi, balancer: Balancer, stats: Stats) -> None:
        self.chat = chat
        self.tg = tg
        self.balancer = balancer
        self.stats = stats
        self.random = random.Random(chat)
        self.seen = 0  # messages of this chat already read

    async def turn(
        self,
        expect: Callable[[Delivered], bool],
        *,
        text: str | None = None,
        press: str | None = None,
        step: str = "",
    ) -> Delivered:
        """Write (or press a button), wait for the expected reply; write again once if none."""
        for _ in range(2):
            await asyncio.sleep(self.random.uniform(1.0, 3.0))  # reading and typing
            if press is not None:
                update = self.tg.callback_query(self.chat, self.chat, press, enqueue=False)
            else:
                update = self.tg.user_message(self.chat, self.chat, text or "", enqueue=False)
            posted = await self.balancer.deliver(update)
            self.stats.updates += 1
            found = await self.tg.feed.wait(self.chat, self.seen, expect, REPLY_TIMEOUT)
            if found is not None:
                index, reply = found
                self.seen = index + 1
                self.stats.latencies.append(reply.at - posted)
                return reply
            self.stats.unanswered.append((self.chat, update["update_id"], step))
        raise DialogueBroken(f"{step}: no expected reply, last: {self._last()!r}")

    def _last(self) -> str:
        messages = self.tg.feed.chats[self.chat]
        return messages[-1].text[:80] if messages else ""

    async def ask(self) -> None:
        await self.turn(_prompt("core.start"), text="/start", step="start")
        for question in self.random.sample(QUESTIONS, 3):
            await self.turn(_anything, text=question, step="question")
        await self.turn(_anything, text="/help", step="help")

    async def report(self, named: bool) -> None:
        await self.turn(_prompt("core.start"), text="/start", step="start")
        await self.turn(_button("harassment"), text="/report", step="report")
        kind = self.random.choice(("harassment", "delay", "extra_papers"))
        await self.turn(_prompt("report.ask_office"), press=kind, step="kind")
        office_pick, description = (
            _prompt("report.office_choices"),
            _prompt("report.ask_description"),
        )
        reply = await self.turn(
            lambda m: office_pick(m) or description(m), text=self.random.choice(OFFICES),
            step="office",
        )  # fmt: skip
        if office_pick(reply):
            dept = next(o for o in reply.options if o.startswith("dept:"))
            await self.turn(description, press=dept, step="office_pick")
        await self.turn(_prompt("report.ask_when"), text=self.random.choice(STORIES), step="story")
        await self.turn(_prompt("report.ask_dossier"), press="skip", step="when")
        await self.turn(_prompt("report.ask_procedure"), press="skip", step="dossier")
        await self.turn(_prompt("report.ask_files"), press="skip", step="procedure")
        await self.turn(_prompt("report.ask_identity"), press="none", step="files")
        if named:
            await self.turn(_prompt("report.ask_name"), press="named", step="identity")
            await self.turn(_prompt("report.ask_phone"), text="Nguyễn Thị Lan", step="name")
            phone = f"09{self.chat % 100_000_000:08d}"
            await self.turn(_prompt("report.ask_consent"), text=phone, step="phone")
            await self.turn(_prompt("report.summary"), press="no", step="consent")
        else:
            await self.turn(_prompt("report.summary"), press="anon", step="identity")
        done = await self.turn(_prompt("report.submitted"), press="confirm", step="confirm")
        code = CODE.search(done.text)
        if code is None:
            raise DialogueBroken(f"confirm: no code in {done.text[:80]!r}")
        self.stats.codes[self.chat] = code.group()
        await self.turn(lambda m: code.group() in m.text, text=f"/status {code.group()}")
        await self.turn(lambda m: code.group() in m.text, text="/mine", step="mine")

    async def run(self, role: str) -> None:
        try:
            if role == "ask":
                await self.ask()
            else:
                await self.report(named=role == "named")
            self.stats.finished.add(self.chat)
        except DialogueBroken as exc:
            self.stats.broken[self.chat] = str(exc)


def roles(count: int) -> list[str]:
    """Two in five ask questions, two in five report anonymously, one in five with a name."""
    cycle = ("ask", "anon", "ask", "named", "anon")
    return [cycle[i % len(cycle)] for i in range(count)]


async def run_citizens(
    count: int, tg: BotApi, balancer: Balancer, stats: Stats, *, ramp: float = 5.0
) -> float:
    """Let ``count`` citizens loose (arriving over ``ramp`` seconds); return the wall time."""

    async def arrive(i: int, role: str) -> None:
        await asyncio.sleep(ramp * i / max(count, 1))
        await Citizen(FIRST_CHAT + i, tg, balancer, stats).run(role)

    started = time.monotonic()
    await asyncio.gather(*(arrive(i, role) for i, role in enumerate(roles(count))))
    return time.monotonic() - started
