"""The `namndbot` command line: ingest, sync, meetings, forget, show, ask, chat, run, digest."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

from bot.operations import OperationError, check_bot_api, open_store, require_items, webhook_options
from bot.settings import LOG_LEVELS, Settings, SettingsError, configure_logging
from knowledge import texts
from knowledge.language.text import fold
from knowledge.pages.ingest import IngestReport, ingest_files, ingest_manifest
from knowledge.pages.sync import (
    DEFAULT_DELAY,
    DEFAULT_TIMEOUT,
    Progress,
    Site,
    SyncError,
    default_sites,
    parse_site,
    parse_sites,
    render_report,
    sync_sites,
)
from knowledge.render import answer_json, html_to_plain, render_answer_text, render_ingest_report, render_item_text
from knowledge.sample_data import ensure_sample_data
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
from knowledge.store import Store, StoreError
from knowledge.store.fetch import MeetingSummary


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _open_store(args: argparse.Namespace, settings: Settings) -> Store:
    return open_store(Path(args.db) if args.db else settings.db_path)


def _print_report(report: IngestReport) -> None:
    for error in report.errors:
        print(f"fel: {error}", file=sys.stderr)
    print(render_ingest_report(report))
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
    if not report.errors:
        return 0
    return 1 if report.results else 2  # some files stored and some not, or nothing at all


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    """Show one stored item with its facts."""
    with _open_store(args, settings) as store:
        item = store.get_item(args.item_id)
        if item is None:
            print(texts.ITEM_NOT_FOUND.format(item_id=args.item_id), file=sys.stderr)
            return 1
        print(render_item_text(store, item))
    return 0


def _sites(args: argparse.Namespace, settings: Settings) -> tuple[Site, ...]:
    if args.site:
        return tuple(parse_site(value) for value in args.site)
    return parse_sites(settings.sites) if settings.sites.strip() else default_sites()


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    """Read the meeting platforms and store new and changed meetings."""
    try:
        sites = _sites(args, settings)
    except SyncError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 2
    if args.delay < 0 or args.timeout <= 0 or (args.max_pages is not None and args.max_pages < 1):
        print("fel: --delay får inte vara negativ, --timeout och --max-pages måste vara större än noll", file=sys.stderr)
        return 2
    with _open_store(args, settings) as store:
        report = sync_sites(
            store, sites, now=datetime.now(UTC), full=args.full, max_pages=args.max_pages, delay=args.delay,
            timeout=args.timeout, progress=Progress(sys.stderr),
        )
    for line in render_report(report):
        print(line)
    for site in report.sites:
        if site.unreachable:
            print(f"fel: {site.unreachable}", file=sys.stderr)
    return report.exit_status


def _meeting_json(m: MeetingSummary) -> dict[str, object]:
    return {"id": m.id, "organisation": m.organisation, "committee": m.committee_slug,
            "committee_name": m.committee_name, "date": m.meeting_date, "items": m.items, "url": m.url,
            "source": m.source_name, "last_fetched": m.last_fetched}


def cmd_meetings(args: argparse.Namespace, settings: Settings) -> int:
    """List the stored meetings: organisation, committee, date, item count, URL and last fetch."""
    with _open_store(args, settings) as store:
        meetings = store.meeting_summaries(committee=args.committee)
    if args.json:
        print(json.dumps([_meeting_json(m) for m in meetings], ensure_ascii=False, indent=1))
        return 0
    if not meetings:
        print("Inga möten lagrade" + (f" för nämnden {args.committee}." if args.committee else "."))
        return 0
    for m in meetings:
        print(f"{m.id:>5}  {m.meeting_date or 'okänt datum':<10}  {m.organisation or 'okänd organisation'}  "
              f"{m.committee_name or m.committee_slug or 'okänd nämnd'}  {m.items} ärenden  "
              f"{m.url or m.source_name or ''}  hämtad {m.last_fetched or '–'}")
    print(f"{len(meetings)} möten.")
    return 0


def cmd_forget(args: argparse.Namespace, settings: Settings) -> int:
    """Remove one meeting and its items, after a confirmation unless --yes."""
    with _open_store(args, settings) as store:
        meeting = store.find_meeting(args.meeting)
        if meeting is None:
            print(f"fel: hittar inget möte med id eller adress {args.meeting!r}", file=sys.stderr)
            return 2
        what = (f"mötet {meeting.id} ({meeting.committee_name or meeting.committee_slug or 'okänd nämnd'}, "
                f"{meeting.meeting_date or 'okänt datum'}) med {meeting.items} ärenden")
        if not args.yes:
            if not sys.stdin.isatty():
                print(f"fel: ta bort {what}? Bekräfta med --yes (ingen terminal att fråga i)", file=sys.stderr)
                return 2
            answer = input(f"Ta bort {what}? [j/N] ")
            if answer.strip().lower() not in {"j", "ja", "y", "yes"}:
                print("Inget togs bort.")
                return 0
        store.forget_meeting(meeting.id)
    print(f"Tog bort {what}.")
    return 0

# argparse's usage errors, said in Swedish: (its English message, what to say instead)
_USAGE_ERRORS = (
    (r"argument command: invalid choice: '(?P<v>[^']*)' \(choose from (?P<c>.*)\)",
     "okänt kommando {v!r}; välj bland {c}"),
    (r"argument (?P<a>\S+): invalid choice: '(?P<v>[^']*)' \(choose from (?P<c>.*)\)",
     "{a}: okänt värde {v!r}; välj bland {c}"),
    (r"argument (?P<a>\S+): invalid int value: '(?P<v>[^']*)'", "{a}: {v!r} är inget heltal"),
    (r"argument (?P<a>\S+): invalid float value: '(?P<v>[^']*)'", "{a}: {v!r} är inget tal"),
    (r"argument (?P<a>\S+): expected one argument", "{a} saknar ett värde"),
    (r"argument (?P<a>\S+): (?P<m>.*)", "{a}: {m}"),  # a message of our own, already Swedish
    (r"the following arguments are required: (?P<a>.*)", "det saknas: {a}"),
    (r"unrecognized arguments: (?P<a>.*)", "okända argument: {a}"),
)


class _SwedishHelp(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class _SwedishParser(argparse.ArgumentParser):
    """An argument parser that speaks Swedish: its help, and its usage errors as one line with exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _SwedishHelp)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="visa den här hjälpen")

    def error(self, message: str) -> NoReturn:
        for pattern, said in _USAGE_ERRORS:
            match = re.fullmatch(pattern, message)
            if match:
                message = said.format(**{k: v.replace("'", "") if k == "c" else v
                                         for k, v in match.groupdict().items()})
                break
        self.exit(2, f"fel: {message} (se {self.prog} --help)\n")


