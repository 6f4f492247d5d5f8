"""The `namndbot` command line: ingest, show, ask, chat, run, digest."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from bot.settings import Settings
from knowledge import texts
from knowledge.pages.ingest import IngestReport, ingest_files, ingest_manifest
from knowledge.render import answer_json, render_answer_text, render_item_text
from knowledge.sample_data import ensure_sample_data
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
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
            report.add(ingest_manifest(store, Path(args.manifest), now=now, as_new=args.as_new))
        if args.files:
            report.add(ingest_files(
                store, [Path(f) for f in args.files], url=args.url, committee=args.committee,
                meeting_date=args.date, now=now, as_new=args.as_new,
            ))
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

    run = sub.add_parser("run", help="starta Telegram-boten (long polling)")
    run.add_argument("--base-url", help="Bot API-server (standard: $TELEGRAM_API_BASE_URL eller Telegram)")
    run.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="läs in exempeldata och starta boten, eller en terminalchatt utan token")
    demo.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    demo.set_defaults(func=cmd_demo)

    digest = sub.add_parser("digest", help="skicka veckobrevet till alla prenumeranter nu")
    digest.add_argument("--dry-run", action="store_true", help="visa veckobreven utan att skicka eller spara")
    digest.add_argument("--now", help="tidpunkt för körningen (ÅÅÅÅ-MM-DD eller ISO-tid)")
    digest.add_argument("--base-url", help="Bot API-server")
    digest.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    digest.set_defaults(func=cmd_digest)
    return parser


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


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Telegram bot, or explain how to get a token."""
    if args.base_url:
        settings = replace(settings, base_url=args.base_url)
    if not settings.token:
        print(texts.NO_TOKEN, file=sys.stderr)
        return 2
    from bot.app import run_polling

    with _open_store(args, settings) as store:
        run_polling(settings, store)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Load the sample data into an empty database, then run the bot (with a token) or a terminal chat."""
    with _open_store(args, settings) as store:
        report = ensure_sample_data(store, now=_now_iso())
        if report:
            _print_report(report)
    if settings.token:
        return cmd_run(argparse.Namespace(db=args.db, base_url=None), settings)
    return cmd_chat(argparse.Namespace(db=args.db, now=None, sample_data=False), settings)


def _parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"ogiltig tid för --now: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """Plan this week's digests and send them (or print them with --dry-run).

    Exit 0 when every chat got its digest, 1 when some still wait for the next run.
    """
    import asyncio

    from knowledge.digest import plan_run

    now = _parse_now(args.now)
    with _open_store(args, settings) as store:
        engine = _engine(store)
        if args.dry_run:
            planned = plan_run(engine, "dry-run", now=now.isoformat(), send_empty=settings.digest_send_empty)
            if not planned:
                print("Inga veckobrev att skicka: inget nytt i någon bevakning.")
            for digest, delivery in planned:
                print(f"--- chatt {digest.chat_id} ---")
                print(html_to_plain(delivery.text))
            return 0
        if args.base_url:
            settings = replace(settings, base_url=args.base_url)
        if not settings.token:
            print(texts.NO_TOKEN, file=sys.stderr)
            return 2
        from bot.digest_job import digest_bot, run_digest, run_key_for
        from handlers.errors import mask_secrets

        async def go() -> int:
            async with digest_bot(settings) as bot:
                report = await run_digest(bot, engine, settings, run_key=run_key_for(now, settings.timezone),
                                          now=now.replace(microsecond=0).isoformat())
            for error in report.errors:
                print(mask_secrets(error, settings.token), file=sys.stderr)
            print(report.summary())
            return report.exit_code

        return asyncio.run(go())


def html_to_plain(text: str) -> str:
    """Strip the Telegram HTML of a digest for the terminal."""
    import html
    import re

    return html.unescape(re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"\2 (\1)", re.sub(r"</?(b|i|code)>", "", text)))


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Hold the bot's conversation in the terminal."""
    now = args.now or date.today()
    with _open_store(args, settings) as store:
        if args.sample_data:
            report = ensure_sample_data(store, now=_now_iso())
            if report:
                _print_report(report)
        engine = _engine(store)
        engine.warm_up()
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
    except BrokenPipeError:  # output piped into `head` and the like
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
