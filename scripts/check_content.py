#!/usr/bin/env python3
"""Prove what readers get: every quotation, speaker and link on the built site.

Usage (from the project folder)::

    python scripts/check_content.py                      # build into a temporary folder, prove it
    python scripts/check_content.py docs/themes/x.md     # only these pages' problems
    python scripts/check_content.py --site site/         # prove a site any builder made
    python scripts/check_content.py --format json

Exit status: 0 clean, 1 problems, 2 usage or input error. The checker is the package
scripts/verbatim/ (its public API is at the top of verbatim/__init__.py); this file
is its command-line entry.
"""

from __future__ import annotations

import sys

from verbatim.cli import main

if __name__ == "__main__":
    sys.exit(main())
