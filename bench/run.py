"""Benchmarks for namndbot, each against a baseline measured in the same run.

Usage: python bench/run.py [--quick] [--only ingest,search,bot,digest]
Prints a Markdown report; docs/benchmarks.md holds the last full run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import CorpusGenerator  # noqa: E402
from knowledge.pages.ingest import ingest_manifest, store_page  # noqa: E402
from knowledge.render import hit_json  # noqa: E402
from knowledge.sample_data import load_sample_data  # noqa: E402
from knowledge.search.answer import answer_question  # noqa: E402
from knowledge.search.engine import SearchEngine  # noqa: E402
from knowledge.search.evaluation import load_golden, rank_of_first_correct  # noqa: E402
from knowledge.store import Store  # noqa: E402
from knowledge.store.baseline import RawPageIndex  # noqa: E402

NOW = date(2025, 6, 30)
STAMP = "2025-01-01T00:00:00+00:00"
GOLDEN = load_golden(ROOT / "tests" / "golden" / "questions.jsonl")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append((time.perf_counter() - start) * 1000)
    return out


def build_store(path: Path, meetings: int, *, with_samples: bool = True) -> Store:
    store = Store(path)
    if with_samples:
        load_sample_data(store, now=STAMP)
        ingest_manifest(store, ROOT / "tests" / "golden" / "pages" / "INDEX.tsv", now=STAMP)
    generator = CorpusGenerator(taken=frozenset(
        (urlparse(m.url).netloc, m.committee_slug or "", m.meeting_date[:7])
        for m in store.meeting_summaries() if m.meeting_date and m.url))
    for n in range(meetings):
        source, text = generator.page(n)
        store_page(store, source, text, now=STAMP)
    return store


# -- ingest --------------------------------------------------------------------------------------

def bench_ingest(tmp: Path, meetings: int) -> list[str]:
    generator = CorpusGenerator()
    pages = [generator.page(n) for n in range(meetings)]
    start = time.perf_counter()
    store = Store(tmp / "ingest.db")
    for source, text in pages:
        store_page(store, source, text, now=STAMP)
    ours = time.perf_counter() - start
    counts = store.counts()
    store.checkpoint()
    size = (tmp / "ingest.db").stat().st_size
    store.close()
    # baseline: the same pages as raw text rows in a plain FTS5 table, one transaction each
    start = time.perf_counter()
    raw = RawPageIndex(tmp / "baseline.db")
    for source, text in pages:
        raw.add(source.url, text)
    baseline = time.perf_counter() - start
    raw.close()
    items = counts["items"] + counts["entries"]
    return [
        "## Ingest",
        f"{meetings:,} generated meetings → {counts['items']:,} items and {counts['entries']:,} sub-entries.",
        "",
        "| | time | pages/s | ratio |",
        "|---|---:|---:|---:|",
        f"| namndbot (parse, facts, items, FTS5) | {ours:.1f} s | {meetings / ours:,.0f} | {ours / baseline:.1f}× |",
        f"| baseline: raw page text into one FTS5 table | {baseline:.1f} s | {meetings / baseline:,.0f} | 1.0× |",
        "",
        f"Database size: {size / 1e6:.1f} MB, {size / items:,.0f} bytes per item or sub-entry "
        f"(baseline {os.path.getsize(tmp / 'baseline.db') / items:,.0f}).",
        "",
    ]


# -- search --------------------------------------------------------------------------------------

def quality(ask: Callable[[str], list[dict]]) -> float:
    ranks = [rank_of_first_correct(ask(q.q), q) for q in GOLDEN]
    return sum(1 for r in ranks if r in (0, 1)) / len(ranks)


def baselines(store: Store) -> tuple[Callable[[str], list[dict]], Callable[[str], list[dict]]]:
    """Plain FTS5 bm25 over the item text, and rapidfuzz over all item texts."""
    from rapidfuzz import fuzz, process

    rows = store.build_plain_index()
    ids = [r[0] for r in rows]
    corpus = [r[1].lower() for r in rows]

    def to_hits(item_ids: list[int]) -> list[dict]:
        items = store.get_items(item_ids)
        return [{"url": i.url, "committee": i.committee_slug, "title": i.title, "text": i.text, "summary": ""}
                for i in items]

    def fts(q: str) -> list[dict]:
        tokens = [t for t in "".join(c if c.isalnum() else " " for c in q.lower()).split() if len(t) > 1]
        if not tokens:
            return []
        expr = " OR ".join(f'"{t}"' for t in tokens)
        return to_hits(store.plain_search(expr, limit=5))

    def fuzzy(q: str) -> list[dict]:
        found = process.extract(q.lower(), corpus, scorer=fuzz.partial_ratio, limit=5)
        return to_hits([ids[index] for _, _, index in found])

    return fts, fuzzy


def bench_search(tmp: Path, sizes: list[int], repeat: int) -> list[str]:
    lines = ["## Questions", "",
             "Median and p95 per question over the golden questions; peak = Python heap during a second pass "
             "(tracemalloc, which is not on while timing).", "",
             "| items | method | median ms | p95 ms | peak MB | ratio (p95) | hit@1 |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    questions = [q.q for q in GOLDEN]
    for size in sizes:
        meetings = max(0, (size - 400) // 13)
        store = build_store(tmp / f"search-{size}.db", meetings)
        items = store.counts().items + store.counts().entries
        engine = SearchEngine(store)
        engine.warm_up()
        fts, fuzzy = baselines(store)
        methods: list[tuple[str, Callable[[str], object]]] = [
            ("namndbot", lambda q, engine=engine: answer_question(engine, q, now=NOW)), ("FTS5 bm25", fts)]
        if items <= 20_000 or repeat > 1:
            methods.append(("rapidfuzz extract", fuzzy))
        results = {}
        for name, func in methods:
            times: list[float] = []
            for _ in range(repeat):
                for q in questions:
                    times.extend(timed(lambda q=q, func=func: func(q), 1))
            # the heap in a pass of its own: tracing every allocation slows Python several times over
            tracemalloc.start()
            for q in questions:
                func(q)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            results[name] = (statistics.median(times), pct(times, 0.95), peak)
        ours = quality(lambda q, e=engine: [hit_json(h) for h in answer_question(e, q, now=NOW).hits])
        base = results["FTS5 bm25"][1]
        for name, (median, p95, peak) in results.items():
            hit1 = f"{ours:.2f}" if name == "namndbot" else f"{quality(fts):.2f}" if name == "FTS5 bm25" else \
                f"{quality(fuzzy):.2f}"
            lines.append(f"| {items:,} | {name} | {median:.1f} | {p95:.1f} | {peak:.1f} | {p95 / base:.1f}× | {hit1} |")
        store.close()
    lines += ["", f"hit@1 is measured on the {len(GOLDEN)} golden questions in the same store: the real pages "
              "plus generated items made of the same Swedish vocabulary (random sentences, so no copies of the "
              "real answers).", ""]
    return lines


# -- bot -----------------------------------------------------------------------------------------

def bench_bot(tmp: Path, users: int, per_user: int) -> list[str]:
    paced = _bench_bot(tmp / "paced", users, per_user, rate=30.0)
    raw = _bench_bot(tmp / "raw", users, per_user, rate=100_000.0)
    (engine_median, engine_p95) = raw[2]
    return [
        "## Telegram bot", "",
        f"{users} simulated users asking {per_user} questions each at once through the fake Bot API server "
        "(long polling, HTML replies with buttons).", "",
        "| | updates/s | reply median ms | reply p95 ms |", "|---|---:|---:|---:|",
        f"| engine alone (answer_question) | {1000 / engine_median:,.0f} | {engine_median:.1f} | {engine_p95:.1f} |",
        f"| bot, sending unthrottled | {raw[0]:.0f} | {statistics.median(raw[1]):.1f} | {pct(raw[1], 0.95):.1f} |",
        f"| bot, paced at Telegram's 30 messages/s | {paced[0]:.0f} | {statistics.median(paced[1]):.1f} | "
        f"{pct(paced[1], 0.95):.1f} |", "",
        "With the pacing on, replies queue behind Telegram's overall limit; the unthrottled row is the bot's own "
        "overhead (update parsing, HTML, buttons, the HTTP round trip) over the engine.", "",
    ]


def _bench_bot(tmp: Path, users: int, per_user: int, *, rate: float
               ) -> tuple[float, list[float], tuple[float, float]]:
    tmp.mkdir(parents=True, exist_ok=True)
    from tests.bot_harness import running_bot
    from tests.fake_telegram import FakeTelegram

    store = build_store(tmp / "bot.db", 0)
    engine = SearchEngine(store)
    questions = [q.q for q in GOLDEN]
    engine_times = [t for q in questions for t in timed(lambda q=q: answer_question(engine, q, now=NOW), 1)]

    async def go() -> tuple[float, list[float]]:
        server = await FakeTelegram().start()
        try:
            async with running_bot(server, store, rate_per_minute=10_000, send_rate_global=rate):
                pushed: dict[int, float] = {}
                start = time.perf_counter()
                for n in range(users * per_user):
                    chat = 1 + n % users
                    pushed[chat * 10_000 + n // users] = time.perf_counter()
                    server.message(questions[n % len(questions)], chat_id=chat, user_id=chat)
                await server.wait_for("sendMessage", users * per_user, timeout=600)
                elapsed = time.perf_counter() - start
            sends = [c for c in server.calls if c.method == "sendMessage"]
            per_chat: dict[int, int] = {}
            latencies = []
            for call in sends:
                chat = int(call.params["chat_id"])
                k = per_chat.get(chat, 0)
                per_chat[chat] = k + 1
                latencies.append((call.at - (pushed[chat * 10_000 + k] - time.perf_counter() + time.monotonic()))
                                 * 1000)
            return elapsed, latencies
        finally:
            await server.stop()

    elapsed, latencies = asyncio.run(go())
    return (users * per_user) / elapsed, latencies, (statistics.median(engine_times), pct(engine_times, 0.95))


# -- digest --------------------------------------------------------------------------------------

def bench_digest(tmp: Path, meetings: int, subscribers: int, send_count: int) -> list[str]:
    import random

    from knowledge.digest import DigestPlanner, interpret_subscription, plan_run
    from knowledge.store.subscriptions import SubscriptionStore

    store = build_store(tmp / "digest.db", meetings // 2)
    engine = SearchEngine(store)
    rng = random.Random(3)
    topics = ["telefoni", "upphandling", "kollektivtrafik", "budget", "ambulans", "museum", "avtal", "lokaler",
              "tandvård", "bibliotek", "folkhögskola", "vindkraft", "parkering", "städtjänster", "el"]
    committees = ["servicenämnden", "regionstyrelsen", "hälso- och sjukvårdsnämnden", "kollektivtrafiknämnden"]
    kinds = [tuple(map(str, interpret_subscription(engine, t, now=NOW))) for t in topics + committees]
    kinds += [("case", f"RS:{2015 + n % 11}:{n}", f"RS {n}") for n in range(1, 200)]
    subs = SubscriptionStore(store).add_many(
        [(c, *rng.choice(kinds)) for c in range(1, subscribers + 1) for _ in range(3)], now=STAMP)
    generator = CorpusGenerator(seed=99)
    for n in range(meetings // 2, meetings):  # the week's new pages
        source, text = generator.page(n)
        store_page(store, source, text, now=STAMP)
    items = store.counts().items + store.counts().entries

    engine.warm_up()  # vocabulary and catalog load once per process, as the bot does at start
    start = time.perf_counter()
    digests = DigestPlanner(engine, today=NOW).plan()
    ours = time.perf_counter() - start
    non_empty = sum(1 for d in digests if not d.empty)
    start = time.perf_counter()
    composed = plan_run(engine, "compose", now=STAMP)  # matching, summaries, rendering, buttons' tokens
    compose = time.perf_counter() - start
    shown = sum(len(d.shown) for d, _ in composed) / max(1, len(composed))

    # naive baseline: one matching query per subscription of each subscriber (on a sample, scaled)
    planner = DigestPlanner(engine, today=NOW)
    due = [d for chat in SubscriptionStore(store).due().values() for d in chat][:600]
    upto = store.current_seq()
    start = time.perf_counter()
    for d in due:
        planner.matches(d.subscription.kind, d.subscription.value, after=d.last_seq, upto=upto)
    naive = (time.perf_counter() - start) / len(due) * subs

    rate, sent, elapsed = asyncio.run(_deliver(tmp, store, engine, send_count))
    return [
        "## Weekly digest", "",
        f"{subscribers:,} subscribers × 3 subscriptions ({subs:,} distinct rows) over {items:,} items, "
        f"half of them ingested during the week; {non_empty:,} subscribers get a digest.", "",
        "| | time | ratio |", "|---|---:|---:|",
        f"| namndbot: each distinct subscription matched once | {ours:.1f} s | 1.0× |",
        f"| naive: one query per subscription (600 timed, scaled) | {naive:.1f} s | {naive / ours:.1f}× |", "",
        f"Composing every digest of the week (matching, one sentence per item, rendering, ledger rows ready): "
        f"{compose:.1f} s for {len(composed):,} digests of {shown:.1f} items on average.", "",
        f"Delivery against the fake Bot API, paced at 30 messages/s, claiming from the ledger in batches: "
        f"{sent} messages in {elapsed:.1f} s = {rate:.1f}/s ({rate / 30 * 100:.0f} % of the configured pace).", "",
    ]


async def _deliver(tmp: Path, store: Store, engine: SearchEngine, count: int) -> tuple[float, int, float]:
    from telegram import Bot

    from bot.digest_job import deliver_pending
    from bot.settings import Settings
    from knowledge.digest import plan_run, record_planned
    from tests.bot_harness import TOKEN
    from tests.fake_telegram import FakeTelegram

    planned = plan_run(engine, "bench", now=STAMP)[:count]
    record_planned(store, "bench", planned, now=STAMP)
    server = await FakeTelegram().start()
    try:
        async with Bot(TOKEN, base_url=server.url) as bot:
            start = time.perf_counter()
            report = await deliver_pending(bot, store, Settings(db_path=store.path, token=TOKEN), run_key="bench")
            elapsed = time.perf_counter() - start
    finally:
        await server.stop()
    return report.messages / elapsed, report.messages, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", default="ingest,search,bot,digest")
    args = parser.parse_args()
    only = set(args.only.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="namndbot-bench-"))
    report = ["# Benchmarks", "", f"`python bench/run.py{' --quick' if args.quick else ''}` on "
              f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}.", ""]
    try:
        if "ingest" in only:
            report += bench_ingest(tmp, 300 if args.quick else 10_000)
        if "search" in only:
            report += bench_search(tmp, [1_000, 3_000] if args.quick else [1_000, 10_000, 100_000], 1)
        if "bot" in only:
            report += bench_bot(tmp, 20 if args.quick else 100, 2 if args.quick else 5)
        if "digest" in only:
            report += bench_digest(tmp, 400 if args.quick else 7_700, 500 if args.quick else 10_000,
                                   60 if args.quick else 600)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\n".join(report))


if __name__ == "__main__":
    main()
