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
    SubscriptionError,
    add_subscription,
    explain_delivery,
    interpret_subscription,
    preview_html,
    render_all_html,
)
from knowledge.models import SubscriptionKind
from knowledge.render.cards import short_organisation
from knowledge.store import Committee, Store
from knowledge.store.deliveries import DeliveryLedger
from knowledge.store.overview import list_committees
from knowledge.store.subscriptions import SubscriptionStore

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
    shown = ", ".join(c.name for c in list_committees(svc.store) if c.slug in value.split(",")) \
        if kind == SubscriptionKind.COMMITTEE else value if kind == SubscriptionKind.TOPIC else label
    return _confirm(context, chat_id, kind, value, label, shown)


def _subscribe_committee(context: ContextTypes.DEFAULT_TYPE, chat_id: int, committee_id: int) -> str | None:
    """Follow the committee (of one organisation) a button names; None when the button is stale."""
    svc = services(context)
    choice = svc.store.committee(committee_id)
    if choice is None:
        return None
    label = committee_label(choice)
    value = f"{choice.slug}@{choice.organisation}" if choice.organisation else choice.slug
    return _confirm(context, chat_id, SubscriptionKind.COMMITTEE, value, label, label)


def committee_label(choice: Committee) -> str:
    """Name a committee with its organisation: "Regionfullmäktige (Gävleborg)"."""
    return f"{choice.name} ({short_organisation(choice.organisation)})" if choice.organisation else choice.name


def _confirm(context: ContextTypes.DEFAULT_TYPE, chat_id: int, kind: SubscriptionKind, value: str, label: str, shown: str) -> str:
    svc = services(context)
    add_subscription(svc.store, chat_id, kind, value, label, now=now_iso())
    settings = svc.settings
    rule = texts.SUB_RULES[kind].format(value=shown)
    lines = [html.escape(texts.SUB_CONFIRM.format(
        what=f"{texts.SUB_KIND_LABELS[kind].lower()} ”{label}”", rule=rule,
        day=texts.WEEKDAYS[settings.digest_day], time=settings.digest_time,
    ))]
    preview = preview_html(svc.engine, kind, value, label, today=svc.today(), limit=PREVIEW_ITEMS)
    lines.append("")
    if preview:
        lines.append(texts.SUB_PREVIEW)
        lines.append(preview)
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
    subscriptions = SubscriptionStore(services(context).store)
    subs = subscriptions.of_chat(chat_id)
    if not subs:
        return texts.SUB_LIST_EMPTY, None
    subscriber = subscriptions.subscriber(chat_id)
    header = texts.SUB_LIST_HEADER.format(paused=texts.SUB_LIST_PAUSED if subscriber and subscriber.paused else "")
    lines = [header] + [f"{n}. {html.escape(texts.SUB_KIND_LABELS[s.kind])}: {html.escape(s.label)}"
                        for n, s in enumerate(subs, start=1)]
    buttons = [[InlineKeyboardButton(texts.SUB_REMOVE_BUTTON.format(n=n), callback_data=f"unsub:{s.id}")]
               for n, s in enumerate(subs, start=1)]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


