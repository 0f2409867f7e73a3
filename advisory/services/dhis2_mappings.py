"""Saved DHIS2 mappings: which data element, org unit and category option combo code means
which service, site and gender group (read by `attendance_import` for DHIS2 files)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import N_, _
from advisory.importers import dhis2
from advisory.importers.dhis2 import MAPPING_KINDS
from advisory.models import GENDER_GROUPS, Dhis2Mapping, Service, Site
from advisory.services import audit

# Whole sentences per mapping kind (the kind's name is not glued into one sentence).
CHOOSE_TARGET = {
    "dataelement": N_("Choose the service this code means."),
    "orgunit": N_("Choose the site this code means."),
    "categoryoptioncombo": N_("Choose the gender group this code means."),
}
NO_TARGET = {
    "dataelement": N_("No service is named {name}."),
    "orgunit": N_("No site is named {name}."),
}
DUPLICATE_CODE = {
    "dataelement": N_(
        "Row {line}: the data element code {code} is already mapped in row {row}; keep one of them."
    ),
    "orgunit": N_(
        "Row {line}: the org unit code {code} is already mapped in row {row}; keep one of them."
    ),
    "categoryoptioncombo": N_(
        "Row {line}: the category option combo code {code} is already mapped in row {row}; "
        "keep one of them."
    ),
}


@dataclass(frozen=True)
class MappingView:
    id: int
    kind: str
    code: str
    target: str


@reads
def list_mappings(session: Session) -> list[MappingView]:
    q = select(Dhis2Mapping).order_by(Dhis2Mapping.kind, Dhis2Mapping.code)
    return [MappingView(m.id, m.kind, m.code, m.target) for m in session.scalars(q)]


@reads
def mapping_dict(session: Session) -> dhis2.Mapping:
    """kind -> code -> target, from the saved mappings."""
    out: dhis2.Mapping = {kind: {} for kind in MAPPING_KINDS}
    for m in session.scalars(select(Dhis2Mapping)):
        out.setdefault(m.kind, {})[m.code] = m.target
    return out


@reads
def mapping_targets(session: Session) -> dict[str, list[str]]:
    """What each kind of code can map to: service names, site names, gender groups."""
    return {
        "dataelement": list(session.scalars(select(Service.name).order_by(Service.name))),
        "orgunit": list(session.scalars(select(Site.name).order_by(Site.name))),
        "categoryoptioncombo": list(GENDER_GROUPS),
    }


@reads
def mapping_csv(session: Session) -> str:
    """The saved mapping as a CSV download (kind,code,target), formula-neutralised."""
    return dhis2.write_mapping_file((m.kind, m.code, m.target) for m in list_mappings(session))


def read_mapping_file(source: bytes | str | Path) -> list[tuple[str, str, str]]:
    """Rows (kind, code, target) of a mapping CSV; ValidationError saying what is wrong."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        return dhis2.read_mapping_file(data)
    except ValueError as exc:
        raise ValidationError(str(exc), field="mapping") from None


def check_mapping(session: Session, kind: str, code: str, target: str) -> tuple[str, str, str]:
    """(kind, code, target) cleaned, the target spelt as stored; ValidationError otherwise."""
    kind = (kind or "").strip().lower()
    code = (code or "").strip()
    target = " ".join((target or "").split())
    if kind not in MAPPING_KINDS:
        raise ValidationError(
            _("The kind must be one of: {kinds}.").format(kinds=", ".join(MAPPING_KINDS)),
            field="kind",
        )
    if not code:
        raise ValidationError(_("Enter the DHIS2 code."), field="code")
    if len(code) > 64:
        raise ValidationError(_("A DHIS2 code is at most 64 characters."), field="code")
    if not target:
        raise ValidationError(_(CHOOSE_TARGET[kind]), field="target")
    if kind == "categoryoptioncombo":
        if target not in GENDER_GROUPS:
            raise ValidationError(
                _("A category option combo maps to a gender group: {groups}.").format(
                    groups=", ".join(GENDER_GROUPS)
                ),
                field="target",
            )
        return kind, code, target
    model = Service if kind == "dataelement" else Site
    name = session.scalar(select(model.name).where(func.lower(model.name) == target.lower()))
    if name is None:
        raise ValidationError(_(NO_TARGET[kind]).format(name=repr(target)), field="target")
    return kind, code, name


