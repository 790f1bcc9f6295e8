# newsbridge: `make run` processes the sample corpus (ARGS="..." adds `newsbridge run` options), `make test` runs
# the suite. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out
CORPUS ?= seeds
# Extra options for `make run`, e.g. make run ARGS="--translator gloss --config run.yaml"; with --append (a daily
# job adding to a dataset, docs/datasets.md), --update or --resume, OUT is not replaced.
ARGS ?=
GLOSSARIES ?= glossaries

.PHONY: setup run show inspect test test-browser browser-setup test-llama report-screenshot lint fuzz models eval-mt eval-linking eval-fresh bench-translate check-output glossary-check glossary-fmt glossary-suggest glossary-export glossary-build bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-argos.txt requirements-glossary.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps -r requirements-argos.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-glossary.txt
	touch $(STAMP)

# make says so to newsbridge (NEWSBRIDGE_MAKE), whose hints then name make targets, and hands it ARGS for the
# --resume hint after an interrupt. ARGS="--resume" finishes an interrupted run (and leaves out --overwrite).
run: export NEWSBRIDGE_MAKE = 1
run: export NEWSBRIDGE_MAKE_ARGS = $(ARGS)
run: setup
	$(PY) -m pipeline run $(CORPUS) --out $(OUT) $(if $(filter --resume --append --update,$(ARGS)),,--overwrite) $(ARGS)

# What `make run` suggests next: one document of OUT (DOC=its id), and everything OUT accounts for.
DOC ?=
show inspect: export NEWSBRIDGE_MAKE = 1
show: setup
	$(PY) -m pipeline show $(OUT) $(DOC)
inspect: setup
	$(PY) -m pipeline inspect $(OUT)

# The suite on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process, in file order). --dist loadfile gives
# each file to one worker, so a module's shared pipeline run is made once (tests/conftest.py hands the files that
# have one out first); at most 4 workers, as each holds the glossaries and its own caches (about 1-2 GB).
TEST_WORKERS ?= auto
test: setup
	$(PY) -m pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile

# The browser tests (tests/browser/): report.html of a run on seeds/ in headless Chromium. Installs what they need:
# Debian's chromium, chromedriver and a CJK font (apt-get, with sudo when not root) and the `browser` extra.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BROWSER_DEBS := chromium chromium-driver fonts-wqy-zenhei
browser-setup: setup
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_DEBS); fi
	$(PY) -m pip install --quiet -e '.[browser]'

test-browser: browser-setup
	NEWSBRIDGE_REQUIRE_BROWSER=1 $(PY) -m pytest -q -p no:cacheprovider tests/browser

# docs/report-seeds.png, the picture of report.html in README.md and docs/results.md (a run on seeds/).
report-screenshot: browser-setup
	$(PY) -m tests.browser.report_screenshot docs/report-seeds.png

# The llama.cpp server test (tests/test_llama_server.py; `make test` skips it): llama-cpp-python's server in its own
# venv, compiled from PyPI's sdist (CPU only, no multimodal library: 6-7 CPU-minutes, so 3-4 minutes on 2 idle cores;
# pip keeps the wheel, a later install takes about a minute), and gguf, which writes the test's model, in .venv.
# NEWSBRIDGE_REQUIRE_LLAMA=1 makes a missing piece fail.
LLAMA_VENV ?= .venv-llama
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
	-DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_OPENSSL=OFF
$(LLAMA_VENV)/.installed: requirements-llama.txt
	$(PYTHON) -m venv $(LLAMA_VENV)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) \
		$(LLAMA_VENV)/bin/pip install --quiet "$$(grep '^llama-cpp-python' requirements-llama.txt)"
	touch $@

test-llama: setup $(LLAMA_VENV)/.installed
	$(PY) -m pip install --quiet "$$(grep '^gguf' requirements-llama.txt)"
	NEWSBRIDGE_REQUIRE_LLAMA=1 NEWSBRIDGE_LLAMA_PYTHON=$(abspath $(LLAMA_VENV))/bin/python \
		$(PY) -m pytest -q -p no:cacheprovider tests/test_llama_server.py

lint: setup
	$(PY) -m ruff check .

