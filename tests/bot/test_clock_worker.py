"""The deadline clock across Tết 2026 and a weekend: each notice on the right working day,
once, even with two workers ticking at the same time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.clock_worker import ClockWorker
from complaints.calendar import TIMEZONE, load_calendar
from complaints.clocks import ClockPolicy
from complaints.events import QueueRules
from handlers.services import Services
from storage.users import Role, get_or_create_user, grant_role
from tests.chat import Chat, Clock
from tests.conftest import requires_postgres
from tests.queue import advance, file_report, report_in
from tests.staff import grant

GROUP = ("telegram", "-100")


async def _staff(sessions) -> None:
    async with sessions() as session, session.begin():
        for user, role in (("900", Role.HEAD), ("901", Role.OFFICER)):
            person = await get_or_create_user(session, "telegram", user)
            await grant_role(session, person.id, role, "CA")


async def test_late_answer_across_tet_notifies_on_working_days_once(sessions) -> None:
    clock = Clock(datetime(2026, 2, 12, 10, 0, tzinfo=TIMEZONE))  # Thursday before Tết
    services = Services(QueueRules(load_calendar(), ClockPolicy(default_answer_days=1)), GROUP)
    chat = Chat(sessions, clock=clock, services=services)
    workers = [ClockWorker(sessions, services, clock=clock) for _ in range(2)]
    await _staff(sessions)
    code = await file_report(sessions, clock.now, user="100")
    await advance(sessions, code, clock.now, rules=services.rules)  # due Fri 13 Feb 17:00

    seen: dict[str, list[str]] = {chat_id: [] for chat_id in ("100", "900", "901", "-100")}
    end = datetime(2026, 2, 25, 20, 0, tzinfo=TIMEZONE)
    while clock.now < end:
        clock.now += timedelta(hours=3)
        for worker in workers:
            await worker.tick()
        await chat.worker.drain()
        for chat_id, days in seen.items():
            new = chat.received(chat_id)[len(days) :]
            days += [f"{clock.now:%d/%m %H:%M}"] * len(new)

    # the department: the day it ran out, then each working day after Tết, never twice a day
    assert seen["901"] == ["13/02 19:00", "23/02 10:00", "24/02 10:00", "25/02 10:00"]
    assert seen["100"] == ["13/02 19:00"]  # one apology, with a new date
    assert seen["900"] == ["13/02 19:00"]  # the head: one escalation
    assert seen["-100"] == ["13/02 19:00"]  # moderators: the same escalation
    [apology] = chat.received("100")
    assert "xin lỗi" in apology.text and "17:00 ngày 13/02/2026" in apology.text
    assert "Ngày hẹn mới: 17:00 ngày 27/02/2026" in apology.text  # 5 working days after Tết
    assert "Lãnh đạo đơn vị và bộ phận tiếp nhận đã được báo." in apology.text


async def test_the_apology_names_only_who_was_told(sessions) -> None:
    """No head, no moderators: the apology promises nobody (#11.6)."""
    clock = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=TIMEZONE))
    services = Services(QueueRules(load_calendar(), ClockPolicy(default_answer_days=1)))
    chat = Chat(sessions, clock=clock, services=services)
    code = await file_report(sessions, clock.now, user="100")
    await advance(sessions, code, clock.now, rules=services.rules)
    clock.now += timedelta(days=2)
    await ClockWorker(sessions, services, clock=clock).tick()
    await chat.worker.drain()
    [apology] = chat.received("100")
    assert "xin lỗi" in apology.text and "được báo" not in apology.text


async def test_untriaged_report_reminds_moderators_daily(sessions) -> None:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=TIMEZONE))  # Monday
    services = Services(Services.default().rules, GROUP)
    chat = Chat(sessions, clock=clock, services=services)
    worker = ClockWorker(sessions, services, clock=clock)
    await file_report(sessions, clock.now)
    for hours in (30, 6, 20):  # Tue 15:00 (not yet due), Tue 21:00, Wed 17:00
        clock.now += timedelta(hours=hours)
        await worker.tick()
        await chat.worker.drain()
    reminders = chat.received(GROUP[1])
    assert len(reminders) == 2 and "chờ kiểm duyệt đã quá hạn" in reminders[0].text


async def test_an_answer_nobody_rates_closes_after_seven_days(sessions) -> None:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=TIMEZONE))
    services = Services(Services.default().rules, GROUP)
    chat = Chat(sessions, clock=clock, services=services)
    worker = ClockWorker(sessions, services, clock=clock)
    code = await file_report(sessions, clock.now, kind="harassment")
    await advance(sessions, code, clock.now, answer="Đã chấn chỉnh.")
    clock.now += timedelta(days=6, hours=23)
    await worker.tick()
    await chat.worker.drain()
    assert chat.received("100") == []
    clock.now += timedelta(hours=2)
    await worker.tick()
    await worker.tick()
    await chat.worker.drain()
    closed, question = chat.received("100")
    assert "đã kết thúc vì sau 7 ngày" in closed.text and "chấm dứt chưa" in question.text
    async with sessions() as session:
        assert (await report_in(session, code)).state == "closed"


