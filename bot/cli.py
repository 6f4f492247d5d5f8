"""The `namndbot` command line: ingest, show, ask, chat, run, digest."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any
from datetime import UTC, date, datetime
from pathlib import Path

from bot.settings import Settings
from knowledge import texts
from knowledge.answer import answer_question
from knowledge.render import answer_json, render_answer_text
from knowledge.sample_data import ensure_sample_data
from knowledge.search import SearchEngine
from knowledge.ingest import IngestReport, ingest_files, ingest_manifest
from knowledge.render import render_item_text
from knowledge.store import Store, StoreError


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _open_store(args: argparse.Namespace, settings: Settings) -> Store:
    return Store(Path(args.db) if args.db else settings.db_path)


def _print_report(report: IngestReport) -> None:
    for error in report.errors:
        print(f"fel: {error}", file=sys.stderr)
    print(
        f"Möten: {report.count('added')} nya, {report.count('updated')} uppdaterade, "
        f"{report.count('unchanged')} oförändrade. "
        f"Ärenden: {report.items_added} nya, {report.items_updated} uppdaterade, {report.items_unchanged} oförändrade."
    )
    if report.errors:
        print(f"{len(report.errors)} fil(er) kunde inte läsas in.", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest page files or a manifest."""
    if not args.files and not args.manifest:
        print("Ange filer att läsa in, eller --manifest INDEX.tsv.", file=sys.stderr)
        return 2
    with _open_store(args, settings) as store:
        now = _now_iso()
        report = IngestReport()
        if args.manifest:
            part = ingest_manifest(store, Path(args.manifest), now=now, as_new=args.as_new)
            report.results += part.results
            report.errors += part.errors
        if args.files:
            part = ingest_files(
                store, [Path(f) for f in args.files], url=args.url, committee=args.committee,
                meeting_date=args.date, now=now, as_new=args.as_new,
            )
            report.results += part.results
            report.errors += part.errors
    _print_report(report)
    return 1 if report.errors and not report.results else 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    """Show one stored item with its facts."""
    with _open_store(args, settings) as store:
        item = store.get_item(args.item_id)
        if item is None:
            print(texts.ITEM_NOT_FOUND.format(item_id=args.item_id), file=sys.stderr)
            return 1
        print(render_item_text(store, item))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="namndbot", description=texts.CLI_DESCRIPTION)
    parser.add_argument("--db", help="databasfil (standard: $NAMNDBOT_DB eller användarens datamapp)")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="läs in mötessidor")
    ingest.add_argument("files", nargs="*", help="textfiler med mötessidor")
    ingest.add_argument("--manifest", help="INDEX.tsv med filename, url, committee_slug, meeting_date")
    ingest.add_argument("--url", help="mötessidans adress")
    ingest.add_argument("--committee", help="nämndens kortnamn (slug)")
    ingest.add_argument("--date", help="mötesdatum ÅÅÅÅ-MM-DD")
    ingest.add_argument("--as-new", action="store_true", help="märk alla ärenden som nyinlästa (för bevakningar)")
    ingest.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    ingest.set_defaults(func=cmd_ingest)

    show = sub.add_parser("show", help="visa ett ärende")
    show.add_argument("item_id", type=int)
    show.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    show.set_defaults(func=cmd_show)

    ask = sub.add_parser("ask", help="ställ en fråga (eller - för en fråga per rad på standard in)")
    ask.add_argument("question", help="frågan, eller - för att läsa frågor från standard in")
    ask.add_argument("--json", action="store_true", help="svara med ett JSON-objekt per fråga")
    ask.add_argument("--now", type=_iso_date, help="dagens datum för relativa datum (ÅÅÅÅ-MM-DD)")
    ask.add_argument("--limit", type=int, default=5, help="högst så många träffar (standard 5)")
    ask.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser("chat", help="samtala med boten i terminalen")
    chat.add_argument("--now", type=_iso_date, help="dagens datum (ÅÅÅÅ-MM-DD)")
    chat.add_argument("--sample-data", action="store_true", help="läs in exempeldata om databasen är tom")
    chat.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    chat.set_defaults(func=cmd_chat)

    for extra in EXTRA_COMMANDS:
        extra(sub)
    return parser


EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def _engine(store: Store) -> SearchEngine:
    return SearchEngine(store)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or one per line from standard input."""
    now = args.now or date.today()
    limit = max(1, min(args.limit, 50))
    with _open_store(args, settings) as store:
        engine = _engine(store)
        questions = (line.rstrip("\n") for line in sys.stdin) if args.question == "-" else iter([args.question])
        for question in questions:
            if args.question == "-" and not question.strip():
                continue
            answer = answer_question(engine, question, now=now, limit=limit)
            if args.json:
                print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
            else:
                print(render_answer_text(answer), flush=True)
                if args.question == "-":
                    print()
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Hold the bot's conversation in the terminal."""
    now = args.now or date.today()
    with _open_store(args, settings) as store:
        if args.sample_data:
            report = ensure_sample_data(store, now=_now_iso())
            if report:
                _print_report(report)
        engine = _engine(store)
        print(texts.CHAT_WELCOME)
        while True:
            try:
                line = input(texts.CHAT_PROMPT)
            except EOFError:
                print()
                break
            if line.strip().lower() in {"sluta", "quit", "exit", "/sluta"}:
                break
            print(render_answer_text(answer_question(engine, line, now=now)))
            print()
        print(texts.CHAT_BYE)
    return 0


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum: {value!r} (ÅÅÅÅ-MM-DD)") from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    settings = Settings.from_env()
    try:
        return int(args.func(args, settings))
    except StoreError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