def _shared_options(*, in_subcommand: bool) -> argparse.ArgumentParser:
    """Return the options every command takes, before or after its name.

    After the name they default to SUPPRESS, so they do not overwrite a value given before it.
    """
    shared = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if in_subcommand else None
    shared.add_argument("--db", default=default, help="databasfil (standard: $NAMNDBOT_DB eller användarens datamapp)")
    shared.add_argument("--log-level", default=default, type=str.upper, choices=LOG_LEVELS,
                        help="loggnivå (standard: $NAMNDBOT_LOG_LEVEL eller INFO)")
    return shared


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = _SwedishParser(prog="namndbot", description=texts.CLI_DESCRIPTION,
                            parents=[_shared_options(in_subcommand=False)])
    parser.add_argument("--version", action="version", version=f"namndbot {_version()}", help="visa versionen")
    sub = parser.add_subparsers(dest="command", required=True)
    shared = [_shared_options(in_subcommand=True)]

    ingest = sub.add_parser("ingest", help="läs in mötessidor", parents=shared)
    ingest.add_argument("files", nargs="*", help="textfiler med mötessidor")
    ingest.add_argument("--manifest", help="INDEX.tsv med filename, url, committee_slug, meeting_date")
    ingest.add_argument("--url", help="mötessidans adress")
    ingest.add_argument("--committee", help="nämndens kortnamn (slug)")
    ingest.add_argument("--date", help="mötesdatum ÅÅÅÅ-MM-DD")
    ingest.add_argument("--as-new", action="store_true", help="märk alla ärenden som nyinlästa (för bevakningar)")
    ingest.set_defaults(func=cmd_ingest)

    sync = sub.add_parser("sync", help="hämta nya och ändrade möten från nämndernas webbplatser", parents=shared)
    sync.add_argument("--site", action="append", metavar="URL|ORGANISATION=URL",
                      help="webbplats att läsa (kan upprepas; standard: $NAMNDBOT_SITES eller de fyra plattformarna)")
    sync.add_argument("--full", action="store_true", help="hämta även äldre möten som redan hämtats")
    sync.add_argument("--max-pages", type=int, metavar="N", help="högst så många förfrågningar per webbplats")
    sync.add_argument("--delay", type=float, default=DEFAULT_DELAY, metavar="SEKUNDER",
                      help="paus mellan förfrågningar till samma värd (standard 1)")
    sync.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SEKUNDER",
                      help="hur länge ett svar får dröja (standard 20)")
    sync.set_defaults(func=cmd_sync)

    meetings = sub.add_parser("meetings", help="lista lagrade möten", parents=shared)
    meetings.add_argument("--committee", metavar="SLUG", help="bara den här nämnden")
    meetings.add_argument("--json", action="store_true", help="som JSON")
    meetings.set_defaults(func=cmd_meetings)

    forget = sub.add_parser("forget", help="ta bort ett möte och dess ärenden", parents=shared)
    forget.add_argument("meeting", metavar="URL|MÖTES-ID", help="mötets adress eller id (se namndbot meetings)")
    forget.add_argument("--yes", action="store_true", help="fråga inte först")
    forget.set_defaults(func=cmd_forget)

    show = sub.add_parser("show", help="visa ett ärende", parents=shared)
    show.add_argument("item_id", type=int)
    show.set_defaults(func=cmd_show)

    ask = sub.add_parser("ask", help="ställ en fråga (eller - för en fråga per rad på standard in)", parents=shared)
    ask.add_argument("question", help="frågan, eller - för att läsa frågor från standard in")
    ask.add_argument("--json", action="store_true", help="svara med ett JSON-objekt per fråga")
    ask.add_argument("--now", type=_iso_date, help="dagens datum för relativa datum (ÅÅÅÅ-MM-DD)")
    ask.add_argument("--limit", type=int, default=5, help="högst så många träffar (standard 5)")
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser("chat", help="samtala med boten i terminalen", parents=shared)
    chat.add_argument("--now", type=_iso_date, help="dagens datum (ÅÅÅÅ-MM-DD)")
    chat.add_argument("--sample-data", action="store_true", help="läs in exempeldata om databasen är tom")
    chat.set_defaults(func=cmd_chat)

    run = sub.add_parser("run", help="starta Telegram-boten (long polling, eller webhook med --webhook)",
                         parents=shared)
    run.add_argument("--base-url", help="Bot API-server (standard: $TELEGRAM_API_BASE_URL eller Telegram)")
    run.add_argument("--webhook", metavar="URL", help="ta emot uppdateringar på den här publika adressen")
    run.add_argument("--listen", metavar="VÄRD:PORT", default="0.0.0.0:8443",
                     help="där webhook-servern lyssnar (standard 0.0.0.0:8443)")
    run.add_argument("--secret-token", help="hemlighet som Telegram skickar med varje uppdatering "
                     "(standard: $NAMNDBOT_WEBHOOK_SECRET, annars slumpad vid start)")
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="läs in exempeldata och starta boten, eller en terminalchatt utan token",
                          parents=shared)
    demo.set_defaults(func=cmd_demo)

    health = sub.add_parser("health", help="kontrollera att databasen går att läsa och har möten (för HEALTHCHECK)",
                            parents=shared)
    health.set_defaults(func=cmd_health)

    digest = sub.add_parser("digest", help="skicka veckobrevet till alla prenumeranter nu", parents=shared)
    digest.add_argument("--dry-run", action="store_true", help="visa veckobreven utan att skicka eller spara")
    digest.add_argument("--now", help="tidpunkt för körningen (ÅÅÅÅ-MM-DD eller ISO-tid)")
    digest.add_argument("--base-url", help="Bot API-server")
    digest.set_defaults(func=cmd_digest)
    return parser


