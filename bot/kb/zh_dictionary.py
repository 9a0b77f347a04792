"""jieba's dictionary cut down to the words that occur in the knowledge base's source texts.

jieba's own dictionary (349,046 words) costs the action server about 75 MB of memory; the
statutes use about 2,600 of its words. Segmenting the source texts is unchanged: every
dictionary word that occurs in them is kept with its frequency, and one sentinel entry carries
the frequency of the words left out, so jieba's total (the denominator of its path scores) is
the same (tests/kb/test_kb_zh_dictionary.py compares both on every source line). A question's
words that occur nowhere in the sources may be split differently; they match nothing in the
index either way. `python -m bot kb dictionary` rewrites the file after the sources change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .db import DEFAULT_DATA_DIR

DICTIONARY = Path(__file__).with_name("zh_dictionary.txt")
SYNONYMS = Path(__file__).with_name("synonyms.yml")
SENTINEL = "\ue000"  # private use: never in the Chinese text analysis hands to jieba
# The runs of text jieba segments with its dictionary (jieba.re_han_default).
_JIEBA_BLOCK_RE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+")


def full_dictionary() -> Path:
    import jieba

    return Path(jieba.__file__).with_name("dict.txt")


def source_files(data_dir: Path = DEFAULT_DATA_DIR) -> list[Path]:
    """Every file of the sources folder (a superset of what the analyser reads) and the synonym
    lists: a word kept for a README costs nothing, a word missed would split differently."""
    return sorted(p for p in Path(data_dir).rglob("*") if p.is_file()) + [SYNONYMS]


def occurring_substrings(texts: Iterable[str], longest: int) -> set[str]:
    found = set()
    for text in texts:
        for block in _JIEBA_BLOCK_RE.findall(text):
            for start in range(len(block)):
                for end in range(start + 1, min(len(block), start + longest) + 1):
                    found.add(block[start:end])
    return found


def cut_down(full: Path, texts: Iterable[str]) -> str:
    """The lines of `full` (jieba's format: word frequency [tag]) whose word occurs in `texts`,
    and the sentinel line that keeps the total frequency."""
    entries = [line.split(" ") for line in full.read_text(encoding="utf-8").splitlines()]
    present = occurring_substrings(texts, max(len(entry[0]) for entry in entries))
    kept = [entry for entry in entries if entry[0] in present]
    left_out = sum(int(e[1]) for e in entries) - sum(int(e[1]) for e in kept)
    return "".join(" ".join(entry) + "\n" for entry in kept) + f"{SENTINEL} {left_out}\n"


def generate(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    texts = (path.read_text(encoding="utf-8") for path in source_files(data_dir))
    return cut_down(full_dictionary(), texts)


def write(data_dir: Path = DEFAULT_DATA_DIR, path: Path | None = None) -> int:
    """Rewrite the dictionary; the number of words it holds."""
    text = generate(data_dir)
    (path or DICTIONARY).write_text(text, encoding="utf-8")
    return text.count("\n") - 1
