"""Fill domain response templates inside an action, to compose one message from many parts.

Used where a message is built from a variable number of parts (an assessment's reasons, a
summary of facts): each part is a response in the domain, so all wording stays translatable.
"""

from __future__ import annotations

from typing import Any


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def template(domain: dict[str, Any], name: str, **values: Any) -> str:
    """The first variation of response `name`, with `{placeholders}` filled from `values`."""
    variations = domain.get("responses", {}).get(name) or [{"text": ""}]
    return str(variations[0].get("text") or "").format_map(_Blank(values))
