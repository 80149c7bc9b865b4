# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
FLASK  := $(VENV)/bin/flask
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := webapp

.PHONY: run serve test test-postgres mutate browser-deps font-deps db demo clean translations

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## run: install, migrate the SQLite database, load demo data once, train a model, serve on :5000
run: $(VENV)/.installed font-deps
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty --locale $(or $(LEADFLOW_LOCALE),en)
	$(FLASK) scoring retrain --if-possible
	$(FLASK) demo credentials
	$(FLASK) run --host 127.0.0.1 --port 5000

## test: install with dev extras and the system Chromium, run the whole suite
test: $(VENV)/.installed-dev browser-deps font-deps
	$(PY) -m pytest

## test-postgres: the whole suite again on PostgreSQL (TEST_DATABASE_URL), trained-model tests included;
## the browser tests' live server keeps its own SQLite file, so they run once, in `make test`
test-postgres: $(VENV)/.installed-dev font-deps
	$(PY) -m pytest -m "not browser"

## mutate: mutation score of one module against the tests that cover it (slow; not part of `make test`), e.g.
##   make mutate MODULE=webapp/jobs.py TESTS="tests/webapp/test_jobs.py tests/webapp/test_scheduler.py"
mutate: $(VENV)/.installed-dev
	@test -n "$(MODULE)" -a -n "$(TESTS)" || { echo 'usage: make mutate MODULE=path/to/module.py TESTS="tests/..."'; exit 2; }
	$(PY) tools/mutate.py $(MODULE) $(TESTS) --max-children $(or $(CHILDREN),1)

# Debian's Chromium drives the browser tests; Playwright never downloads a browser.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Debian's DejaVu Sans is embedded in offer PDFs (German, €, ✓); never downloaded at run time.
font-deps:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-dejavu-core >/dev/null; }

clean:
	rm -rf $(VENV) instance .pytest_cache

## translations: extract every marked string, add the new ones to the German catalogue, compile it
translations: $(VENV)/.installed-dev
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --project leadflow -o $(VENV)/messages.pot . >/dev/null
	@test -f webapp/translations/de/LC_MESSAGES/messages.po || \
	  $(VENV)/bin/pybabel init -i $(VENV)/messages.pot -d webapp/translations -l de
	$(VENV)/bin/pybabel -q update -i $(VENV)/messages.pot -d webapp/translations \
	  --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d webapp/translations --statistics
