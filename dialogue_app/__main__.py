import sys

from dialogue_app.cli import main

sys.exit(main())
