"""The console channel driven through piped stdin, as a newcomer or a script would.

One test runs ``gopy run`` as a real process on a real pipe; the others call the same
entry point (``bot.cli.main``) in this process, with stdin, stdout, the environment and the
working folder of such a process: a process costs seconds of start-up (imports, the
knowledge base) that those tests do not measure."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
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
    }


def _run(args: list[str], stdin: bytes, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        GOPY + args,
        input=stdin,
        capture_output=True,
        env=_environment(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )


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
    monkeypatch.setenv("DATABASE_URL", _environment(tmp_path)["DATABASE_URL"])
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


def test_bad_input_gets_clear_replies_and_no_traceback(tmp_path) -> None:
    """The one test of a real ``gopy run`` process: raw bytes through a pipe."""
    lines = [b"/nosuch", b"", b"x" * 100_000, b"\xff\xfe bad", b"/lang"]
    result = _run(["run"], b"\n".join(lines) + b"\n", tmp_path)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "Không có lệnh /nosuch" in out
    assert "Tin nhắn trống" in out
    assert "Tin nhắn dài quá (100000 ký tự)" in out
    assert "Không đọc được tin nhắn này" in out
    assert "Cách dùng: /lang vi hoặc /lang en" in out
    assert b"Traceback" not in result.stderr + result.stdout


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
