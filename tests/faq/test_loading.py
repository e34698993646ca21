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