@requires_postgres
async def test_two_workers_ticking_at_once_send_each_notice_once(sessions) -> None:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=TIMEZONE))
    services = Services(Services.default().rules, GROUP)
    chat = Chat(sessions, clock=clock, services=services)
    codes = [await file_report(sessions, clock.now, user=str(100 + i)) for i in range(12)]
    clock.now += timedelta(days=2)  # Wednesday 09:00: every triage clock has run out
    workers = [ClockWorker(sessions, services, clock=clock) for _ in range(3)]
    await asyncio.gather(*(w.tick() for w in workers for _ in range(2)))
    await chat.worker.drain()
    reminders = chat.received(GROUP[1])
    assert sorted(code for r in reminders for code in codes if code in r.text) == sorted(codes)


async def test_a_new_date_that_passes_too_is_not_passed_over_in_silence(sessions) -> None:
    """The apology promised a new date; when that passes without an answer as well, the
    citizen hears a second apology with the date that was missed and a newer one, and the
    head and moderators are told again; once, on the first working day after it."""
    clock = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=TIMEZONE))  # Monday
    services = Services(QueueRules(load_calendar(), ClockPolicy(default_answer_days=1)), GROUP)
    chat = Chat(sessions, clock=clock, services=services)
    workers = [ClockWorker(sessions, services, clock=clock) for _ in range(2)]
    await _staff(sessions)
    code = await file_report(sessions, clock.now, user="100")
    await advance(sessions, code, clock.now, rules=services.rules)  # due Tue 03/03 17:00
    seen: dict[str, list[str]] = {chat_id: [] for chat_id in ("100", "900", "-100")}
    end = datetime(2026, 3, 13, 20, 0, tzinfo=TIMEZONE)
    while clock.now < end:
        clock.now += timedelta(hours=3)
        for worker in workers:
            await worker.tick()
        await chat.worker.drain()
        for chat_id, days in seen.items():
            new = chat.received(chat_id)[len(days) :]
            days += [f"{clock.now:%d/%m %H:%M}"] * len(new)
    # first apology Tue 03/03 evening, new date Tue 10/03 17:00; that passes too
    assert seen["100"] == ["03/03 19:00", "10/03 19:00"]
    assert seen["900"] == seen["-100"] == ["03/03 19:00", "10/03 19:00"]
    first, second = chat.received("100")
    assert "Ngày hẹn mới: 17:00 ngày 10/03/2026" in first.text
    assert "17:00 ngày 10/03/2026" in second.text and "xin lỗi" in second.text
    assert "Ngày hẹn mới: 17:00 ngày 17/03/2026" in second.text
    escalation = chat.received("900")[1]
    assert "17:00 ngày 10/03/2026" in escalation.text and "17:00 ngày 17/03/2026" in escalation.text


async def test_with_no_moderator_yet_the_admins_hear_what_moderators_would(sessions) -> None:
    """A new deployment: ADMINS set, nobody granted moderator, no MODERATOR_CHAT. The citizen
    was told the report would be reviewed by a date; the triage reminder must reach someone
    who can review it (the admins), not nobody."""
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=TIMEZONE))  # Monday
    services = Services(Services.default().rules, admins=frozenset({("telegram", "999")}))
    chat = Chat(sessions, clock=clock, services=services)
    await file_report(sessions, clock.now)
    clock.now += timedelta(days=2)
    await ClockWorker(sessions, services, clock=clock).tick()
    await chat.worker.drain()
    [reminder] = chat.received("999")
    assert "chờ kiểm duyệt đã quá hạn" in reminder.text
    await grant(sessions, "998", Role.MODERATOR)  # once there is a moderator, only they hear
    clock.now += timedelta(days=1)
    await ClockWorker(sessions, services, clock=clock).tick()
    await chat.worker.drain()
    assert len(chat.received("999")) == 1 and len(chat.received("998")) == 1


async def test_status_shows_the_new_date_the_apology_gave(sessions) -> None:
    """After the apology, /status does not leave the citizen with only the missed deadline:
    it shows the new date they were given too."""
    clock = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=TIMEZONE))  # Monday
    services = Services(QueueRules(load_calendar(), ClockPolicy(default_answer_days=1)), GROUP)
    chat = Chat(sessions, clock=clock, services=services)
    code = await file_report(sessions, clock.now, user="100")
    await advance(sessions, code, clock.now, rules=services.rules)  # due Tue 03/03 17:00
    [before] = await chat.say(f"/status {code}")
    assert "Hạn trả lời: 17:00 ngày 03/03/2026" in before.text and "hẹn mới" not in before.text
    clock.now = datetime(2026, 3, 3, 19, 0, tzinfo=TIMEZONE)
    await ClockWorker(sessions, services, clock=clock).tick()
    await chat.worker.drain()
    [after] = await chat.say(f"/status {code}")
    assert "Hạn trả lời: 17:00 ngày 03/03/2026" in after.text
    assert "Trả lời trễ hạn; ngày hẹn mới: 17:00 ngày 10/03/2026" in after.text


