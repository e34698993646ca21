"""The same message gets the same answer in every process, whatever ``PYTHONHASHSEED`` is.

Python salts the hash of a string per process, so a set of strings is iterated in another order
in each run; a sum of floats taken in that order differs in its last bits, and a candidate at
the pool's edge or a shown score's fourth decimal then changes from one run of ``gopy faq
search`` to the next. Each message below is searched in two fresh interpreters with different
seeds; the scores, every ranker feature (full precision), the complaint recogniser's and the
report-kind model's probabilities must be identical.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MESSAGES = (
    "Đã được cấp giấy phép xây dựng nhưng muốn thay đổi thiết kế mặt tiền, hồ sơ điều chỉnh"
    " giấy phép gồm những gì? tối nay đội tuyển đá với ai",
    "giấy phép CITES nhập nội từ biển mẫu vật san hô thì xin o đâu. nhập khẩu cho con vào nhà"
    " ngoại có mất phí không",
    "lam lai can cuoc bao lau",
    "chồng em người Hàn muốn đăng ký kết hôn ở Quảng Trị",
    "cán bộ xã đòi bồi dưỡng 500 nghìn mới ký giấy xác nhận",
    "how do I register a business household",
)

_PROBE = """
import json, sys
from faq.complaint_signal import signal
from faq.loading import load_search
from faq.normalize import normalize
from faq.report_kind import shipped_model as report_kind_model

_, matcher = load_search()
kinds = report_kind_model()
for message in sys.stdin.read().splitlines():
    result = matcher.search(message)
    said = signal(normalize(message))
    print(json.dumps([
        [(m.code, m.score) for m in result.matches], result.outcome, result.kind,
        matcher.candidates(message), [said.complaint, said.off_topic],
        kinds.probabilities(normalize(message).key),
    ]))
"""


def _answers(seed: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        input="\n".join(MESSAGES),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        check=True,
        timeout=25,  # two of these run within the test's own 60 s; a hung child is killed
    )
    return done.stdout.splitlines()


def test_search_does_not_depend_on_the_hash_seed():
    first, second = _answers("1"), _answers("4")
    assert len(first) == len(MESSAGES)
    for message, one, other in zip(MESSAGES, first, second, strict=True):
        assert one == other, message
