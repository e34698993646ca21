"""Publication from the citizen's side and the moderator's: asked in plain words after the
summary (default no), withheld with a reason, withdrawn by /forget."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from complaints.publication import public_view, published_rows
from storage.reports import Report, ReportEvent
from storage.users import Role, get_or_create_user
from tests.handlers.test_report_flow import _chat, _pick
from tests.public.site import public_site
from tests.queue import advance, file_report, report_in
from tests.staff import MODERATOR, grant


async def _file(chat, choice: str, user: str) -> str:
    replies = await chat.say("/report", user=user)
    replies = await _pick_as(chat, "Trễ hẹn", replies, user)
    replies = await chat.say("văn phòng xyz không tồn tại", user=user)
    if replies[-1].options:
        replies = await _pick_as(chat, "giữ nguyên", replies, user)
    await chat.say("Hồ sơ đất đai của tôi trễ hẹn hai tháng chưa có kết quả", user=user)
    replies = await chat.say("tháng 9", user=user)
    replies = await _pick_as(chat, "Bỏ qua", replies, user)
    replies = await _pick_as(chat, "Bỏ qua", replies, user)
    replies = await _pick_as(chat, "Không có", replies, user)
    replies = await _pick_as(chat, "Ẩn danh", replies, user)
    summary = replies[-1]
    assert "mặc định phản ánh KHÔNG được công khai" in summary.text
    assert [o.label for o in summary.options][:2] == ["Gửi phản ánh", "Gửi và đồng ý công khai"]
    [done] = await _pick_as(chat, choice, replies, user)
    return done.text.split("Mã phản ánh: ")[1].split()[0]


async def _pick_as(chat, label_part: str, replies, user: str) -> list:
    options = replies[-1].options
    number = next(i for i, o in enumerate(options, 1) if label_part in o.label)
    return await chat.say(str(number), user=user)


async def _published(sessions) -> dict[str, bool]:
    async with sessions() as session:
        rows = await session.execute(select(Report.code, Report.publish))
        return dict(rows.all())


async def test_the_citizen_chooses_publication_after_the_summary(sessions) -> None:
    chat = _chat(sessions)
    private = await _file(chat, "Gửi phản ánh", user="41")
    public = await _file(chat, "Gửi và đồng ý công khai", user="42")
    assert await _published(sessions) == {private: False, public: True}
    assert _pick is not None  # the same picking rule as the report-flow tests

    [forgotten] = await chat.say("/forget", user="42")
    if forgotten.options:
        await _pick_as(chat, "Xoá", [forgotten], "42")
    assert (await _published(sessions))[public] is False


async def test_a_moderator_withholds_a_published_report_with_a_reason(sessions) -> None:
    chat = _chat(sessions)
    await grant(sessions, MODERATOR, Role.MODERATOR)
    private = await _file(chat, "Gửi phản ánh", user="43")
    public = await _file(chat, "Gửi và đồng ý công khai", user="44")

    [refused] = await chat.say(f"/withhold {public} lý do", user="44")
    assert refused.text.startswith("Bạn không có quyền")
    [usage] = await chat.say(f"/withhold {public}", user=MODERATOR)
    assert usage.text.startswith("Cách dùng: /withhold")
    [nothing] = await chat.say(f"/withhold {private} lý do", user=MODERATOR)
    assert "không được công khai" in nothing.text
    [done] = await chat.say(f"/withhold {public} Nêu tên cán bộ cụ thể", user=MODERATOR)
    assert done.text.startswith(f"Đã ghi nhận: phản ánh {public} sẽ không còn")
    [again] = await chat.say(f"/withhold {public} lần nữa", user=MODERATOR)
    assert again.text == "Phản ánh này đã được gỡ khỏi trang công khai trước đó."
    async with sessions() as session:
        [reason] = (
            await session.execute(
                select(ReportEvent.reason).where(ReportEvent.action == "withheld")
            )
        ).scalars()
    assert reason == "Nêu tên cán bộ cụ thể"
    async with public_site(sessions, chat.clock.now) as site:
        _, page = await site.get("/open311/v2/requests.json?service_request_id=" + public)
    assert page == "[]"


async def test_the_published_story_hides_the_reporters_display_name(sessions) -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    async with sessions() as session, session.begin():
        await get_or_create_user(session, "telegram", "300", "Trần Thị Mai")
    story = "Trần Thị Mai ở tổ 4 chờ hồ sơ đất hai tháng, cán bộ bảo chị Mai nộp thêm tiền"
    code = await file_report(sessions, now, user="300", named=False, description=story)
    async with sessions() as session, session.begin():
        (await report_in(session, code)).publish = True
    await advance(sessions, code, now, answer="Đã liên hệ bà Trần Thị Mai để trả hồ sơ")
    async with sessions() as session:
        [shown] = [public_view(*row) for row in await published_rows(session)]
    assert "Mai" not in shown.story and shown.answer is not None and "Mai" not in shown.answer
    assert shown.story.startswith("[người phản ánh] ở tổ 4 chờ hồ sơ đất")
