# newsbridge: `make run` processes the sample corpus, `make test` runs the suite. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out
CORPUS ?= seeds

.PHONY: setup run test lint check-output glossary-check glossary-fmt glossary-suggest glossary-export glossary-build bench clean

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

glossary-fmt: setup
	$(PY) -m pipeline glossary fmt glossaries

glossary-suggest: setup
	$(PY) -m pipeline glossary suggest $(CORPUS)

FORMAT ?= tbx
glossary-export: setup
	mkdir -p $(OUT)
	$(PY) -m pipeline glossary export --format $(FORMAT) --out $(OUT)/glossary.$(FORMAT)

bench: setup
	$(PY) bench/glossary_bench.py
	$(PY) bench/cfsc_linking.py
	$(PY) bench/traditional_mentions.py

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info

LISTINGS ?= ../shared/data/listings
glossary-build: setup
	$(PY) -m pipeline.glossary.generate $(LISTINGS) glossaries/generated
