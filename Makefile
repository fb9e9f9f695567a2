# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install assets migrate demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

web/static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	$(BIN)/python ops/copy_assets.py
	touch $@

assets: $(STAMP) web/static/vendor/.installed

migrate: install
	$(BIN)/pleno db upgrade

demo: migrate
	$(BIN)/pleno demo

run: assets demo
	$(BIN)/pleno run --scheduler

test: assets
	$(BIN)/python -m pytest tests

bench: install
	$(BIN)/python ops/bench/engine.py
	$(BIN)/python ops/bench/inbox.py
	$(BIN)/python ops/bench/deadlines.py
	$(BIN)/python ops/bench/requests.py
	$(BIN)/python ops/bench/sessions.py

clean:
	rm -rf $(VENV) node_modules web/static/vendor var
