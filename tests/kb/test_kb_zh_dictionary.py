"""The cut-down jieba dictionary: current, and segmenting the sources as jieba's own does."""

from __future__ import annotations

import logging

import jieba
import pytest

from bot.kb import analysis, zh_dictionary


@pytest.fixture(scope="module")
def segmenters() -> dict[str, jieba.Tokenizer]:
    """jieba with its own dictionary and with ours, each with the project's legal words."""
    jieba.setLogLevel(logging.WARNING)
    tokenizers = {"full": jieba.Tokenizer(str(zh_dictionary.full_dictionary())),
                  "ours": jieba.Tokenizer(str(zh_dictionary.DICTIONARY))}
    for tokenizer in tokenizers.values():
        tokenizer.initialize()
        for word in analysis.lexicon().zh_words:
            tokenizer.add_word(word, freq=20000)
    return tokenizers


def test_the_committed_dictionary_is_current():
    # If this fails after editing data/regulations or synonyms.yml: python -m bot kb dictionary
    assert zh_dictionary.DICTIONARY.read_text(encoding="utf-8") == zh_dictionary.generate()


def test_it_keeps_jiebas_total_frequency(segmenters):
    assert segmenters["ours"].total == segmenters["full"].total
    assert len(segmenters["ours"].FREQ) < len(segmenters["full"].FREQ) / 50


def test_every_source_line_is_segmented_as_with_jiebas_own_dictionary(segmenters):
    lines = [line for path in zh_dictionary.source_files()
             for line in path.read_text(encoding="utf-8").splitlines() if analysis.has_cjk(line)]
    assert len(lines) > 500
    differing = [line for line in lines
                 if segmenters["ours"].lcut_for_search(line)
                 != segmenters["full"].lcut_for_search(line)]
    assert differing == []


def test_the_analyser_uses_it():
    assert analysis.chinese_segmenter().dictionary == str(zh_dictionary.DICTIONARY)
    assert "法律援助机构" in analysis.chinese_terms("申请法律援助机构")


def test_a_cut_down_dictionary_holds_only_occurring_words(tmp_path):
    full = tmp_path / "dict.txt"
    full.write_text("法律 100 n\n援助 50 v\n苹果 30 n\n法律援助 20 n\n", encoding="utf-8")
    assert zh_dictionary.cut_down(full, ["申请法律援助", "law 援"]) == (
        "法律 100 n\n援助 50 v\n法律援助 20 n\n\ue000 30\n")


def test_the_command_rewrites_it(tmp_path, monkeypatch, capsys):
    from bot.__main__ import main

    target = tmp_path / "zh_dictionary.txt"
    monkeypatch.setattr(zh_dictionary, "DICTIONARY", target)
    assert main(["kb", "dictionary"]) == 0
    assert target.read_text(encoding="utf-8") == zh_dictionary.generate()
    assert f"{target}: {len(target.read_text().splitlines()) - 1} words" in capsys.readouterr().out
