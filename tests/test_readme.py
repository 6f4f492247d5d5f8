"""The README's first screen shows what the bot really replies."""

from __future__ import annotations

from knowledge.search.engine import SearchEngine
from tests.readme_transcript import README, block, current_block


def test_readme_shows_the_exchange_the_renderer_produces(sample_engine: SearchEngine) -> None:
    """Regenerate with `python -m tests.readme_transcript` after changing replies."""
    readme = README.read_text(encoding="utf-8")
    assert current_block(readme) == block(sample_engine)
    assert readme.index(current_block(readme)) < 1500  # on the first screen
