"""Render answers and items for each surface: terminal text, Telegram HTML, JSON. Knows nothing of ranking."""

from knowledge.render.html import (
    TITLE_DISPLAY_LIMIT,
    render_answer_html,
    render_full_item_html,
    render_hit_html,
    render_no_hits_html,
    split_for_messages,
)
from knowledge.render.json import answer_json, hit_json, interpretation_json
from knowledge.render.text import (
    html_to_plain,
    render_answer_text,
    render_hit_text,
    render_ingest_report,
    render_item_text,
)

__all__ = [
    "TITLE_DISPLAY_LIMIT",
    "answer_json", "hit_json", "html_to_plain", "interpretation_json",
    "render_answer_text", "render_hit_html", "render_hit_text", "render_ingest_report", "render_item_text",
    "render_answer_html", "render_full_item_html", "render_no_hits_html", "split_for_messages",
]
