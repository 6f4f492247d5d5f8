"""The namndbot knowledge library: parse meeting pages, store them, answer questions.

Nothing in this package imports telegram; the bot and the CLI are thin clients of it.
"""
