"""Line-breaking character classes of JIS X 4051 (禁則処理), kept as data.

The class numbers cl-01 … cl-14 are those of JIS X 4051 as tabulated in the W3C note
"Requirements for Japanese Text Layout" (JLReq), appendix A. Each class lists the
characters of the standard, then the full-width compatibility forms (U+FFxx) that Japanese
input methods produce, then ASCII and half-width (U+FF61–U+FF9F) forms: committee papers
are typed in Word, so every form appears. The algorithm lives in generator.linebreak;
keeping the tables here lets a reviewer check them against the standard line by line.
"""

from __future__ import annotations

# cl-01 opening brackets (始め括弧類): never at the end of a line.
CL01_OPENING_BRACKETS = "‘“（〔［｛〈《「『【｟〘〖«〝" + "([{" + "｢"
# cl-02 closing brackets (終わり括弧類): never at the start of a line. 〞 (U+301E) is the
# closing double prime quotation mark some fonts and IMEs use instead of 〟.
CL02_CLOSING_BRACKETS = "’”）〕］｝〉》」』】｠〙〗»〟〞" + ")]}" + "｣"
# cl-03 hyphens (ハイフン類). ～ (U+FF5E) is the wave dash Windows IMEs type for 〜.
CL03_HYPHENS = "‐〜゠–" + "～"
# cl-04 dividing punctuation marks (区切り約物).
CL04_DIVIDING_PUNCTUATION = "？！‼⁇⁈⁉" + "?!"
# cl-05 middle dots (中点類).
CL05_MIDDLE_DOTS = "・：；" + ":;" + "･"
# cl-06 full stops (句点類).
CL06_FULL_STOPS = "。．" + "." + "｡"
# cl-07 commas (読点類).
CL07_COMMAS = "、，" + "," + "､"
# cl-08 inseparable characters (分離禁止文字): no break between two of them (――, ……).
# ― (U+2015) is the dash Japanese fonts and IMEs use; JLReq lists — (U+2014).
CL08_INSEPARABLE = "―—…‥〳〴〵"
# cl-09 iteration marks (繰返し記号).
CL09_ITERATION_MARKS = "ヽヾゝゞ々〻"
# cl-10 prolonged sound mark (長音記号), with its half-width form.
CL10_PROLONGED_SOUND_MARK = "ー" + "ｰ"
# cl-11 small kana (小書きの仮名), with the half-width small katakana.
CL11_SMALL_KANA = (
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯ"
)
# cl-12 prefixed abbreviations (前置省略記号): kept with the number that follows.
CL12_PREFIXED_ABBREVIATIONS = "¥$£#€№" + "￥＄￡＃"
# cl-13 postfixed abbreviations (後置省略記号): kept with the number before them.
CL13_POSTFIXED_ABBREVIATIONS = "°′″℃¢%‰㏋ℓ㌃㌍㌔㌘㌢㌣㌦㌧㌫㌶㌻㍉㍊㍍㍑㍗㎎㎏㎜㎝㎞㎡㏄" + "％￠"
# cl-14 ideographic space (和字間隔) has no line-breaking restriction: it is ordinary text.

# Hanging punctuation (ぶら下げ): the full stops of cl-06 and the commas of cl-07.
HANGING_PUNCTUATION = CL06_FULL_STOPS + CL07_COMMAS

# Line-start prohibition (行頭禁則): cl-02 … cl-07 and cl-09 … cl-11.
NOT_AT_LINE_START = (
    CL02_CLOSING_BRACKETS
    + CL03_HYPHENS
    + CL04_DIVIDING_PUNCTUATION
    + CL05_MIDDLE_DOTS
    + CL06_FULL_STOPS
    + CL07_COMMAS
    + CL09_ITERATION_MARKS
    + CL10_PROLONGED_SOUND_MARK
    + CL11_SMALL_KANA
)
# Line-end prohibition (行末禁則): cl-01.
NOT_AT_LINE_END = CL01_OPENING_BRACKETS

# Unbreakable sequences (分割禁止): a Western word and a number are set as one unit.
LATIN_LETTERS = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    + "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    + "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
    # Latin-1 Supplement and Latin Extended-A/B letters (é, ü, ł …), without × and ÷.
    + "".join(chr(c) for c in range(0xC0, 0x250) if c not in (0xD7, 0xF7))
)
DIGITS = "0123456789" + "０１２３４５６７８９"
# Between two digits these join the number: ５,０００ ５，０００ ３．５ 10:00 2024/4/1.
DIGIT_SEPARATORS = ",.:/" + "，．：／"
# Between two letters or digits these join the word: COVID-19, don't, file_name.
WORD_JOINERS = "-'_’"

# Not JIS X 4051 classes, but the same rules keep a glyph whole: combining marks and
# variation selectors (異体字セレクタ, used for personal and place names) never start a
# line, and no-break spaces and joiners glue both neighbours.
COMBINING_MARKS = "".join(
    chr(c)
    for lo, hi in (
        (0x0300, 0x036F),  # combining diacritical marks
        (0x200D, 0x200D),  # zero width joiner
        (0x3099, 0x309A),  # combining kana voiced / semi-voiced sound marks
        (0xFE00, 0xFE0F),  # variation selectors
        (0xFF9E, 0xFF9F),  # half-width katakana voiced / semi-voiced sound marks
        (0xE0100, 0xE01EF),  # ideographic variation selectors
    )
    for c in range(lo, hi + 1)
)
NO_BREAK_GLUE = "\u00a0\u202f\u2060\ufeff"
