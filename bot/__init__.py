"""namndbot application: settings, wiring of the Telegram bot, and the command line."""

import os

# Opt in to python-telegram-bot's coming behaviour: RetryAfter.retry_after as a timedelta.
os.environ.setdefault("PTB_TIMEDELTA", "1")
