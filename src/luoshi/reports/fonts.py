"""Chinese fonts for charts and PDFs: found on this machine, never guessed.

Charts (matplotlib) can use any CJK font, OpenType/CFF included; PDFs
(reportlab) can only embed TrueType outlines (``glyf``), and an official
document is set in a Song (宋体/明体) or Fangsong face like the Word version,
so PDFs need a serif TrueType face: AR PL UMing (``fonts-arphic-uming``, a
freely licensed Ming face from Debian) or another found by its family name.
Known Debian paths are tried first, then whatever fontconfig lists for
Chinese; ``$LUOSHI_CJK_FONT`` (a font file) comes before both. Without a
usable font the error says, in Chinese, what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ReportError

ENV_FONT = "LUOSHI_CJK_FONT"
INSTALL_HINT = (
    "请系统管理员安装中文字体（Debian/Ubuntu：apt-get install fonts-arphic-uming fonts-noto-cjk），"
    "或设置 LUOSHI_CJK_FONT 指向一个 TrueType 字体文件"
)
# Words in a family name that mark a Song/Ming (宋体/明体) or Fangsong face: what official
# documents are set in. AR PL UMing and SungtiL are Debian's freely licensed ones.
SERIF_WORDS: tuple[str, ...] = ("Ming", "Song", "Sung", "Serif", "Fang", "宋", "明")
# Preferred first: a sans (黑体-like) for charts, TrueType collections that reportlab embeds.
KNOWN: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)
# Characters every font we pick must draw: the words of our headings.
SAMPLE = "督查通报完成率序时进度滞后数说年"


@dataclass(frozen=True, slots=True)
class CjkFont:
    """One face of a font file that draws Chinese: ``index`` is its place in a collection."""

    path: Path
    index: int
    family: str
    truetype: bool  # glyf outlines: reportlab can embed it in a PDF

    @property
    def serif(self) -> bool:
        """A Song/Ming or Fangsong face (by its family name), as official documents use."""
        return any(w.lower() in self.family.lower() for w in SERIF_WORDS)


def chart_font() -> CjkFont:
    """The font for charts and images: the first Chinese font found, simplified-Chinese face."""
    fonts = cjk_fonts()
    if not fonts:
        raise ReportError(f"本机没有中文字体，无法绘制图表。{INSTALL_HINT}")
    return fonts[0]


def pdf_font() -> CjkFont:
    """The font embedded in PDFs: the first Chinese Song/Ming face with TrueType outlines.

    ``$LUOSHI_CJK_FONT`` is taken as given when it is TrueType, serif or not.
    """
    env = os.environ.get(ENV_FONT)
    for font in cjk_fonts():
        chosen = bool(env) and os.path.realpath(font.path) == os.path.realpath(env or "")
        if font.truetype and (font.serif or chosen):
            return font
    raise ReportError(
        "本机没有可嵌入PDF的中文宋体（明体）TrueType字体，无法生成PDF版通报（Word版不受影响）。"
        + INSTALL_HINT
    )


@cache
def cjk_fonts() -> tuple[CjkFont, ...]:
    """Every usable Chinese font face found, best first (cached for the process)."""
    candidates: list[str] = []
    if env := os.environ.get(ENV_FONT):
        candidates.append(env)
    candidates.extend(KNOWN)
    candidates.extend(_fontconfig_files())
    out: list[CjkFont] = []
    seen: set[str] = set()
    for c in candidates:
        real = os.path.realpath(c)
        if real in seen or not os.path.isfile(real):
            continue
        seen.add(real)
        font = _inspect(Path(c))
        if font is not None:
            out.append(font)
    return tuple(out)


def _fontconfig_files() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    try:
        done = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                              timeout=20, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    files = {line.split(":", 1)[0].strip() for line in done.stdout.splitlines()}
    # Regular faces before bold and light ones, then by name, for a stable choice.
    return sorted((f for f in files if f), key=lambda f: (_weight_rank(f), f))


def _weight_rank(path: str) -> int:
    name = Path(path).stem.lower()
    return 1 if any(w in name for w in ("bold", "light", "thin", "black", "medium")) else 0


def _inspect(path: Path) -> CjkFont | None:
    """The simplified-Chinese face of ``path`` if it draws ``SAMPLE``, else None.

    FreeType (through matplotlib) reads a face in milliseconds; the ``maxp``
    table's version tells TrueType outlines (1.0) from CFF (0.5).
    """
    from matplotlib.ft2font import FT2Font

    try:
        first = FT2Font(str(path))
        faces = [first] + [FT2Font(str(path), face_index=i) for i in range(1, first.num_faces)]
    except (OSError, RuntimeError, ValueError):
        return None
    usable: list[tuple[int, int, str, bool]] = []
    for i, face in enumerate(faces):
        if all(face.get_char_index(ord(ch)) for ch in SAMPLE):
            family = face.family_name or path.stem
            maxp = face.get_sfnt_table("maxp")
            truetype = maxp is not None and maxp["version"] == (1, 0)
            # a simplified-Chinese face first where a collection has several (Noto: JP KR SC TC)
            rank = 0 if ({"SC", "CN"} & set(family.split()) or "GB" in family) else 1
            usable.append((rank, i, family, truetype))
    if not usable:
        return None
    _, index, family, truetype = min(usable)
    return CjkFont(path, index, family, truetype)
