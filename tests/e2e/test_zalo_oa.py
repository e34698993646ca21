"""gopy on a Zalo Official Account end to end: signed webhook events in, customer-service
messages out through the real client against the fake OA and OAuth server, the service as
``gopy run`` serves it. Options are ``oa.query.show`` buttons: a tap comes back as the
user's text, the option's number (or the command a staff button runs)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.settings import Settings
from bot.zalo.webhooks import OA_PATH
from bot.zalo.window import warn_closing_windows
from complaints import intake
from handlers.services import Services
from storage import outbox
from storage.base import utcnow
from storage.oa_tokens import load_tokens
from storage.outbox import OutboxMessage, OutboxStatus
from storage.reports import Report, ReportAttachment
from storage.users import get_or_create_user
from tests.e2e.conftest import eventually, free_port
from tests.e2e.zalo_service import (
    ANSWER,
    DEPARTMENT,
    MODERATOR,
    NOT_YET,
    OFFICER,
    add_staff,
    processed,
    serving,
    the_report,
)
from tests.fakes.zalo_oa_api import FakeZaloOA

CITIZEN = "8001"
ZNS_TEMPLATE = "401234"
ZNS_PARAMS = "code=ma_phan_anh:30,department=co_quan:30,answer=tra_loi:200"
PHOTO = "https://photo.example.test/oa/giay-hen.jpg"


class Served:
    def __init__(self, oa: FakeZaloOA, sessions, webhook: str) -> None:
        self.oa = oa
        self.sessions = sessions
        self.webhook = webhook

    async def post(self, event: dict, *, expect: int = 1) -> list[str]:
        """Post one signed event; return the texts its user received because of it."""
        user = event.get("sender", event.get("follower", {}))["id"]
        before = len(self.oa.sent_texts(user))
        assert await self.oa.post_event(self.webhook, event) == 200
        texts = await self.oa.wait_for_texts(user, before + expect, timeout=10)
        return texts[before:]

    async def say(self, user: str, text: str, *, expect: int = 1) -> list[str]:
        return await self.post(self.oa.user_text(user, text), expect=expect)

    async def tap(self, user: str, title_part: str, *, expect: int = 1) -> list[str]:
        """Tap a button of the latest message with buttons: its payload comes back as text."""
        buttons = self.oa.buttons(user)
        payload = next(b["payload"] for b in buttons if title_part in b["title"])
        return await self.say(user, payload, expect=expect)

    async def outbox(self, user: str) -> list[OutboxMessage]:
        async with self.sessions() as session:
            stmt = select(OutboxMessage).where(OutboxMessage.chat_id == user)
            return list((await session.execute(stmt.order_by(OutboxMessage.id))).scalars())


@pytest.fixture
async def gopy(sessions, database_url) -> AsyncIterator[Served]:
    await add_staff(sessions, "zalo_oa")
    port = free_port()
    async with FakeZaloOA() as oa:
        settings = Settings(
            _env_file=None,
            database_url=database_url,
            zalo_oa_app_id=oa.app_id,
            zalo_oa_app_secret=oa.app_secret,
            zalo_oa_secret_key=oa.oa_secret_key,
            zalo_oa_refresh_token=oa.refresh_token,
            zalo_oa_api_base=oa.url,
            zalo_oauth_base=oa.url,
            zalo_zns_api_base=oa.url,
            zalo_zns_template_id=ZNS_TEMPLATE,
            zalo_zns_params=ZNS_PARAMS,
            http_port=port,
        )
        oa.register_zns_template(ZNS_TEMPLATE, {"ma_phan_anh": 30, "co_quan": 30, "tra_loi": 200})
        async with serving(settings, sessions):
            yield Served(oa, sessions, f"http://127.0.0.1:{port}{OA_PATH}")
        # Every message gopy sent kept within Zalo's documented limits.
        refused = [c for c in oa.calls() if not c.ok and "-201" in (c.description or "")]
        assert refused == []


async def test_greeting_and_help_with_the_first_token_stored(gopy: Served) -> None:
    [hello] = await gopy.say(CITIZEN, "/start")
    assert hello.startswith("Xin chào")
    [help_] = await gopy.say(CITIZEN, "/help")
    assert "/report" in help_ and "/approve" not in help_
    assert [r.params["refresh_token"] for r in gopy.oa.refreshes] == ["rt-0"]
    async with gopy.sessions() as session:
        stored = await load_tokens(session, gopy.oa.app_id)
    assert stored is not None and stored.refresh_token == gopy.oa.refresh_token != "rt-0"


async def test_a_report_with_an_image_filed_by_tapping_buttons(gopy: Served) -> None:
    await file_report(gopy)
    report = await the_report(gopy.sessions)
    assert (report.state, report.kind, report.suggested_department) == (
        "submitted",
        "harassment",
        DEPARTMENT,
    )
    async with gopy.sessions() as session:
        [photo] = (await session.execute(select(ReportAttachment))).scalars()
    assert (photo.channel, photo.kind, photo.ref) == ("zalo_oa", "photo", PHOTO)
    await gopy.oa.wait_for(lambda: gopy.oa.buttons(MODERATOR))
    approve = gopy.oa.buttons(MODERATOR)[0]
    assert approve["payload"] == f"/approve {report.code} {DEPARTMENT}"


@pytest.mark.xfail(bool(NOT_YET), reason="; ".join(NOT_YET.values()), strict=True)
async def test_moderator_approves_officer_answers_citizen_rates_by_button(gopy: Served) -> None:
    await answered_report(gopy)
    assert next(b["payload"] for b in gopy.oa.buttons(CITIZEN)).startswith("/rate ")
    await gopy.tap(CITIZEN, "Hài lòng")
    assert (await the_report(gopy.sessions)).state == "closed"


@pytest.mark.xfail(bool(NOT_YET), reason="; ".join(NOT_YET.values()), strict=True)
async def test_an_answer_outside_the_window_is_kept_until_the_citizen_writes(
    gopy: Served,
) -> None:
    await answered_report(gopy, window_open=False)

    async def held() -> bool:  # the "accepted" news and the answer
        return [m.status for m in await gopy.outbox(CITIZEN)].count(OutboxStatus.HELD) == 2

    await eventually(held, timeout=10)
    assert not any(ANSWER in t for t in gopy.oa.sent_texts(CITIZEN))

    texts = await gopy.say(CITIZEN, "/mine", expect=3)  # accepted, answered, then /mine
    assert ANSWER in texts[1] and "PA-" in texts[2]
    assert gopy.oa.zns_sent() == []  # anonymous: no phone to notify


@pytest.mark.xfail(bool(NOT_YET), reason="; ".join(NOT_YET.values()), strict=True)
async def test_a_consenting_citizen_who_stopped_writing_gets_the_answer_by_template_once(
    gopy: Served,
) -> None:
    await file_report(gopy, phone_notice=True)
    report = await the_report(gopy.sessions)
    assert report.notify_by_phone
    await gopy.oa.wait_for(lambda: gopy.oa.buttons(MODERATOR))
    await gopy.tap(MODERATOR, "Duyệt")
    await eventually(lambda: _all_sent(gopy), timeout=10)  # "accepted" while they write
    # The citizen has not written for two weeks; the department answers on its 10th working
    # day, the last one it has.
    now = utcnow()
    async with gopy.sessions() as session, session.begin():
        stored = await session.get(Report, report.id)
        assert stored is not None
        stored.assigned_at = now - timedelta(days=14)
        stored.answer_due_at = now + timedelta(hours=1)
        user = await get_or_create_user(session, "zalo_oa", CITIZEN, None)
        user.last_seen_at = now - timedelta(days=14)
    gopy.oa.close_window(CITIZEN)
    before = len(gopy.oa.sent_texts(CITIZEN))
    await answer_as_officer(gopy, report.code)

    [notice] = await gopy.oa.wait_for(gopy.oa.zns_sent)
    assert (notice["phone"], notice["template_id"]) == ("84912345678", ZNS_TEMPLATE)
    data = notice["template_data"]
    assert data["ma_phan_anh"] == report.code and data["co_quan"] == "Công an tỉnh Quảng Trị"
    assert data["tra_loi"] == ANSWER  # short enough to go whole
    answered = await eventually(lambda: _sent_by(gopy, "zns"), timeout=10)
    assert len(answered) == 1 and ANSWER in answered[0].payload["text"]

    [mine] = await gopy.say(CITIZEN, "/mine")  # when they write again: no second copy
    assert report.code in mine
    assert len(gopy.oa.zns_sent()) == 1
    assert not any(ANSWER in t for t in gopy.oa.sent_texts(CITIZEN)[before:])


async def _all_sent(gopy: Served) -> bool:
    return all(m.status == OutboxStatus.SENT for m in await gopy.outbox(CITIZEN))


async def _sent_by(gopy: Served, rung: str) -> list[OutboxMessage]:
    rows = await gopy.outbox(CITIZEN)
    return [m for m in rows if m.status == OutboxStatus.SENT and m.rung == rung]


async def test_the_window_notice_goes_out_once_before_the_window_closes(gopy: Served) -> None:
    code = await filed_directly(gopy, seen_ago=timedelta(days=6, hours=12))
    assert await warn_closing_windows(gopy.sessions, utcnow()) == 1
    assert await warn_closing_windows(gopy.sessions, utcnow()) == 0
    [notice] = await gopy.oa.wait_for_texts(CITIZEN)
    assert code in notice and "trả lời một tin bất kỳ" in notice


async def test_an_expired_token_is_refreshed_once_and_the_new_one_stored(gopy: Served) -> None:
    await gopy.say(CITIZEN, "/start")
    gopy.oa.expire_access_tokens()
    [help_] = await gopy.say(CITIZEN, "/help")
    assert "/report" in help_
    assert len(gopy.oa.refreshes) == 2
    rejected = [c for c in gopy.oa.calls("message/cs") if not c.ok]
    assert len(rejected) == 1 and "-216" in (rejected[0].description or "")
    async with gopy.sessions() as session:
        stored = await load_tokens(session, gopy.oa.app_id)
    assert stored is not None and stored.refresh_token == gopy.oa.refresh_token
    assert stored.refresh_token not in gopy.oa.used_refresh_tokens


async def test_events_without_a_valid_signature_are_refused_and_not_processed(
    gopy: Served, caplog
) -> None:
    caplog.set_level(logging.WARNING)
    event = gopy.oa.user_text(CITIZEN, "/start")
    assert await gopy.oa.post_event(gopy.webhook, event, signed=False) == 401
    assert await gopy.oa.post_event(gopy.webhook, event, signature="mac=" + "0" * 64) == 401
    other = gopy.oa.user_text(CITIZEN, "/help")
    forged = gopy.oa.sign(b'{"event_name": "user_send_text"}', event["timestamp"])
    assert await gopy.oa.post_event(gopy.webhook, other, signature=forged) == 401
    assert sum("refused" in r.message for r in caplog.records) == 3

    await gopy.say(OFFICER, "/start")  # anything processed before now has been answered
    assert gopy.oa.sent_texts(CITIZEN) == []
    assert await processed(gopy.sessions) == 1  # the officer's /start only
    [hello] = await gopy.post(event)
    assert hello.startswith("Xin chào")


async def test_the_same_event_delivered_twice_gets_one_reply(gopy: Served) -> None:
    event = gopy.oa.user_text(CITIZEN, "/start")
    await gopy.post(event)
    assert await gopy.oa.post_event(gopy.webhook, event) == 200
    await gopy.say(CITIZEN, "/help")
    assert [t.split()[0] for t in gopy.oa.sent_texts(CITIZEN)] == ["Xin", "Các"]


async def test_stickers_get_a_polite_reply_and_followers_a_greeting(gopy: Served) -> None:
    [sticker] = await gopy.post(gopy.oa.user_sticker(CITIZEN))
    assert sticker.startswith("Xin lỗi, gopy chưa đọc được loại tin nhắn này")
    [hello] = await gopy.post(gopy.oa.follow("8002"))
    assert hello.startswith("Xin chào")
    assert await gopy.oa.post_event(gopy.webhook, gopy.oa.unfollow("8002")) == 200


async def test_unfollowing_stops_every_message_and_keeps_the_report(gopy: Served) -> None:
    code = await filed_directly(gopy, seen_ago=timedelta(days=8), named=True)
    gopy.oa.close_window(CITIZEN)
    assert await warn_closing_windows(gopy.sessions, utcnow()) == 0  # already past
    async with gopy.sessions() as session, session.begin():  # news waiting for the citizen
        await outbox.enqueue(session, "zalo_oa", CITIZEN, {"text": f"{code}: tin"}, utcnow())
    await eventually(lambda: _statuses(gopy, [OutboxStatus.HELD]), timeout=10)

    assert await gopy.oa.post_event(gopy.webhook, gopy.oa.unfollow(CITIZEN)) == 200
    await eventually(lambda: _statuses(gopy, [OutboxStatus.DEAD]), timeout=10)
    report = await the_report(gopy.sessions)
    assert (report.code, report.named, report.reporter_phone) == (code, True, "0912345678")
    assert not report.notify_by_phone
    [status] = await gopy.say(CITIZEN, f"/status {code}")  # if they come back
    assert code in status


async def _statuses(gopy: Served, expected: list[str]) -> bool:
    return [m.status for m in await gopy.outbox(CITIZEN)] == expected


async def file_report(gopy: Served, *, phone_notice: bool | None = None) -> None:
    """A citizen reports harassment at the provincial police with a photo, tapping buttons;
    anonymously, or (``phone_notice`` given) named, agreeing or not to a notice by phone."""
    c = CITIZEN
    [kinds] = await gopy.say(c, "/report")
    assert [b["payload"] for b in gopy.oa.buttons(c)] == ["1", "2", "3", "4", "5"]
    assert kinds.startswith("Bạn muốn phản ánh việc gì?")
    await gopy.tap(c, "Nhũng nhiễu")
    [ask] = await gopy.say(c, "công an tỉnh")
    assert ask.startswith("Có phải bạn muốn nói")
    await gopy.tap(c, "Công an tỉnh")
    await gopy.say(c, "Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ cấp căn cước")
    await gopy.tap(c, "Bỏ qua")  # when
    await gopy.tap(c, "Bỏ qua")  # dossier
    [files] = await gopy.tap(c, "Bỏ qua")  # procedure
    assert "ảnh hoặc tài liệu" in files
    [added] = await gopy.post(gopy.oa.user_image(c, PHOTO))
    assert added.startswith("Đã nhận 1 tệp")
    await gopy.tap(c, "Xong")
    if phone_notice is None:
        await gopy.tap(c, "Ẩn danh")
    else:
        await gopy.tap(c, "Có danh tính")
        await gopy.say(c, "Trần Thị Bình")
        await gopy.say(c, "0912 345 678")
        [ask] = await gopy.tap(c, "Không, giữ kín")
        assert "miễn phí" in ask
        await gopy.tap(c, "Đồng ý nhận" if phone_notice else "Không, chờ")
    [done] = await gopy.tap(c, "Gửi phản ánh")
    assert "Mã phản ánh: PA-" in done
    told = "nhắn tin bất kỳ" in done and "/status PA-" in done  # the answer may wait
    assert told == (not phone_notice)


async def answered_report(gopy: Served, *, window_open: bool = True) -> None:
    """File a report, approve it with the moderator's button, answer it as the officer;
    ``window_open=False``: the citizen's 7 days run out right after filing."""
    await file_report(gopy)
    if not window_open:
        gopy.oa.close_window(CITIZEN)
    code = (await the_report(gopy.sessions)).code
    await gopy.oa.wait_for(lambda: gopy.oa.buttons(MODERATOR))
    await gopy.tap(MODERATOR, "Duyệt")
    assert (await the_report(gopy.sessions)).state == "assigned"
    notice, photo = await gopy.oa.wait_for(
        lambda: gopy.oa.sent(OFFICER)[1:] and gopy.oa.sent(OFFICER)
    )
    assert code in notice["text"]
    assert photo["attachment"]["payload"]["elements"][0]["url"] == PHOTO

    await answer_as_officer(gopy, code)
    if window_open:
        await gopy.oa.wait_for(lambda: any(ANSWER in t for t in gopy.oa.sent_texts(CITIZEN)))


async def answer_as_officer(gopy: Served, code: str) -> None:
    [preview] = await gopy.say(OFFICER, f"/answer {code} {ANSWER}")
    assert ANSWER in preview
    await gopy.tap(OFFICER, "Gửi trả lời")
    assert (await the_report(gopy.sessions)).state == "answered"


async def filed_directly(gopy: Served, *, seen_ago: timedelta, named: bool = False) -> str:
    """A report the citizen filed (stored directly), last seen ``seen_ago``; its code."""
    seen = utcnow() - seen_ago
    async with gopy.sessions() as session, session.begin():
        user = await get_or_create_user(session, "zalo_oa", CITIZEN, "Trần Thị Bình")
        user.last_seen_at = seen
        draft = intake.Draft(
            "delay",
            "UBND phường Đông Hà",
            "Hồ sơ đất đai của tôi trễ hẹn hai tháng, gọi 0912345678",
            named=named,
            reporter_name="Trần Thị Bình" if named else None,
            reporter_phone="0912345678" if named else None,
        )
        report = await intake.submit(
            session, Services.default().rules, draft, user, CITIZEN, "vi", seen
        )
        return report.code
