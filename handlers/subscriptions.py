"""Subscriptions: /prenumerera, /mina, /avsluta, /paus, /fortsatt, /digest, /radera and their buttons."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.ext import ContextTypes

from handlers.common import blocking, now_iso, reply_html, services
from knowledge import texts
from knowledge.conversation import first_digest_text, next_weekly
from knowledge.digest import (
    DigestPlanner,
    DigestSection,
    Subscription,
    SubscriptionError,
    add_subscription,
    delete_chat,
    interpret_subscription,
    list_subscriptions,
    migrate_chat,
    remove_all_subscriptions,
    remove_subscription,
    render_section_html,
    set_paused,
)
from knowledge.render.cards import short_organisation
from knowledge.store import Committee, Store
from knowledge.store.overview import list_committees

PREVIEW_ITEMS = 3
COMMITTEES_PER_PAGE = 8


async def _may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Private chats may always change; in groups only administrators may."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    if member.status in {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}:
        return True
    if update.callback_query:
        await update.callback_query.answer(texts.SUB_ADMIN_ONLY, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(texts.SUB_ADMIN_ONLY)
    return False


def _subscribe(context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str) -> str:
    """Add a subscription and return the confirmation with a preview, as HTML."""
    svc = services(context)
    kind, value, label = interpret_subscription(svc.engine, text, now=svc.today())
    shown = ", ".join(c.name for c in list_committees(svc.store) if c.slug in value.split(",")) if kind == "committee" \
        else value if kind == "topic" else label
    return _confirm(context, chat_id, kind, value, label, shown)


def _subscribe_committee(context: ContextTypes.DEFAULT_TYPE, chat_id: int, committee_id: int) -> str | None:
    """Follow the committee (of one organisation) a button names; None when the button is stale."""
    svc = services(context)
    choice = svc.store.committee(committee_id)
    if choice is None:
        return None
    label = committee_label(choice)
    value = f"{choice.slug}@{choice.organisation}" if choice.organisation else choice.slug
    return _confirm(context, chat_id, "committee", value, label, label)


def committee_label(choice: Committee) -> str:
    """Name a committee with its organisation: "Regionfullmäktige (Gävleborg)"."""
    return f"{choice.name} ({short_organisation(choice.organisation)})" if choice.organisation else choice.name


def _confirm(context: ContextTypes.DEFAULT_TYPE, chat_id: int, kind: str, value: str, label: str, shown: str) -> str:
    svc = services(context)
    add_subscription(svc.store, chat_id, kind, value, label, now=now_iso())
    settings = svc.settings
    rule = texts.SUB_RULES[kind].format(value=shown)
    lines = [html.escape(texts.SUB_CONFIRM.format(
        what=f"{texts.SUB_KIND_LABELS[kind].lower()} ”{label}”", rule=rule,
        day=texts.WEEKDAYS[settings.digest_day], time=settings.digest_time,
    ))]
    planner = DigestPlanner(svc.engine, today=svc.today())
    ids = planner.matches(kind, value, after=0, upto=svc.store.current_seq())[:PREVIEW_ITEMS]
    lines.append("")
    if ids:
        sub = Subscription(0, chat_id, kind, value, label)
        lines.append(texts.SUB_PREVIEW)
        lines.append(render_section_html(DigestSection(sub, tuple(svc.store.get_items(ids)), len(ids))))
    else:
        lines.append(texts.SUB_PREVIEW_EMPTY)
    return "\n".join(lines)


def committee_buttons(store: Store, offset: int) -> InlineKeyboardMarkup:
    """One button per (organisation, committee) by display name, a page at a time."""
    choices = store.committees()
    several = len({c.organisation for c in choices}) > 1
    page = choices[offset: offset + COMMITTEES_PER_PAGE]
    rows = [[InlineKeyboardButton(committee_label(c) if several else c.name, callback_data=f"sub:c:{c.id}")]
            for c in page]
    nav = []
    if offset > 0:
        nav.append(InlineKeyboardButton(texts.BUTTON_PREV, callback_data=f"sub:p:{max(0, offset - COMMITTEES_PER_PAGE)}"))
    if offset + COMMITTEES_PER_PAGE < len(choices):
        nav.append(InlineKeyboardButton(texts.BUTTON_MORE, callback_data=f"sub:p:{offset + COMMITTEES_PER_PAGE}"))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


async def cmd_prenumerera(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Follow a topic, committee or case number; without argument, offer committee buttons."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not await _may_change(update, context):
        return
    text = " ".join(context.args or []).strip()
    if not text:
        markup = await blocking(committee_buttons, services(context).store, 0)
        await message.reply_text(texts.SUB_PICK_COMMITTEE, reply_markup=markup)
        return
    try:
        reply = await blocking(_subscribe, context, chat.id, text)
    except SubscriptionError as exc:
        await message.reply_text(html.escape(str(exc)))
        return
    await reply_html(message, reply)


def _list_markup(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    store = services(context).store
    subs = list_subscriptions(store, chat_id)
    if not subs:
        return texts.SUB_LIST_EMPTY, None
    paused = store.query("SELECT paused FROM subscribers WHERE chat_id = ?", (chat_id,))
    header = texts.SUB_LIST_HEADER.format(paused=texts.SUB_LIST_PAUSED if paused and paused[0][0] else "")
    lines = [header] + [f"{n}. {html.escape(texts.SUB_KIND_LABELS[s.kind])}: {html.escape(s.label)}"
                        for n, s in enumerate(subs, start=1)]
    buttons = [[InlineKeyboardButton(texts.SUB_REMOVE_BUTTON.format(n=n), callback_data=f"unsub:{s.id}")]
               for n, s in enumerate(subs, start=1)]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


async def cmd_mina(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List this chat's subscriptions, each with a remove button."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    body, markup = await blocking(_list_markup, context, chat.id)
    await reply_html(message, body, reply_markup=markup)


async def cmd_avsluta(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop one subscription by its number in /mina, or all of them."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not await _may_change(update, context):
        return
    store = services(context).store
    arg = " ".join(context.args or []).strip().lower()
    subs = await blocking(list_subscriptions, store, chat.id)
    if not arg:
        if len(subs) == 1:
            arg = "1"
        else:
            body, markup = await blocking(_list_markup, context, chat.id)
            await reply_html(message, f"{html.escape(texts.SUB_AVSLUTA_USAGE)}\n\n{body}", reply_markup=markup)
            return
    if arg == "alla":
        count = await blocking(remove_all_subscriptions, store, chat.id)
        await message.reply_text(texts.SUB_REMOVED_ALL.format(n=count))
        return
    if not arg.isdigit() or not 1 <= int(arg) <= len(subs):
        await message.reply_text(texts.SUB_NOT_FOUND.format(n=html.escape(arg[:20])))
        return
    sub = subs[int(arg) - 1]
    await blocking(remove_subscription, store, chat.id, sub.id)
    await message.reply_text(texts.SUB_REMOVED.format(label=html.escape(sub.label)))


async def cmd_paus(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pause the weekly digest."""
    await _pause(update, context, paused=True)


