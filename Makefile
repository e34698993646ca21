# gopy developer commands. `make run` and `make test` create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format bench bench-load clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gopy run

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python benchmarks/faq_accuracy.py
	$(BIN)/python benchmarks/telegram_throughput.py

# Several gopy processes on the local PostgreSQL, then faults under load (restarts PostgreSQL).
bench-load: $(STAMP)
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/faults.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
