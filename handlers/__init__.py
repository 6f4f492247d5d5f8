"""Telegram handlers: thin adapters from an Update to a knowledge call and a reply."""
