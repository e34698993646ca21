# gopy developer commands. `make run` and `make test` create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test stress lint format bench bench-load clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/gopy run

# The suite in three processes (pytest-xdist; each has its own SQLite files, or its own
# PostgreSQL database beside the given one: tests/conftest.py). TEST_WORKERS=0: one process.
# Three on two cores, because many tests wait (subprocesses, the browser, sockets): measured
# 100 s wall with two, 79 s with three, 84 s with four, same machine and tree.
# Exit status 5 is pytest's "no tests were collected": a suite that ran nothing failed.
# Compiled modules are kept (__pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE
# is set: otherwise each worker, and each process a test starts, compiles gopy and
# rewrites the tests' asserts again, about 3.5 s of CPU every time.
TEST_WORKERS ?= 3
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS) || { status=$$?; \
		[ $$status -ne 5 ] || echo "make test: pytest collected no tests" >&2; exit $$status; }

# The tests of what runs in the background (workers, pollers, lanes, shutdown), again and
# again: a run that fails or does not finish in STRESS_LIMIT seconds stops it.
STRESS_RUNS ?= 30
STRESS_LIMIT ?= 300
STRESS_TESTS ?= tests/bot/test_outbox_worker.py tests/bot/test_clock_worker.py \
	tests/bot/test_observability.py tests/bot/test_lanes.py tests/bot/test_multiprocess.py \
	tests/storage/test_outbox.py tests/storage/test_sqlite_driver.py \
	tests/bot/telegram/test_polling.py tests/bot/telegram/test_webhook.py \
	tests/bot/zalo/test_poller.py tests/bot/zalo/test_webhooks.py
stress: $(STAMP)
	@for run in $$(seq 1 $(STRESS_RUNS)); do \
		echo "stress run $$run of $(STRESS_RUNS)"; \
		timeout --kill-after=10 --signal=INT $(STRESS_LIMIT) \
			$(BIN)/pytest -q -p no:cacheprovider -x $(STRESS_TESTS) || { status=$$?; \
			echo "make stress: run $$run failed (status $$status; 124: over $(STRESS_LIMIT) s)" >&2; \
			exit 1; }; \
	done; echo "make stress: $(STRESS_RUNS) runs, no failure, no hang"

# mypy's settings (strict for faq, complaints, storage) are in pyproject.toml; its cache in
# .mypy_cache makes a re-run after a small change take seconds.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python benchmarks/faq_accuracy.py
	$(BIN)/python benchmarks/telegram_throughput.py
	$(BIN)/python benchmarks/widget_size.py

# Several gopy processes on the local PostgreSQL, then faults under load (restarts PostgreSQL).
bench-load: $(STAMP)
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/faults.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
