"""Long polling against the fake Bot API server with the real aiogram client."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.types import Update
from aiogram.utils.backoff import BackoffConfig

from bot.telegram.polling import poll

QUICK = BackoffConfig(min_delay=0.01, max_delay=0.05, factor=2.0, jitter=0.0)


class Taken:
    """An ``accept`` that records update ids and can hold them before they count as handled."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, update: Update) -> asyncio.Future[bool]:
        self.ids.append(update.update_id)
        return asyncio.ensure_future(self.release.wait())


class Unrecorded(Taken):
    """The first update could not be written (the database was away); later ones were."""

    async def __call__(self, update: Update) -> asyncio.Future[bool]:
        self.ids.append(update.update_id)
        done = asyncio.get_running_loop().create_future()
        done.set_result(len(self.ids) > 1)
        return done


@contextlib.asynccontextmanager
async def polling(bot: Bot, accept: Taken):
    task = asyncio.create_task(poll(bot, accept, wait=1, backoff=QUICK))
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_webhook_left_over_is_removed_and_updates_arrive_in_order(tg, bot):
    await bot.set_webhook("https://old.example/hook")
    first = tg.user_message(42, 42, "một")["update_id"]
    second = tg.user_message(43, 43, "hai")["update_id"]
    taken = Taken()
    async with polling(bot, taken):
        await tg.wait_for(lambda: len(taken.ids) == 2)
    assert tg.webhook_url is None
    assert taken.ids == [first, second]


async def test_an_offset_is_confirmed_only_once_its_update_was_handled(tg, bot):
    taken = Taken()
    taken.release.clear()
    update = tg.user_message(42, 42, "xin chào")
    async with polling(bot, taken):
        await tg.wait_for(lambda: taken.ids)
        await asyncio.sleep(0.1)
        assert tg.pending_updates == [update]  # a crash now: Telegram sends it again
        taken.release.set()
        await tg.wait_for(lambda: not tg.pending_updates)
    assert taken.ids == [update["update_id"]]


async def test_an_update_that_could_not_be_recorded_is_fetched_again(tg, bot):
    update = tg.user_message(42, 42, "xin chào")
    taken = Unrecorded()
    async with polling(bot, taken):
        await tg.wait_for(lambda: len(taken.ids) == 2 and not tg.pending_updates, timeout=5)
    assert taken.ids == [update["update_id"]] * 2


async def test_network_trouble_server_errors_and_flood_control_are_waited_out(tg, bot):
    tg.drop_next("getUpdates")
    tg.fail_next("getUpdates", 502)
    tg.flood("getUpdates", retry_after=1)
    update = tg.user_message(42, 42, "còn đó không?")
    taken = Taken()
    async with polling(bot, taken):
        await tg.wait_for(lambda: taken.ids, timeout=5)
    statuses = [c.status for c in tg.calls("getUpdates")]
    assert statuses[:3] == [0, 502, 429]
    assert taken.ids == [update["update_id"]]


async def test_a_rejected_token_stops_polling(tg):
    stranger = Bot("42:wrong", session=AiohttpSession(api=TelegramAPIServer.from_base(tg.url)))
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await asyncio.wait_for(poll(stranger, Taken(), wait=1, backoff=QUICK), 5)
    finally:
        await stranger.session.close()
