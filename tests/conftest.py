"""Shared fixtures: real SQLite files in temporary folders, filled from real pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path

import pytest

from knowledge.sample_data import load_sample_data
from knowledge.search.engine import SearchEngine
from knowledge.store import Store
from tests.fake_telegram import FakeTelegram

NOW = date(2025, 6, 30)
INGESTED_AT = "2025-01-01T00:00:00+00:00"
TESTS = Path(__file__).parent
SEEDS = Path(__file__).resolve().parent.parent / "knowledge" / "sample_data" / "seeds"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in a fresh file."""
    with Store(tmp_path / "namndbot.db") as s:
        yield s


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the bundled sample data (built once, copied per use)."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with Store(path) as s:
        load_sample_data(s, now=INGESTED_AT)
        s.checkpoint()
    return path


@pytest.fixture(scope="session")
def sample_engine(sample_db: Path) -> SearchEngine:
    """A search engine over the sample data, shared by read-only tests."""
    return SearchEngine(Store(sample_db))


@pytest.fixture
def sample_store(sample_db: Path, tmp_path: Path) -> Store:
    """A private, writable copy of the sample database."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(sample_db.read_bytes())
    with Store(copy) as s:
        yield s


@pytest.fixture(autouse=True)
def _forget_log_handlers() -> Iterator[None]:
    """Drop the log handlers a CLI run in this test set up; their stream is this test's captured stderr."""
    yield
    logging.getLogger().handlers.clear()


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    """A fake Telegram Bot API on a free port of 127.0.0.1, recording what the bot sends."""
    fake = await FakeTelegram().start()
    yield fake
    await fake.stop()
