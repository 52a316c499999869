# armsdata: the two commands the README opens with.
#   make reproduce   set up, verify the shipped snapshots, execute every notebook, render site/
#   make test        set up, then run every test (pytest + nbval over the notebooks + browser test)
# Both create .venv/ on first use (Python >= 3.11 with venv; nothing else needed).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup reproduce test test-fast browser lab clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# an editable install leaves src/ uncompiled; where PYTHONDONTWRITEBYTECODE is set every
	@# command, kernel and test worker would compile armsdata again (0.05 s each)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

setup: $(STAMP)

reproduce: $(STAMP)
	$(BIN)/armsdata verify
	$(BIN)/armsdata process
	$(BIN)/armsdata claims
	$(BIN)/armsdata report --output site
	@echo "Open site/index.html"

browser:
	@bash scripts/ensure-chromium.sh

test: $(STAMP) browser
	$(BIN)/python -m pytest

# the quick loop while editing the library: no notebooks, no browser, no test marked slow
# (`make test` runs them all)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m 'not browser and not network and not slow' tests

# JupyterLab on the notebooks, to change them (re-execute with scripts/execute_notebooks.py)
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/jupyter lab notebooks

clean:
	rm -rf site .pytest_cache .hypothesis