def _version() -> str:
    try:
        return metadata.version("namndbot")
    except metadata.PackageNotFoundError:
        return "okänd version"


def _engine(store: Store) -> SearchEngine:
    return SearchEngine(store)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or one per line from standard input."""
    now = args.now or date.today()
    limit = max(1, min(args.limit, 50))
    with _open_store(args, settings) as store:
        require_items(store)
        engine = _engine(store)
        questions = _stdin_questions() if args.question == "-" else iter([args.question])
        failed = 0
        for question in questions:
            if question is None:
                failed += 1
                continue
            if args.question == "-" and not question.strip():
                continue
            answer = answer_question(engine, question, now=now, limit=limit)
            if args.json:
                print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
            else:
                print(render_answer_text(answer), flush=True)
                if args.question == "-":
                    print()
    return 1 if failed else 0


def _stdin_questions() -> Iterator[str | None]:
    """Yield standard input's lines decoded as UTF-8; for a line that is not, say so and yield None."""
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            print(f"fel: standard in, rad {number}: inte UTF-8-text; raden hoppades över", file=sys.stderr, flush=True)
            yield None


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Telegram bot (long polling, or a webhook server), or explain in one line why it cannot."""
    if args.base_url:
        settings = replace(settings, base_url=args.base_url)
    if not settings.token:
        print(texts.NO_TOKEN, file=sys.stderr)
        return 2
    from bot.app import run_polling, run_webhook

    webhook = getattr(args, "webhook", None)
    if webhook:
        secret = getattr(args, "secret_token", None) or os.environ.get("NAMNDBOT_WEBHOOK_SECRET")
        host, port, secret = webhook_options(webhook, args.listen, secret)
    with _open_store(args, settings) as store:
        require_items(store)
        check_bot_api(settings)
        if webhook:
            run_webhook(settings, store, url=webhook, listen=host, port=port, secret_token=secret)
        else:
            run_polling(settings, store)
    return 0


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    """Say whether the database can be read and holds meetings: exit 0 when it can, 2 when not."""
    with _open_store(args, settings) as store:
        require_items(store)
        counts = store.counts()
        print(texts.HEALTH_OK.format(meetings=counts["meetings"], items=counts["items"], path=store.path))
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Load the sample data into an empty database, then run the bot (with a token) or a terminal chat."""
    with _open_store(args, settings) as store:
        report = ensure_sample_data(store, now=_now_iso())
        if report:
            _print_report(report)
    if settings.token:
        return cmd_run(argparse.Namespace(db=args.db, base_url=None, webhook=None), settings)
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
        from handlers.errors import install_token_mask, mask_secrets

        install_token_mask(settings.token)

        async def go() -> int:
            async with digest_bot(settings) as bot:
                report = await run_digest(bot, engine, settings, run_key=run_key_for(now, settings.timezone),
                                          now=now.replace(microsecond=0).isoformat())
            for error in report.errors:
                print(mask_secrets(error, settings.token), file=sys.stderr)
            print(report.summary())
            return report.exit_code

        return asyncio.run(go())


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Hold the bot's conversation in the terminal, with line editing and history where readline exists."""
    now = args.now or date.today()
    with _open_store(args, settings) as store:
        if args.sample_data:
            report = ensure_sample_data(store, now=_now_iso())
            if report:
                _print_report(report)
        require_items(store)
        engine = _engine(store)
        engine.warm_up()
        state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "namndbot"
        history = _line_editing(state / texts.CHAT_HISTORY_FILE)
        print(texts.CHAT_WELCOME)
        while True:
            try:
                line = input(texts.CHAT_PROMPT)
            except EOFError:
                print()
                break
            if line.strip().lower() in {"sluta", "quit", "exit", "/sluta"}:
                break
            question, reply = terminal_command(line)
            print(reply if reply is not None else render_answer_text(answer_question(engine, question, now=now)))
            print()
        history()
        print(texts.CHAT_BYE)
    return 0


