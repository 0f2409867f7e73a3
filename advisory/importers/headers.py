"""The canonical columns and what is refused in a header (personal data first of all).

Columns `date, site, service, gender, visits` and optionally `period, unique_clients,
new_clients`; header names are matched ignoring case, spaces and dashes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from advisory.i18n import N_, _
from advisory.importers.problems import Problem

REQUIRED = ("date", "site", "service", "gender", "visits")
OPTIONAL = ("period", "unique_clients", "new_clients")
COLUMNS = REQUIRED + OPTIONAL

# English (marked for the catalog): translate with `_()` where shown; a problem's reason is
# translated when the header is checked.
PERSONAL_DATA_EXPLANATION = N_(
    "This system stores counts only (how many visits, by site, service, date and gender "
    "group) and never a person. The people counted use drugs, often where that is a crime, "
    "and some have survived violence: names, birth dates, phone numbers, addresses or client "
    "ids in this database could put them at risk if it ever leaked or was seized. Remove the "
    "column, or count the rows per date, site, service and gender group, and import again."
)
PERSONAL_DATA_REASON = N_(
    "This column looks like personal data. This system stores counts only (how many visits, "
    "by site, service, date and gender group) and never a person. The people counted use "
    "drugs, often where that is a crime, and some have survived violence: names, birth dates, "
    "phone numbers, addresses or client ids in this database could put them at risk if it "
    "ever leaked or was seized. Remove the column, or count the rows per date, site, service "
    "and gender group, and import again."
)
_PERSONAL_TOKENS = set(
    (
        "name names surname firstname lastname fullname forename nickname dob birth birthday "
        "birthdate phone phones mobile telephone tel cell email mail address street postcode "
        "zipcode passport uic fingerprint photo ssn nid"
    ).split()
)
_PERSONAL_JOINED = {"dateofbirth", "clientid", "patientid", "idnumber", "nationalid"}
_PERSON_WORDS = {"client", "patient", "person", "beneficiary", "participant", "user", "member"}
_ID_WORDS = {"id", "code", "number", "no", "num", "identifier", "ref", "reference", "uid"}
_NOT_PERSONAL = {"site_name", "service_name", "sitename", "servicename", "service_user_count"}


def personal_data_columns(headers: Iterable[str]) -> list[str]:
    """The headers that look like personal data (a name, birth date, phone, address, id...)."""
    found = []
    for header in headers:
        key = re.sub(r"[^a-z0-9]+", "_", str(header).strip().lower()).strip("_")
        if not key or key in _NOT_PERSONAL:
            continue
        tokens = set(key.split("_"))
        joined = key.replace("_", "")
        person_id = bool(tokens & _PERSON_WORDS) and (bool(tokens & _ID_WORDS) or len(tokens) == 1)
        if (
            tokens & _PERSONAL_TOKENS
            or joined in _PERSONAL_TOKENS
            or joined in _PERSONAL_JOINED
            or person_id
        ):
            found.append(str(header).strip())
    return found


def norm_header(header: str) -> str:
    text = str(header).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


_UNKNOWN_COLUMN = N_("Not a column this import understands. Use only: {columns}.")


def header_problems(headers: list[str]) -> tuple[list[Problem], list[str]]:
    """(problems of row 1, the personal-data columns among them)."""
    problems: list[Problem] = []
    personal = personal_data_columns(headers)
    for col in personal:
        problems.append(Problem(1, col, col, _(PERSONAL_DATA_REASON)))
    normalised = [norm_header(h) for h in headers]
    seen: set[str] = set()
    for raw, name in zip(headers, normalised, strict=True):
        if raw.strip() in personal:
            continue
        if name in seen and name in COLUMNS:
            problems.append(Problem(1, name, raw, _("This column appears more than once.")))
        elif name not in COLUMNS:
            shown = raw.strip() or _("(blank)")
            reason = _(_UNKNOWN_COLUMN).format(columns=", ".join(COLUMNS))
            problems.append(Problem(1, shown, shown, reason))
        seen.add(name)
    for col in REQUIRED:
        if col not in normalised:
            problems.append(Problem(1, col, "", _("This required column is missing.")))
    return problems, personal
