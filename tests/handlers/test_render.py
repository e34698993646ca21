"""Staff cards keep the reporter's identity sealed in every field the citizen typed."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.render import staff_card
from storage.reports import Report


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
