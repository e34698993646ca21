"""The console channel driven through piped stdin, as a newcomer or a script would, with the
web chat beside it (on a free port here: ``HTTP_PORT=0``)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

GOPY = [sys.executable, "-m", "bot.cli"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))},
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/console.db",
        "HTTP_PORT": "0",
        **extra,
    }


def _run(
    args: list[str], stdin: bytes, tmp_path: Path, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        GOPY + args,
        input=stdin,
        capture_output=True,
        env=_env(tmp_path, **env),
        cwd=tmp_path,
        timeout=60,
    )


def _greeting_on_the_web(url: str) -> str:
    """What a browser opening ``url`` is told first (its session, then a long poll)."""
    with urllib.request.urlopen(url) as page:
        assert '<script src="/chat/widget.js"' in page.read().decode()
    with urllib.request.urlopen(f"{url}/session") as opened:
        cookie = opened.headers["Set-Cookie"].split(";")[0]
    poll = urllib.request.Request(f"{url}/poll?after=0", headers={"Cookie": cookie})
    with urllib.request.urlopen(poll) as news:
        return json.load(news)["messages"][0]["text"]


def test_help_in_vietnamese_then_english_with_the_web_chat_beside(tmp_path) -> None:
    """``make run`` with no platform: before the prompt, where to open the web chat (in
    Vietnamese, then English); a browser there is greeted while the terminal chats on."""
    gopy = subprocess.Popen(
        [*GOPY, "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
        cwd=tmp_path,
    )
    watchdog = threading.Timer(55, gopy.kill)  # a guard: a line that never comes
    watchdog.start()
    try:
        assert gopy.stderr is not None
        notice = [gopy.stderr.readline().decode().strip() for _ in range(2)]
        assert notice[0].startswith("Trò chuyện trên web: http://127.0.0.1:"), notice
        url = notice[0].split(": ", 1)[1]
        assert notice[1] == f"Web chat: {url}" and url.endswith("/chat")
        assert _greeting_on_the_web(url).startswith("Xin chào")
        out, err = gopy.communicate(b"/start\n/help\n/lang en\n/help\n", timeout=55)
    finally:
        watchdog.cancel()
        gopy.kill()
        gopy.wait()
    assert gopy.returncode == 0, err
    out = out.decode()
    vi_help, en_help = out.index("Các lệnh bạn dùng được:"), out.index("Commands you can use:")
    assert out.index("Xin chào") < vi_help < en_help


def test_bad_input_gets_clear_replies_and_no_traceback(tmp_path) -> None:
    """Even the web chat's port being taken is one line, and the console goes on."""
    lines = [b"/nosuch", b"", b"x" * 100_000, b"\xff\xfe bad", b"/lang"]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run(["run"], b"\n".join(lines) + b"\n", tmp_path, HTTP_PORT=str(port))
    assert result.returncode == 0
    assert result.stderr.decode().splitlines() == [
        f"Không mở được trò chuyện trên web: cổng {port} đang được dùng. Bạn vẫn trò chuyện "
        f"được ở đây. / No web chat: port {port} is in use. The console works as usual."
    ]
    out = result.stdout.decode()
    assert "Không có lệnh /nosuch" in out
    assert "Tin nhắn trống" in out
    assert "Tin nhắn dài quá (100000 ký tự)" in out
    assert "Không đọc được tin nhắn này" in out
    assert "Cách dùng: /lang vi hoặc /lang en" in out
    assert b"Traceback" not in result.stderr + result.stdout


def test_language_choice_persists_between_runs(tmp_path) -> None:
    assert _run(["run"], b"/lang en\n", tmp_path).returncode == 0
    out = _run(["run"], b"/help\n", tmp_path).stdout.decode()
    assert out.startswith("Commands you can use:")


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["db", "upgrade", "--help"]])
def test_help_on_every_command(args, tmp_path) -> None:
    result = _run(args, b"", tmp_path)
    assert result.returncode == 0 and b"usage: gopy" in result.stdout


def test_db_upgrade_creates_the_database(tmp_path) -> None:
    result = _run(["db", "upgrade"], b"", tmp_path)
    assert result.returncode == 0 and (tmp_path / "console.db").exists()


def test_invalid_configuration_is_explained(tmp_path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ADMINS=not-an-address\n")
    result = _run(["run"], b"", tmp_path)
    assert result.returncode == 2
    assert b"invalid configuration" in result.stderr and b"Traceback" not in result.stderr


def test_export_in_the_console_says_where_the_file_is(tmp_path) -> None:
    """The console cannot show a file: /export prints its full path (#11.12)."""
    result = _run(["run"], b"/export\n", tmp_path)
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stdout.decode().splitlines() if x.startswith("[document:")]
    path = Path(line.split("] ", 1)[1])
    assert path.is_absolute() and path.is_file() and path.suffix == ".csv"
    assert path.read_text("utf-8-sig").startswith("code,kind,state")


def test_version_and_help() -> None:
    from importlib.metadata import version

    shown = subprocess.run([*GOPY, "--version"], capture_output=True, timeout=60)
    assert shown.returncode == 0 and shown.stdout.decode().strip() == f"gopy {version('gopy')}"
    helped = subprocess.run([*GOPY, "--help"], capture_output=True, timeout=60)
    assert helped.returncode == 0
    assert all(name in helped.stdout.decode() for name in ("run", "db", "faq", "doctor"))


def test_help_loads_no_subcommand() -> None:
    """`gopy --help` took 1.2 s importing every subcommand (#11.12); it now imports none
    (measured as what is loaded, not as time)."""
    probe = (
        "import sys\n"
        "from bot.cli import build_parser\n"
        "build_parser(['--help'])\n"
        "heavy = [m for m in ('sqlalchemy', 'aiohttp', 'pydantic', 'bot.app', 'faq.matcher')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60)
    assert done.stdout.decode().strip() == "[]", done.stderr
