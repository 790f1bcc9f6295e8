# newsbridge: `make run` processes the sample corpus, `make test` runs the suite. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out
CORPUS ?= seeds

.PHONY: setup run test lint check-output glossary-check glossary-build clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	$(PY) -m pipeline run $(CORPUS) --out $(OUT)

test: setup
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

check-output:
	$(PYTHON) ../shared/tools/check_output.py $(OUT)

glossary-check: setup
	$(PY) -m pipeline glossary check glossaries

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info

LISTINGS ?= ../shared/data/listings
glossary-build: setup
	$(PY) -m pipeline.glossary.generate $(LISTINGS) glossaries/generated
