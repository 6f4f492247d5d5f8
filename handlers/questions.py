"""Questions: free text, /sok, /arende, /senaste, paging and full-text buttons, inline mode."""

from __future__ import annotations

import asyncio
import html

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from handlers.common import MAX_INCOMING_CHARS, addressed_text, blocking, now_utc, reply_html, services
from knowledge import texts
from knowledge.language.question import parse_question
from knowledge.pages.casenumbers import parse_case_query
from knowledge.render import (
    render_answer_html,
    render_full_item_html,
    render_hit_html,
    render_no_hits_html,
    split_for_messages,
)
from knowledge.render.cards import agenda_html, build_card, small_talk_text
from knowledge.search.answer import Answer, answer_question
from knowledge.store.agenda import latest_agenda
from knowledge.store.overview import list_committees, overview
from knowledge.store.queries import new_token

PAGE_SIZE = 3
MAX_HITS = 30


def callback_data(prefix: str, value: str) -> str:
    """Return `prefix:value` cut to Telegram's 64 bytes without splitting a character."""
    data = f"{prefix}:{value}".encode()[:64]
    return data.decode("utf-8", errors="ignore")


def _answer(context: ContextTypes.DEFAULT_TYPE, text: str, *, limit: int = MAX_HITS) -> Answer:
    svc = services(context)
    return answer_question(svc.engine, text, now=svc.today(), limit=limit)


def small_int(value: str) -> int | None:
    """Return the number in a button's data when it is a plain one SQLite can hold, else None (forged data)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def render_page(answer: Answer, query_id: str, offset: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """Render one page of an answer: the header line, up to three numbered cards, a page line and buttons."""
    if not answer.hits:
        offers = answer.suggestions or (small_talk_text(answer)[1] if answer.small_talk else ())
        buttons = [[InlineKeyboardButton(s, callback_data=callback_data("say", s))] for s in offers]
        return render_no_hits_html(answer), InlineKeyboardMarkup(buttons) if buttons else None
    page = answer.hits[offset : offset + PAGE_SIZE]
    body = render_answer_html(answer, offset=offset, count=PAGE_SIZE)
    total = len(answer.hits)
    if total > PAGE_SIZE:
        body += "\n\n" + texts.PAGE.format(first=offset + 1, last=offset + len(page), total=total)
    rows: list[list[InlineKeyboardButton]] = []
    full_buttons = [
        InlineKeyboardButton(texts.BUTTON_FULL_N.format(n=n), callback_data=f"full:{hit.item_id}")
        for n, hit in enumerate(page, start=offset + 1)
    ]
    rows.append(full_buttons)
    nav = []
    if offset > 0:
        nav.append(InlineKeyboardButton(texts.BUTTON_PREV, callback_data=f"pg:{query_id}:{max(0, offset - PAGE_SIZE)}"))
    if offset + PAGE_SIZE < total:
        nav.append(InlineKeyboardButton(texts.BUTTON_MORE, callback_data=f"pg:{query_id}:{offset + PAGE_SIZE}"))
    if nav:
        rows.append(nav)
    return body, InlineKeyboardMarkup(rows)


async def answer_text(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Answer a question in the chat it came from, first page of hits."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    svc = services(context)
    if user is not None and not svc.limiter.allow(user.id):
        await message.reply_text(texts.RATE_LIMITED)
        return
    text = text[: MAX_INCOMING_CHARS * 4]
    await message.chat.send_action(ChatAction.TYPING)
    await _reply_with_answer(message, context, await blocking(_answer, context, text))


async def _reply_with_answer(message: Message, context: ContextTypes.DEFAULT_TYPE, answer: Answer) -> None:
    """Reply with the first page of an answer; the question is stored so its buttons outlive the process.

    The question is stored for this chat under a fresh token while the reply goes out, so a
    write lock held elsewhere (a long ingest) delays neither the answer nor other chats.
    """
    store = services(context).store
    token = new_token()
    write = asyncio.ensure_future(blocking(store.remember_query, message.chat.id, answer.interpretation.text or " ",
                                           now=now_utc(), token=token))
    body, markup = render_page(answer, token, 0)
    try:
        await reply_html(message, body, reply_markup=markup)
    finally:
        await write


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a plain text message: every one in private chats, mentions and replies in groups."""
    me = context.bot
    text = addressed_text(update, bot_username=me.username, bot_id=me.id)
    if text is None:
        return
    await answer_text(update, context, text)