# The property tests (tests/test_properties.py) with many more examples and a fresh seed, printed so a failure can be
# replayed (`make fuzz SEED=...`); not part of `make test`. FUZZ_EXAMPLES is per property (a few minutes in all).
FUZZ_EXAMPLES ?= 300
SEED ?= $(shell date +%s)
fuzz: setup
	@echo "fuzz seed: $(SEED) (replay: make fuzz SEED=$(SEED))"
	@NEWSBRIDGE_FUZZ=1 NEWSBRIDGE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -p no:cacheprovider \
		--hypothesis-seed=$(SEED) --hypothesis-show-statistics tests/test_properties.py > .fuzz.log 2>&1; \
	rc=$$?; grep -E "^(FAILED|ERROR)|Falsifying|Failing test case|passed|failed" .fuzz.log; \
	$(PY) -c "import re; t=open('.fuzz.log').read(); \
	n=sum(int(a)+int(b) for a,b in re.findall(r'(\d+) passing(?: examples?)?, (\d+) failing', t)); \
	print(f'fuzz: {n} cases tried, seed $(SEED), full log in .fuzz.log')"; exit $$rc

check-output:
	$(PYTHON) ../shared/tools/check_output.py $(OUT)

glossary-check: setup
	$(PY) -m pipeline glossary check --glossaries $(GLOSSARIES)

glossary-fmt: setup
	$(PY) -m pipeline glossary fmt --glossaries $(GLOSSARIES)

glossary-suggest: setup
	$(PY) -m pipeline glossary suggest --glossaries $(GLOSSARIES) $(CORPUS)

# The export goes to its own directory, not into $(OUT): a directory holding only an export is not a newsbridge
# output, so `make run` would refuse it.
FORMAT ?= tbx
EXPORT ?= exports/glossary.$(FORMAT)
glossary-export: setup
	mkdir -p $(dir $(EXPORT))
	$(PY) -m pipeline glossary export --glossaries $(GLOSSARIES) --format $(FORMAT) --out $(EXPORT)

# The glossary, linking and engine benchmarks on ../shared (SHARED=DIR or NEWSBRIDGE_SHARED=DIR when it is
# elsewhere); the engine bench writes bench/results.md. About 10 minutes on 2 cores.
SHARED ?= $(or $(NEWSBRIDGE_SHARED),../shared)
bench: setup
	NEWSBRIDGE_SHARED=$(SHARED) $(PY) bench/glossary_bench.py --repeat 2
	$(PY) bench/cfsc_linking.py $(SHARED)/data/news/zh-hans/cfsc_ner_test.json
	$(PY) bench/traditional_mentions.py $(SHARED)/data/news/zh-hant/cnyes_headlines_202503.csv
	NEWSBRIDGE_SHARED=$(SHARED) $(PY) -m bench.engine_bench

# Linking precision and recall on the hand-judged sample of ../shared/data/news (tests/fixtures/linking_judged).
eval-linking: setup
	$(PY) -m bench.linking_eval
	$(PY) bench/link_precision.py

# Issue 16's held-out measure (tests/fixtures/linking_judged/fresh/, per source file); ARGS=--all lists every miss.
# Reads ../shared, or NEWSBRIDGE_SHARED (a git worktree has no ../shared).
eval-fresh: setup
	$(PY) -m bench.fresh_eval $(ARGS)

# Removes only newsbridge's own files from $(OUT) (pipeline/io/ownership.py): a file of yours there stays, and a
# directory that is not a newsbridge output is refused. Without .venv, $(OUT) is left alone.
clean:
	rm -rf .pytest_cache build *.egg-info
	@if [ -x $(PY) ]; then $(PY) -m pipeline.io.ownership clean $(OUT); \
	elif [ -e $(OUT) ]; then echo "make clean: $(OUT) kept: without $(VENV) newsbridge cannot tell its own files from yours"; fi

LISTINGS ?= ../shared/data/listings
glossary-build: setup
	$(PY) -m pipeline.glossary.generate $(LISTINGS) glossaries/generated

# `make models` installs argos' zh→en package from its index (needs internet);
# `make models MODEL=path/to/file.argosmodel` installs a file offline.
MODEL ?= zh_en
models: setup
	$(PY) -m pipeline models install $(MODEL)

# chrF and BLEU of gloss and argos on the finance subset of ../shared/data/parallel (skips without a model).
eval-mt: setup
	$(PY) bench/eval_mt.py

# The translate stage against argostranslate.translate.translate() on one random argos-shaped package.
# argostranslate's full install (torch, stanza, spaCy) goes to its own venv, never to .venv.
BENCH_VENV ?= .venv-bench
$(BENCH_VENV)/.installed: requirements-argos.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r requirements-argos.txt
	touch $@
bench-translate: setup $(BENCH_VENV)/.installed
	$(PY) bench/translate_bench.py --argos-python $(BENCH_VENV)/bin/python
