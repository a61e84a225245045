"""Entry point of ``python3 -m yigongti``."""
import sys

from .cli import main

sys.exit(main())
