# healtharchive: make demo / make test / make eval / make bench
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install -q --disable-pip-version-check
CORPUS ?= ../shared/corpus

.PHONY: install install-eval demo test eval eval-gate bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) -e '.[test]' 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import archive, scrapy, datasette, sqlite_utils, warcio, nh3"
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-eval: $(VENV)/.installed
	$(PIP) -e '.[test,eval]' 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import trafilatura"
	touch $@

install-eval: $(VENV)/.installed-eval

demo: install
	$(VENV)/bin/healtharchive demo

test: install
	$(PY) -m pytest -q

eval: install-eval
	$(PY) ../shared/eval/evaluate.py $(CORPUS) --system project --python $(PY) --json eval-project.json
	$(PY) ../shared/eval/evaluate.py $(CORPUS) --system trafilatura --python $(PY) --json eval-trafilatura.json
	$(PY) ../shared/eval/evaluate.py --compare eval-trafilatura.json eval-project.json

# CI gate: the splitter's metrics on the corpus must hold the floors in eval/floors.json
eval-gate: install
	$(PY) ../shared/eval/evaluate.py $(CORPUS) --system project --python $(PY) --json eval-project.json
	$(PY) eval/gate.py eval-project.json

bench: install-eval
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) demo-data eval-*.json *.egg-info
