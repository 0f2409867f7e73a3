"""Share-link tokens: how they are made, stored and checked.

A share link lets a funder see a protected summary without an account, so whoever holds the
token holds the access. The rules:

* **256 random bits** from the operating system (``secrets``), so guessing is hopeless even
  for someone who can try many tokens: there is no lockout on a link page.
* **Only the SHA-256 hash is stored.** A copy of the database (a backup, a leaked dump, a
  read-only bug) then opens no link. No salt or slow hash is needed: salting and bcrypt
  defend low-entropy secrets such as passwords against guessing, and a 256-bit random token
  cannot be guessed from its hash. A plain hash also lets the link be found by an indexed
  lookup on the hash.
* **Constant-time comparison**, so response timing does not reveal how much of a guessed hash
  matched.
* The token itself is never logged; this module logs nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
"""Random bytes per token: 256 bits."""

TOKEN_LENGTH = 43
"""Characters in a token: 32 bytes in unpadded URL-safe base64."""

HASH_LENGTH = 64
"""Characters in a stored hash: SHA-256 in lower-case hex."""

_TOKEN_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")
_HASH_SHAPE = re.compile(rf"[0-9a-f]{{{HASH_LENGTH}}}")


def new_token() -> str:
    """A fresh share token: 43 URL-safe characters carrying 256 random bits.

    Give it to the user once (in the link) and store only ``hash_token(token)``.
    """
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest (64 lower-case hex characters) of a token: what is stored.

    Contract: any ``str``; UTF-8 encoded. Failure mode: ``TypeError`` for a non-string, so a
    ``None`` from a missing query parameter can never hash to a stored value.
    """
    if not isinstance(token, str):
        raise TypeError("A share token must be a string.")
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    """True when ``token`` hashes to ``stored_hash``, compared in constant time.

    Contract: ``token`` comes from the URL (untrusted), ``stored_hash`` from the database.
    Failure mode: returns False, never raises, for anything malformed (wrong type, wrong
    length, characters outside the token alphabet, a stored hash that is not 64 hex digits),
    so every bad link takes the same "not valid" path. Rejecting a malformed token early
    reveals nothing an attacker did not already know: they wrote it.
    """
    if not looks_like_token(token) or not isinstance(stored_hash, str):
        return False
    if not _HASH_SHAPE.fullmatch(stored_hash):
        return False
    # why: compare_digest takes time independent of where the first difference is, so
    # timing cannot be used to learn a stored hash digit by digit.
    return hmac.compare_digest(hash_token(token).encode("ascii"), stored_hash.encode("ascii"))


def looks_like_token(value: object) -> bool:
    """True when ``value`` has the shape of a token from :func:`new_token` (43 URL-safe chars).

    Used to turn garbage away before any database lookup. Says nothing about validity: a
    well-formed token may still be unknown, expired, paused or revoked.
    """
    return isinstance(value, str) and _TOKEN_SHAPE.fullmatch(value) is not None
