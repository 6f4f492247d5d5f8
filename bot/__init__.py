"""namndbot application: settings, wiring of the Telegram bot, and the command line."""
