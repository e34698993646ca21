"""A story told before the kind is chosen gets the kind it most likely tells (then confirmed)."""

from __future__ import annotations

import pytest

from complaints.kinds import ReportKind
from faq.normalize import fold
from faq.report_kind import CUED_KINDS, OTHER, infer_kind, load_model, named_kind


def test_every_kind_but_other_has_cues_and_no_cue_names_an_unknown_kind() -> None:
    assert set(CUED_KINDS) | {OTHER} == {k.value for k in ReportKind}


def test_the_model_knows_every_kind_and_no_other() -> None:
    assert set(load_model().kinds) == {k.value for k in ReportKind}


STORIES = [
    ("Chị cán bộ nói phải có phong bì thì hồ sơ mới chạy nhanh được", "harassment"),
    ("Anh cán bộ địa chính bảo muốn sổ đỏ nhanh thì gửi anh em ít tiền uống nước", "harassment"),
    (
        "Cán bộ thuế phường bắt quán phở nhà tôi nộp thêm hai triệu mà không nói căn cứ",
        "harassment",
    ),
    ("Hẹn trả kết quả từ tháng trước mà đến nay vẫn chưa có kết quả", "delay"),
    ("Hồ sơ xin giấy phép xây dựng quá ngày hẹn ba tuần rồi vẫn chưa thấy trả", "delay"),
    ("Phường yêu cầu tôi nộp bản sao công chứng sổ hộ khẩu dù đã bỏ", "extra_papers"),
    (
        "Xã bắt phải có xác nhận của trưởng thôn mới cho làm giấy khai sinh cho con tôi",
        "extra_papers",
    ),
    ("Mới 4 giờ chiều mà bộ phận một cửa đã đóng cửa, không có ai", "conduct"),
    ("Chị ngồi bàn tiếp dân cứ cắm mặt vào điện thoại, hỏi gì cũng gắt lên", "conduct"),
]


@pytest.mark.parametrize(("story", "kind"), STORIES)
def test_an_everyday_story_gets_its_kind_with_or_without_diacritics(story: str, kind: str) -> None:
    assert infer_kind(story) == kind
    assert infer_kind(fold(story)) == kind


def test_a_bribe_asked_in_an_amount_says_no_cue_yet_is_read_as_harassment() -> None:
    story = "Cán bộ một cửa đòi 500 nghìn mới chịu nhận hồ sơ đất của tôi"
    assert named_kind(story) == OTHER  # none of the cue expressions
    assert infer_kind(story) == "harassment"


@pytest.mark.parametrize(
    "story",
    [
        "Tôi muốn hỏi về lịch làm việc của trung tâm vào ngày lễ",
        "Tôi muốn phản ánh một chuyện ở ủy ban xã hôm qua",
        "Hôm nay tôi lên xã làm giấy tờ",
        "Tôi có chuyện muốn nói với lãnh đạo phường",
    ],
)
def test_a_story_that_names_no_wrong_gets_no_guess(story: str) -> None:
    assert infer_kind(story) == OTHER
    assert infer_kind(fold(story)) == OTHER


@pytest.mark.parametrize(
    ("words", "kind"),
    [("bị đòi tiền", "harassment"), ("chậm", "delay"), ("hach dich", "conduct"), ("ừ", OTHER)],
)
def test_a_few_words_name_the_kind_their_expressions_say(words: str, kind: str) -> None:
    assert named_kind(words) == kind


def test_the_shipped_model_is_what_training_on_the_shipped_corpus_gives() -> None:
    from faq.report_kind_training import train_from_corpus

    shipped = load_model()
    rebuilt = train_from_corpus(shipped.extra_sources)
    assert shipped.corpus_digest == rebuilt.corpus_digest, "corpus changed: run gopy faq train"
    assert shipped.kinds == rebuilt.kinds
    assert shipped.threshold == rebuilt.threshold
    assert shipped.weights.keys() == rebuilt.weights.keys()
    for name, weights in rebuilt.weights.items():
        assert shipped.weights[name] == pytest.approx(weights, abs=1e-4)
    assert shipped.bias == pytest.approx(rebuilt.bias, abs=1e-4)
