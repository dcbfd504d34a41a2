"""MkDocs hook: refuse input that would hang, flood or crash the build, in one line.

A thin adapter over verbatim.inputs. ``on_pre_build`` runs before MkDocs walks docs_dir
(``get_files``) and before any page, template or snippet is read, and on every rebuild of
``mkdocs serve``; the priority puts it ahead of every other hook's ``on_pre_build``.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from verbatim.inputs import InputError, refuse_bad_config


@event_priority(100)
def on_pre_build(config: MkDocsConfig) -> None:
    try:
        refuse_bad_config(config)
    except InputError as error:
        raise PluginError(f"refused: {error}") from None
