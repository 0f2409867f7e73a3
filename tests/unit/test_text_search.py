"""The pieces of a text search that need no database: words and LIKE patterns."""

from __future__ import annotations

from advisory.text_search import MAX_WORDS, like_pattern, words


def test_words_are_lower_cased_split_on_spaces_and_not_repeated():
    assert words("  Women  ONLY women\tDay ") == ["women", "only", "day"]
    assert words("") == []
    assert words(None) == []


def test_a_pasted_paragraph_keeps_only_the_first_words():
    assert words(" ".join(f"w{i}" for i in range(50))) == [f"w{i}" for i in range(MAX_WORDS)]


def test_like_wildcards_and_the_escape_character_are_escaped():
    assert like_pattern("50%") == "%50\\%%"
    assert like_pattern("file_a") == "%file\\_a%"
    assert like_pattern("back\\slash") == "%back\\\\slash%"
    assert like_pattern("plain") == "%plain%"