async def on_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the sender of a photo, sticker or voice message that only text works."""
    message = update.effective_message
    if message is not None and message.chat.type == ChatType.PRIVATE:
        await message.reply_text(texts.NON_TEXT)


async def cmd_sok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Search: /sok <fråga>."""
    text = " ".join(context.args or [])
    if not text.strip():
        if update.effective_message:
            await update.effective_message.reply_text(texts.SOK_USAGE)
        return
    await answer_text(update, context, text)


async def cmd_arende(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Look up a case number: /arende <diarienummer>."""
    message = update.effective_message
    if message is None:
        return
    text = " ".join(context.args or []).strip()
    if not text:
        await message.reply_text(texts.ARENDE_USAGE)
        return
    svc = services(context)
    series = await blocking(lambda: svc.engine.catalog.series)
    if parse_case_query(text, known_series=series) is None:
        await message.reply_text(texts.ARENDE_BAD.format(text=html.escape(text[:60])))
        return
    await message.chat.send_action(ChatAction.TYPING)
    answer = await blocking(_answer, context, text)
    if answer.interpretation.intent != "case_lookup" or not answer.hits:
        await message.reply_text(texts.ARENDE_NOT_FOUND.format(case=html.escape(text[:60])))
        return
    await _reply_with_answer(message, context, answer)


async def cmd_senaste(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the latest meeting (of a committee, when named) and its items in agenda order: /senaste [nämnd]."""
    name = " ".join(context.args or []).strip()
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    question = None
    if name:
        question = await blocking(parse_question, f"senaste {name}", now=svc.today(), catalog=svc.engine.catalog)
        if not question.committees and not question.organisation:
            await message.reply_text(texts.SENASTE_UNKNOWN.format(name=html.escape(name[:60])))
            return
    await message.chat.send_action(ChatAction.TYPING)
    agenda = await blocking(latest_agenda, svc.store, committee_slugs=question.committees if question else (),
                            organisation=question.organisation if question else None)
    if agenda is None:
        await message.reply_text(texts.SENASTE_EMPTY)
        return
    part = ""
    for line in agenda_html(agenda).split("\n"):  # whole lines per message, so no tag is split
        if part and len(part) + 1 + len(line) > 4000:
            await reply_html(message, part)
            part = ""
        part = f"{part}\n{line}" if part else line
    await reply_html(message, part)


async def cmd_namnder(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the committees in the store with their latest meeting date."""
    message = update.effective_message
    if message is None:
        return
    committees = await blocking(list_committees, services(context).store)
    if not committees:
        await message.reply_text(texts.COMMITTEES_EMPTY)
        return
    lines = [texts.COMMITTEES_HEADER]
    lines += [texts.COMMITTEE_LINE.format(name=html.escape(c.name), organisation=html.escape(c.organisation or ""),
                                          date=c.latest_meeting or texts.NO_DATE) for c in committees]
    for part in split_for_messages("\n".join(lines)):
        await reply_html(message, part)


async def cmd_om(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell where the data comes from and how fresh it is."""
    message = update.effective_message
    if message is None:
        return
    info = await blocking(overview, services(context).store)
    await reply_html(message, texts.ABOUT.format(
        organisations=html.escape(", ".join(info.organisations) or "–"), meetings=info.meetings, items=info.items,
        first=info.first_date or "–", last=info.last_date or "–", ingested=(info.last_ingested or "–")[:10],
    ))


async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome: what the bot knows, and example questions as buttons."""
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    info = await blocking(overview, svc.store)
    if not info.meetings:
        await message.reply_text(texts.START_EMPTY)
        return
    committees = await blocking(list_committees, svc.store)
    buttons = []
    for example in texts.EXAMPLE_QUESTIONS:
        token = await blocking(svc.store.remember_query, message.chat.id, example, now=now_utc())
        buttons.append([InlineKeyboardButton(example, callback_data=f"ask:{token}")])
    await message.reply_text(
        texts.START.format(meetings=info.meetings, committees=len(committees), first=info.first_date or "–",
                           last=info.last_date or "–"),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def cmd_hjalp(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask."""
    if update.effective_message:
        await reply_html(update.effective_message, services(context).help_text)


async def on_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Turn the page of an answer in place: callback data pg:<token>:<offset>, for this chat only."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None:
        return
    svc = services(context)
    _, token, offset_text = (query.data.split(":") + ["", ""])[:3]
    offset = small_int(offset_text)
    text = None
    if chat is not None and token and offset is not None:
        text = await blocking(svc.store.recall_query, chat.id, token, now=now_utc())
    if text is None or offset is None:
        await query.answer(texts.EXPIRED)
        return
    answer = await blocking(_answer, context, text)
    body, markup = render_page(answer, token, max(0, min(offset, max(0, len(answer.hits) - 1))))
    await query.answer()
    await query.edit_message_text(body, reply_markup=markup)


async def on_ask_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask the question behind an example (ask:<token>, this chat's) or suggestion (say:<words>) button."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None:
        return
    svc = services(context)
    prefix, _, value = query.data.partition(":")
    if prefix == "say":
        text: str | None = value
    else:
        text = await blocking(svc.store.recall_query, chat.id, value, now=now_utc()) if chat else None
    if not text:
        await query.answer(texts.EXPIRED)
        return
    await query.answer()
    await answer_text(update, context, text)


async def on_full(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send an item's whole text, split at paragraphs under Telegram's length limit."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    svc = services(context)
    item_id = small_int(query.data.partition(":")[2])
    item = await blocking(svc.store.get_item, item_id) if item_id is not None else None
    if item is None:
        await query.answer(texts.EXPIRED)
        return
    await query.answer()
    parent = await blocking(svc.store.get_item, item.parent_id) if item.parent_id is not None else None
    for part in split_for_messages(render_full_item_html(item, parent)):
        await context.bot.send_message(query.message.chat.id, part)


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer @bot queries from any chat with up to ten results; empty query: the latest items."""
    inline = update.inline_query
    if inline is None:
        return
    svc = services(context)
    text = inline.query.strip() or "senaste mötet"
    if inline.from_user and not svc.limiter.allow(inline.from_user.id):
        await inline.answer([], cache_time=5)
        return
    answer = await blocking(_answer, context, text, limit=10)
    results = [
        InlineQueryResultArticle(
            id=str(hit.item_id),
            title=hit.title[:200],
            description=build_card(hit, None, show_organisation=answer.several_organisations).where,
            input_message_content=InputTextMessageContent(
                render_hit_html(hit, show_organisation=answer.several_organisations)),
        )
        for hit in answer.hits[:10]
    ]
    if not results:  # an empty list shows nothing at all; say so, and lead to the bot
        query = inline.query.strip()[:60]
        results = [InlineQueryResultArticle(
            id="none", title=texts.INLINE_OPEN_BOT,
            description=texts.INLINE_OPEN_BOT_DESCRIPTION.format(query=query),
            input_message_content=InputTextMessageContent(
                texts.INLINE_OPEN_BOT_MESSAGE.format(query=html.escape(query), username=context.bot.username)),
        )]
    await inline.answer(results, cache_time=30, is_personal=False)
