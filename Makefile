# Every target bootstraps .venv itself, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

SCENARIO ?= scenarios/whatif/global_airline.yaml
VARIANTS ?= business-hours,follow-the-sun

.PHONY: demo drill test test-fast wheel-check lint bench venv clean

# The stamp is rebuilt whenever pyproject.toml changes, so the environment never goes stale.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,bench]'
	@touch $@

venv: $(VENV)/.installed

demo: venv
	$(BIN)/carelab compare $(SCENARIO) --variants $(VARIANTS) --replications 5 \
		--report out/demo-report.html

drill: venv
	$(BIN)/carelab drill

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# pytest exits 5 when it collects nothing: that must fail loudly, never pass silently.
test: lint
	@$(BIN)/python -m pytest -n 2 -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

# The quick loop while developing: no lint, no statistical checks marked slow.
test-fast: venv
	$(BIN)/python -m pytest -n 2 -q -m "not slow" -p no:cacheprovider

# Build the wheel, install it into a fresh venv and run a bundled what-if and drill from an empty folder.
wheel-check: venv
	.ci/wheel-check

bench: venv
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out
