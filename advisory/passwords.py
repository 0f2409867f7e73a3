"""Password hashing and the password rule.

bcrypt (cost 12) in the same `$2b$` format streamlit-authenticator's Hasher writes and checks,
so hashes made here are accepted by its login form.
"""

from __future__ import annotations

import bcrypt

from advisory.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 72  # bcrypt ignores bytes past 72

# A hash of a random string: checked against when the username is unknown or locked, so those
# answers take as long as a wrong password (no timing difference reveals who has an account).
_DUMMY_HASH = bcrypt.hashpw(b"no-such-user-dummy-password", bcrypt.gensalt(12))


def normalise(password: str) -> str:
    # The login library strips passwords before checking them; do the same before hashing.
    return password.strip()


def validate(password: str) -> str:
    """Return the normalised password or raise ValidationError(field="password")."""
    pw = normalise(password or "")
    if len(pw) < MIN_LENGTH:
        raise ValidationError(
            f"The password must be at least {MIN_LENGTH} characters long. "
            "A phrase of several words works well.",
            field="password",
        )
    if len(pw.encode()) > MAX_LENGTH:
        raise ValidationError(
            f"The password must be at most {MAX_LENGTH} bytes long.", field="password"
        )
    return pw


def hash_password(password: str) -> str:
    return bcrypt.hashpw(normalise(password).encode(), bcrypt.gensalt(12)).decode()


def check_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(normalise(password).encode(), hashed.encode())
    except ValueError:
        return False


def dummy_check(password: str) -> None:
    """Spend the time of one real check; the result is always ignored."""
    bcrypt.checkpw(normalise(password or "x").encode()[:MAX_LENGTH], _DUMMY_HASH)
