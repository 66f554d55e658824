"""Main-text extraction from HTML pages of the kind government sites publish."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.ingest import read_document
from luoshi.ingest.html import decode_html, html_to_text

MENU = ["首页", "政务公开", "政策文件", "办事服务", "互动交流"]
ARTICLE = [
    "2023年全区地区生产总值增长6%，达到1234.5亿元。",
    "一般公共预算收入完成85.6亿元，同比增长8.2%。",
    "城镇居民人均可支配收入5.2万元，增长5.5%。",
]
FOOTER = "主办单位：某区人民政府办公室 网站标识码1234567890"
SIDEBAR = "热点专题：学习贯彻党的二十大精神专栏"


def _page(charset: str) -> str:
    menu = "".join(f'<li><a href="/c{i}">{m}</a></li>' for i, m in enumerate(MENU))
    paragraphs = "".join(f"<p>　　{p}</p>\n" for p in ARTICLE)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>2023年某区国民经济和社会发展统计公报_某区人民政府</title>
<style>.nav {{ color: red }}</style>
<script>var menu = "首页 政务公开";</script>
</head>
<body>
<div class="top-nav"><ul>{menu}</ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 统计信息</div>
<div class="main">
  <div id="sideBar"><p>{SIDEBAR}</p></div>
  <div class="article">
    <h1>2023年某区国民经济和社会发展统计公报</h1>
    <div class="content">
      {paragraphs}
      <table>
        <tr><th>指标</th><th>2023年</th><th>增长（%）</th></tr>
        <tr><td>地区生产总值（亿元）</td><td>1234.5</td><td>6.0</td></tr>
      </table>
      <p>注：增长速度按可比价格计算。</p>
    </div>
  </div>
</div>
<div id="footer"><p>{FOOTER}</p><p>版权所有</p></div>
</body>
</html>
"""


EXPECTED = "\n".join(
    [
        *ARTICLE,
        "",
        "指标\t2023年\t增长（%）",
        "地区生产总值（亿元）\t1234.5\t6.0",
        "",
        "注：增长速度按可比价格计算。",
    ]
)


@pytest.mark.parametrize(("charset", "codec"), [("utf-8", "utf-8"), ("gbk", "gb18030")])
def test_article_in_menu_and_footer_out(tmp_path: Path, charset: str, codec: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(_page(charset).encode(charset))

    doc = read_document(path)

    assert doc.format == "html"
    assert doc.encoding == codec
    assert doc.title == "2023年某区国民经济和社会发展统计公报_某区人民政府"
    assert doc.text == EXPECTED
    for noise in [*MENU, FOOTER, SIDEBAR, "当前位置", "版权所有", "var menu"]:
        assert noise not in doc.text
    assert doc.warnings == ()


def test_gb2312_label_over_utf8_bytes_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.htm"
    path.write_bytes(_page("gb2312").encode("utf-8"))
    doc = read_document(path)
    assert doc.text == EXPECTED
    assert doc.encoding == "utf-8"
    assert doc.warnings == ("网页声明的编码 gb2312 与内容不符，已按 utf-8 读取",)


def test_html_without_charset_is_detected(tmp_path: Path) -> None:
    page = _page("x").replace('<meta http-equiv="Content-Type" content="text/html; charset=x">', "")
    path = tmp_path / "page.txt"  # content decides, not the name
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    assert (doc.format, doc.encoding, doc.text) == ("html", "gb18030", EXPECTED)


def test_aspnet_form_wrapping_the_whole_page_is_kept() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    markup = (
        "<html><body><form id='form1' method='post'>"
        f"<div class='menu'><a href='/'>首页</a><a href='/x'>政务公开</a></div>"
        f"<div id='zoom'>{body}</div></form></body></html>"
    )
    text, _ = html_to_text(markup)
    assert text == "\n".join(ARTICLE)


def test_br_separated_text_and_layout_table() -> None:
    markup = (
        "<html><head><title></title></head><body><table width='100%'><tr>"
        "<td class='left'><a href='/a'>机构概况</a><br><a href='/b'>领导信息</a></td>"
        f"<td class='text'>{'<br>'.join(ARTICLE)}<br>"
        "<table><tr><td>指标</td><td>目标</td></tr>"
        "<tr><td>增长</td><td>6%</td></tr></table></td>"
        "</tr></table><h1>统计公报</h1></body></html>"
    )
    text, title = html_to_text(markup)
    assert text == "\n".join([*ARTICLE, "", "指标\t目标", "增长\t6%"])
    assert title == "统计公报"  # empty <title>, so the <h1>


def test_source_line_wrap_between_hanzi_is_not_a_space() -> None:
    markup = (
        "<html><body><p>地区生产总值\n    增长6%，城镇\n  居民收入增长6.5\n%。</p></body></html>"
    )
    assert html_to_text(markup)[0] == "地区生产总值增长6%，城镇居民收入增长6.5 %。"


def test_big5_page_with_meta_charset() -> None:
    sentence = "蘇州市十七屆人大四次會議于1月12日開幕"
    page = f"<html><head><meta charset='big5'></head><body><p>{sentence}</p></body></html>"
    text, encoding, warnings = decode_html(page.encode("big5"))
    assert (encoding, warnings) == ("big5hkscs", [])
    assert html_to_text(text)[0] == sentence


def test_xhtml_with_xml_declaration(tmp_path: Path) -> None:
    page = (
        '<?xml version="1.0" encoding="gbk"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>森林覆盖率达到45%。</p></body></html>'
    )
    path = tmp_path / "x.xhtml"
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    assert (doc.format, doc.encoding, doc.text) == ("html", "gb18030", "森林覆盖率达到45%。")


def test_html_page_without_text_warns(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>location='/'</script></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == ""
    assert doc.warnings == ("网页中没有找到正文",)