def _save(session: Session, kind: str, code: str, target: str, actor: Actor) -> MappingView:
    kind, code, target = check_mapping(session, kind, code, target)
    row = session.scalar(
        select(Dhis2Mapping).where(Dhis2Mapping.kind == kind, Dhis2Mapping.code == code)
    )
    if row is None:
        row = Dhis2Mapping(kind=kind, code=code, target=target)
        session.add(row)
    else:
        row.target = target
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="dhis2_mapping.save",
        entity="dhis2_mapping",
        entity_id=row.id,
        detail=f"{kind} {code} -> {target}",
    )
    return MappingView(row.id, row.kind, row.code, row.target)


@writes
def save_mapping(
    session: Session, *, kind: str, code: str, target: str, actor: Actor
) -> MappingView:
    """Create or change the mapping of one DHIS2 code."""
    authorise(session, actor, "manage_attendance")
    return _save(session, kind, code, target, actor)


@writes
def save_mappings(session: Session, *, rows: Iterable[tuple[str, str, str]], actor: Actor) -> int:
    """Save many mappings, all or none: the first bad one raises ValidationError naming its
    line (the header is line 1) and none of them is saved."""
    authorise(session, actor, "manage_attendance")
    n = 0
    with session.begin_nested():
        for line, (kind, code, target) in enumerate(rows, start=2):
            try:
                _save(session, kind, code, target, actor)
            except ValidationError as exc:
                raise ValidationError(
                    _("Mapping line {line}: {problem}").format(line=line, problem=exc),
                    field=exc.field,
                ) from None
            n += 1
    return n


@writes
def replace_mappings(
    session: Session, *, rows: Iterable[tuple[str, str, str]], actor: Actor
) -> int:
    """Make the saved mapping exactly `rows` (what the mapping editor shows), all or nothing.

    A code listed twice for the same kind is refused; mappings not in `rows` are deleted.
    """
    authorise(session, actor, "manage_attendance")
    wanted = list(rows)
    seen: dict[tuple[str, str], int] = {}
    for line, (kind, code, _target) in enumerate(wanted, start=1):
        key = ((kind or "").strip().lower(), (code or "").strip())
        if key in seen:
            raise ValidationError(
                _(
                    DUPLICATE_CODE.get(
                        key[0],
                        N_(
                            "Row {line}: the {kind} code {code} is already mapped in row {row}; "
                            "keep one of them."
                        ),
                    )
                ).format(line=line, kind=key[0], code=repr(key[1]), row=seen[key]),
                field="mapping",
            )
        seen[key] = line
    with session.begin_nested():
        for line, (kind, code, target) in enumerate(wanted, start=1):
            try:
                _save(session, kind, code, target, actor)
            except ValidationError as exc:
                raise ValidationError(
                    _("Row {line}: {problem}").format(line=line, problem=exc), field="mapping"
                ) from None
        for m in list(session.scalars(select(Dhis2Mapping))):
            if (m.kind, m.code) not in seen:
                _delete(session, m, actor)
    return len(wanted)


def _delete(session: Session, row: Dhis2Mapping, actor: Actor) -> None:
    detail = f"{row.kind} {row.code}"
    mapping_id = row.id
    session.delete(row)
    audit.record(
        session,
        actor=actor.username,
        action="dhis2_mapping.delete",
        entity="dhis2_mapping",
        entity_id=mapping_id,
        detail=detail,
    )


@writes
def delete_mapping(session: Session, *, mapping_id: int, actor: Actor) -> None:
    authorise(session, actor, "manage_attendance")
    row = session.get(Dhis2Mapping, mapping_id)
    if row is None:
        raise NotFound(_("No such mapping."))
    _delete(session, row, actor)
