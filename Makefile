# The two commands of the README: `make demo` and `make test`.  Each builds its own
# virtualenv in .venv from pyproject.toml (nothing needs to be preinstalled but python3).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test models bench clean

$(BIN)/govtext: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/govtext

demo: $(BIN)/govtext
	$(BIN)/govtext reconcile corpora/sample --format table
	$(BIN)/govtext eval corpora/sample/gold corpora/sample
	rm -rf out/sample
	$(BIN)/govtext corpus corpora/sample --out out/sample --no-progress
	$(BIN)/govtext report corpora/sample --html out/sample-review.html --no-progress

test: $(BIN)/govtext
	$(BIN)/pytest

models: $(BIN)/govtext
	$(BIN)/python scripts/train_sections.py
	$(BIN)/python scripts/train_facts.py

clean:
	rm -rf $(VENV) build *.egg-info
