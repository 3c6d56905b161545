import sys

from kehoach_xl.cli import main

sys.exit(main())
