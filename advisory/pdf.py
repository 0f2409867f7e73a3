"""HTML to PDF through Debian's Chromium, headless (``chromium --headless --print-to-pdf``).

Issue 13: funders and groups print reports from a phone, where a downloaded HTML file is
awkward to open. The engine is a real browser, so the PDF looks like the printable page (the
same print CSS, fonts from the machine's font packages). ``make system-deps`` installs it.

The HTML is written to a private temporary folder and opened as a file by a browser started
for this one job with its own throwaway profile; the reports forbid loading anything through
their Content-Security-Policy, so nothing is fetched from outside while printing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from advisory.errors import DomainError
from advisory.i18n import _

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 90


def engine_path() -> str | None:
    """The Chromium to print with: the first of CANDIDATES found, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (A4 unless the page's own ``@page`` says otherwise).

    Failure mode: :class:`DomainError` with a plain message when no browser engine is
    installed, when it fails or when it takes longer than ``TIMEOUT_SECONDS``.
    """
    browser = engine_path()
    if browser is None:
        raise DomainError(
            _(
                "A PDF cannot be made on this server: no Chromium browser is installed. "
                "Download the web page instead, or ask the administrator to run "
                "`make system-deps`."
            )
        )
    with tempfile.TemporaryDirectory(prefix="advisory-pdf-") as folder:
        work = Path(folder)
        source, target = work / "report.html", work / "report.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",  # why: servers and containers often run as root, which needs it
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={work / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            subprocess.run(  # noqa: S603 - a fixed program and our own temporary files
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            raise DomainError(_("The PDF could not be made in time. Please try again.")) from None
        data = target.read_bytes() if target.exists() else b""
    if not data.startswith(b"%PDF"):
        raise DomainError(
            _("The PDF could not be made. Please try again, or download the web page.")
        )
    return data
