"""Domain errors. Each carries a message written for the person using the app."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: `str(error)` is a sentence fit to show next to the input."""


class ValidationError(DomainError):
    """Bad input. `field` names the input the message belongs next to (None: the form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class StaleEdit(DomainError):
    """Someone else saved the record after this user loaded it."""


class InvalidTransition(DomainError):
    pass
