"""``bot/`` schedules and delivers; every word a user reads is composed in ``handlers/``.

Read from the source, so a module that starts writing its own messages fails here before a
citizen reads an untranslated or inconsistent text: no module under ``bot/`` may import the
text catalogue's lookup (``handlers.i18n.t`` / ``catalogue``) or the formatting of dates and
cards (``handlers.render``), nor build a message (``Reply``, ``Option``, ``Brief``) itself.
Handing a finished message on (``Reply`` as a type, ``numbered`` to lay out its options) is
delivery and stays allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).parents[2] / "bot"
COMPOSING_NAMES = {"handlers.i18n": {"t", "catalogue"}}
COMPOSING_MODULES = {"handlers.render"}
MESSAGE_TYPES = {"Reply", "Option", "Brief"}


def _composing(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module in COMPOSING_MODULES:
                found.append(f"imports {node.module}")
            banned = COMPOSING_NAMES.get(node.module, set())
            found += [f"imports {node.module}.{a.name}" for a in node.names if a.name in banned]
        elif isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name in COMPOSING_MODULES]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in MESSAGE_TYPES:
                found.append(f"builds a {name} (line {node.lineno})")
    return found


def test_no_module_under_bot_composes_what_a_user_reads() -> None:
    offenders = {
        str(path.relative_to(BOT.parent)): problems
        for path in sorted(BOT.rglob("*.py"))
        if (problems := _composing(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_rule_catches_a_module_that_writes_its_own_message() -> None:
    source = (
        "from handlers.i18n import t\n"
        "from handlers.messages import Reply\n"
        "def notice(locale):\n"
        "    return Reply(t(locale, 'clock.reminder'))\n"
    )
    assert _composing(ast.parse(source)) == [
        "imports handlers.i18n.t",
        "builds a Reply (line 4)",
    ]
