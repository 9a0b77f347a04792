"""Rasa NLU components (config.yml). The quantity parsers they use live in bot/screening/."""
