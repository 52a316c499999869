"""A pytest plugin for the notebook regression tests: each notebook's kernel gets its own data
folder.

``$ARMSDATA_TEST_DATA_DIRS`` holds a JSON mapping of notebook paths to data folders.  Before the
first cell of a notebook is set up (which is when nbval starts its kernel), the plugin sets
``$ARMSDATA_DATA_DIR`` to that notebook's folder, so one pytest process can run several
notebooks, each on its own changed copy of the data, instead of one process per notebook.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

MAPPING_ENV = "ARMSDATA_TEST_DATA_DIRS"
DATA_DIR_ENV = "ARMSDATA_DATA_DIR"  # armsdata.snapshot.DATA_DIR_ENV, without importing armsdata


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    mapping = json.loads(os.environ.get(MAPPING_ENV, "{}"))
    folder = mapping.get(str(Path(str(item.fspath)).resolve()))
    if folder is not None:
        os.environ[DATA_DIR_ENV] = folder
