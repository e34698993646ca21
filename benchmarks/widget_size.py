"""The web chat widget's weight on the wire: what a portal page downloads to show the chat
(widget.js and widget.css, gzip -9 as a server or CDN would send them), against the budget
of 30 KB gzipped; exits 1 over budget.

    .venv/bin/python benchmarks/widget_size.py
"""

from __future__ import annotations

import gzip
import sys
from importlib import resources

BUDGET = 30 * 1024  # bytes, gzipped, JavaScript and CSS together
FILES = ("widget.js", "widget.css")


def main() -> int:
    static = resources.files("bot.web").joinpath("static")
    total_raw = total_gz = 0
    print(f"{'file':<12} {'bytes':>8} {'gzipped':>8}")
    for name in FILES:
        raw = static.joinpath(name).read_bytes()
        packed = len(gzip.compress(raw, 9))
        total_raw, total_gz = total_raw + len(raw), total_gz + packed
        print(f"{name:<12} {len(raw):>8} {packed:>8}")
    print(f"{'total':<12} {total_raw:>8} {total_gz:>8}   budget {BUDGET} gzipped")
    return 0 if total_gz <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
