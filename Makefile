# Advisory Dashboard. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= localhost
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format migrate demo bench install install-dev system-deps clean

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

# Debian packages the tests need: PostgreSQL 15 (storage tests) and Chromium (browser tests).
system-deps:
	@if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/bin/chromium ]; then \
		echo "Installing postgresql and chromium from Debian"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			postgresql chromium >/dev/null; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: system-deps install-dev lint
	$(PY) -m pytest -q -p no:cacheprovider

bench: install-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
