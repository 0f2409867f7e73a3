"""Share tokens: 256 random bits, only the SHA-256 hash stored, compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import string

import pytest

from advisory import share_tokens
from advisory.share_tokens import hash_token, looks_like_token, new_token, token_matches

URLSAFE = set(string.ascii_letters + string.digits + "-_")


def test_a_new_token_is_43_url_safe_characters() -> None:
    token = new_token()
    assert len(token) == 43
    assert set(token) <= URLSAFE


def test_a_new_token_carries_256_random_bits() -> None:
    token = new_token()
    raw = base64.urlsafe_b64decode(token + "=")
    assert len(raw) * 8 == 256


def test_new_tokens_come_from_the_secrets_module(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def fake_token_urlsafe(n: int) -> str:
        calls.append(n)
        return "x" * 43

    monkeypatch.setattr(share_tokens.secrets, "token_urlsafe", fake_token_urlsafe)
    new_token()
    assert calls == [32]


def test_tokens_do_not_repeat() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000


def test_the_stored_hash_is_64_lower_case_hex_digits() -> None:
    stored = hash_token(new_token())
    assert len(stored) == 64
    assert set(stored) <= set("0123456789abcdef")


def test_the_stored_hash_is_sha256_of_the_token() -> None:
    token = new_token()
    assert hash_token(token) == hashlib.sha256(token.encode()).hexdigest()


def test_the_stored_hash_does_not_contain_the_token() -> None:
    token = new_token()
    assert token not in hash_token(token)


def test_hashing_something_that_is_not_text_is_refused() -> None:
    with pytest.raises(TypeError):
        hash_token(None)  # type: ignore[arg-type]


def test_the_right_token_matches_its_stored_hash() -> None:
    token = new_token()
    assert token_matches(token, hash_token(token))


def test_a_token_with_one_character_changed_does_not_match() -> None:
    token = new_token()
    stored = hash_token(token)
    for position in (0, 21, 42):
        replacement = "A" if token[position] != "A" else "B"
        altered = token[:position] + replacement + token[position + 1 :]
        assert not token_matches(altered, stored)


def test_a_truncated_or_extended_token_does_not_match() -> None:
    token = new_token()
    stored = hash_token(token)
    assert not token_matches(token[:-1], stored)
    assert not token_matches(token + "A", stored)
    assert not token_matches("", stored)


def test_another_token_does_not_match() -> None:
    assert not token_matches(new_token(), hash_token(new_token()))


def test_the_hash_itself_does_not_work_as_a_token() -> None:
    # A leaked database row must not open the link.
    token = new_token()
    stored = hash_token(token)
    assert not token_matches(stored, stored)
    assert not token_matches(stored[:43], stored)


def test_matching_uses_a_constant_time_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, object]] = []
    real_compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real_compare(a, b)

    monkeypatch.setattr(share_tokens.hmac, "compare_digest", spy)
    token = new_token()
    assert token_matches(token, hash_token(token))
    assert seen == [(hash_token(token).encode(), hash_token(token).encode())]


@pytest.mark.parametrize(
    "stored",
    ["", "not-a-hash", "A" * 64, "é" * 64, None, 12345, "0" * 63, "0" * 65],
)
def test_a_malformed_stored_hash_never_matches_and_never_raises(stored: object) -> None:
    assert not token_matches(new_token(), stored)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "candidate",
    [None, 123, b"x" * 43, "", "a" * 42, "a" * 44, "a" * 42 + "=", "a" * 42 + "é", "a" * 42 + "\n"],
)
def test_garbage_does_not_look_like_a_token_and_does_not_match(candidate: object) -> None:
    assert not looks_like_token(candidate)
    assert not token_matches(candidate, hash_token(new_token()))  # type: ignore[arg-type]


def test_a_real_token_looks_like_a_token() -> None:
    assert looks_like_token(new_token())


def test_a_token_of_43_characters_with_a_trailing_newline_is_refused() -> None:
    # A "$"-anchored pattern would let "...\n" through; the shape check must be exact.
    assert not looks_like_token(new_token()[:42] + "\n")
    assert not looks_like_token(new_token() + "\n")


def test_nothing_is_logged_while_making_and_checking_tokens(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    token = new_token()
    token_matches(token, hash_token(token))
    token_matches("garbage", hash_token(token))
    looks_like_token(token)
    assert caplog.records == []
