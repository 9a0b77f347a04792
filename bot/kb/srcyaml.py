"""YAML reading with line numbers, and small checks shared by the source parsers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

LINE = "__line__"


class SourceError(ValueError):
    """Malformed or inconsistent source data; str() reads "<file>:<line>: <problem>"."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = f"{self.path.name}:{line}" if line else self.path.name
        super().__init__(f"{where}: {problem}")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's first line under the key "__line__"."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_source(path: Path) -> str:
    """The text of a UTF-8 source file; a missing or undecodable one is a SourceError."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(path, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise SourceError(path, None, f"not UTF-8: {exc}") from None


def load_yaml(path: Path) -> Any:
    """Parse *path*; mappings carry their line under "__line__". YAML errors become SourceError."""
    text = read_source(path)
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(path, line, f"invalid YAML: {exc.problem or exc.context}") from None


def line_of(node: Any, default: int | None = None) -> int | None:
    """Line recorded for a mapping, or *default*."""
    return node.get(LINE, default) if isinstance(node, dict) else default


def require_mapping(node: Any, path: Path, line: int | None, what: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise SourceError(path, line, f"{what} must be a mapping")
    return node


def require(node: dict[str, Any], key: str, kind: type | tuple[type, ...], path: Path) -> Any:
    """node[key], checked for presence, type and (for strings) non-emptiness."""
    line = line_of(node)
    if key not in node or node[key] is None:
        raise SourceError(path, line, f"missing key '{key}'")
    value = node[key]
    # bool is an int in Python; YAML "yes" must not pass as an article number.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise SourceError(path, line, f"'{key}' must be {names}, got {value!r}")
    if isinstance(value, str) and not value.strip():
        raise SourceError(path, line, f"'{key}' is empty")
    return value


def reject_unknown_keys(node: dict[str, Any], allowed: set[str], path: Path, what: str) -> None:
    unknown = sorted(str(k) for k in node if k != LINE and k not in allowed)
    if unknown:
        raise SourceError(path, line_of(node), f"unknown key(s) in {what}: {', '.join(unknown)}")


def parse_ranges(spec: str, upper: int) -> list[int]:
    """"all" → 1..upper; "28-42" or "1-4, 28-42" or "7" → those numbers. ValueError if malformed."""
    spec = str(spec).strip()
    if spec == "all":
        return list(range(1, upper + 1))
    numbers: list[int] = []
    for part in spec.split(","):
        lo, sep, hi = part.strip().partition("-")
        try:
            first, last = int(lo), int(hi) if sep else int(lo)
        except ValueError:
            raise ValueError(f"bad range {part.strip()!r}") from None
        if not 1 <= first <= last <= upper:
            raise ValueError(f"range {part.strip()!r} outside 1-{upper}")
        numbers.extend(range(first, last + 1))
    return sorted(set(numbers))


def clean_text(text: str) -> str:
    """Strip trailing spaces per line and blank lines at both ends."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(lines)
