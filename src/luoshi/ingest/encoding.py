"""Detect and decode the encoding of Chinese plain text from its content.

Order of decisions: byte-order mark; refuse binary content; strict UTF-8;
otherwise score GB18030 and BIG5 decodings (and lossy UTF-8) by their share of
frequent characters. The file name never takes part: a ``.txt`` saved by a
Windows tool is GBK as often as UTF-8.

Line breaks are normalised like ``open()`` does (``\\r\\n`` and ``\\r`` become
``\\n``), and undecodable bytes become U+FFFD with a warning instead of an error.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self

from luoshi.ingest._common import one_line
from luoshi.ingest._hanzi import BIG5_LEVEL1, COMMON, GB_LEVEL1
from luoshi.ingest.document import IngestError

__all__ = [
    "TextFileStream",
    "binary_kind",
    "binary_reason",
    "bom_encoding",
    "check_not_binary",
    "decode_bytes",
    "detect_encoding",
    "iter_text_file",
]

# Each undecodable byte becomes one lone surrogate (U+DC00 + byte), which no
# codec produces for valid input, so they can be counted exactly and replaced.
# Unlike "surrogateescape" this also accepts bytes < 0x80 that a CJK codec
# rejects as the tail of a broken multi-byte sequence.
_ESCAPE = "luoshi-escape"


def _escape_bytes(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(0xDC00 + b) for b in bad), exc.end


codecs.register_error(_ESCAPE, _escape_bytes)

_ESCAPED = re.compile("[\udc00-\udcff]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_NON_ASCII = re.compile(rb"[\x80-\xff]")

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"\x7fELF", "可执行程序"),
    (b"PK\x03\x04", "zip 压缩包"),
    (b"PK\x05\x06", "zip 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls）"),
    (b"%PDF-", "PDF 文件"),
    (b"SQLite format 3\x00", "SQLite 数据库"),
)

# Candidates when UTF-8 fails; on a tie the earlier one wins (mainland
# government documents are far more often GBK than BIG5).
_CANDIDATES = ("gb18030", "big5hkscs", "cp950", "utf-8")
_WINDOW = 64 << 10  # bytes of non-ASCII text scored per candidate
_BLOCK = 1 << 20


def bom_encoding(data: bytes) -> str | None:
    """The codec for a leading byte-order mark (the codec strips the mark)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_kind(head: bytes) -> str | None:
    """A name for a known binary format by its magic number, else None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


_NUL_REASON = "不是文本文件（含有空字节；UTF-16 文本需要字节顺序标记）"


_HINTS = {"旧版 Office 文件（.doc/.xls）": "，请另存为 .docx 或 .xlsx 后再导入"}


def binary_reason(kind: str) -> str:
    """The one-line reason for refusing a binary file of the given kind."""
    return f"不支持的文件格式（看起来是{kind}{_HINTS.get(kind, '')}）"


def check_not_binary(head: bytes, path: str = "<bytes>") -> None:
    """Raise IngestError for content that is clearly not text (magic or NUL)."""
    if bom_encoding(head) is not None:
        return  # UTF-16/32 text is full of NUL bytes
    kind = binary_kind(head)
    if kind is not None:
        raise IngestError(path, binary_reason(kind))
    if b"\x00" in head:
        raise IngestError(path, _NUL_REASON)


# The frequent block of each codec's own table (see _hanzi); UTF-8 encodes
# both scripts, so it gets both.
_LEVEL1: dict[str, frozenset[str]] = {
    "gb18030": GB_LEVEL1,
    "big5hkscs": BIG5_LEVEL1,
    "cp950": BIG5_LEVEL1,
    "utf-8": GB_LEVEL1 | BIG5_LEVEL1,
}


def _score(window: bytes, encoding: str, final: bool) -> float:
    """Plausibility of ``window`` decoded with ``encoding``, per non-ASCII char.

    A very frequent character scores 1, one in the codec's frequent block 0.3;
    undecodable bytes and private-use characters (typical of the wrong codec)
    count against.
    """
    text = codecs.getincrementaldecoder(encoding)(errors=_ESCAPE).decode(window, final)
    bad = len(_ESCAPED.findall(text))
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    common = sum(map(COMMON.__contains__, text))
    level1 = sum(map(_LEVEL1[encoding].__contains__, text))
    private = len(_PRIVATE_USE.findall(text))
    return (0.7 * common + 0.3 * level1 - 3 * bad - private) / max(1, non_ascii + bad)


def _strict_ok(window: bytes, encoding: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(window, final)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """The codec name for ``sample`` (binary content must be refused before).

    ``complete`` is False when ``sample`` is only the head of a file, so a
    multi-byte character cut at its end is not held against a codec.
    """
    bom = bom_encoding(sample)
    if bom is not None:
        return bom
    first = _NON_ASCII.search(sample)
    if first is None:
        return "utf-8"  # plain ASCII
    # After pure ASCII the first high byte starts a character in every
    # candidate, so the window can begin there.
    window = sample[first.start() : first.start() + _WINDOW]
    final = complete and first.start() + _WINDOW >= len(sample)
    if _strict_ok(window, "utf-8", final):
        return "utf-8"
    scores = {enc: _score(window, enc, final) for enc in _CANDIDATES}
    return max(_CANDIDATES, key=lambda enc: (scores[enc], -_CANDIDATES.index(enc)))


def _unescape(text: str) -> tuple[str, int]:
    """Replace escaped bytes by U+FFFD; return the text and how many there were."""
    return _ESCAPED.subn("\ufffd", text)


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _replaced_warning(count: int, encoding: str) -> str:
    return f"有 {count} 个字节无法解码，已替换（按 {encoding} 编码读取）"


def decode_bytes(data: bytes, *, path: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode Chinese text of unknown encoding: ``(text, encoding, warnings)``.

    Raises IngestError (naming ``path``) for binary content.
    """
    if not data:
        return "", "utf-8", []
    check_not_binary(data[:_BLOCK], path)
    encoding = bom_encoding(data)
    if encoding is None:
        if b"\x00" in data:
            raise IngestError(path, _NUL_REASON)
        try:
            return _normalize_newlines(data.decode("utf-8")), "utf-8", []
        except UnicodeDecodeError:
            encoding = detect_encoding(data)
    text, bad = _unescape(data.decode(encoding, _ESCAPE))
    if "\x00" in text:
        raise IngestError(path, _NUL_REASON)
    warnings = [_replaced_warning(bad, encoding)] if bad else []
    return _normalize_newlines(text), encoding, warnings


class TextFileStream(Iterator[str]):
    """Decoded text of a (possibly huge) file, chunk by chunk.

    The encoding is detected from the head when the stream is created; the
    rest is decoded incrementally, so memory stays around a few chunks.
    Chunks end after a line break where one exists within ``4 * chunk_chars``
    characters; concatenated they equal ``decode_bytes`` of the whole file.
    ``warnings`` is complete once the stream is exhausted.
    """

    def __init__(self, path: str | Path, chunk_chars: int = 1 << 20) -> None:
        if chunk_chars < 1:
            raise ValueError("chunk_chars must be positive")
        self.path = str(path)
        self.chunk_chars = chunk_chars
        self.warnings: list[str] = []
        self.replaced_bytes = 0
        try:
            self._file: BinaryIO = open(path, "rb")  # noqa: SIM115 - owned by the stream
        except FileNotFoundError:
            raise IngestError(self.path, "找不到文件") from None
        except IsADirectoryError:
            raise IngestError(self.path, "这是文件夹，不是文件") from None
        except OSError as exc:
            raise IngestError(self.path, f"无法打开：{one_line(str(exc))}") from None
        try:
            self.encoding = self._detect()
            self._file.seek(0)
        except BaseException:
            self._file.close()
            raise
        self._chunks = self._generate()

    def _detect(self) -> str:
        head = self._file.read(_BLOCK)
        check_not_binary(head, self.path)
        bom = bom_encoding(head)
        if bom is not None:
            return bom
        # Skip an ASCII prologue (headers, numbers) to the first non-ASCII
        # byte, keeping only one block in memory at a time.
        block = head
        while block:
            if b"\x00" in block:
                raise IngestError(self.path, _NUL_REASON)
            first = _NON_ASCII.search(block)
            if first is not None:
                sample = block[first.start() :]
                if len(sample) < _WINDOW:
                    more = self._file.read(_WINDOW - len(sample))
                    sample += more
                    return detect_encoding(sample, complete=len(sample) < _WINDOW)
                return detect_encoding(sample, complete=False)
            block = self._file.read(_BLOCK)
        return "utf-8"  # all ASCII

    def _generate(self) -> Generator[str, None, None]:
        reader = io.TextIOWrapper(self._file, encoding=self.encoding, errors=_ESCAPE, newline=None)
        offset = 0
        pending = ""
        try:
            while piece := reader.read(self.chunk_chars):
                piece, bad = _unescape(piece)
                self.replaced_bytes += bad
                nul = piece.find("\x00")
                if nul >= 0:
                    where = offset + len(pending) + nul
                    raise IngestError(self.path, f"不是文本文件（第 {where} 个字符处有空字节）")
                pending += piece
                if len(pending) < self.chunk_chars:
                    continue
                cut = pending.rfind("\n") + 1
                if cut == 0:
                    if len(pending) < 4 * self.chunk_chars:
                        continue  # wait for a line break rather than split a line
                    cut = len(pending)
                offset += cut
                yield pending[:cut]
                pending = pending[cut:]
            if pending:
                yield pending
        except OSError as exc:
            raise IngestError(self.path, f"无法读取：{one_line(str(exc))}") from None
        finally:
            reader.close()
        if self.replaced_bytes:
            self.warnings.append(_replaced_warning(self.replaced_bytes, self.encoding))

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> str:
        return next(self._chunks)

    def close(self) -> None:
        self._chunks.close()
        self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def iter_text_file(path: str | Path, chunk_chars: int = 1 << 20) -> TextFileStream:
    """Stream a text file's decoded text in chunks that end at line breaks."""
    return TextFileStream(path, chunk_chars)
