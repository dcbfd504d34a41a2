# Age of Research: one target per task. `make help` lists them.
# The venv creates itself on first use (python/devguide's model): a fresh
# clone needs only Python 3.11 and make.

PYTHON    ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
HOST      ?= 127.0.0.1
PORT      ?= 8000
PYTEST_ARGS ?=

# Material 9.8 prints an end-of-life banner on every run; keep output clean.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the sitemap come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.DEFAULT_GOAL := help

.PHONY: help
help:  ## List the targets
	@grep -E '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# The venv, stamped by what it was installed from, so an edit to the lock
# files re-installs on the next run.
$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-docs: $(BIN)/activate requirements/docs.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements/docs.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-docs requirements/test.txt
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	@touch $@

# On top of the test layer: mypy reads the tests' imports (pytest, Playwright).
$(VENV)/.installed-lint: $(VENV)/.installed-test requirements/lint.txt
	$(BIN)/python -m pip install --quiet -r requirements/lint.txt
	@touch $@

.PHONY: venv
venv: $(VENV)/.installed-lint  ## Create .venv with everything (docs, tests, lint)

.PHONY: serve
serve: $(VENV)/.installed-docs  ## Serve the site at http://127.0.0.1:8000 with live reload
	@# At the root of the preview address, not under site_url's /age-of-research/
	@# path; and instant navigation engages, as the origin matches site_url.
	SITE_URL=http://$(HOST):$(PORT)/ $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

.PHONY: build
build: $(VENV)/.installed-docs  ## Build the site to site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict --clean

.PHONY: check
check: $(VENV)/.installed-docs  ## Prove every quotation and link (scripts/check_content.py)
	$(BIN)/python scripts/check_content.py

.PHONY: test
# The lint layer too: tests/test_lint.py proves the lint tools catch what they should.
test: $(VENV)/.installed-lint  ## Run every test, browser tests included
	@bash scripts/ensure_browser.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Each tool reads its settings from pyproject.toml; nothing here goes online
# (zizmor --offline; check-jsonschema's schemas ship inside it).
WORKFLOWS := $(wildcard .github/workflows/*.yml)

LINTERS := lint-ruff lint-format lint-mypy lint-zizmor lint-schemas

.PHONY: lint $(LINTERS)
# Every tool runs (-k) even when one fails, so one run shows every finding.
lint: $(VENV)/.installed-lint  ## ruff, ruff format, mypy, zizmor and the workflow schemas
	@$(MAKE) --no-print-directory -k $(LINTERS)

lint-ruff:
	$(BIN)/ruff check
lint-format:
	$(BIN)/ruff format --check
lint-mypy:
	$(BIN)/mypy
lint-zizmor:
	$(BIN)/zizmor --offline --persona pedantic --no-progress .github/
lint-schemas:
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)
	$(BIN)/check-jsonschema --builtin-schema custom.github-workflows-require-timeout $(WORKFLOWS)
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

.PHONY: bench
bench: $(VENV)/.installed-docs  ## Time the checker against mkdocs build on synthetic sites
	$(BIN)/python scripts/bench_check.py

.PHONY: audit
audit: $(VENV)/.installed-test  ## Lighthouse scores and bytes loaded per page (needs npm)
	@bash scripts/ensure_browser.sh
	$(BIN)/python scripts/audit_site.py

.PHONY: deploy
deploy: $(VENV)/.installed-docs  ## Build and push to the gh-pages branch (CI deploys main itself)
	$(BIN)/mkdocs gh-deploy --strict --force

.PHONY: lock
lock:  ## Re-resolve requirements/*.txt from pyproject.toml in a scratch venv
	bash scripts/lock.sh

.PHONY: clean
clean:  ## Remove the built site and caches (keeps .venv)
	rm -rf site .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

.PHONY: distclean
distclean: clean  ## Also remove .venv
	rm -rf $(VENV)
