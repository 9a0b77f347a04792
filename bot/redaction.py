"""Personal data out of free text: `redact(text)` replaces what identifies a person or their
situation with a placeholder, so texts can be shown to staff or written to logs.

One placeholder set, in Chinese (the assistant's first language), used for Chinese and English
text alike:

    [身份证号]  ID card numbers (18 digits, the last may be X; old 15-digit ones)
    [电话]      mobile numbers (11 digits, with +86, spaces or dashes) and landlines (固话,
                010-12345678, 0755 1234 5678, (021)87654321)
    [号码]      any other run of 7 or more digits (bank cards, QQ numbers, case numbers)
    [金额]      amounts of money (3000元, 2.5万元, 三千块, ¥800, RMB 5,000, 5000 yuan) and the
                number after 收入/工资/月薪/income/salary
    [姓名]      names after 我叫/我是/我姓/姓名/本人/my name is/I am/I'm
    [地址]      addresses (省/市/区/县/镇/村/路/街/号 … patterns, and whatever follows 住在/地址/
                家住/live at/address)

Redaction errs on the side of removing too much: a few extra characters lost from a message
staff read is better than a name or a phone number shown. Rules run in a fixed order (longest,
most specific numbers first), so an ID number is never half-taken by the phone rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ID_CARD = "[身份证号]"
PHONE = "[电话]"
NUMBER = "[号码]"
AMOUNT = "[金额]"
NAME = "[姓名]"
ADDRESS = "[地址]"
PLACEHOLDERS = (ID_CARD, PHONE, NUMBER, AMOUNT, NAME, ADDRESS)

HAN = r"\u4e00-\u9fff"
# Not inside a longer number, nor a group of one ("6222 0212 3456 7890" is one card number).
NO_DIGIT_BEFORE, NO_DIGIT_AFTER = r"(?<!\d)(?<!\d[ \-])", r"(?![ \-]?\d)"
SEP = r"[ \-\u2010-\u2015]?"  # a space, a dash or a Chinese dash between digit groups

ID_CARD_RE = re.compile(
    NO_DIGIT_BEFORE + rf"(?:\d{{6}}{SEP}(?:19|20)\d{{2}}{SEP}\d{{4}}{SEP}\d{{3}}[\dXx]"
    rf"|\d{{6}}{SEP}\d{{6}}{SEP}\d{{3}})" + r"(?![\dXx])")
MOBILE_RE = re.compile(
    NO_DIGIT_BEFORE + r"(?:(?:\+|00)?86[ \-]?|\(\+?86\)[ \-]?|（\+?86）)?"
    + rf"1[3-9]\d{SEP}\d{{4}}{SEP}\d{{4}}" + NO_DIGIT_AFTER)
LANDLINE_RE = re.compile(
    NO_DIGIT_BEFORE + rf"(?:\(0\d{{2,3}}\)|（0\d{{2,3}}）|0\d{{2,3}}){SEP}"
    rf"\d{{3,4}}{SEP}\d{{4}}(?:(?:-|转|ext\.? ?)\d{{1,5}})?" + NO_DIGIT_AFTER)
# Spaces only between groups: "2023-05-01" is a date, "6222 0212 3456 7890" a bank card.
LONG_NUMBER_RE = re.compile(NO_DIGIT_BEFORE + r"\d(?: ?\d){6,}" + NO_DIGIT_AFTER)

ARABIC = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
CHINESE_NUMERAL = r"[一二两三四五六七八九十几][零一二两三四五六七八九十百千万亿几]*"
QUANTITY = rf"(?:{ARABIC}|{CHINESE_NUMERAL})"
MONEY_UNIT = r"(?:多)?(?:[百千万亿]+|k|K)?(?:元人民币|元|块钱|块|圆)"
AMOUNT_RE = re.compile(
    rf"(?:[¥￥]\s?|(?:RMB|CNY|rmb)\s?){QUANTITY}(?:\s?(?:[百千万亿]+|k|K))?"
    rf"|{QUANTITY}\s?{MONEY_UNIT}"
    rf"|{ARABIC}\s?(?:万|千|k|K)?\s?(?:yuan|RMB|CNY|rmb|kuai)\b"
    rf"|{CHINESE_NUMERAL}万(?:多)?(?![一二三四五六七八九])"
    rf"|(?<![\d.]){ARABIC}\s?万")
INCOME_RE = re.compile(
    r"((?:月收入|年收入|收入|工资|月薪|年薪|薪水|底薪|欠款|欠薪|赔偿金|income|salary|earn|earns"
    r"|earning|paid|owes?|owed)(?:\s|是|为|有|大概|大约|约|只有|才|:|：|is|was|are|of|about|only|around"
    r"|me|us|him|her)*)"
    + rf"({QUANTITY}(?:\s?[百千万k])?)", re.IGNORECASE)

COMPOUND_SURNAME = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|司徒|夏侯|令狐|宇文"
# Characters that, in third place, start the next words ("我叫张三今年…") rather than a name.
AFTER_NAME = "今在是的住家电手身从想要请了和与也就欠被去因来已现男女岁，"
ZH_NAME_RE = re.compile(
    rf"((?:我叫|我的名字是|我名字叫|名字叫|我是|姓名(?:是|为)?[:：]?\s*|本人(?:叫)?)\s*)"
    rf"((?:{COMPOUND_SURNAME})[{HAN}]{{1,2}}|[{HAN}]{{2}}(?:[{HAN}](?<![{AFTER_NAME}]))?)")
# After 我是 a name is told apart from "我是农民工" by a common surname.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
            "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
            "贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
ZH_SURNAME_RE = re.compile(r"(我姓)([" + HAN + r"]{1,2}?)(?=[，。,.!！?？\s]|$|名|叫)")
EN_NAME_RE = re.compile(
    r"((?i:my name is|my name's|name:)\s+)([A-Za-z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,2})"
    r"|((?:\bI am|\bI'm)\s+)([A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){0,2})")
EN_CAPITALISED = re.compile(r"[A-Z]")

PLACE_PART = (r"(?:特别行政区|自治区|自治州|自治县|省|市|区|县|旗|盟|州|镇|乡|街道|村"
              r"|社区|小区|花园|大道|路|街|巷|弄|胡同|里)")
HOUSE_NUMBER = (r"(?:\s?(?:\d+|[一二三四五六七八九十百]+)"
                r"(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|弄|排)(?:之\d+)?)")
ADDRESS_RE = re.compile(
    # two administrative parts or more ("广东省深圳市", "朝阳区建国路"), then house numbers
    rf"(?:[{HAN}]{{1,6}}?{PLACE_PART}){{2,}}{HOUSE_NUMBER}*"
    # a street and a number ("建国路88号")
    rf"|[{HAN}]{{1,6}}?(?:大道|路|街|巷|弄|胡同|里){HOUSE_NUMBER}+"
    rf"|[{HAN}\d]{{1,12}}?{HOUSE_NUMBER}{{2,}}")
ADDRESS_AFTER_RE = re.compile(
    rf"((?:住在|住址(?:是|为)?[:：]?|地址(?:是|为)?[:：]?|家住|家在|户籍在|搬到)\s*)"
    rf"([{HAN}\w\-#]{{2,40}})")
EN_ADDRESS_RE = re.compile(
    r"\b(?:No\.?\s?)?\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s){1,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Lu|Jie|Dadao|Hutong|Alley)\b\.?")
EN_ADDRESS_AFTER_RE = re.compile(
    r"(\b(?i:live|living|lives|reside|resides|my address is|address:)\s+(?i:at|in|on)?\s*)"
    r"((?:No\.\s?)?[\w\-#,' ]{2,60}?)(?=[.;!?\n]|$|\s(?:and|but|with|since|for|because)\b)")
# A match may start with the words in front of the address ("住在北京市…"); they stay.
LEADING_WORDS = "我住在家是到去从于的位他她你们现"


def _replace_all(placeholder: str) -> Callable[[re.Match], str]:
    return lambda match: placeholder


def _keep_first(placeholder: str) -> Callable[[re.Match], str]:
    """Keep the words of the first group (我叫, 收入是), replace the second."""
    return lambda match: match.group(1) + placeholder


def _english_name(match: re.Match) -> str:
    if match.group(1) is not None:
        return match.group(1) + NAME
    if not EN_CAPITALISED.match(match.group(4)):  # "I'm unemployed" is not a name
        return match.group(0)
    return match.group(3) + NAME


def _zh_name(match: re.Match) -> str:
    words, name = match.group(1), match.group(2)
    if words.startswith(("我是", "本人")) and name[0] not in SURNAMES and not re.match(
            COMPOUND_SURNAME, name):
        return match.group(0)  # 我是农民工: an occupation, not a name
    return words + NAME


def _address(match: re.Match) -> str:
    text = match.group(0)
    kept = len(text) - len(text.lstrip(LEADING_WORDS))
    if kept == len(text):
        return text
    return text[:kept] + ADDRESS


def _address_after(match: re.Match) -> str:
    return match.group(1) + ADDRESS


RULES: tuple[tuple[re.Pattern, Callable[[re.Match], str]], ...] = (
    (ID_CARD_RE, _replace_all(ID_CARD)),
    (MOBILE_RE, _replace_all(PHONE)),
    (LANDLINE_RE, _replace_all(PHONE)),
    (ADDRESS_AFTER_RE, _address_after),
    (ADDRESS_RE, _address),
    (EN_ADDRESS_AFTER_RE, _address_after),
    (EN_ADDRESS_RE, _replace_all(ADDRESS)),
    (AMOUNT_RE, _replace_all(AMOUNT)),
    (INCOME_RE, _keep_first(AMOUNT)),
    (LONG_NUMBER_RE, _replace_all(NUMBER)),
    (ZH_NAME_RE, _zh_name),
    (ZH_SURNAME_RE, _keep_first(NAME)),
    (EN_NAME_RE, _english_name),
)


def redact(text: str) -> str:
    """`text` with ID numbers, phone numbers, amounts, names and addresses replaced by the
    placeholders above. Text without any of them comes back unchanged."""
    if not text:
        return text
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text
