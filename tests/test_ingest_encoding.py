"""Encoding detection and decoding of plain-text files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.ingest import IngestError, decode_bytes, read_document
from luoshi.ingest.encoding import iter_text_file

GDP = "2023年全区地区生产总值增长6%"
SUZHOU = "蘇州市十七屆人大四次會議于1月12日開幕"
PLAN = (
    "“十四五”时期经济社会发展主要目标：\n"
    "1. 地区生产总值年均增长6%左右，城镇调查失业率控制在5.5%以内。\n"
    "2. 单位地区生产总值能耗降低13.5%，森林覆盖率达到45%。\n"
)
TRADITIONAL_PLAN = "臺北市政府公布：明年預算案總額為1,750億元，較今年增加3.2%。\n"


@pytest.mark.parametrize(
    ("sentence", "codec", "expected"),
    [
        (GDP, "gbk", "gb18030"),
        (SUZHOU, "big5", "big5hkscs"),
        ("城镇居民人均可支配收入达到5.2万元", "gbk", "gb18030"),
        ("單位國內生產總值能耗下降13.5%", "big5", "big5hkscs"),
        ("經濟社會發展主要目標", "big5", "big5hkscs"),
        ("一般公共预算收入增长8%", "gb2312", "gb18030"),
    ],
)
def test_tells_gbk_from_big5_on_short_sentences(sentence: str, codec: str, expected: str) -> None:
    data = sentence.encode(codec)
    # Both codecs would accept some of these bytes: validity alone cannot decide.
    text, encoding, warnings = decode_bytes(data)
    assert (text, encoding, warnings) == (sentence, expected, [])


def test_big5_bytes_also_decode_as_gb18030_so_scoring_is_needed() -> None:
    data = SUZHOU.encode("big5")
    assert data.decode("gb18030") != SUZHOU  # decodes "validly", to nonsense
    assert decode_bytes(data)[0] == SUZHOU


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le-bom", "utf-16"),
        ("utf-16-be-bom", "utf-16"),
    ],
)
def test_reads_txt_files_in_each_encoding(tmp_path: Path, codec: str, expected: str) -> None:
    if codec == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + PLAN.encode("utf-16-le")
    elif codec == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + PLAN.encode("utf-16-be")
    else:
        data = PLAN.encode(codec)
    path = tmp_path / "plan.txt"
    path.write_bytes(data)

    doc = read_document(path)

    assert doc.text == PLAN
    assert doc.format == "txt"
    assert doc.encoding == expected
    assert doc.warnings == ()
    assert doc.path == str(path)


def test_reads_big5_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "taipei.txt"
    path.write_bytes((TRADITIONAL_PLAN * 3).encode("big5"))
    doc = read_document(path)
    assert doc.text == TRADITIONAL_PLAN * 3
    assert doc.encoding == "big5hkscs"


def test_gb18030_four_byte_characters(tmp_path: Path) -> None:
    text = "生僻字𠀀与€符号，增长6%。"  # U+20000 and € need GB18030, not GBK
    path = tmp_path / "rare.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_document(path).text == text


def test_encoding_comes_from_content_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "utf8-named.gbk"
    path.write_bytes(PLAN.encode("gbk"))
    assert read_document(path).encoding == "gb18030"


def test_line_breaks_are_normalised() -> None:
    text, _, _ = decode_bytes("第一行\r\n第二行\r第三行\n".encode("gbk"))
    assert text == "第一行\n第二行\n第三行\n"


def test_undecodable_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    # 0x80 and 0xFF are invalid as single bytes in GB18030, BIG5 and UTF-8.
    data = (PLAN * 2).encode("gbk") + b"\x80\xff\x80" + "完".encode("gbk")
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)

    doc = read_document(path)

    assert doc.encoding == "gb18030"
    assert doc.text == PLAN * 2 + "\ufffd\ufffd\ufffd完"
    assert doc.warnings == ("有 3 个字节无法解码，已替换（按 gb18030 编码读取）",)


def test_mostly_utf8_with_a_bad_byte_stays_utf8() -> None:
    data = (PLAN * 3).encode("utf-8") + b"\xff"
    text, encoding, warnings = decode_bytes(data)
    assert encoding == "utf-8"
    assert text == PLAN * 3 + "\ufffd"
    assert warnings == ["有 1 个字节无法解码，已替换（按 utf-8 编码读取）"]


def test_empty_and_ascii_bytes() -> None:
    assert decode_bytes(b"") == ("", "utf-8", [])
    assert decode_bytes(b"GDP grew 6%") == ("GDP grew 6%", "utf-8", [])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"abc\x00def", "含有空字节"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "看起来是PNG 图片"),
        (b"\x7fELF\x02\x01\x01", "看起来是可执行程序"),
        (b"PK\x03\x04" + b"x" * 30, "看起来是zip 压缩包"),
    ],
)
def test_binary_bytes_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason) as info:
        decode_bytes(data, path="blob.bin")
    assert str(info.value).startswith(("blob.bin：不支持的文件格式", "blob.bin：不是文本文件"))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00\r")))
def test_utf8_round_trips(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"))[0] == text


# --- streaming -------------------------------------------------------------


def _big_gbk_text(lines: int) -> str:
    return "".join(
        f"第{i}条：{'地区生产总值增长6%，' if i % 2 else '城镇居民人均收入达到5.2万元。'}"
        f"{'森林覆盖率' * (i % 7)}\n"
        for i in range(lines)
    )


def test_stream_of_multi_megabyte_gbk_file_equals_whole_decode(tmp_path: Path) -> None:
    text = _big_gbk_text(120_000)
    data = text.encode("gbk")
    assert len(data) > 4 << 20
    path = tmp_path / "big.txt"
    path.write_bytes(data)

    stream = iter_text_file(path, chunk_chars=1 << 18)
    chunks = list(stream)

    assert stream.encoding == "gb18030"
    assert len(chunks) > 4
    assert "".join(chunks) == text == decode_bytes(data)[0]
    assert all(chunk.endswith("\n") for chunk in chunks)
    assert max(map(len, chunks)) <= 2 * (1 << 18)
    assert stream.warnings == []


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "gbk", "big5"])
def test_stream_in_each_encoding(tmp_path: Path, codec: str) -> None:
    text = (TRADITIONAL_PLAN if codec == "big5" else PLAN) * 2000
    data = text.encode(codec)
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(data)
    stream = iter_text_file(path, chunk_chars=10_000)
    assert stream.encoding == decode_bytes(data)[1]
    assert "".join(stream) == text


def test_stream_detects_encoding_after_a_long_ascii_prologue(tmp_path: Path) -> None:
    prologue = "id,value,unit\n" * 100_000  # > 1 MiB of ASCII
    text = prologue + TRADITIONAL_PLAN * 50
    path = tmp_path / "late.txt"
    path.write_bytes(text.encode("big5"))
    stream = iter_text_file(path, chunk_chars=50_000)
    assert stream.encoding == "big5hkscs"
    assert "".join(stream) == text


def test_stream_normalises_crlf_split_across_chunks(tmp_path: Path) -> None:
    text = "".join(f"第{i}行，增长{i % 10}%" + "\r\n" for i in range(20_000))
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("gbk"))
    chunks = list(iter_text_file(path, chunk_chars=997))
    assert "".join(chunks) == text.replace("\r\n", "\n")
    assert "\r" not in "".join(chunks)


def test_stream_counts_undecodable_bytes(tmp_path: Path) -> None:
    data = PLAN.encode("gbk") * 1000 + b"\xff" + PLAN.encode("gbk") + b"\x80\x80"
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    stream = iter_text_file(path, chunk_chars=4096)
    text = "".join(stream)
    assert text == decode_bytes(data)[0]
    assert stream.warnings == ["有 3 个字节无法解码，已替换（按 gb18030 编码读取）"]


def test_stream_without_line_breaks_still_yields_bounded_chunks(tmp_path: Path) -> None:
    text = "增长" * 50_000
    path = tmp_path / "oneline.txt"
    path.write_bytes(text.encode("utf-8"))
    chunks = list(iter_text_file(path, chunk_chars=1000))
    assert "".join(chunks) == text
    assert max(map(len, chunks)) <= 5000


def test_stream_refuses_binary_and_missing_files(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(IngestError, match=r"image\.txt：不支持的文件格式"):
        iter_text_file(png)
    with pytest.raises(IngestError, match="找不到文件"):
        iter_text_file(tmp_path / "missing.txt")


def test_stream_refuses_nul_found_late(tmp_path: Path) -> None:
    path = tmp_path / "late-nul.txt"
    path.write_bytes(PLAN.encode("utf-8") * 30_000 + b"\x00tail")
    stream = iter_text_file(path, chunk_chars=10_000)
    with pytest.raises(IngestError, match=r"late-nul\.txt：不是文本文件（第"):
        for _ in stream:
            pass


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("增长率亿元地区\n\r，。6% ab"), max_size=3000),
    chunk=st.integers(min_value=1, max_value=700),
)
def test_stream_concatenates_to_decode_bytes(
    tmp_path_factory: pytest.TempPathFactory, text: str, chunk: int
) -> None:
    path = tmp_path_factory.mktemp("s") / "t.txt"
    data = text.encode("gb18030")
    path.write_bytes(data)
    with iter_text_file(path, chunk_chars=chunk) as stream:
        assert "".join(stream) == decode_bytes(data)[0]
