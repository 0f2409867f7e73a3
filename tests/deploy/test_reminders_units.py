"""The reminder digest's systemd units run the documented command (checked without systemd)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT

SYSTEMD = ROOT / "deploy" / "systemd"


def test_the_timer_runs_the_reminders_command_as_the_apps_user_with_a_private_umask():
    service = (SYSTEMD / "advisory-reminders.service").read_text()
    assert "ExecStart=/opt/advisory/.venv/bin/python -m advisory reminders send\n" in service
    assert "Type=oneshot" in service and "UMask=0077" in service and "User=advisory" in service
    assert "EnvironmentFile=/etc/advisory/advisory.env" in service
    timer = (SYSTEMD / "advisory-reminders.timer").read_text()
    assert "OnCalendar=Mon..Fri *-*-* 07:00:00" in timer and "Persistent=true" in timer


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is absent")
def test_systemd_accepts_the_timer_calendar():
    out = subprocess.run(
        ["systemd-analyze", "calendar", "Mon..Fri *-*-* 07:00:00"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "Next elapse:" in out.stdout
