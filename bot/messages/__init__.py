"""Notices turned into texts, cards, keyboards and callback data, in the reader's language."""
