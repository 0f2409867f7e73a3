"""Deployment files (nginx site, systemd units, environment example) and the restore check."""
