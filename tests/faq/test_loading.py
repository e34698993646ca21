"""Starting the FAQ: `gopy faq search` loads no more than it uses, and the pause of the garbage
collector while loading never outlives the load."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from faq.loading import collector_paused

ROOT = Path(__file__).resolve().parents[2]


def test_faq_search_loads_neither_the_database_layer_nor_scikit_learn():
    # in a fresh interpreter: this one has imported everything the other tests use
    probe = (
        "import json, sys, bot.commands.faq, faq.loading\n"
        "from faq.complaint_signal import signal\n"
        "signal('can bo doi tien moi ky')\n"  # the recogniser's model is loaded at first use
        "print(json.dumps(sorted(m for m in ('sqlalchemy', 'alembic', 'aiogram', 'sklearn',"
        " 'scipy') if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []


def test_the_collector_runs_again_after_loading_even_when_loading_fails():
    assert gc.isenabled()
    try:
        with collector_paused():
            assert not gc.isenabled()
            raise OSError("catalogue unreadable")
    except OSError:
        pass
    assert gc.isenabled()


def test_a_collector_the_caller_paused_stays_paused():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_once_loaded_the_faq_reads_no_file_to_answer():
    # faq is pure at query time: an English question, a country and a complaint read no table
    # the load did not already read (the first such question once waited for the glossary)
    probe = (
        "import builtins, io, pathlib\n"
        "from faq.loading import load_search\n"
        "_, matcher = load_search()\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError(f'a file read at query time: {args[:1]}')\n"
        "builtins.open = io.open = refuse\n"
        "pathlib.Path.open = pathlib.Path.read_text = pathlib.Path.read_bytes = refuse\n"
        "for message in ('documents for birth registration', 'chồng em người Hàn muốn kết hôn',"
        " 'cán bộ đòi tiền mới ký', 'lam cccd o dau'):\n"
        "    matcher.search(message)\n"
        "print('answered')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "answered"
