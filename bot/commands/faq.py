"""``gopy faq import|search|gaps|train``: build the knowledge base, query it from scripts, see
which questions it fails to answer, and rebuild the complaint recogniser and the report kind
model from their corpus.

Each action imports what it needs when it runs: ``search`` is started by scripts, once per
batch, and must not pay for the database layer (SQLAlchemy, Alembic: about 30 MiB and half a
second of CPU) that only ``gaps`` uses, nor for the catalogue importer."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.commands import SUMMARIES
from bot.settings import Settings
from faq.complaint_model import MODEL_PATH
from faq.loading import load_search
from faq.matcher import Matcher, SearchResult
from faq.normalize import DATA_DIR
from faq.report_kind import MODEL_PATH as KIND_MODEL_PATH

if TYPE_CHECKING:
    from storage.faq_log import Gap


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("faq", help=SUMMARIES["faq"])
    add_actions(parser.add_subparsers(dest="faq_command", metavar="ACTION", required=True))


def add_actions(actions: argparse._SubParsersAction) -> None:
    """``import``, ``search``, ``gaps`` and ``train``."""
    imp = actions.add_parser("import", help="build the knowledge base from a portal dump")
    imp.add_argument("path", type=Path, help="procedures.jsonl(.gz) from dichvucong.gov.vn")
    imp.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    imp.set_defaults(handler=_import)
    search = actions.add_parser(
        "search", help="match one question per stdin line, print one JSON object per line"
    )
    search.set_defaults(handler=_search)
    gaps_parser = actions.add_parser(
        "gaps", help="the most frequent questions left unanswered or voted down"
    )
    gaps_parser.add_argument("--days", type=int, default=30, help="look back this many days")
    gaps_parser.add_argument("--limit", type=int, default=20, help="how many questions to list")
    gaps_parser.set_defaults(handler=_gaps)
    train = actions.add_parser(
        "train",
        help="rebuild the complaint recogniser and the report kind model from faq/data/messages"
        " (deterministic)",
    )
    train.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    train.add_argument(
        "--kinds-out",
        type=Path,
        default=KIND_MODEL_PATH,
        help="where to write the report kind model",
    )
    train.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="JSONL",
        help="also learn from this labelled file inside the repository (a train split only)",
    )
    train.add_argument(
        "--spent",
        action="store_true",
        help="also learn from the spent evaluation batches (faq.complaint_training.SPENT)",
    )
    train.set_defaults(handler=_train)


def _train(args: argparse.Namespace) -> int:
    # scikit-learn: only when training
    from faq.complaint_training import SPENT, train_from_corpus
    from faq.report_kind_training import train_from_corpus as train_kinds

    root = Path(__file__).resolve().parents[2]
    extra = []
    for name in [*args.extra, *(str(root / spent) for spent in SPENT if args.spent)]:
        path = Path(name).resolve()
        if not path.is_file() or not path.is_relative_to(root):
            print(f"Not a file inside the repository: {name}", file=sys.stderr)
            return 2
        extra.append(path.relative_to(root).as_posix())
    model = train_from_corpus(extra)
    model.save(args.out)
    print(
        f"Trained the complaint recogniser: {len(model.weights):,} features, written to {args.out}"
    )
    kinds = train_kinds(extra)
    kinds.save(args.kinds_out)
    print(
        f"Trained the report kind model: {len(kinds.weights):,} features, "
        f"written to {args.kinds_out}"
    )
    return 0


def _gaps(args: argparse.Namespace) -> int:
    from bot.database import prepare
    from storage.engine import create_engine, session_factory
    from storage.faq_log import gaps

    async def read() -> list[Gap]:
        engine = create_engine(Settings().database_url)
        try:
            await prepare(engine)
            async with session_factory(engine)() as session:
                since = datetime.now(UTC) - timedelta(days=args.days)
                return await gaps(session, since, args.limit)
        finally:
            await engine.dispose()

    rows = asyncio.run(read())
    if not rows:
        print(f"No unanswered or down-voted questions in the last {args.days} days.")
        return 0
    print(f"{'asked':>5} {'unanswered':>10} {'down':>5}  question")
    for row in rows:
        print(f"{row.asked:>5} {row.unanswered:>10} {row.down_votes:>5}  {row.question}")
    return 0


def _import(args: argparse.Namespace) -> int:
    import subprocess

    from faq.catalogue_words import write as write_catalogue_words
    from faq.importer import import_catalogue
    from faq.record_index import write as write_record_index

    if not args.path.is_file():
        print(f"No such file: {args.path}", file=sys.stderr)
        return 2
    stats = import_catalogue(args.path, args.out)
    write_record_index(stats.out_file, args.out)
    write_catalogue_words(stats.out_file, args.out)
    # a fresh interpreter: this one may have read the previous catalogue words already
    normalise = "import sys; from faq.write_normalized import main; sys.exit(main(sys.argv))"
    if subprocess.run([sys.executable, "-c", normalise, str(args.out)]).returncode != 0:
        print(
            f"Imported into {stats.out_file}, but the normalised names were not written; "
            "gopy normalises them at each start until `gopy faq import` succeeds",
            file=sys.stderr,
        )
        return 1
    print(
        f"Imported {stats.procedures} procedures in {stats.topics} topics "
        f"({stats.with_fee} with a fee, {stats.with_time} with a processing time) "
        f"into {stats.out_file}"
    )
    return 0


def result_json(result: SearchResult) -> dict:
    """The script-facing shape of one search result.

    Codes are the catalogue's ``ma_thu_tuc``; a curated answer (no catalogue code) appears
    as ``faq:<id>`` so a script can tell it apart.
    """
    return {
        "query": result.query,
        "kind": result.kind,
        "intent": result.intent,
        "outcome": result.outcome,
        "matches": [
            {"code": f"faq:{m.code}" if m.curated else m.code, "name": m.name, "score": m.score}
            for m in result.matches
        ],
    }


def search_lines(matcher: Matcher, lines: Iterable[bytes]) -> Iterator[str]:
    """One JSON line per non-empty input line; bytes that are not UTF-8 become U+FFFD."""
    for raw in lines:
        query = raw.decode("utf-8", errors="replace").strip()
        if query:
            yield json.dumps(result_json(matcher.search(query)), ensure_ascii=False)


def _search(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    _, matcher = load_search(Settings().gopy_data_dir)
    source = (stdin or sys.stdin).buffer
    for line in search_lines(matcher, source):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    return 0