async def cmd_mina(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List this chat's subscriptions, each with a remove button."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not await _may_change(update, context):
        return
    body, markup = await blocking(_list_markup, context, chat.id)
    await reply_html(message, body, reply_markup=markup)


async def cmd_avsluta(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop one subscription by its number in /mina, or all of them."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not await _may_change(update, context):
        return
    subscriptions = SubscriptionStore(services(context).store)
    arg = " ".join(context.args or []).strip().lower()
    subs = await blocking(subscriptions.of_chat, chat.id)
    if not arg:
        if len(subs) == 1:
            arg = "1"
        else:
            body, markup = await blocking(_list_markup, context, chat.id)
            await reply_html(message, f"{html.escape(texts.SUB_AVSLUTA_USAGE)}\n\n{body}", reply_markup=markup)
            return
    if arg == "alla":
        count = await blocking(subscriptions.remove_all, chat.id)
        await message.reply_text(texts.SUB_REMOVED_ALL.format(n=count))
        return
    if not arg.isdigit() or not 1 <= int(arg) <= len(subs):
        await message.reply_text(texts.SUB_NOT_FOUND.format(n=html.escape(arg[:20])))
        return
    sub = subs[int(arg) - 1]
    await blocking(subscriptions.remove, chat.id, sub.id)
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
    known = await blocking(SubscriptionStore(services(context).store).set_paused, chat.id, paused)
    if not known:
        await message.reply_text(texts.SUB_NOT_SUBSCRIBER)
        return
    await message.reply_text(texts.SUB_PAUSED if paused else texts.SUB_RESUMED)


async def cmd_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send this chat's digest now, for what is new since its last one."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not await _may_change(update, context):
        return
    svc = services(context)
    if not await blocking(SubscriptionStore(svc.store).of_chat, chat.id):
        await message.reply_text(texts.SUB_NOT_SUBSCRIBER)
        return
    if svc.send_digest is None:
        return
    report = await svc.send_digest(chat.id)
    if report.planned == 0:
        sent_before = await blocking(DeliveryLedger(svc.store).has_sent, chat.id)
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


def _small_int(value: str) -> int | None:
    """Return a button's number when it is one SQLite can hold, else None (forged data)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle unsub:<id>, sub:c:<slug> and del:yes|no buttons; anything else is stale."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None or chat is None or not await _may_change(update, context):
        return
    subscriptions = SubscriptionStore(services(context).store)
    prefix, _, value = query.data.partition(":")
    if prefix == "unsub":
        number = _small_int(value)
        subs = {sub.id: sub for sub in await blocking(subscriptions.of_chat, chat.id)}
        sub = subs.get(number) if number is not None else None
        if sub is None or not await blocking(subscriptions.remove, chat.id, sub.id):
            await query.answer(texts.EXPIRED)
            return
        await query.answer(texts.SUB_REMOVED.format(label=sub.label))
        body, markup = await blocking(_list_markup, context, chat.id)
        await query.edit_message_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)
    elif prefix == "sub" and value.startswith("p:"):
        offset = _small_int(value[2:]) or 0
        await query.answer()
        markup = await blocking(committee_buttons, services(context).store, offset)
        await query.edit_message_text(texts.SUB_PICK_COMMITTEE, reply_markup=markup)
    elif prefix == "sub":
        committee_id = _small_int(value.partition(":")[2])
        try:
            reply = await blocking(_subscribe_committee, context, chat.id, committee_id) \
                if committee_id is not None else None
        except SubscriptionError as exc:
            reply = html.escape(str(exc))
        if reply is None:
            await query.answer(texts.EXPIRED)
            return
        await query.answer()
        await context.bot.send_message(chat.id, reply, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    elif prefix == "del" and value in {"yes", "no"}:
        await query.answer()
        if value == "yes":
            await blocking(subscriptions.delete_chat, chat.id)
            await query.edit_message_text(texts.DELETED)
        else:
            await query.edit_message_text(texts.DELETE_CANCELLED)
    else:
        await query.answer(texts.EXPIRED)


async def on_digest_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The buttons under a digest: dg:all:<token> (every item, with why), dg:mina, dg:paus."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None or chat is None:
        return
    action, _, token = query.data.removeprefix("dg:").partition(":")
    if action not in {"all", "mina", "paus"}:
        await query.answer(texts.EXPIRED)
        return
    if not await _may_change(update, context):
        return
    svc = services(context)
    if action == "mina":
        await query.answer()
        body, markup = await blocking(_list_markup, context, chat.id)
        await context.bot.send_message(chat.id, body, parse_mode=ParseMode.HTML, reply_markup=markup)
        return
    if action == "paus":
        known = await blocking(SubscriptionStore(svc.store).set_paused, chat.id, True)
        await query.answer(texts.SUB_PAUSED if known else texts.EXPIRED)
        return
    delivery = await blocking(DeliveryLedger(svc.store).by_token, chat.id, token) if token else None
    if delivery is None or not delivery.item_ids:
        await query.answer(texts.EXPIRED)
        return
    await query.answer()
    digest = await blocking(explain_delivery, svc.engine, chat.id, delivery.item_ids, today=svc.today())
    for part in render_all_html(digest, delivery.item_ids):
        await context.bot.send_message(chat.id, part, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


async def on_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any button the bot does not (or no longer) know: a toast, and nothing else."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.EXPIRED)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Move subscriptions and the digest ledger when a group becomes a supergroup."""
    message = update.effective_message
    if message is None:
        return
    subscriptions = SubscriptionStore(services(context).store)
    if message.migrate_to_chat_id:
        await blocking(subscriptions.migrate_chat, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await blocking(subscriptions.migrate_chat, message.migrate_from_chat_id, message.chat.id)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an unknown command in a private chat with a pointer to /hjalp."""
    message = update.effective_message
    if message is not None and message.chat.type == ChatType.PRIVATE:
        await message.reply_text(texts.UNKNOWN_COMMAND)
