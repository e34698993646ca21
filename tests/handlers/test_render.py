"""Staff cards keep the reporter's identity sealed in every field the citizen typed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.privacy import reporter_display_name
from handlers.render import staff_card
from storage.reports import Report
from storage.users import get_or_create_user
from tests.queue import file_report, report_in


def _report(consent: bool) -> Report:
    return Report(
        code="PA-7K3M9QX2",
        kind="delay",
        state="submitted",
        office_text="phường Đông Hà, hỏi chị Nguyễn Thị Hoa 0905123456",
        description="Tôi là Nguyễn Thị Hoa, hồ sơ trễ hẹn, gọi 0905123456",
        occurred="tuần trước, email hoa@example.com",
        procedure="cấp đổi căn cước 079123456789",
        dossier_code="000.00.12.H50-241120-0001",
        named=True,
        reporter_name="Nguyễn Thị Hoa",
        reporter_phone="0905123456",
        consent_share=consent,
        created_at=datetime(2026, 3, 2, tzinfo=UTC),
        triage_due_at=datetime(2026, 3, 3, tzinfo=UTC),
    )


def test_every_typed_field_is_redacted_without_consent() -> None:
    card = staff_card(_report(consent=False), "vi", None, 0)
    for secret in ("0905123456", "Nguyễn Thị Hoa", "hoa@example.com", "079123456789"):
        assert secret not in card
    assert "000.00.12.H50-241120-0001" in card  # the dossier code the office needs
    assert "đã niêm phong" in card


def test_consent_shows_who_reported() -> None:
    card = staff_card(_report(consent=True), "vi", None, 0)
    assert "Nguyễn Thị Hoa, 0905123456" in card


# The platform's display name (a Telegram or Zalo profile's) of a citizen who reports
# anonymously: gopy knows it, and a story often starts with it.


async def _card_of(sessions: async_sessionmaker[AsyncSession], display: str, story: str) -> str:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    async with sessions() as session, session.begin():
        await get_or_create_user(session, "telegram", "200", display)
    code = await file_report(sessions, now, user="200", named=False, description=story)
    async with sessions() as session:
        report = await report_in(session, code)
        display_name = await reporter_display_name(session, report)
        return staff_card(report, "vi", None, 0, display_name=display_name)


async def test_a_full_display_name_is_hidden_from_staff(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    story = "Nguyễn Văn Bình ở thôn 3 bị cán bộ đòi tiền, nguyen van binh không nộp, anh Bình buồn"
    card = await _card_of(sessions, "Nguyễn Văn Bình", story)
    assert "Nguyễn Văn Bình" not in card and "nguyen van binh" not in card
    assert "anh Bình" not in card
    assert "[người phản ánh] ở thôn 3 bị cán bộ đòi tiền" in card


async def test_a_display_name_of_one_word_or_a_shop_hides_no_ordinary_word(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    card = await _card_of(sessions, "Hoa", "Cán bộ nhận hoa rồi mới nhận hồ sơ, bình thường")
    assert "nhận hoa rồi" in card and "bình thường" in card
    story = "Cửa hàng quần áo của tôi bị đòi tiền, bán quần áo đẹp"
    card = await _card_of(sessions, "Shop Quần Áo Đẹp", story)
    assert "cửa hàng quần áo của tôi".casefold() in card.casefold()
    assert "bán quần áo đẹp" in card