def terminal_command(line: str) -> tuple[str, str | None]:
    """Read the bot's commands in the terminal chat: the question they ask, or a reply of their own.

    /sok and /arende ask what follows them, /senaste asks for the latest meeting, /hjalp and /start greet;
    the subscription commands belong to a Telegram chat, so they, and unknown commands, say what works here.
    """
    match = re.fullmatch(r"\s*/(\w+)(?:@\w+)?\s*(.*)", line, re.DOTALL)
    if match is None:
        return line, None
    name, rest = fold(match.group(1).lower()), match.group(2).strip()
    if name in {"sok", "arende"}:
        return rest, None
    if name == "senaste":
        return f"senaste {rest}".strip(), None
    if name in {"hjalp", "help", "start"}:
        return "hej", None
    return line, texts.CHAT_COMMAND_NOT_HERE.format(name=match.group(1))


def _line_editing(history_file: Path) -> Callable[[], None]:
    """Turn on readline's line editing and history for input(), when the platform has it; return a saver."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return lambda: None
    with contextlib.suppress(OSError):
        readline.read_history_file(history_file)
    readline.set_history_length(500)

    def save() -> None:
        with contextlib.suppress(OSError):
            history_file.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history_file)

    return save


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum: {value!r} (ÅÅÅÅ-MM-DD)") from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 2
    configure_logging(args.log_level or settings.log_level)
    try:
        return int(args.func(args, settings))
    except OperationError as exc:
        print(exc, file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
