import sys

from advisory.cli import main
from advisory.db import restrict_file_modes

# why (issue 14): backups and a new SQLite file written by a command hold minutes, names and
# password hashes; they are private to this account. Set here, for the real process only, so
# tests calling main() in-process keep their own umask.
restrict_file_modes()
sys.exit(main())
