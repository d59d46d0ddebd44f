"""Citations of the two statutes in the reader's language.

Code names an article the English way ("Taizhou art. 8 ¶3", "Luzhou arts. 4 and 24"); a Chinese
reader sees it the way the statutes are cited in Chinese (台州规定第八条第三款, 泸州办法第四条、第二十四条).
One formatter instead of a translation per article and add-on.
"""

import re

STATUTE_NAMES_ZH = {"Taizhou": "台州规定", "Luzhou": "泸州办法"}
CITATION = re.compile(r"^(Taizhou|Luzhou) arts?\. (.+)$")
ARTICLE = re.compile(r"^(?:art\. )?(\d+)(?:[–-](\d+))?(?: ¶(\d+)(?:[–-](\d+))?)?(?: \((\w+)\))?$")
PARAGRAPH = re.compile(r"^¶(\d+)(?: \((\w+)\))?$")
NOTES_ZH = {"issue": "（出具）", "register": "（登记）"}
DIGITS = "零一二三四五六七八九"


def chinese_number(number):
    """1 → 一, 12 → 十二, 24 → 二十四 (the statutes have fewer than 100 articles)."""
    tens, units = divmod(int(number), 10)
    if not tens:
        return DIGITS[units]
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[units] if units else "")


def _article_zh(part):
    match = ARTICLE.match(part)
    if match:
        first, last, paragraph, last_paragraph, note = match.groups()
        text = f"第{chinese_number(first)}条"
        if last:
            text += f"至第{chinese_number(last)}条"
        if paragraph:
            text += f"第{chinese_number(paragraph)}款"
        if last_paragraph:
            text += f"至第{chinese_number(last_paragraph)}款"
        return text + NOTES_ZH.get(note, "")
    match = PARAGRAPH.match(part)
    if match:
        return f"第{chinese_number(match[1])}款" + NOTES_ZH.get(match[2], "")
    return None


def format_citation(citation, lang):
    """``citation`` ("Taizhou art. 8 ¶3") as a reader of ``lang`` cites it; any other text unchanged."""
    match = CITATION.match(citation or "")
    if not match or not (lang or "").startswith("zh"):
        return citation
    parts = [_article_zh(part.strip()) for part in re.split(r", | and ", match[2])]
    if not all(parts):
        return citation
    return STATUTE_NAMES_ZH[match[1]] + "、".join(parts)
