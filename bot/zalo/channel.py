"""Opening the Zalo channels for the service (``bot.app.open_channels``).

- Bot Platform (``zalo``): webhook mode when ``ZALO_WEBHOOK_URL`` is set (registered with
  ``setWebhook``, served at that URL's path), otherwise the dev-mode poller.
- Official Account (``zalo_oa``): the signed webhook at ``/webhook/zalo-oa``, tokens in the
  database, the 7-day window notices, and (``ZALO_ZNS_TEMPLATE_ID``) the ZNS template for
  answers the window no longer lets through.

Both webhooks keep each call until its turn commits (``bot.zalo.inbox``) and watch their key
(``bot.zalo.key_health``): a streak of refused calls makes ``/readyz`` fail and alerts the
moderators once.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channel import OpenChannel
from bot.lanes import Lanes
from bot.ops.metrics import Metrics
from bot.settings import Settings
from bot.zalo.bot_api import ZaloBotClient
from bot.zalo.convert import BOT_CHANNEL, OA_CHANNEL
from bot.zalo.events import deliver
from bot.zalo.inbox import WebhookInbox
from bot.zalo.key_health import KeyHealth
from bot.zalo.oa_api import ZaloOAClient
from bot.zalo.oauth import TokenManager, ZaloOAuthClient
from bot.zalo.poller import poll
from bot.zalo.sender import ZaloBotSender, ZaloOASender
from bot.zalo.token_store import DatabaseTokenStore
from bot.zalo.webhooks import BOT_PATH, OA_PATH, bot_webhook, oa_webhook
from bot.zalo.window import keep_warning
from bot.zalo.zns import PhoneTemplate, Template
from handlers.alerts import webhook_refused
from handlers.dispatcher import Dispatcher
from storage.reports import phone_notice_number

log = logging.getLogger(__name__)


async def _phone_notice_number(
    sessions: async_sessionmaker[AsyncSession], code: str, chat_id: str
) -> str | None:
    async with sessions() as session:
        return await phone_notice_number(session, code, OA_CHANNEL, chat_id)


def key_health(
    api: str, setting: str, dispatcher: Dispatcher, metrics: Metrics | None
) -> KeyHealth:
    """A webhook's key health, counted in ``metrics`` and alerting the moderators."""

    async def alert(count: int, within: timedelta) -> None:
        log.error("%s: %d webhook calls refused in a row; check %s", api, count, setting)
        try:
            async with dispatcher.sessions() as session, session.begin():
                await webhook_refused(
                    session,
                    dispatcher.services,
                    dispatcher.clock(),
                    api=api,
                    setting=setting,
                    count=count,
                    within=within,
                )
        except Exception:
            log.exception("could not queue the alert about %s", setting)
            return
        dispatcher.on_outbox()

    def count() -> None:
        if metrics is not None:
            metrics.rejected_signatures.labels(api).inc()

    return KeyHealth(api, setting, dispatcher.clock, alert, count=count)


async def open_zalo_bot(
    settings: Settings, dispatcher: Dispatcher, metrics: Metrics | None = None
) -> OpenChannel:
    if not settings.zalo_bot_token:
        raise ValueError("ZALO_BOT_TOKEN is not set")
    url, secret = settings.zalo_webhook_url, settings.zalo_webhook_secret
    if url and not (secret and 8 <= len(secret) <= 256):
        raise ValueError("ZALO_WEBHOOK_URL needs ZALO_WEBHOOK_SECRET (8 to 256 characters)")
    session = aiohttp.ClientSession()
    lanes = Lanes()
    inbox = WebhookInbox(dispatcher, lanes, [BOT_CHANNEL])

    async def close() -> None:
        await inbox.close()
        await lanes.close()
        await session.close()

    client = ZaloBotClient(settings.zalo_bot_token, settings.zalo_api_base, session=session)
    channel = OpenChannel(ZaloBotSender(client), close=close)
    try:
        if url and secret:
            await client.set_webhook(url, secret)
            path = urlsplit(url).path or BOT_PATH
            health = key_health("Zalo Bot Platform", "ZALO_WEBHOOK_SECRET", dispatcher, metrics)
            channel.routes.append(bot_webhook(path, secret, inbox, health))
            channel.loops.append(inbox.keep_replaying)
            channel.probes.append(health.problem)
            log.warning("Zalo Bot Platform: webhook registered, served at %s", path)
        else:
            await client.delete_webhook()  # getUpdates is refused while a webhook is set
            channel.loops.append(partial(poll, client, partial(deliver, dispatcher)))
            log.warning("Zalo Bot Platform: no ZALO_WEBHOOK_URL, polling getUpdates")
    except BaseException:
        await close()
        raise
    return channel


async def open_zalo_oa(
    settings: Settings,
    dispatcher: Dispatcher,
    sessions: async_sessionmaker[AsyncSession],
    metrics: Metrics | None = None,
) -> OpenChannel:
    app_id, app_secret = settings.zalo_oa_app_id, settings.zalo_oa_app_secret
    secret_key = settings.zalo_oa_secret_key
    if not (app_id and app_secret and secret_key):
        raise ValueError("Zalo OA: set ZALO_OA_APP_ID, ZALO_OA_APP_SECRET and ZALO_OA_SECRET_KEY")
    store = DatabaseTokenStore(sessions, app_id, clock=dispatcher.clock)
    if await store.seed(settings.zalo_oa_refresh_token):
        log.warning("Zalo OA: starting from the configured ZALO_OA_REFRESH_TOKEN")
    elif await store.load() is None:
        raise ValueError("a Zalo OA needs ZALO_OA_REFRESH_TOKEN for its first token")
    session = aiohttp.ClientSession()
    lanes = Lanes()
    inbox = WebhookInbox(dispatcher, lanes, [OA_CHANNEL])

    async def close() -> None:
        await inbox.close()
        await lanes.close()
        await session.close()

    oauth = ZaloOAuthClient(app_id, app_secret, settings.zalo_oauth_base, session=session)
    client = ZaloOAClient(TokenManager(oauth, store), settings.zalo_oa_api_base, session=session)
    health = key_health("Zalo OA", "ZALO_OA_SECRET_KEY", dispatcher, metrics)
    max_age = timedelta(hours=settings.zalo_oa_event_max_age_hours)
    phone = None
    if settings.zalo_zns_template_id:
        template = Template(settings.zalo_zns_template_id, settings.zns_params)
        number_for = partial(_phone_notice_number, sessions)
        phone = PhoneTemplate(client, template, number_for, settings.zalo_zns_api_base)
        log.warning("Zalo OA: answers outside the 7-day window go out as ZNS template %s "
                    "to citizens who agreed", settings.zalo_zns_template_id)  # fmt: skip
    return OpenChannel(
        ZaloOASender(client, phone),
        loops=[
            partial(keep_warning, sessions, dispatcher.clock, lambda: dispatcher.on_outbox()),
            inbox.keep_replaying,
        ],
        routes=[oa_webhook(OA_PATH, app_id, secret_key, inbox, health, max_age)],
        close=close,
        probes=[health.problem],
    )
