"""MkDocs hook: prove what readers get, on every build (scripts/verbatim/hook.py).

A thin adapter: the Markdown-level pass before the build, the proof of the built pages
after it; every problem is a warning, so ``mkdocs build --strict`` fails on one.
"""

from verbatim.hook import on_files, on_post_build, on_pre_build

__all__ = ["on_files", "on_post_build", "on_pre_build"]
