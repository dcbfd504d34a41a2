"""A small site that plants markup in every value Material's search index copies from a page.

Shared by tests/test_search_escaping.py (the index it writes) and
tests/browser/test_search_escaping.py (what a reader sees when searching it). Built with
the project's overrides/, theme settings, search settings and search-index hooks, as
tests/test_escaping.py builds its fixture; the other hooks prove the real site's
quotations against sources/ and have nothing to do with search.

Each page takes one path to the index (scripts/search_titles.py explains them):

- ``front/``: a front matter title, and text before the page's first heading;
- ``nav/``: a ``nav:`` title in mkdocs.yml, and no h1;
- ``heading/``: no title but its first h1 (HTML: must not be escaped twice), and a
  heading that is only an image, which Material titles with the page's title;
- ``tagged/``: front matter tags.

Each planted title starts with a word no other page has, for the browser to search.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT
from test_escaping import site_config

# Its first word before any markup: Material's search tokenizer reads `">` as the end of a tag,
# so a raw title that opened with it would be unsearchable rather than injected.
FRONT = "Zanzibar front <img src=x onerror=alert(1)> \"><script>alert(1)</script> & it's"
NAV = "Quokka nav <img src=x onerror=alert(2)> & <b>bold</b> 1 < 2"
HEADING = 'Q&A: 1 < 2, "so" it\'s'  # the first h1 of a page with no other title
HEADING_HTML = 'Q&amp;A: 1 &lt; 2, "so" it\'s'  # as MkDocs renders it, and Material's index keeps it
TAG = "Kiwitag <img src=x onerror=alert(3)> &"
IMAGE_SECTION = "Wombat text under a heading that is only an image."

#: the hooks of the real mkdocs.yml that write the search index, in its order
SEARCH_INDEX_HOOKS = ("escape_search_index.py", "search_variants.py")


def search_index_hooks(config: dict[str, Any]) -> list[str]:
    """The real site's hooks that write the search index, as absolute paths, in its order."""
    return [str(ROOT / hook) for hook in config["hooks"] if Path(hook).name in SEARCH_INDEX_HOOKS]


def write_project(project: Path, *, hooks: list[str] | None = None) -> Path:
    """The fixture site in ``project``, with ``hooks`` (the real site's search ones unless told). Returns mkdocs.yml."""
    docs = project / "docs"
    docs.mkdir(parents=True)

    def page(name: str, body: str, **front: Any) -> None:
        head = f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n\n" if front else ""
        (docs / name).write_text(head + body, encoding="utf-8")

    page("index.md", "# Home\n\nText.\n")
    page("front.md", "Text before the first heading.\n\n# The front page's own h1\n\nText.\n", title=FRONT)
    page("nav.md", "Text, and no h1.\n\n## Part\n\nMore text.\n")
    page("heading.md", f"# {HEADING}\n\nText.\n\n## ![dot](dot.svg)\n\n{IMAGE_SECTION}\n")
    page("tagged.md", "# Tagged\n\nText.\n", tags=[TAG])
    (docs / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n', encoding="utf-8")
    real = site_config()
    theme = dict(real["theme"])
    theme["custom_dir"] = str(ROOT / "overrides")
    config = {
        "site_name": "Search fixture",
        "site_url": "https://h.test/p/",
        "theme": theme,
        "plugins": real["plugins"],  # search, with the site's separator, pipeline and boosts
        "hooks": search_index_hooks(real) if hooks is None else hooks,
        "markdown_extensions": [{"toc": {"permalink": True}}],
        "nav": ["index.md", "front.md", {NAV: "nav.md"}, "heading.md", "tagged.md"],
    }
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mkdocs_yml
