# hyojunka: make run | make test | make install | make bench
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/hyojunka.duckdb
PORT ?= 8501

.PHONY: install run test bench browser-deps lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Debian's chromium and Japanese fonts for the browser tests, installed only when missing and
# only where apt works (CI does). Elsewhere the browser tests skip, except with CI=true.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
	  || ! fc-list 2>/dev/null | grep -qi 'noto sans cjk'; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium, fonts-noto-cjk and poppler-utils"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null) \
	      || echo "apt-get failed: browser tests will not find chromium"; \
	  else echo "no apt: browser tests will skip unless CI=true"; fi; \
	fi

run: install
	$(BIN)/hyojunka init --db $(DB)
	@if [ "$$($(BIN)/hyojunka submissions --db $(DB) --count)" = "0" ]; then \
	  echo "empty database: building the Tokyo demo history"; \
	  $(BIN)/hyojunka demo --db $(DB) --scale tokyo; fi
	HYOJUNKA_DB=$(DB) $(BIN)/streamlit run dashboard/app.py --server.address 127.0.0.1 \
	  --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: install browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m tests.bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache
