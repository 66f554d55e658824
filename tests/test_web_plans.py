"""Importing a plan in the browser: upload, review against the document, confirm (in-process)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from luoshi.accounts import create_user
from luoshi.extract import extract_plan
from luoshi.register.plan_import import draft_plan
from luoshi.settings import load_settings
from luoshi.store import Database
from luoshi.store.models import Plan, Target, Unit
from luoshi.web.app import create_app

SEED = (Path(__file__).resolve().parent.parent / "data" / "seed.txt").read_text(encoding="utf-8")
ADMIN, REPORTER = ("admin", "admin-secret-1"), ("renshe", "renshe-secret-1")
HOSTILE = '<script>alert(1)</script>=HYPERLINK("x")'


@pytest.fixture
def web_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 't.sqlite3'}")
    with db.transaction() as s:
        s.add(Unit(name="区人社局"))
        s.flush()
        create_user(s, *ADMIN, "admin", "test")
        create_user(s, *REPORTER, "reporter", "test", unit="区人社局")
    yield db
    db.dispose()


def client_for(db: Database, who: tuple[str, str]) -> TestClient:
    client = TestClient(create_app(db, load_settings(secret_key="test", as_of=date(2024, 6, 30))))
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": who[0], "password": who[1], "csrf": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return client


def csrf_of(page: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, "no csrf field"
    return m.group(1)


class FormFields(HTMLParser):
    """The fields a browser would submit from the form posting to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.select = action, False, ""
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif tag == "template":
            self.inside = False  # the blank row for new rows is not submitted
        elif self.inside and tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value", "")))
        elif self.inside and tag == "select":
            self.select = a.get("name", "")
        elif self.inside and tag == "option" and "selected" in a and self.select:
            self.fields.append((self.select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def form_of(page: str, action: str) -> dict[str, list[str]]:
    parser = FormFields(action)
    parser.feed(page)
    out: dict[str, list[str]] = {}
    for k, v in parser.fields:
        out.setdefault(k, []).append(v)
    return out


def upload(client: TestClient, data: bytes, filename: str, year: int = 2024, **extra: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/plans/import").text)
    return client.post("/plans/import", data={"csrf": token, "year": str(year), **extra},
                       files={"file": (filename, data, "application/octet-stream")})  # fmt: skip


def paste(client: TestClient, text: str, year: int = 2024, name: str = ""):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/plans/import").text)
    return client.post("/plans/import", data={"csrf": token, "year": str(year), "text": text,
                                              "name": name})  # fmt: skip


def rows_of(page: str) -> dict[int, dict[str, str]]:
    """Review rows by index: name, value, unit, comparator, start, end, kept."""
    fields = form_of(page, "/plans/confirm")
    out: dict[int, dict[str, str]] = {}
    for key, values in fields.items():
        what, _, idx = key.partition(".")
        if idx.isdigit():
            out.setdefault(int(idx), {})[what] = values[0]
    return out


def doc_text(page: str) -> str:
    """The document as the page shows it: the text inside the marks and between them."""
    m = re.search(r'<div class="doc" id="doc"[^>]*>(.*?)</div>', page, re.S)
    assert m
    return html.unescape(re.sub(r"</?mark[^>]*>", "", m.group(1)))


def marks_of(page: str) -> Counter[str]:
    return Counter(re.findall(r'<mark class="(\w+)', page))


def expected_marks(text: str, name: str) -> Counter[str]:
    """Every mention, and every milestone or task that no mention overlaps."""
    mentions, milestones, _ = extract_plan(text, name_hint=name)
    alone = [ms for ms in milestones if not any(m.start < ms.end and ms.start < m.end
                                                for m in mentions)]  # fmt: skip
    return Counter([m.kind for m in mentions] + ["milestone"] * len(alone))


def docx_of(text: str) -> bytes:
    from docx import Document

    d = Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def assert_review_of_seed(page: str, text: str, name: str) -> None:
    rows = rows_of(page)
    numeric = [r for r in rows.values() if r["value"]]
    assert len(numeric) == 18 and len(rows) - len(numeric) == 3 + 37  # milestones and tasks
    assert all(r["keep"] == "1" for r in rows.values())  # accepted by default
    assert "深化镇域综合执法改革" in {r["name"] for r in rows.values()}
    names = {r["name"] for r in numeric}
    assert {"各类人才", "城镇新增就业", "新增学位", "净增高新技术企业"} <= names
    r = next(r for r in numeric if r["name"] == "各类人才")
    assert (r["value"], r["unit"], r["cmp"]) == ("2.9万", "人", ">=")  # as written
    assert text[int(r["start"]) : int(r["end"])] == "2.9万人以上"
    # every mention is marked, coloured by kind; every proposed row has its mark
    assert marks_of(page) == expected_marks(text, name)
    assert sum(marks_of(page).values()) == 64 + 37
    assert len(re.findall(r"<mark class=\"\w+ proposed\"", page)) == 21 + 37
    assert 'class="swatch target"' in page and 'src="/static/review.js"' in page
    # offsets are into the text the page shows, the text a selection in the browser counts in
    shown = doc_text(page)
    sources = {
        (t.start_offset, t.end_offset): t.source_text
        for t in draft_plan(text, 2024, name, tasks=True).targets
    }
    assert {(int(r["start"]), int(r["end"])) for r in rows.values()} == set(sources)
    for (start, end), source in sources.items():
        assert shown[start:end] == source


def test_gbk_seed_gives_the_review_page(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    r = upload(client, SEED.encode("gbk"), "seed.txt")
    assert r.status_code == 200, r.text
    assert (
        "找到 <strong>18</strong> 个数值指标、<strong>3</strong> 个里程碑和 "
        "<strong>37</strong> 项工作任务，分属 6 个领域" in r.text
    )
    assert_review_of_seed(r.text, SEED, "seed.txt")
    assert doc_text(r.text) == SEED
    with web_db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 0  # nothing saved yet


def test_html_is_read_as_a_page_even_behind_a_comment(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    page = "<!-- saved -->\n<html><body><p>2024年力争新增高新技术企业200家以上。</p></body></html>"
    r = upload(client, page.encode("utf-8"), "plan.txt")
    assert r.status_code == 200, r.text
    assert doc_text(r.text).strip() == "2024年力争新增高新技术企业200家以上。"
    assert [r["value"] for r in rows_of(r.text).values()] == ["200"]


def test_docx_seed_gives_the_review_page(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    r = upload(client, docx_of(SEED), "plan.docx")
    assert r.status_code == 200, r.text
    assert_review_of_seed(r.text, doc_text(r.text), "plan.docx")


def _confirm(client: TestClient, page: str, change) -> object:  # type: ignore[no-untyped-def]
    fields = form_of(page, "/plans/confirm")
    change(fields)
    return client.post("/plans/confirm", data=fields, follow_redirects=False)


def test_confirm_with_a_rejection_an_edit_and_a_selection(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    page = paste(client, SEED).text
    rows = rows_of(page)
    dropped = next(i for i, r in rows.items() if r["name"] == "新增5G工厂")
    edited = next(i for i, r in rows.items() if r["name"] == "新增学位")
    chosen = "534家新能源企业"  # an actual, not a target: the user adds it by selecting it
    start = SEED.index(chosen)
    new = max(rows) + 1

    def change(f: dict[str, list[str]]) -> None:
        del f[f"keep.{dropped}"]
        f[f"value.{edited}"] = ["9,000"]
        f.update({f"keep.{new}": ["1"], f"name.{new}": [chosen], f"value.{new}": ["600"],
                  f"unit.{new}": ["家"], f"cmp.{new}": [">="], f"area.{new}": [""],
                  f"start.{new}": [str(start)], f"end.{new}": [str(start + len(chosen))]})  # fmt: skip

    r = _confirm(client, page, change)
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith("/plans/import?created=")
    done = client.get(r.headers["location"]).text
    assert "已创建计划「2024年度重点工作目标」" in done and "18 个数值指标、40 个里程碑任务" in done
    with web_db.transaction() as s:
        plan = s.scalars(select(Plan)).one()
        targets = {t.name: t for t in plan.targets}
        assert len(plan.targets) == 58 and "新增5G工厂" not in targets
        assert targets["新增学位"].value == 9000
        added = targets[chosen]
        assert (added.value, added.unit, added.comparator) == (600, "家", ">=")
        assert (added.source_start, added.source_end) == (start, start + len(chosen))
        assert added.source_text == chosen and chosen in (added.source_sentence or "")
        assert added.area == "其他"  # left empty by the user
        for t in plan.targets:  # every target points at its words in the stored document
            assert t.document is not None and t.document.text == SEED
            assert t.source_start is not None and t.source_end is not None
            assert t.document.text[t.source_start : t.source_end] == t.source_text
        talents = targets["各类人才"]
        assert (talents.value, talents.comparator, talents.source_text) == (
            29000,
            ">=",
            "2.9万人以上",
        )
        assert [t.seq for t in plan.targets] == list(range(1, 59))


def test_tampered_offsets_and_token_are_refused(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    page = paste(client, SEED).text
    for bad in (str(len(SEED) + 5), "-1", "x"):
        r = _confirm(client, page, lambda f, bad=bad: f.update({"end.0": [bad]}))
        assert r.status_code == 400 and "已拒绝" in r.text
    r = _confirm(client, page, lambda f: f.update({"start.0": ["10"], "end.0": ["900"]}))
    assert r.status_code == 400  # longer than a source may be
    token = form_of(page, "/plans/confirm")["token"][0]
    forged = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    r = _confirm(client, page, lambda f: f.update({"token": [forged]}))
    assert r.status_code == 400 and "被改动" in r.text
    with web_db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 0


def test_row_errors_and_a_duplicate_name_keep_the_review(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    page = paste(client, SEED).text
    r = _confirm(client, page, lambda f: f.update({"value.1": ["很多"], "name.2": [" "]}))
    assert r.status_code == 400 and "有 2 行需要修改" in r.text
    assert 'value="很多"' in r.text  # what the user typed is still there
    assert _confirm(client, page, lambda f: None).status_code == 303
    r = _confirm(client, page, lambda f: None)
    assert r.status_code == 409 and "已有名为「2024年度重点工作目标」的计划" in r.text
    r = _confirm(client, page, lambda f: f.update({"plan_name": ["2024年度重点工作目标(修订)"]}))
    assert r.status_code == 303
    r = _confirm(client, page, lambda f: [f.pop(k) for k in list(f) if k.startswith("keep.")])
    assert r.status_code == 400 and "没有勾选任何指标" in r.text
    with web_db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 2


def test_import_errors_are_clear_and_save_nothing(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    r = upload(client, png, "plan.txt")
    assert r.status_code == 415 and "按内容识别" in r.text and 'name="file"' in r.text
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<not xml")
    r = upload(client, broken.getvalue(), "plan.docx")
    assert r.status_code == 400 and "无法读取「plan.docx」" in r.text
    r = paste(client, "今年天气很好,大家心情愉快。")
    assert r.status_code == 422 and "没有找到 2024 年的目标" in r.text
    r = paste(client, SEED, year=2023)  # a year-end document: its targets are for next year
    assert r.status_code == 422 and "改为 2024" in r.text
    for year in (0, "²", "9" * 5000):  # typed by hand or by a script: a message, never a crash
        r = paste(client, SEED, year=year)  # type: ignore[arg-type]
        assert r.status_code == 400 and "2000 到 2100" in r.text
    assert SEED[200:230] in html.unescape(r.text)  # the pasted text is kept for another try
    r = paste(client, "")
    assert r.status_code == 400 and "粘贴" in r.text
    with web_db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 0


def test_hostile_text_and_names_are_escaped(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    text = SEED + "\n" + HOSTILE + "\n力争明年新增<b>粗体</b>企业200家以上。\n"
    r = upload(client, text.encode("utf-8"), '<img src=x onerror="alert(1)">.txt')
    assert r.status_code == 200
    assert (
        "<script>alert(1)" not in r.text and "<b>粗体" not in r.text and "<img src=x" not in r.text
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;=HYPERLINK(" in r.text
    assert doc_text(r.text) == text  # escaped, yet the same characters at the same offsets
    assert "<script>" not in re.sub(r'<script src="/static/review.js"></script>', "", r.text)


def test_reporter_is_refused_everywhere(web_db: Database) -> None:
    client = client_for(web_db, REPORTER)
    token = csrf_of(client.get("/unit").text)
    assert client.get("/plans/import").status_code == 403
    for path in ("/plans/import", "/plans/confirm", "/reconcile", "/reconcile/accept"):
        r = client.post(path, data={"csrf": token, "year": "2024", "text": SEED, "token": "x",
                                    "plan": "1"})  # fmt: skip
        assert r.status_code == 403, path
    assert client.get("/reconcile").status_code == 403


def test_targets_keep_their_offsets_with_characters_beyond_the_bmp(web_db: Database) -> None:
    client = client_for(web_db, ADMIN)
    text = "𠀀𠀁" + SEED  # two astral characters: one code point each, two UTF-16 units each
    page = paste(client, text).text
    row = next(r for r in rows_of(page).values() if r["name"] == "各类人才")
    assert text[int(row["start"]) : int(row["end"])] == "2.9万人以上"
    assert _confirm(client, page, lambda f: None).status_code == 303
    with web_db.transaction() as s:
        t = s.scalars(select(Target).where(Target.name == "各类人才")).one()
        assert t.document is not None
        assert t.document.text[t.source_start : t.source_end] == "2.9万人以上"  # type: ignore[misc]
