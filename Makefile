# Advisory Dashboard. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= localhost
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format migrate demo bench bench-load install install-dev system-deps clean \
	extract-messages update-catalogs compile-catalogs init-catalog

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

# Languages (README "Languages"): the catalogs' source is advisory/locale/<lang>/LC_MESSAGES/
# messages.po; extract-messages rewrites the template from the code, update-catalogs merges
# it into every catalog, compile-catalogs builds the .mo files the app reads (not committed).
LOCALES := advisory/locale
PYBABEL := $(VENV)/bin/pybabel

extract-messages: install
	@mkdir -p $(LOCALES)
	$(PYBABEL) -q extract -F babel.cfg --no-location --sort-output --omit-header \
		-k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 -o $(LOCALES)/messages.pot \
		app.py advisory components pages

update-catalogs: extract-messages
	$(PYBABEL) -q update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date -i $(LOCALES)/messages.pot \
		-d $(LOCALES) -D messages

compile-catalogs: install
	@if ls $(LOCALES)/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(PYBABEL) -q compile -d $(LOCALES) -D messages; fi

init-catalog: extract-messages
	@test -n "$(LANG_CODE)" || { echo "usage: make init-catalog LANG_CODE=xx"; exit 2; }
	$(PYBABEL) init -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages -l $(LANG_CODE)

run: migrate compile-catalogs
	$(PY) -m serve app.py --server.port $(PORT) --server.address $(ADDRESS)

demo: migrate
	$(PY) -m advisory demo

# Debian packages the tests need: PostgreSQL 15 (storage and replica tests), Chromium (browser
# tests), nginx and openssl (the replica test runs deploy/nginx/advisory.conf with a throwaway
# certificate), fonts-noto-core (Noto Sans Myanmar and other scripts, so Burmese renders in the
# browser tests and PDFs). Debian's nginx package may start a default site on port 80; it is stopped again
# (the tests run their own nginx on loopback ports).
system-deps:
	@if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/bin/chromium ] \
		|| [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1 \
		|| [ ! -f /usr/share/fonts/truetype/noto/NotoSansMyanmar-Regular.ttf ]; then \
		echo "Installing postgresql, chromium, nginx, openssl and Noto fonts from Debian"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			postgresql chromium nginx openssl fonts-noto-core >/dev/null; \
		(service nginx stop || true) >/dev/null 2>&1; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 runs it in this one process).
# Each worker is a pytest session of its own: its own PostgreSQL cluster, Chromium, servers
# on free ports and temporary folders; --dist loadfile keeps a file's tests (and its
# module-scoped servers and data) on one worker. The time of the whole suite is printed last.
TEST_WORKERS ?= auto

# Then the in-process layers again, collected before and run after a quarter's first midnight
# (tests/clock_crossing.py): a test that reads the date at import fails there, not in the one
# CI run in a hundred that happens to cross midnight.
CROSSING_TESTS = tests/unit tests/integration tests/ui

test: system-deps install-dev lint compile-catalogs
	@start=$$(date +%s); \
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile; status=$$?; \
	echo "make test: the suite took $$(( $$(date +%s) - start )) s (TEST_WORKERS=$(TEST_WORKERS))"; \
	start=$$(date +%s); \
	$(PY) -m pytest -q -p no:cacheprovider -p tests.clock_crossing -n $(TEST_WORKERS) \
		--dist loadfile $(CROSSING_TESTS); crossing=$$?; \
	echo "make test: the run across midnight took $$(( $$(date +%s) - start )) s"; \
	[ $$status -eq 0 ] && [ $$crossing -eq 0 ]

# Every benchmark (bench/__main__.py); `make bench-load` runs only the load benchmark
# (LOAD_SECONDS, LOAD_SESSIONS, LOAD_REPLICAS: see bench/load_bench.py).
bench: system-deps install-dev
	$(PY) -m bench

bench-load: system-deps install-dev
	$(PY) -m bench load

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-artifacts
