import sys

from kehoach_xl.shells.cli import main

sys.exit(main())
