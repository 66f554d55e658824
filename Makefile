# One task runner for everything. The two commands a new machine needs:
#   make run    set up and start the web app on demo data from the seed
#   make test   set up and pass every test (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
SEED := data/seed.txt
PORT ?= 8000

.PHONY: setup run extract-demo test-deps test lint format bench score clean

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	npm ci --no-audit --no-fund --silent
	mkdir -p src/luoshi/web/static/vendor
	cp node_modules/echarts/dist/echarts.min.js src/luoshi/web/static/vendor/

run: setup
	@scripts/install-fonts.sh
	$(UV) run luoshi serve --demo --port $(PORT)

extract-demo: setup
	$(UV) run luoshi extract $(SEED)

# what the tests need beyond Python: PostgreSQL (started by scripts/test-postgres.sh),
# Debian's Chromium for the browser tests and a CJK font for charts and PDFs
test-deps:
	scripts/install-browser.sh >/dev/null
	scripts/install-fonts.sh >/dev/null

test: setup test-deps
	$(UV) run ruff check src tests benchmarks
	$(UV) run ruff format --check src tests benchmarks
	$(UV) run mypy
	LUOSHI_TEST_POSTGRES_URL=$$(scripts/test-postgres.sh) $(UV) run pytest

lint: setup
	$(UV) run ruff check src tests benchmarks
	$(UV) run mypy

format: setup
	$(UV) run ruff format src tests benchmarks
	$(UV) run ruff check --fix src tests benchmarks

bench: setup
	$(UV) run --group bench python benchmarks/extract_speed.py

# score the extractor on the annotated documents, one folder at a time
score: setup
	for d in data/corpus/seed data/corpus/dev data/corpus/dev2; do \
	  echo "$$d"; $(UV) run luoshi eval $$d | tail -2; \
	done

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
