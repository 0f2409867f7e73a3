"""The language a person reads in: their stored choice and the organisation's default.

The rules that pick a run's language from these (and from the browser) are
`advisory.i18n.resolve`; this module only stores and reads the choices (issue 10).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import i18n
from advisory.actors import Actor, authorise, is_system
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import _
from advisory.models import OrganisationSettings, User
from advisory.services import audit


def _checked(language: str | None) -> str | None:
    """`language` as a code from i18n.LANGUAGES (None: no choice), or a ValidationError."""
    if language is None or language == "":
        return None
    code = i18n.supported(language)
    if code is None:
        raise ValidationError(
            _("{language} is not one of the app's languages. Choose one from the list.").format(
                language=language
            ),
            field="language",
        )
    return code


@reads
def user_language(session: Session, username: str) -> str | None:
    """The language saved with an account, or None when the person never chose one."""
    return session.execute(
        select(User.language).where(User.username == username)
    ).scalar_one_or_none()


@writes
def set_user_language(session: Session, *, actor: Actor, language: str | None) -> None:
    """Save the language the logged-in person chose for herself (None: follow the browser)."""
    code = _checked(language)
    if is_system(actor):
        raise ValidationError(_("Only a person with an account chooses her own language."))
    user = session.execute(select(User).where(User.username == actor.username)).scalar_one_or_none()
    if user is None:
        raise NotFound(_("This account no longer exists."))
    user.language = code


@reads
def default_language(session: Session) -> str:
    """The organisation's default language (English until an admin changes it)."""
    row = session.get(OrganisationSettings, 1)
    return (row.default_language if row is not None else None) or i18n.DEFAULT


@writes
def set_default_language(session: Session, *, actor: Actor, language: str) -> None:
    """Change the organisation's default language (admins only)."""
    authorise(session, actor, "manage_settings")
    code = _checked(language) or i18n.DEFAULT
    row = session.get(OrganisationSettings, 1)
    if row is None:
        row = OrganisationSettings(id=1)
        session.add(row)
    row.default_language = code
    audit.record(session, actor=actor.username, action="settings.language", detail=code)