async def test_a_second_escalation_does_not_say_the_citizen_was_given_a_date_never_sent(
    sessions,
) -> None:
    """The citizen wrote on Zalo, which this deployment does not run: both apologies wait in
    the outbox. The head's second escalation does not say the new date «was given» to the
    citizen; it says the apology is saved, not sent, and why."""
    clock = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=TIMEZONE))  # Monday
    services = Services(
        QueueRules(load_calendar(), ClockPolicy(default_answer_days=1)),
        GROUP,
        delivering=frozenset({"telegram"}),
    )
    chat = Chat(sessions, clock=clock, services=services)
    worker = ClockWorker(sessions, services, clock=clock)
    await _staff(sessions)
    code = await file_report(sessions, clock.now, user="100")
    async with sessions() as session, session.begin():
        (await report_in(session, code)).channel = "zalo"
    await advance(sessions, code, clock.now, rules=services.rules)  # due Tue 03/03 17:00
    while clock.now < datetime(2026, 3, 13, 20, 0, tzinfo=TIMEZONE):
        clock.now += timedelta(hours=3)
        await worker.tick()
        await chat.worker.drain()
    _, second = chat.received("900")
    assert "17:00 ngày 10/03/2026" in second.text and "17:00 ngày 17/03/2026" in second.text
    assert "đã báo cho người dân" not in second.text
    assert "ngày hẹn mới đã đặt cho người dân" in second.text
    assert "«zalo»" in second.text and "chưa gửi được" in second.text


async def test_the_apology_does_not_name_a_head_zalo_holds_for(sessions) -> None:
    """CA's head uses the Zalo OA and has not written to gopy for 8 days: Zalo holds the
    escalation until they write. The citizen's apology says the moderators were told, not
    «Lãnh đạo đơn vị … đã được báo»."""
    clock = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=TIMEZONE))  # Monday
    services = Services(
        QueueRules(load_calendar(), ClockPolicy(default_answer_days=1)),
        GROUP,
        windowed=frozenset({"zalo_oa"}),
    )
    chat = Chat(sessions, clock=clock, services=services)
    async with sessions() as session, session.begin():
        head = await get_or_create_user(session, "zalo_oa", "z900")
        await grant_role(session, head.id, Role.HEAD, "CA")
        head.last_seen_at = clock.now - timedelta(days=8)
    code = await file_report(sessions, clock.now, user="100")
    await advance(sessions, code, clock.now, rules=services.rules)  # due Tue 03/03 17:00
    clock.now += timedelta(days=2)
    await ClockWorker(sessions, services, clock=clock).tick()
    await chat.worker.drain()
    [apology] = chat.received("100")
    assert "xin lỗi" in apology.text and "Lãnh đạo" not in apology.text
    assert apology.text.split(" Ngày hẹn mới")[0].endswith("Bộ phận tiếp nhận đã được báo.")


async def test_a_second_apology_does_not_say_we_gave_a_date_that_never_reached_them(
    sessions,
) -> None:
    """The citizen had blocked the bot when the first apology went out: Telegram refused it
    and gopy gave it up. They unblock it; the second apology does not speak of «the new date
    we gave you» (they never read it): it says that message could not be delivered, and the
    head hears the date was set for the citizen, not given."""
    from bot.delivery import Undeliverable

    clock = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=TIMEZONE))  # Monday
    services = Services(QueueRules(load_calendar(), ClockPolicy(default_answer_days=1)), GROUP)
    chat = Chat(sessions, clock=clock, services=services)
    worker = ClockWorker(sessions, services, clock=clock)
    await _staff(sessions)
    code = await file_report(sessions, clock.now, user="100")
    await advance(sessions, code, clock.now, rules=services.rules)  # due Tue 03/03 17:00
    telegram = chat.senders["telegram"]
    record = telegram.send
    blocked = True

    async def send(chat_id, reply):
        if chat_id == "100" and blocked:
            raise Undeliverable("Forbidden: bot was blocked by the user")
        await record(chat_id, reply)

    telegram.send = send  # type: ignore[method-assign]
    while clock.now < datetime(2026, 3, 13, 20, 0, tzinfo=TIMEZONE):
        clock.now += timedelta(hours=3)
        if clock.now > datetime(2026, 3, 5, tzinfo=TIMEZONE):
            blocked = False  # unblocked after the first apology was given up
        await worker.tick()
        await chat.worker.drain()
    [second] = chat.received("100")
    assert (
        "17:00 ngày 10/03/2026" in second.text
        and "Ngày hẹn mới: 17:00 ngày 17/03/2026" in second.text
    )
    assert "đã báo cho bạn" not in second.text
    assert "không gửi được đến bạn" in second.text
    _, escalation = chat.received("900")
    assert "đã báo cho người dân" not in escalation.text
    assert "ngày hẹn mới đã đặt cho người dân" in escalation.text
    assert "không gửi được" in escalation.text
