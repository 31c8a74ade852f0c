"""Make resources/fonts/ once, from Noto fonts as Debian 12 and PyPI ship them (all OFL 1.1).

Run by hand, not at build or run time; the result is committed. See resources/fonts/README.md.

    apt-get download fonts-noto-core=20201225-1 fonts-noto-cjk=1:20220127+repack1-1
    pip download --no-deps manimgx-fonts==2026.9.26.post1
    python scripts/make_fonts.py DOWNLOAD_DIR resources/fonts

Needs fontTools (pyftsubset, varLib.instancer) and dpkg-deb.
"""

from __future__ import annotations

import contextlib
import glob
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
from fontTools.varLib import instancer

# Copied unchanged from fonts-noto-core (static TrueType, hinted).
CORE = [
    f"NotoSans{script}-{weight}.ttf"
    for script in ("", "Arabic", "Hebrew", "Ethiopic", "Devanagari", "Tamil", "Thai")
    for weight in ("Regular", "Bold")
] + ["NotoSansSymbols-Regular.ttf", "NotoSansSymbols2-Regular.ttf"]
CJK_FACE = 2  # index of "Noto Sans CJK SC" in NotoSansCJK-{Regular,Bold}.ttc


def cjk_characters() -> str:
    """Common hanzi/kanji, all kana and all modern hangul, CJK punctuation, fullwidth forms."""
    chars: set[str] = set()

    def from_codec(codec: str, first: range, second: range) -> None:
        for a in first:
            for b in second:
                with contextlib.suppress(UnicodeDecodeError):
                    chars.update(bytes([a, b]).decode(codec))

    from_codec("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))  # GB 2312: 6,763 hanzi
    from_codec("big5", range(0xA4, 0xC7), range(0x40, 0xFF))  # Big5 level 1: 5,401 hanzi
    from_codec("euc_jp", range(0xA1, 0xF5), range(0xA1, 0xFF))  # JIS X 0208: 6,355 kanji
    from_codec("euc_kr", range(0xA1, 0xFE), range(0xA1, 0xFF))  # KS X 1001 incl. hanja
    ranges = [
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0x3040, 0x30FF),  # hiragana, katakana
        (0x31F0, 0x31FF),  # katakana phonetic extensions
        (0x3130, 0x318F),  # hangul compatibility jamo
        (0x1100, 0x11FF),  # hangul jamo
        (0xAC00, 0xD7A3),  # all 11,172 hangul syllables
        (0x3200, 0x32FF),  # enclosed CJK letters and months
        (0x3300, 0x33FF),  # CJK compatibility (units)
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms (＝, ！, ｱ ...)
    ]
    for start, end in ranges:
        chars.update(chr(c) for c in range(start, end + 1))
    return "".join(sorted(c for c in chars if ord(c) >= 0x1100))


def subset_font(font: TTFont, text: str, out: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    add_format_12(font)
    font.save(str(out))


def add_format_12(font: TTFont) -> None:
    """Give the subset a format 12 character map beside its format 4 one.

    With ~24,000 scattered characters the format 4 table alone is misread by typst's font
    parser for some of them (e.g. "＝" became .notdef); with format 12 every one is found.
    """
    mapping = font.getBestCmap()
    for platform, encoding in ((0, 4), (3, 10)):
        table = CmapSubtable.newSubtable(12)
        table.platformID, table.platEncID, table.language = platform, encoding, 0
        table.cmap = dict(mapping)
        font["cmap"].tables.append(table)


def main(downloads: Path, target: Path) -> None:
    work = Path(tempfile.mkdtemp())
    for deb in sorted(downloads.glob("fonts-noto-*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(work)], check=True)
    core = work / "usr/share/fonts/truetype/noto"
    for name in CORE:
        shutil.copyfile(core / name, target / name)
    text = cjk_characters()
    for weight in ("Regular", "Bold"):
        ttc = TTCollection(str(work / f"usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"))
        subset_font(ttc.fonts[CJK_FACE], text, target / f"NotoSansCJKsc-{weight}-subset.otf")
    wheel = glob.glob(str(downloads / "manimgx_fonts-*.whl"))[0]
    with zipfile.ZipFile(wheel) as z:
        (work / "NotoEmoji.ttf").write_bytes(z.read("manimgx_fonts/NotoEmoji[wght].ttf"))
    emoji = instancer.instantiateVariableFont(TTFont(str(work / "NotoEmoji.ttf")), {"wght": 400})
    emoji.save(str(target / "NotoEmoji-Regular.ttf"))
    shutil.rmtree(work)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
