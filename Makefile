# Two entry points: `make demo` (set up, run on the bundled example) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
KEHOACH := $(VENV)/bin/kehoach
EXAMPLE := examples/KeHoach_xa_Cam_Luong_2023.xlsm

.PHONY: demo test test-fast test-windows workbook dist

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

# While you work: the suite but the tests marked slow (LibreOffice's PDF, other interpreters, big
# generated inboxes, the hostile corpus's processes) and the Windows path; under a minute. `make test`
# runs them all.
test-fast: $(VENV)/installed
	$(PY) -m pytest -m "not slow and not windows"

# The Windows path under wine (tests/test_windows.py): the bundle installed by CaiDat.cmd with no
# network, then the commands and buttons on the Python it installed. Installs wine, iproute2 (the
# loopback of `unshare -n`) and osslsigncode (make dist) from Debian when missing: needs root.
test-windows: $(VENV)/installed
	@command -v wine >/dev/null && command -v ip >/dev/null && command -v osslsigncode >/dev/null || { \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	        wine wine64 iproute2 osslsigncode >/dev/null; }
	$(PY) -m pytest -m windows tests/test_windows.py

workbook: $(VENV)/installed
	$(KEHOACH) build-workbook

# dist/kehoach-xl-<version>-windows-64bit.zip (and -32bit where python.org is reached): the offline
# bundles for a commune's Windows PC (need PyPI).
dist: $(VENV)/installed
	$(PY) bundle/build_dist.py
