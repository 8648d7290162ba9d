"""Run the command line: ``python -m clusterxchange``."""

import sys

from clusterxchange.cli import main

if __name__ == "__main__":
    sys.exit(main())
