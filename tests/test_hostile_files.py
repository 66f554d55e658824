"""Every hostile file against every reader and upload endpoint, each within time and memory.

The corpus (tests/hostile.py) is made by the tests: zip and row bombs, billion laughs and
external entities, zip version 12.3, unknown compression, encryption, corrupt deflate,
truncated and random bytes, huge cells, CSV fields over 131,072 characters, wrong encodings.
A reader may refuse (with one line of Chinese) or read; it may not raise anything else,
take more than a few seconds, or grow the process by more than a few hundred MB.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import hostile
from luoshi.ingest import read_document
from luoshi.ingest.document import IngestError
from luoshi.ingest.workbook import PROGRESS_FORM, UNIT_LIST, open_workbook, read_sheet
from luoshi.register.assign import read_unit_list
from luoshi.register.excel import read_register
from luoshi.store.repo import StoreError

SECONDS = 15.0  # each refusal takes well under 3 s; room for a loaded CI machine
MEGABYTES = 300
HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def made(name: str) -> bytes:
    return {**hostile.WORKBOOKS, **hostile.TEXTS, **hostile.DOCUMENTS}[name]()


def _rss_peak_kb() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))


def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))


@contextmanager
def bounded() -> Iterator[None]:
    """Fails the test if the block takes longer than SECONDS or peaks MEGABYTES above now."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the peak to the current resident size
    base, start = _rss_kb(), time.monotonic()
    yield
    took, grew = time.monotonic() - start, (_rss_peak_kb() - base) >> 10
    assert took < SECONDS, f"took {took:.1f} s"
    assert grew < MEGABYTES, f"grew {grew} MB"


def refused_in_chinese(message: str) -> None:
    assert HAN.search(message) and "\n" not in message and "Traceback" not in message, message


READERS: dict[str, Callable[[bytes], object]] = {
    "sheet/unit list": lambda d: read_sheet(io.BytesIO(d), limits=UNIT_LIST),
    "sheet/progress form": lambda d: read_sheet(io.BytesIO(d), limits=PROGRESS_FORM),
    "workbook": lambda d: open_workbook(io.BytesIO(d)).close(),
}


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("name", list(hostile.WORKBOOKS))
def test_every_workbook_reader_refuses_hostile_files(name: str, reader: str) -> None:
    data = made(name)
    with bounded():
        try:
            READERS[reader](data)
        except IngestError as e:
            refused_in_chinese(e.reason)
            return
    # the whole-workbook door has no row caps (its reader applies its own): big but safe
    assert reader == "workbook" and name in ("many_rows", "huge_cell"), name


@pytest.mark.parametrize("name", list(hostile.WORKBOOKS))
def test_the_task_table_reports_a_hostile_file_as_a_problem(name: str) -> None:
    with bounded():
        result = read_register(io.BytesIO(made(name)))
    assert result.problems and not result.ok and not result.rows
    refused_in_chinese(result.problems[0].message)


@pytest.mark.parametrize("name", [*hostile.WORKBOOKS, *hostile.TEXTS])
def test_the_unit_list_refuses_hostile_files(name: str, tmp_path: Path) -> None:
    path = tmp_path / ("units.xlsx" if name in hostile.WORKBOOKS else "units.csv")
    path.write_bytes(made(name))
    with bounded():
        try:
            rows = read_unit_list(path)
        except StoreError as e:
            refused_in_chinese(str(e))
            return
    # a readable text in another encoding is read, not refused
    assert name in ("csv_utf16", "csv_gbk_mislabelled"), rows
    assert rows and rows[0].name == "甲镇"


def test_sizes_within_the_caps_still_read() -> None:
    """The caps refuse the hostile, not the ordinary: a 3,000-row list reads in full."""
    data = hostile.xlsx(hostile.grid(3_000, 5))
    with bounded():
        sheet = read_sheet(io.BytesIO(data), limits=UNIT_LIST)
    assert len(sheet.rows) == 3_000 and sheet.cell(3_000, 5) == 15_000


@pytest.mark.parametrize("name", list(hostile.DOCUMENTS))
def test_the_document_reader_refuses_hostile_files(name: str, tmp_path: Path) -> None:
    suffix = ".pdf" if name.startswith("pdf") else ".docx"
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(made(name))
    with bounded(), pytest.raises(IngestError) as caught:
        read_document(path)
    assert "\n" not in caught.value.reason


# --- the upload endpoints ------------------------------------------------------------------


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from web_fixtures import csrf_of, demo_app, login

    demo = demo_app(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'db.sqlite3'}")
    admin, reporter = demo.client(), demo.client()
    login(admin, "admin")
    login(reporter, "renshe")
    yield {"admin": admin, "reporter": reporter, "csrf": csrf_of}
    demo.db.dispose()


ENDPOINTS = {  # path, the page carrying its CSRF token, who may post
    "units import": ("/admin/units/import", "/admin/units", "admin"),
    "progress form": ("/unit/upload", "/unit", "reporter"),
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("name", [*hostile.WORKBOOKS, *hostile.TEXTS])
def test_every_upload_endpoint_refuses_hostile_files(
    clients: dict[str, Any], endpoint: str, name: str
) -> None:
    path, page, who = ENDPOINTS[endpoint]
    client = clients[who]
    token = clients["csrf"](client.get(page).text)
    with bounded():
        r = client.post(path, data={"csrf": token}, files={"file": (f"{name}.xlsx", made(name))},
                        follow_redirects=False)  # fmt: skip
    if name == "csv_gbk_mislabelled" and endpoint == "units import":
        assert r.status_code == 303  # a readable list in another encoding is imported
        return
    assert r.status_code in (400, 413, 415), (r.status_code, r.text[:500])
    assert "Traceback" not in r.text and HAN.search(r.text)


DOCUMENT_ENDPOINTS = {
    "plan import": ("/plans/import", "/plans/import"),
    "reconcile": ("/reconcile", "/reconcile"),
}


@pytest.mark.parametrize("endpoint", list(DOCUMENT_ENDPOINTS))
@pytest.mark.parametrize("name", list(hostile.DOCUMENTS))
def test_every_document_endpoint_refuses_hostile_files(
    clients: dict[str, Any], endpoint: str, name: str
) -> None:
    path, page = DOCUMENT_ENDPOINTS[endpoint]
    admin = clients["admin"]
    token = clients["csrf"](admin.get(page).text)
    with bounded():
        r = admin.post(path, data={"csrf": token, "year": "2024", "plan": "1"},
                       files={"file": (f"{name}.pdf", made(name))}, follow_redirects=False)  # fmt: skip
    assert r.status_code in (400, 413, 415, 422), (r.status_code, r.text[:500])
    assert "Traceback" not in r.text and HAN.search(r.text)
