"""The printable, phone-sized referral card of a site, as one self-contained HTML file (issue 12).

No external files (styles inline, icons are characters), so it opens offline on a phone and
prints on one A4 or Letter page (at most `referral_card.CARD_LIMIT` entries, a narrow column).
Every typed value is HTML-escaped. The shared card has no contact fields at all: the data
given here already left them out (`referral_card.card(..., shared=True)`).
"""

from __future__ import annotations

from html import escape

from advisory import i18n
from advisory.i18n import _, format_date, ngettext, pgettext
from advisory.models import seeded_name
from advisory.services.referral_card import Card, CardEntry
from advisory.services.referrals import ATTRIBUTE_WORDS

# One small drawing per women-friendly attribute, always shown beside its words. Inline SVG,
# not emoji: a phone or printer without an emoji font would show empty boxes.
_SVG = (
    '<svg class="icon" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" '
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">{}</svg>'
)
ICONS: dict[str, str] = {
    # the female sign
    "women_staff": _SVG.format('<circle cx="12" cy="8" r="5"/><path d="M12 13v9M8 18h8"/>'),
    # a small person
    "childcare": _SVG.format(
        '<circle cx="12" cy="6" r="3"/><path d="M12 9v7M8 12h8M12 16l-3 5M12 16l3 5"/>'
    ),
    # the transgender sign
    "trans_women_welcome": _SVG.format(
        '<circle cx="12" cy="13" r="4"/>'
        '<path d="M12 17v6M9 20h6M15 10l5-5M17 5h3v3M9 10 4 5M4 5h3M4 5v3"/>'
    ),
    # an identity card, struck through
    "no_id_required": _SVG.format(
        '<rect x="3" y="6" width="18" height="12" rx="2"/><path d="M3 21 21 3"/>'
    ),
    # a shield
    "no_police_reporting": _SVG.format('<path d="M12 3 4 6v6c0 5 4 8 8 9 4-1 8-4 8-9V6z"/>'),
    # a heart
    "accepts_women_using_drugs": _SVG.format(
        '<path d="M12 20s-8-5-8-11a4 4 0 0 1 8-1 4 4 0 0 1 8 1c0 6-8 11-8 11z"/>'
    ),
    # two people side by side
    "accompanied_referral": _SVG.format(
        '<circle cx="8" cy="7" r="3"/><circle cx="16" cy="7" r="3"/>'
        '<path d="M3 21v-4a5 5 0 0 1 10 0M11 21v-4a5 5 0 0 1 10 0"/>'
    ),
}

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif;
  color: #1b1b1b; background: #fff; }
.card { max-width: 380px; margin: 0 auto; padding: 12px; }
h1 { font-size: 1.25rem; margin: 0 0 2px; }
.sub { color: #555; font-size: 0.85rem; margin: 0 0 10px; }
.entry { border: 2px solid #6a1b9a; border-radius: 10px; padding: 8px 10px; margin: 0 0 8px;
  break-inside: avoid; page-break-inside: avoid; }
.entry h2 { font-size: 1rem; margin: 0; }
.kind { font-size: 0.8rem; color: #6a1b9a; font-weight: 600; margin: 0 0 4px; }
ul.attrs { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px; }
.icon { vertical-align: -2px; }
ul.attrs li { font-size: 0.78rem; background: #f3e5f5; border-radius: 6px; padding: 2px 6px; }
.contact, .extra { font-size: 0.82rem; margin: 2px 0; }
.warn { font-size: 0.82rem; font-weight: 700; color: #8a1c1c; margin: 4px 0 0; }
.foot { font-size: 0.75rem; color: #555; margin-top: 8px; }
@page { size: auto; margin: 10mm; }
@media print {
  .card { max-width: 90mm; padding: 0; }
  body { font-size: 10px; }
  h1 { font-size: 13px; } .entry h2 { font-size: 11px; }
  .entry { padding: 4px 6px; margin-bottom: 4px; border-width: 1px; }
  ul.attrs li, .contact, .extra, .warn, .kind, .sub, .foot { font-size: 8.5px; }
}
"""


def _entry(e: CardEntry) -> str:
    attrs = "".join(f"<li>{ICONS[a]} {escape(_(ATTRIBUTE_WORDS[a]))}</li>" for a in e.attributes)
    lines = [f"<h2>{escape(e.name)}</h2>", f'<p class="kind">{escape(seeded_name(e.kind))}</p>']
    if attrs:
        lines.append(f'<ul class="attrs">{attrs}</ul>')
    for label, value in (
        (_("Where"), e.area),
        (pgettext("opening hours", "Open"), e.opening_hours),
        (_("Phone"), e.phone),
    ):
        if value:
            lines.append(f'<p class="contact"><b>{escape(label)}:</b> {escape(value)}</p>')
    for label, value in ((_("Languages"), e.languages), (_("Cost"), e.cost)):
        if value:
            lines.append(f'<p class="extra"><b>{escape(label)}:</b> {escape(value)}</p>')
    if e.warning:
        lines.append(f'<p class="warn">{escape(e.warning)}</p>')
    return '<section class="entry">' + "".join(lines) + "</section>"


def render(card: Card) -> str:
    """The card as a complete HTML document (UTF-8)."""
    title = _("Where to go: services that welcome women")
    sub = _("{organisation}, {site}. Checked by the women's advisory group.").format(
        organisation=card.organisation, site=card.site_name
    )
    if card.entries:
        body = "".join(_entry(e) for e in card.entries)
    else:
        body = f"<p>{escape(_('No services on this card yet.'))}</p>"
    # "dd MMM y": in English the same "05 Mar 2024" as before, month names in the reader's.
    foot = [_("Made on {day}.").format(day=format_date(card.made_on, "dd MMM y"))]
    if card.more:
        foot.append(
            ngettext(
                "{n} more in the directory: ask staff.",
                "{n} more in the directory: ask staff.",
                card.more,
            ).format(n=card.more)
        )
    if card.shared:
        foot.append(_("Contact details are left out of this copy; ask the service for them."))
    return (
        f'<!DOCTYPE html>\n<html lang="{i18n.active()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f'<body><main class="card"><h1>{escape(title)}</h1><p class="sub">{escape(sub)}</p>'
        f'{body}<p class="foot">{escape(" ".join(foot))}</p></main></body></html>\n'
    )


def file_name(card: Card) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in card.site_name.lower()).strip("-")
    return f"referral-card-{slug or 'site'}{'-shared' if card.shared else ''}.html"
