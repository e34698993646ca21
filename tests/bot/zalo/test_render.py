"""What a ``Reply`` looks like on each Zalo API."""

from __future__ import annotations

from bot.zalo.render import (
    Buttons,
    Photo,
    Text,
    clip,
    for_bot_platform,
    for_official_account,
)
from handlers.messages import Option, OutFile, Reply

KINDS = (Option("Nhũng nhiễu", "kind:harass"), Option("Trễ hẹn", "kind:delay"))
PHOTO_URL = "https://photo.example.test/a.jpg"


def test_bot_platform_options_are_numbered_lines() -> None:
    assert for_bot_platform(Reply("Chọn loại phản ánh:", KINDS)) == [
        Text("Chọn loại phản ánh:\n\n1. Nhũng nhiễu\n2. Trễ hẹn")
    ]


def test_long_text_is_split_at_2000_characters_on_line_breaks() -> None:
    paragraph = ("Hồ sơ gồm tờ khai và giấy tờ tùy thân. " * 25).strip()  # ~1,000 characters
    parts = for_bot_platform(Reply(f"{paragraph}\n{paragraph}\n{paragraph}"))
    assert len(parts) == 2
    assert all(isinstance(p, Text) and len(p.text) <= 2000 for p in parts)
    assert all(isinstance(p, Text) and p.text.endswith("tùy thân.") for p in parts)


def test_oa_options_are_buttons_on_the_last_chunk_with_the_number_as_payload() -> None:
    long = "a" * 2500
    head, last = for_official_account(Reply(long, KINDS))
    assert head == Text("a" * 2000)
    assert last == Buttons("a" * 500, (("1. Nhũng nhiễu", "1"), ("2. Trễ hẹn", "2")))


def test_oa_buttons_that_run_a_command_send_the_command() -> None:
    rate = (Option("Hài lòng", "/rate PA-1 yes"), Option("Chưa hài lòng", "/rate PA-1 no"))
    [part] = for_official_account(Reply("Bạn có hài lòng?", rate))
    assert isinstance(part, Buttons)
    assert [payload for _, payload in part.buttons] == ["/rate PA-1 yes", "/rate PA-1 no"]


def test_more_options_than_buttons_fall_back_to_numbered_text() -> None:
    many = tuple(Option(f"Sở {i}", f"dept:{i}") for i in range(1, 8))
    [part] = for_official_account(Reply("Chọn sở:", many))
    assert isinstance(part, Text)
    assert part.text.endswith("7. Sở 7")


def test_only_files_with_a_url_are_sent() -> None:
    reply = Reply(
        "Trả lời của Sở Tư pháp",
        files=(
            OutFile("photo", ref=PHOTO_URL, caption="Ảnh"),
            OutFile("document", ref="https://file.example.test/cv.pdf", name="cv.pdf"),
            OutFile("photo", ref="AgACAgIAAxk-telegram-file-id"),
            OutFile("document", path="/var/gopy/answer.pdf"),
        ),
    )
    expected = [
        Text("Trả lời của Sở Tư pháp"),
        Photo(PHOTO_URL, "Ảnh"),
        Text("cv.pdf\nhttps://file.example.test/cv.pdf"),
    ]
    assert for_bot_platform(reply) == expected
    assert for_official_account(reply) == expected


# Zalo's documented limits: a title of at most 100 characters, a payload of at most 1,000.
PROCEDURE = (
    "Thủ tục cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
    "liền với đất lần đầu cho hộ gia đình"
)[:120]  # «Did you mean» cuts procedure names at 120 characters (handlers/ask.py)


def test_a_did_you_mean_title_is_cut_at_a_word_boundary_within_100_characters() -> None:
    options = tuple(Option(PROCEDURE, f"/faq 1.00{i} fee 7") for i in range(3))
    [part] = for_official_account(Reply("Có phải bạn muốn hỏi:", options))
    assert isinstance(part, Buttons)
    for number, (title, _) in enumerate(part.buttons, 1):
        assert len(title) <= 100 and title.endswith("…")
        words = title.removesuffix("…").split()
        assert f"{number}. {PROCEDURE}".startswith(" ".join(words))
        assert words[-1] in PROCEDURE.split()  # no word cut in half


def test_a_title_within_the_limit_is_kept_whole() -> None:
    label = "x" * 97  # «1. » + 97 = 100
    [part] = for_official_account(Reply("?", (Option(label, "a"),)))
    assert isinstance(part, Buttons) and part.buttons[0][0] == f"1. {label}"


def test_the_longest_option_value_is_a_payload_zalo_accepts() -> None:
    command = Option("Xem", "/" + "v" * 63)  # options carry at most 64 bytes
    [part] = for_official_account(Reply("?", (command,)))
    assert isinstance(part, Buttons) and part.buttons[0][1] == command.value


def test_clip_cuts_between_words_and_only_a_single_long_word_inside() -> None:
    assert clip("một hai ba", 5) == "một…"
    assert clip("mộthaiba", 5) == "mộth…"
    assert clip("ngắn", 5) == "ngắn"
