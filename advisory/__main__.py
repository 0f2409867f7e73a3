import sys

from advisory.cli import main
from advisory.db import restrict_file_modes

# why (issue 14): backups, exports and a new database or key made by the CLI are private.
restrict_file_modes()
sys.exit(main())
