"""verbatim: proves what readers get. Every quotation on the built site stands word for
word in the source, under a name that said it; every link leads somewhere; every
request stays on the site.

Public API (hooks, scripts and tests use these names; keep them stable)
------------------------------------------------------------------------
* ``verbatim.run.check(config_file, paths=None, site_dir=None) -> Report``: the whole
  proof (build into a temporary folder unless ``site_dir`` is given); ``Report.problems``,
  ``.quotations`` (every verified quotation as shown), ``.budget``.
* ``verbatim.site_proof.prove_built_site(site, index, limit) -> Report``: one scan of a
  built site against the sources (``verbatim.matching.load_sources``): a site only listed
  (``verbatim.built.list_site``) is read page by page, each page proved and let go, a large
  one in shards by forked workers; a site loaded whole (``verbatim.built.load_site``) too.
* ``verbatim.locate.locate(site, page, needle) -> (path, line, column)``.
* ``verbatim.checks.CODES`` (every problem code), ``page_checks`` and ``site_checks`` (the registry).
* ``verbatim.problems.Problem``, ``InputError``.
* ``verbatim.hook.build_index(config) -> VerifiedIndex``: the build's one index of the
  sources (``verbatim.rules.VerifiedIndex``: each look-up made once), shared by the quote
  cards, the quote index and the theme map (scripts/quote_catalogue.py, which reads each
  rendered page once with ``verbatim.proof.prove_page``) and the proof of the built site.
* ``verbatim.themes.is_theme_page``: the one definition of a theme page.

Modules, by concern
-------------------
``matching`` sources and matching · ``rules`` when a quotation is accepted · ``marks``
quotation marks of every family · ``reading`` the built HTML as shown · ``proof`` the
quotation proof of a page · ``budget`` the quote budget · ``episode`` links into the
episode · ``checks`` the registry (page checks, site checks) · ``site_proof`` one scan of a site · ``report`` the
report · ``locate`` positions in the sources · ``project`` mkdocs.yml through MkDocs'
loaders · ``source_pass`` what exists only in the Markdown (front matter, nav, the site
rules over links between pages; no quotation, no link check) · ``run`` building and
proving · ``cli`` the command line · ``hook`` the build hook.
"""

from verbatim.problems import InputError, Problem

__all__ = ["InputError", "Problem"]
