# Two entry points: `make demo` (set up, run on the bundled example) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
KEHOACH := $(VENV)/bin/kehoach
EXAMPLE := examples/KeHoach_xa_Cam_Luong_2023.xlsm

.PHONY: demo test workbook dist

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/installed
	$(KEHOACH) validate $(EXAMPLE)
	$(KEHOACH) totals $(EXAMPLE)
	$(KEHOACH) targets $(EXAMPLE)
	$(KEHOACH) export $(EXAMPLE) -o out

test: $(VENV)/installed
	$(PY) -m pytest

workbook: $(VENV)/installed
	$(KEHOACH) build-workbook

# dist/kehoach-xl-<version>-windows.zip: the offline bundle for a commune's Windows PC (needs PyPI).
dist: $(VENV)/installed
	$(PY) bundle/build_dist.py
