import sys

from custody_verify.cli import main

sys.exit(main())
