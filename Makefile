# Two commands do everything on a machine with nothing but Python 3.11:
#   make run    set up, load the demo content and serve http://127.0.0.1:8000
#   make test   set up, then run every check and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install setup run test check lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) create_local_admin

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

check: install
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(MANAGE) makemigrations --check --dry-run

test: check
	$(BIN)/python -m pytest

# Refresh the Chinese catalogue after changing template strings (needs GNU gettext);
# the compiled .mo is committed so a fresh machine needs no gettext.
messages: install
	$(MANAGE) makemessages -l zh_Hans --ignore=".venv/*" --ignore="tests/*"
	$(MANAGE) compilemessages -l zh_Hans --ignore=".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 media media-test static_collected