async def cmd_fortsatt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Resume the weekly digest."""
    await _pause(update, context, paused=False)


async def _pause(update: Update, context: ContextTypes.DEFAULT_TYPE, *, paused: bool) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not await _may_change(update, context):
        return
    known = await blocking(set_paused, services(context).store, chat.id, paused)
    if not known:
        await message.reply_text(texts.SUB_NOT_SUBSCRIBER)
        return
    await message.reply_text(texts.SUB_PAUSED if paused else texts.SUB_RESUMED)


async def cmd_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send this chat's digest now, for what is new since its last one."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    svc = services(context)
    if not await blocking(list_subscriptions, svc.store, chat.id):
        await message.reply_text(texts.SUB_NOT_SUBSCRIBER)
        return
    from bot.digest_job import run_digest

    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    report = await run_digest(context.bot, svc.engine, svc.settings, run_key=f"manual:{chat.id}:{stamp}", now=stamp,
                              chat_ids=[chat.id])
    if report.planned == 0:
        sent_before = await blocking(svc.store.query, "SELECT 1 FROM deliveries WHERE chat_id = ? AND status = 'sent'"
                                     " LIMIT 1", (chat.id,))
        if sent_before or svc.settings is None:
            await message.reply_text(texts.DIGEST_NOTHING)
        else:
            settings = svc.settings
            when = next_weekly(datetime.now(UTC), weekday=settings.digest_day, at=settings.digest_time,
                               timezone=settings.timezone)
            await message.reply_text(first_digest_text(when))


async def cmd_radera(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for confirmation, then delete everything stored about this chat."""
    message = update.effective_message
    if message is None or not await _may_change(update, context):
        return
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton(texts.DELETE_YES, callback_data="del:yes"),
                                     InlineKeyboardButton(texts.DELETE_NO, callback_data="del:no")]])
    await message.reply_text(texts.DELETE_CONFIRM, reply_markup=buttons)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle unsub:<id>, sub:c:<slug> and del:yes|no buttons."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None or chat is None or not await _may_change(update, context):
        return
    store = services(context).store
    prefix, _, value = query.data.partition(":")
    if prefix == "unsub":
        subs = {s.id: s for s in await blocking(list_subscriptions, store, chat.id)}
        sub = subs.get(int(value)) if value.isdigit() else None
        removed = sub is not None and await blocking(remove_subscription, store, chat.id, sub.id)
        await query.answer(texts.SUB_REMOVED.format(label=sub.label) if removed and sub else texts.EXPIRED)
        body, markup = await blocking(_list_markup, context, chat.id)
        await query.edit_message_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)
    elif prefix == "sub" and value.startswith("p:"):
        offset = int(value[2:]) if value[2:].isdigit() else 0
        await query.answer()
        markup = await blocking(committee_buttons, store, offset)
        await query.edit_message_text(texts.SUB_PICK_COMMITTEE, reply_markup=markup)
    elif prefix == "sub":
        committee_id = value.partition(":")[2]
        try:
            reply = await blocking(_subscribe_committee, context, chat.id, int(committee_id)) \
                if committee_id.isdigit() else None
        except SubscriptionError as exc:
            reply = html.escape(str(exc))
        if reply is None:
            await query.answer(texts.EXPIRED, show_alert=True)
            return
        await query.answer()
        await context.bot.send_message(chat.id, reply, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    elif prefix == "del":
        await query.answer()
        if value == "yes":
            await blocking(delete_chat, store, chat.id)
            await query.edit_message_text(texts.DELETED)
        else:
            await query.edit_message_text(texts.DELETE_CANCELLED)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Move subscriptions when a group becomes a supergroup."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        await blocking(migrate_chat, services(context).store, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await blocking(migrate_chat, services(context).store, message.migrate_from_chat_id, message.chat.id)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an unknown command in a private chat with a pointer to /hjalp."""
    message = update.effective_message
    if message is not None and message.chat.type == ChatType.PRIVATE:
        await message.reply_text(texts.UNKNOWN_COMMAND)
