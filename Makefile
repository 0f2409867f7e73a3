# Advisory Dashboard. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= localhost
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format migrate demo bench bench-load install install-dev system-deps clean

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; trying python3"; }
	@($(PYTHON) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV))
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) -m advisory db upgrade

run: migrate
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

demo: migrate
	$(PY) -m advisory demo

# Debian packages the tests need: PostgreSQL 15 (storage and replica tests), Chromium (browser
# tests), nginx and openssl (the replica test runs deploy/nginx/advisory.conf with a throwaway
# certificate). Debian's nginx package may start a default site on port 80; it is stopped again
# (the tests run their own nginx on loopback ports).
system-deps:
	@if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/bin/chromium ] \
		|| [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1; then \
		echo "Installing postgresql, chromium, nginx and openssl from Debian"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			postgresql chromium nginx openssl >/dev/null; \
		(service nginx stop || true) >/dev/null 2>&1; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: system-deps install-dev lint
	$(PY) -m pytest -q -p no:cacheprovider

# Every benchmark (bench/__main__.py); `make bench-load` runs only the load benchmark
# (LOAD_SECONDS, LOAD_SESSIONS, LOAD_REPLICAS: see bench/load_bench.py).
bench: system-deps install-dev
	$(PY) -m bench

bench-load: system-deps install-dev
	$(PY) -m bench load

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
