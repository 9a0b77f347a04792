"""Response text inside an action, to compose one message from many parts (bot/responses.py).

Used where a message is built from a variable number of parts (an assessment's reasons, a
summary of facts): each part is a response in the domain, so all wording stays translatable.
"""

from __future__ import annotations

from bot.responses import article_button, response_text

template = response_text  # the actions' name for it: template(domain, name, slots, **values)

__all__ = ["article_button", "response_text", "template"]
