"""What every text must hold to, read from the catalogues and the app's own router
(in-process: no subprocess, no network)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from complaints.clocks import ClockPolicy
from complaints.reach import REPLY_WINDOW
from complaints.transfers import MIN_REASON_CHARS, MIN_REASON_WORDS
from handlers import i18n
from handlers.app import build_router
from handlers.dispatcher import Policy
from handlers.i18n import LOCALES, catalogue, t
from tests.staff import ADMIN, staffed_chat

ROLES_IN_ENGLISH = re.compile(r"\b(moderators?|officers?|heads?|admins?)\b", re.IGNORECASE)
# What someone types: a command and its arguments, up to the first punctuation.
COMMAND_EXAMPLE = re.compile(r"/[a-z_]+(?: [^\s.,;«»()]+)*")
POLICY = ClockPolicy()


async def test_help_describes_every_command_in_both_languages(sessions, tmp_path: Path) -> None:
    """An admin's /help lists every command anyone can type, each described in the reader's
    own language (a missing English line would fall back to Vietnamese)."""
    admins = frozenset({("telegram", ADMIN)})
    chat = await staffed_chat(sessions, tmp_path, policy=Policy(admins=admins))
    commands = [c.name for c in build_router().commands.values() if not c.hidden]
    for locale in LOCALES:
        own = catalogue(locale)
        missing = [name for name in commands if f"commands.{name}" not in own]
        assert missing == [], locale
        await chat.say(f"/lang {locale}", user=ADMIN)
        [help_] = await chat.say("/help", user=ADMIN)
        for name in commands:
            assert f"/{name} — {own[f'commands.{name}']}\n" in help_.text, (locale, name)
    assert catalogue("en")["commands.transfer"] != catalogue("vi")["commands.transfer"]


def test_no_vietnamese_text_names_a_role_in_english() -> None:
    """A role keyword may appear where it is typed (a command example) or glossed at once,
    «officer (cán bộ xử lý)»; anywhere else a Vietnamese reader meets a foreign word."""
    found = {}
    for key, text in catalogue("vi").items():
        prose = COMMAND_EXAMPLE.sub("", text)
        unglossed = [m.group(0) for m in ROLES_IN_ENGLISH.finditer(prose)]
        unglossed = [w for w in unglossed if f"{w} (" not in prose]
        if unglossed:
            found[key] = unglossed
    assert found == {}


def test_the_role_rule_catches_an_english_role_name() -> None:
    prose = COMMAND_EXAMPLE.sub("", "Vai trò officer cần mã đơn vị, ví dụ /invite STP officer.")
    assert [m.group(0) for m in ROLES_IN_ENGLISH.finditer(prose)] == ["officer"]


# Each number the code enforces, and how a text would spell it out by hand.
FACTS = [
    (POLICY.transfer_window_days, r"ngày làm việc", r"working days?"),
    (POLICY.auto_close_after.days, r"ngày", r"days?"),
    (REPLY_WINDOW.days, r"ngày", r"days?"),
    (MIN_REASON_WORDS, r"từ", r"words?"),
    (MIN_REASON_CHARS, r"ký tự", r"characters?"),
]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_text_writes_out_a_number_the_code_defines(locale: str) -> None:
    hard_coded: dict[str, list[int]] = {}
    for n, vi_unit, en_unit in FACTS:
        spelled = re.compile(rf"(?<![\d{{]){n} ({vi_unit if locale == 'vi' else en_unit})\b")
        for key, text in catalogue(locale).items():
            if spelled.search(text):
                hard_coded.setdefault(key, []).append(n)
    assert hard_coded == {}


def test_texts_follow_the_rules_when_they_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal states the minimum the rule checks, the notice the window the rule grants:
    change a rule and the texts change with it."""
    assert f"ít nhất {MIN_REASON_WORDS} từ, {MIN_REASON_CHARS} ký tự" in t(
        "vi", "refusal.reason_too_short"
    )
    monkeypatch.setattr(
        i18n,
        "FACTS",
        {**i18n.FACTS, "transfer_window_days": 1, "reason_min_words": 6, "reply_window_days": 1},
    )
    assert "trong 1 ngày làm việc" in t("vi", "dept_news.new_report", code="PA-1", due="mai")
    assert "within 1 working day:" in t("en", "dept_news.new_report", code="PA-1", due="then")
    assert "More than 1 working day has passed" in t("en", "refusal.window_closed")
    assert "ít nhất 6 từ" in t("vi", "refusal.reason_too_short")
    assert "only within 1 day of your last message" in t("en", "zalo.answer_waits", code="X")


def test_english_counts_agree_with_their_noun() -> None:
    due = datetime(2026, 3, 2).isoformat()
    one = t("en", "clock.reminder", code="PA-1", days=1, due=due)
    many = t("en", "clock.reminder", code="PA-1", days=3, due=due)
    assert "is 1 working day past" in one
    assert "is 3 working days past" in many
    assert " 1 report is kept, anonymised:" in t("en", "privacy.forgotten", count=1)
    assert " 2 reports are kept, anonymised:" in t("en", "privacy.forgotten", count=2)
    assert "1 ngày làm việc" in t("vi", "clock.reminder", code="PA-1", days=1, due=due)


def test_every_text_renders_with_its_placeholders_filled() -> None:
    """No stray brace or unknown fact: each text formats with a value for each field."""
    for locale in LOCALES:
        for key, text in catalogue(locale).items():
            fields = {f for _, f, _, _ in i18n._FORMATTER.parse(text) if f}
            rendered = t(locale, key, **{f: 2 for f in fields if f not in i18n.FACTS})
            assert "{" not in rendered, (locale, key)
