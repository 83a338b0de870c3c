"""``python -m monitor``: same as the ``monitor`` console script."""

from monitor.cli import main

raise SystemExit(main())
