"""What a citizen typed into the web chat is not thrown away when it could not be sent."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import bot.web

WIDGET = Path(bot.web.__file__).with_name("static") / "widget.js"
HARNESS = Path(__file__).with_name("widget_harness.js")
NODE = shutil.which("node")
STORY = "Cán bộ đòi 500 nghìn mới nhận hồ sơ, tôi đã chờ ba tuần"


def _after_send(scenario: str) -> dict[str, str]:
    assert NODE is not None
    run = subprocess.run(
        [NODE, str(HARNESS), str(WIDGET), scenario],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return json.loads(run.stdout)


@pytest.mark.skipif(NODE is None, reason="no node to run the widget in")
@pytest.mark.parametrize("scenario", ["refused", "offline"])
def test_a_message_that_was_not_sent_stays_in_the_box(scenario: str) -> None:
    """Before, the box was emptied at once: the server refused (too fast) or the network
    failed, the widget said «Chưa gửi được. Bạn vui lòng thử lại.», and the story the
    citizen had typed was gone. Now it is back in the box, to send again."""
    shown = _after_send(scenario)
    assert shown["input"] == STORY
    assert shown["status"] in ("Bạn gửi nhanh quá.", "Chưa gửi được.")


@pytest.mark.skipif(NODE is None, reason="no node to run the widget in")
def test_a_message_that_was_sent_leaves_the_box_empty() -> None:
    assert _after_send("accepted") == {"input": "", "status": ""}
