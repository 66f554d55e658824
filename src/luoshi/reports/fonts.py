"""Chinese fonts for charts and PDFs: found on this machine, never guessed.

Charts (matplotlib) can use any CJK font, OpenType/CFF included; PDFs
(reportlab) can only embed TrueType outlines (``glyf``), so they need e.g.
WenQuanYi Zen Hei (``fonts-wqy-zenhei``) or AR PL UMing. Known Debian paths
are tried first, then whatever fontconfig lists for Chinese;
``$LUOSHI_CJK_FONT`` (a font file) comes before both. Without any, the error
names the package to install.
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
    "install one: sudo apt-get install fonts-wqy-zenhei fonts-noto-cjk "
    "(or run scripts/install-fonts.sh), or set LUOSHI_CJK_FONT to a TrueType font file"
)
# Preferred first: a sans (黑体-like) for charts, TrueType collections that reportlab embeds.
KNOWN: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
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


def chart_font() -> CjkFont:
    """The font for charts and images: the first Chinese font found, simplified-Chinese face."""
    fonts = cjk_fonts()
    if not fonts:
        raise ReportError(f"no Chinese font found for charts; {INSTALL_HINT}")
    return fonts[0]


def pdf_font() -> CjkFont:
    """The font embedded in PDFs: the first Chinese font with TrueType outlines."""
    for font in cjk_fonts():
        if font.truetype:
            return font
    raise ReportError(
        "no Chinese TrueType font found for PDF (OpenType/CFF fonts such as Noto CJK "
        f"cannot be embedded); {INSTALL_HINT}"
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
            rank = 0 if ("SC" in family.split() or "GB" in family) else 1
            usable.append((rank, i, family, truetype))
    if not usable:
        return None
    _, index, family, truetype = min(usable)
    return CjkFont(path, index, family, truetype)
