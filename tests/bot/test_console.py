"""The console channel driven through piped stdin, as a newcomer or a script would.

One test runs ``gopy run`` as a real process on a real pipe; the others call the same
entry point (``bot.cli.main``) in this process, with stdin, stdout, the environment and the
working folder of such a process: a process costs seconds of start-up (imports, the
knowledge base) that those tests do not measure. The web chat opens beside the console, on a
free port here (``HTTP_PORT=0``)."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main

GOPY = [sys.executable, "-m", "bot.cli"]


def _environment(tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))},
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/console.db",
        "HTTP_PORT": "0",
    }


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def gopy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Iterator:
    """``gopy ARGS`` with piped stdin, run in this process: (args, stdin) -> Finished."""
    monkeypatch.chdir(tmp_path)
    for name in [k for k in os.environ if k.startswith(("TELEGRAM_", "ZALO_"))]:
        monkeypatch.delenv(name)
    for name in ("DATABASE_URL", "HTTP_PORT"):
        monkeypatch.setenv(name, _environment(tmp_path)[name])
    root = logging.getLogger()
    saved = root.handlers[:], root.level  # `gopy run` sends the log to its own stderr

    def run(args: list[str], stdin: bytes = b"") -> Finished:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        try:
            code = main(args)
        except SystemExit as exit_:  # argparse's --help
            code = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            root.handlers[:] = saved[0]
            root.setLevel(saved[1])
        out, err = capsys.readouterr()
        return Finished(code, out, err)

    yield run


def test_help_in_vietnamese_then_english(gopy) -> None:
    result = gopy(["run"], b"/start\n/help\n/lang en\n/help\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    vi_help, en_help = out.index("Các lệnh bạn dùng được:"), out.index("Commands you can use:")
    assert out.index("Xin chào") < vi_help < en_help


def _greeting_on_the_web(url: str) -> str:
    """What a browser opening ``url`` is told first (its session, then a long poll)."""
    with urllib.request.urlopen(url) as page:
        assert '<script src="/chat/widget.js"' in page.read().decode()
    with urllib.request.urlopen(f"{url}/session") as opened:
        cookie = opened.headers["Set-Cookie"].split(";")[0]
    poll = urllib.request.Request(f"{url}/poll?after=0", headers={"Cookie": cookie})
    with urllib.request.urlopen(poll) as news:
        return json.load(news)["messages"][0]["text"]


def test_bad_input_gets_clear_replies_and_no_traceback(tmp_path) -> None:
    """The one test of a real ``gopy run`` process: raw bytes through a pipe; and, as
    ``make run`` shows a newcomer, before the prompt the web chat's address (in Vietnamese,
    then English), where a browser is greeted while the terminal chats on."""
    lines = [b"/nosuch", b"", b"x" * 100_000, b"\xff\xfe bad", b"/lang"]
    gopy = subprocess.Popen(
        [*GOPY, "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(tmp_path),
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
        stdout, stderr = gopy.communicate(b"\n".join(lines) + b"\n", timeout=55)
    finally:
        watchdog.cancel()
        gopy.kill()
        gopy.wait()
    assert gopy.returncode == 0
    out = stdout.decode()
    assert "Không có lệnh /nosuch" in out
    assert "Tin nhắn trống" in out
    assert "Tin nhắn dài quá (100000 ký tự)" in out
    assert "Không đọc được tin nhắn này" in out
    assert "Cách dùng: /lang vi hoặc /lang en" in out
    assert b"Traceback" not in stderr + stdout


def test_a_taken_web_chat_port_is_one_line_and_the_console_goes_on(gopy, monkeypatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("HTTP_PORT", str(port))
        result = gopy(["run"], b"/help\n")
    assert result.returncode == 0 and result.stdout.startswith("Các lệnh bạn dùng được:")
    assert result.stderr.splitlines() == [
        f"Không mở được trò chuyện trên web: cổng {port} đang được dùng. Bạn vẫn trò chuyện "
        f"được ở đây. / No web chat: port {port} is in use. The console works as usual."
    ]


def test_language_choice_persists_between_runs(gopy) -> None:
    assert gopy(["run"], b"/lang en\n").returncode == 0
    out = gopy(["run"], b"/help\n").stdout
    assert out.startswith("Commands you can use:")


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["db", "upgrade", "--help"]])
def test_help_on_every_command(args, gopy) -> None:
    result = gopy(args)
    assert result.returncode == 0 and "usage: gopy" in result.stdout


def test_db_upgrade_creates_the_database(gopy, tmp_path) -> None:
    result = gopy(["db", "upgrade"])
    assert result.returncode == 0 and (tmp_path / "console.db").exists()


def test_invalid_configuration_is_explained(gopy, tmp_path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ADMINS=not-an-address\n")
    result = gopy(["run"])
    assert result.returncode == 2
    assert "invalid configuration" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_report_cap_is_named_at_start(gopy, tmp_path) -> None:
    (tmp_path / ".env").write_text("REPORTS_PER_DAY=0\n")
    result = gopy(["run"])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "REPORTS_PER_DAY: Input should be greater than or equal to 1" in result.stderr


def test_export_in_the_console_says_where_the_file_is(gopy) -> None:
    """The console cannot show a file: /export prints its full path (#11.12)."""
    result = gopy(["run"], b"/export\n")
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if x.startswith("[document:")]
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
