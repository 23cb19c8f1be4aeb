# The two commands a fresh machine needs are `make regen` and `make test`; both bootstrap everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PRISM_DIR := .tools/prism
PRISM := $(PRISM_DIR)/node_modules/.bin/prism
PIP := $(PY) -m pip --disable-pip-version-check --quiet

.PHONY: all regen test check snapshots lint typecheck unit install-test prism lock clean venv bench-runtime bench-generate bench-corpus fuzz

all: test

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install setuptools==84.2.1 wheel==0.48.0
	$(PIP) install --no-deps --no-build-isolation --config-settings editable_mode=compat -e .
	touch $(STAMP)

# The generator runs from this tree: byte-compile it, as pip does for an installed tool. Where
# PYTHONDONTWRITEBYTECODE is set (many containers), every run would otherwise compile it again.
BYTECODE := $(PY) -m compileall -q generator

venv: $(STAMP)

## regen: regenerate every target under generated/ from specs/ (the main job), then type-check the examples
regen: $(STAMP)
	@$(BYTECODE)
	$(PY) -m generator generate
	@echo "type-checking docs/examples against the regenerated clients (a breaking bump shows up here)"
	MYPYPATH=generated $(PY) -m mypy --strict --no-incremental docs/examples

## check: fail when generated/ is not exactly what the specs and templates produce
check: $(STAMP)
	$(PY) -m generator check

## test: linters, type checks, unit/snapshot/functional/contract tests, then the drift check
test: $(STAMP) $(PRISM) lint typecheck unit check

lint: $(STAMP)
	$(PY) -m ruff check generator templates/runtime tests bench
	$(PY) -m ruff check --no-cache generated/oxen_hub generated/oxen_server
	$(PY) -m black --check --quiet -l 100 -t py311 templates/runtime generated tests/snapshots

typecheck: $(STAMP)
	$(PY) -m mypy generator templates/runtime
	MYPYPATH=generated $(PY) -m mypy --strict docs/examples
	cd generated && ../$(PY) -m mypy --strict oxen_hub oxen_server

# Among the tests, tests/generator/test_install_wheel.py builds the wheel, installs it into a throwaway venv
# without this tree, and generates and imports a client from a folder outside the repository.
unit: $(STAMP) $(PRISM)
	PRISM=$(abspath $(PRISM)) $(PY) -m pytest -q

## install-test: only that: the built wheel works as a tool on its own (about 30 s, part of `make test`)
install-test: $(STAMP)
	$(PY) -m pytest -q tests/generator/test_install_wheel.py

## fuzz: the fuzz suite (tests/fuzz/) with a random seed for FUZZ_MINUTES minutes; keeps each new failure, shrunk,
## in tests/fixtures/fuzz/ as a regression fixture, and prints what it tried and kept
FUZZ_MINUTES ?= 30
fuzz: $(STAMP)
	$(PY) -m tests.fuzz.run --minutes $(FUZZ_MINUTES)

## snapshots: rewrite the golden trees under tests/snapshots and the CLI error outputs (review the diff)
snapshots: $(STAMP)
	$(PY) -m tests.snapshots
	UPDATE_SNAPSHOTS=1 $(PY) -m pytest -q tests/generator/test_cli.py

## bench-runtime: per-call cost, import time and SSE throughput of oxen_hub vs httpx2 and openai
bench-runtime: $(STAMP)
	$(PY) bench/runtime.py

## bench-generate: generation time and memory vs openapi-python-client (installed into .venv-bench)
bench-generate: $(STAMP)
	$(PY) bench/generate.py

## bench-corpus: generate and import a client for every spec of ../shared/corpus
bench-corpus: $(STAMP)
	$(PY) bench/corpus.py

## prism: install the Prism mock server (npm) into .tools/prism for the contract tests
prism: $(PRISM)

$(PRISM): tests/prism/package.json tests/prism/package-lock.json
	mkdir -p $(PRISM_DIR)
	cp tests/prism/package.json tests/prism/package-lock.json $(PRISM_DIR)/
	cd $(PRISM_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(PRISM)

## lock: refresh requirements.lock from requirements.in
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	(echo "# Generated from requirements.in by \`make lock\`; exact versions of everything installed into .venv."; \
	 .lock-venv/bin/python -m pip freeze --all | grep -v -E "^(pip|setuptools|wheel)==") > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .tools .mypy_cache .ruff_cache .pytest_cache
