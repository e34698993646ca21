"""The ZNS rung of the OA ladder: an answer the 7-day window no longer lets through goes to
the phone of a citizen who agreed, as the configured template, within its lengths; everyone
else's waits for their next message."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.delivery import OutsideWindow, RetryLater
from bot.settings import Settings
from bot.zalo.oa_api import ZaloOAClient
from bot.zalo.sender import ZaloOASender
from bot.zalo.zns import PhoneTemplate, Template, international, parse_params
from handlers.messages import Brief, Reply
from tests.fakes.zalo_oa_api import FakeZaloOA

TEMPLATE_ID = "401234"
PARAMS = "code=ma_phan_anh:30,department=co_quan:30,answer=noi_dung:200"
ANSWER = " ".join(["Đơn vị đã xác minh và xử lý nghiêm cán bộ vi phạm."] * 8)  # ~400 chars
BRIEF = Brief("PA-7Q2M9XK4", "Công an tỉnh Quảng Trị", ANSWER)
CONSENTED = {("PA-7Q2M9XK4", "u1"): "0912345678"}


async def _number_for(code: str, chat_id: str) -> str | None:
    return CONSENTED.get((code, chat_id))


@pytest.fixture
def phone_sender(oa: FakeZaloOA, oa_client: ZaloOAClient) -> ZaloOASender:
    oa.register_zns_template(TEMPLATE_ID, {"ma_phan_anh": 30, "co_quan": 30, "noi_dung": 200})
    template = Template(TEMPLATE_ID, parse_params(PARAMS))
    return ZaloOASender(oa_client, PhoneTemplate(oa_client, template, _number_for, oa.url))


def test_parameters_are_configuration_checked_at_start() -> None:
    [code, _, answer] = parse_params(PARAMS)
    assert (code.field, code.name, code.limit) == ("code", "ma_phan_anh", 30)
    assert (answer.field, answer.name, answer.limit) == ("answer", "noi_dung", 200)
    for wrong in ("answer=noi_dung:200", "code=ma:0", "code=ma:201", "name=ten:30", "code"):
        with pytest.raises(ValueError):
            parse_params(wrong)


def test_values_fit_their_parameters_cut_between_words() -> None:
    data = Template(TEMPLATE_ID, parse_params(PARAMS)).data(BRIEF)
    assert data["ma_phan_anh"] == "PA-7Q2M9XK4"
    assert len(data["noi_dung"]) <= 200 and data["noi_dung"].endswith("…")
    assert ANSWER.startswith(data["noi_dung"].removesuffix("…"))
    assert international("0912345678") == "84912345678"


async def test_inside_the_window_the_answer_is_a_consultation_message(
    oa: FakeZaloOA, phone_sender: ZaloOASender
) -> None:
    assert await phone_sender.send("u1", Reply("Trả lời", brief=BRIEF)) == "cs"
    assert oa.zns_sent() == []


async def test_outside_the_window_a_consenting_citizen_gets_the_template(
    oa: FakeZaloOA, phone_sender: ZaloOASender
) -> None:
    oa.close_window("u1")
    assert await phone_sender.send("u1", Reply("Trả lời", brief=BRIEF)) == "zns"
    [sent] = oa.zns_sent()
    assert (sent["phone"], sent["template_id"]) == ("84912345678", TEMPLATE_ID)
    assert sent["template_data"]["ma_phan_anh"] == BRIEF.code
    assert sent["tracking_id"].startswith(BRIEF.code)


async def test_without_consent_or_a_brief_the_message_is_held(
    oa: FakeZaloOA, phone_sender: ZaloOASender
) -> None:
    oa.close_window("u2")
    with pytest.raises(OutsideWindow):  # u2 did not agree
        await phone_sender.send("u2", Reply("Trả lời", brief=BRIEF))
    oa.close_window("u1")
    with pytest.raises(OutsideWindow):  # not an answer: no brief
        await phone_sender.send("u1", Reply("Đã tiếp nhận"))
    assert oa.zns_sent() == []


async def test_a_refused_template_holds_the_message_and_a_rate_limit_retries(
    oa: FakeZaloOA, phone_sender: ZaloOASender
) -> None:
    oa.close_window("u1")
    oa.zns_templates.clear()  # the template was withdrawn in the console
    with pytest.raises(OutsideWindow, match="ZNS refused"):
        await phone_sender.send("u1", Reply("Trả lời", brief=BRIEF))
    oa.register_zns_template(TEMPLATE_ID, {"ma_phan_anh": 30, "co_quan": 30, "noi_dung": 200})
    oa.zns_failures.append(-32)  # the OA's request limit
    with pytest.raises(RetryLater):
        await phone_sender.send("u1", Reply("Trả lời", brief=BRIEF))
    assert await phone_sender.send("u1", Reply("Trả lời", brief=BRIEF)) == "zns"
    assert len(oa.zns_sent()) == 1


async def test_the_fake_refuses_a_parameter_longer_than_its_template_allows(
    oa: FakeZaloOA, oa_client: ZaloOAClient
) -> None:
    oa.register_zns_template(TEMPLATE_ID, {"ma_phan_anh": 30, "co_quan": 30, "noi_dung": 100})
    template = Template(TEMPLATE_ID, parse_params(PARAMS))  # gopy configured 200: wrong
    sender = ZaloOASender(oa_client, PhoneTemplate(oa_client, template, _number_for, oa.url))
    oa.close_window("u1")
    with pytest.raises(OutsideWindow, match="noi_dung must be 1 to 100"):
        await sender.send("u1", Reply("Trả lời", brief=BRIEF))


def test_a_malformed_template_setting_stops_the_start() -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, zalo_zns_params="answer=tra_loi:500")
    settings = Settings(_env_file=None, zalo_zns_template_id="1", zalo_oa_app_id="a")
    assert settings.zns_params[0].name == "report_code"
    assert not settings.phone_notice_enabled  # no OA secret key: no OA, so no ZNS
