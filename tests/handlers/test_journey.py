"""One report's whole journey, every step typed in chat by the person who takes it."""

from __future__ import annotations

from complaints.clocks import Clock, clock_deadline
from handlers.messages import Attachment
from handlers.services import Services
from tests.chat import Chat
from tests.staff import CITIZEN, HEAD_CA, MODERATOR, OFFICER_CA, stored


async def _pick(chat: Chat, user: str, replies, label: str):
    number = next(i for i, o in enumerate(replies[-1].options, 1) if label in o.label)
    return await chat.say(str(number), user=user)


async def test_named_harassment_report_from_filing_to_reopening(chat: Chat) -> None:
    c = CITIZEN
    replies = await _pick(chat, c, await chat.say("/report", user=c), "Nhũng nhiễu")
    await chat.say("công an phường Đông Hà", user=c)
    await chat.say("1", user=c)
    await chat.say("Cán bộ đòi 500.000đ bồi dưỡng, tôi là Trần Văn Bình, số 0987654321", user=c)
    await chat.say("sáng 20/11", user=c)
    await chat.say("skip", user=c)
    replies = await chat.say("skip", user=c)
    replies = await chat.say("", user=c, attachments=(Attachment("photo", "photo-1"),))
    replies = await _pick(chat, c, replies, "Xong")
    replies = await _pick(chat, c, replies, "Có danh tính")
    await chat.say("Trần Văn Bình", user=c)
    replies = await chat.say("0987654321", user=c)
    replies = await _pick(chat, c, replies, "Không, giữ kín")
    [filed] = await _pick(chat, c, replies, "Gửi phản ánh")
    code = next(w for w in filed.text.split() if w.startswith("PA-"))

    [queue] = await chat.say("/queue", user=MODERATOR)
    assert code in queue.text
    await chat.say(f"/approve {code} CA", user=MODERATOR)
    notice, *files = chat.received(OFFICER_CA)
    assert code in notice.text
    for secret in ("0987654321", "Trần Văn Bình"):
        assert secret not in notice.text
    assert [f.ref for reply in [notice, *files] for f in reply.files] == ["photo-1"]

    replies = await chat.say(f"/answer {code} Đã xác minh, cán bộ bị kỷ luật.", user=OFFICER_CA)
    await _pick(chat, OFFICER_CA, replies, "Gửi trả lời")
    answer = chat.received(c)[-1]
    assert "cán bộ bị kỷ luật" in answer.text

    [reopened] = await _pick(chat, c, [answer], "Chưa hài lòng")
    assert "mở lại" in reopened.text
    report = await stored(chat.worker.sessions, code)
    rules = Services.default().rules
    assert report.state == "reopened"
    assert report.answer_due_at == clock_deadline(
        Clock.REOPEN, chat.clock.now, rules.calendar, rules.policy
    )
    assert any("chưa hài lòng" in r.text and code in r.text for r in chat.received(HEAD_CA))
