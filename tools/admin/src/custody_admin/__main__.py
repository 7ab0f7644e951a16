import sys

from custody_admin.cli import main

sys.exit(main())
