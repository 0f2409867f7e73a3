"""Reading one value as a file writes it: dates, counts, gender labels, periods, names.

Pure functions, called on a column's *distinct* values only (a million rows hold a few
thousand distinct dates and a few hundred distinct counts). Each returns the value, or None
and the reason in words for the person who made the file.
"""

from __future__ import annotations

import datetime as dt
import re

from advisory.i18n import N_, _, format_date, format_number
from advisory.spreadsheet_safety import unneutralise

MAX_COUNT = 1_000_000
EARLIEST = dt.date(1990, 1, 1)
EPOCH = dt.date(1970, 1, 1)
PERIODS = ("day", "week", "month")

# --- gender labels ---------------------------------------------------------------------------

# Each group's variants as a file may write them, separated by "|" ("" is a blank cell).
_GENDER_VARIANTS: dict[str, str] = {
    "woman": (
        "woman|women|w|f|female|fem|girl|cis woman|cis female|cisgender woman|cis w|femme|"
        "mujer|femme cis"
    ),
    "trans_woman": (
        "trans woman|transwoman|trans women|tw|trans female|transfemale|transgender woman|"
        "transgender female|trans feminine|mtf|m2f|m to f|male to female|trans w|"
        "transgender women"
    ),
    "man": "man|men|m|male|boy|cis man|cis male|cisgender man|cis m|hombre",
    "trans_man": (
        "trans man|transman|trans men|tm|trans male|transmale|transgender man|"
        "transgender male|trans masculine|ftm|f2m|f to m|female to male|trans m"
    ),
    "non_binary": (
        "non binary|nonbinary|nb|enby|genderqueer|gender queer|gender non conforming|gnc|"
        "agender|genderfluid|gender fluid"
    ),
    "not_recorded": (
        "|not recorded|notrecorded|unknown|unk|u|n/a|na|n a|not known|missing|none|-|--|?|"
        "not stated|not specified|unspecified|prefer not to say|declined|no data|blank|nr"
    ),
}
GENDER_ALIASES: dict[str, str] = {
    variant: group
    for group, variants in _GENDER_VARIANTS.items()
    for variant in variants.split("|")
}
UNKNOWN_GENDER = N_(  # English; translated with `_()` where a problem is logged
    "Unknown gender label. Use woman, trans_woman, man, trans_man, non_binary or not_recorded "
    "(common variants such as F, M, TW or Unknown are understood)."
)


def _label_key(label: str) -> str:
    text = str(label).strip().lower().replace("_", " ").replace("-", " ")
    text = " ".join(text.split())
    return text if text else ("-" if str(label).strip() else "")


def normalise_gender(label: str | None) -> str | None:
    """The gender group for a label as written in a file, or None when it is not understood.

    Case, spaces, dashes and underscores are ignored: `F`, `Female`, `woman` -> woman;
    `TW`, `Trans woman`, `trans_woman` -> trans_woman; blank, `Unknown` -> not_recorded.
    """
    if label is None:
        return "not_recorded"
    raw = str(label).strip().lower()
    if raw in GENDER_ALIASES:
        return GENDER_ALIASES[raw]
    return GENDER_ALIASES.get(_label_key(raw))


# --- dates, periods and counts ---------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str, *, day_first: bool, today: dt.date) -> tuple[dt.date | None, str]:
    """(date, "") or (None, reason). ISO always; DD/MM/YYYY only when `day_first`."""
    text = text.strip()
    if not text:
        return None, _("Enter a date.")
    iso = _ISO.match(text)
    dmy = _DMY.match(text)
    try:
        if iso:
            day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif dmy and day_first:
            day = dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        elif dmy:
            return None, _(
                "Not a date in YYYY-MM-DD form. If the file's dates are day first "
                "(DD/MM/YYYY), choose the day-first option and import again."
            )
        elif day_first:
            return None, _("Not a date: use DD/MM/YYYY or YYYY-MM-DD (for example 2024-03-05).")
        else:
            return None, _("Not a date: use YYYY-MM-DD (for example 2024-03-05).")
    except ValueError:
        return None, _("Not a real calendar date.")
    if day < EARLIEST:
        return None, _("The date is before 1990: check the year.")
    if day > today:
        return None, _("The date is in the future.")
    return day, ""


_PERIOD_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "": "day"}


def parse_period(text: str) -> tuple[int | None, str]:
    """(index in PERIODS, "") or (None, reason); blank means day."""
    key = text.strip().lower()
    key = _PERIOD_WORDS.get(key, key)
    if key in PERIODS:
        return PERIODS.index(key), ""
    return None, _("The period must be day, week or month.")


# The message for a blank count, by `what` (whole sentences for translators).
_MISSING_COUNT = {
    "visits": N_("Enter the number of visits (0 if there were none)."),
    "unique clients": N_("Enter the number of unique clients (0 if there were none)."),
    "new clients": N_("Enter the number of new clients (0 if there were none)."),
    "value": N_("Enter the value (0 if there were none)."),  # a DHIS2 data value
}

_INT = re.compile(r"^\+?(\d+)(?:\.0*)?$")
_NEGATIVE = re.compile(r"^-\s*\d+(?:\.\d*)?$")
_FRACTION = re.compile(r"^\d*[.,]\d+$")


def parse_count(text: str, *, required: bool, what: str) -> tuple[int | None, str]:
    """(count, "") or (None, "") for an allowed blank, or (None, reason)."""
    text = text.strip().replace("\u00a0", "")
    if not text:
        if required:
            return None, _(_MISSING_COUNT[what])
        return None, ""
    match = _INT.match(text)
    if match is None:
        if _NEGATIVE.match(text):
            return None, _("A count cannot be negative.")
        if _FRACTION.match(text):
            return None, _("Not a whole number.")
        return None, _("Not a number.")
    value = int(match[1])
    if value > MAX_COUNT:
        return None, _("Too large for one row (at most {limit}).").format(
            limit=format_number(MAX_COUNT)
        )
    return value, ""


def clean_name(text: str) -> str:
    """A site or service name as stored: trimmed, single spaces, our export prefix removed."""
    return " ".join(unneutralise(str(text).strip()).split())


def weekday_name(day: dt.date) -> str:
    """The day of the week in the reader's language ("Tuesday")."""
    return format_date(day, "EEEE")


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def from_day_number(days: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(days))
