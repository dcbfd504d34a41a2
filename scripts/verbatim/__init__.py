"""verbatim: proves what readers get. Every quotation on the built site stands word for
word in the source, under a name that said it; every link leads somewhere; every
request stays on the site.

(Work in progress: the package is being split out of scripts/check_content.py.)
"""
