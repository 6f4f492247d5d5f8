"""The Telegram exchange on the README's first screen, produced by the bot's own renderer.

`python -m tests.readme_transcript` rewrites the block in README.md; tests/test_readme.py checks it is current.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

from handlers.questions import render_page
from knowledge.sample_data import load_sample_data
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
from knowledge.store import Store

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- telegram-exchange:start -->", "<!-- telegram-exchange:end -->"
QUESTIONS = ("vad beslutades om telefoni?", "24RS1647", "simhallar i servicenämnden maj 2024")
NOW = date(2025, 6, 30)


def as_phone_shows(body: str) -> str:
    """Turn Telegram HTML into the text a phone shows: tags gone, links as their words."""
    return html.unescape(re.sub(r"</?(?:b|i|code|a)\b[^>]*>", "", body))


def exchange(engine: SearchEngine) -> str:
    """Return the chat: each question, the bot's reply as shown, and its buttons in brackets."""
    lines: list[str] = []
    for question in QUESTIONS:
        body, markup = render_page(answer_question(engine, question, now=NOW), 1, 0)
        lines.append(f"> {question}")
        lines.extend(as_phone_shows(body).splitlines())
        for row in markup.inline_keyboard if markup else ():
            lines.append(" ".join(f"[ {button.text} ]" for button in row))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def block(engine: SearchEngine) -> str:
    """Return the README block, markers included."""
    return f"{START}\n```\n{exchange(engine)}```\n{END}"


def current_block(readme: str) -> str:
    """Return the block as it stands in the README."""
    return readme[readme.index(START): readme.index(END) + len(END)]


def main() -> int:
    """Write the exchange into README.md."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "sample.db") as store:
        load_sample_data(store, now="2025-01-01T00:00:00+00:00")
        text = README.read_text(encoding="utf-8")
        README.write_text(text.replace(current_block(text), block(SearchEngine(store))), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
