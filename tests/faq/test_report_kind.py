"""A story told before the kind is chosen gets the kind it most likely tells (then confirmed)."""

from __future__ import annotations

import pytest

from complaints.kinds import ReportKind
from faq.report_kind import CUED_KINDS, OTHER, infer_kind


def test_every_kind_but_other_has_cues_and_no_cue_names_an_unknown_kind() -> None:
    assert set(CUED_KINDS) | {OTHER} == {k.value for k in ReportKind}


@pytest.mark.parametrize(
    ("story", "kind"),
    [
        ("Chị cán bộ nói phải có phong bì thì hồ sơ mới chạy nhanh được", "harassment"),
        ("Hen tra ket qua tu thang truoc ma den nay van chua co ket qua", "delay"),
        ("Phường yêu cầu tôi nộp bản sao công chứng sổ hộ khẩu dù đã bỏ", "extra_papers"),
        ("Mới 4 giờ chiều mà bộ phận một cửa đã đóng cửa, không có ai", "conduct"),
        ("Tôi muốn hỏi về lịch làm việc của trung tâm vào ngày lễ", "other"),
    ],
)
def test_the_kind_a_story_tells(story: str, kind: str) -> None:
    assert infer_kind(story) == kind
