# hyojunka: make run | make test | make install | make bench (make test-all: every test, as CI runs them)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/hyojunka.duckdb
PORT ?= 8501

.PHONY: install run test test-all bench browser-deps lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Debian's chromium, Japanese fonts, poppler-utils (pdftoppm), Pango (WeasyPrint's text layout),
# LibreOffice Calc and Impress (a real spreadsheet client; the deck opened) and zbar-tools (QR decoding) for
# the browser, image and document tests, installed only when missing and only where apt works (CI
# does). Elsewhere those tests skip, except with CI=true.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'noto sans cjk' \
	    || ! command -v pdftoppm >/dev/null 2>&1 || ! ldconfig -p 2>/dev/null | grep -q libpangoft2 \
	    || ! command -v soffice >/dev/null 2>&1 || ! command -v zbarimg >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium, fonts-noto-cjk, poppler-utils, pango, libreoffice (calc, impress), zbar-tools"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
	      poppler-utils libpango-1.0-0 libpangoft2-1.0-0 zbar-tools >/dev/null \
	      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-calc libreoffice-impress >/dev/null) \
	      || echo "apt-get failed: browser tests will not find chromium"; \
	  else echo "no apt: browser tests will skip unless CI=true"; fi; \
	fi

run: install
	$(BIN)/hyojunka init --db $(DB)
	@if [ "$$($(BIN)/hyojunka submissions --db $(DB) --count)" = "0" ]; then \
	  echo "empty database: building the Tokyo demo history"; \
	  $(BIN)/hyojunka demo --db $(DB) --scale tokyo; fi
	HYOJUNKA_DB=$(DB) $(BIN)/streamlit run dashboard/serve.py --server.address 127.0.0.1 \
	  --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# `make test`: the checks, then every test but those marked slow (soaks, whole demos, matrices of
# pages, rendered documents, most browser tests: a few browser tests marked smoke stay in), property
# tests at a fifth of their examples, the Tokyo demo history kept from the run before while what it is
# made of is the same (tests/support/shared.py). With CI=true (.ci/run) and in `make test-all`: every
# test, in full, everything built anew. Each run ends with its 25 slowest steps.
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadgroup --durations=25
ALL_TESTS := HYOJUNKA_FULL_TESTS=1 $(PYTEST)

test: install browser-deps lint
	$(if $(filter true,$(CI)),$(ALL_TESTS),$(PYTEST) -m "not slow")

test-all: install browser-deps lint
	$(ALL_TESTS)

bench: install
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache
