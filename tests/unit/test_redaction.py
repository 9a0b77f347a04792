"""bot.redaction on real-looking messages: what identifies a person goes, the question stays."""

import pytest

from bot.redaction import PLACEHOLDERS, redact

CASES = [
    # ID card numbers: 18 digits (X last), old 15-digit ones, grouped with spaces
    ("我的身份证号是110101199003071234", "我的身份证号是[身份证号]"),
    ("身份证 11010119900307123X 丢了", "身份证 [身份证号] 丢了"),
    ("ID 44030519851231002x", "ID [身份证号]"),
    ("老身份证110101900307123", "老身份证[身份证号]"),
    ("身份证号：110101 19900307 1234。", "身份证号：[身份证号]。"),
    # mobiles: 11 digits, +86, spaces, dashes
    ("电话13812345678", "电话[电话]"),
    ("手机 +86 138-1234-5678", "手机 [电话]"),
    ("手机号：138 1234 5678。", "手机号：[电话]。"),
    ("(+86)15912345678 找我", "[电话] 找我"),
    ("call me on 18612345678 please", "call me on [电话] please"),
    # landlines (固话)
    ("请打010-12345678", "请打[电话]"),
    ("或者0755 1234 5678找我", "或者[电话]找我"),
    ("电话：(021)87654321转123", "电话：[电话]"),
    ("电话：020 8765 4321", "电话：[电话]"),
    # other long numbers
    ("银行卡6222021234567890123", "银行卡[号码]"),
    ("卡号 6222 0212 3456 7890", "卡号 [号码]"),
    ("QQ号12345678", "QQ号[号码]"),
    # amounts in 元/万元/块/yuan/RMB/¥, and income figures
    ("老板欠我3万元工资", "老板欠我[金额]工资"),
    ("每月工资2000元", "每月工资[金额]"),
    ("欠了我三千块", "欠了我[金额]"),
    ("赔了我2.5万", "赔了我[金额]"),
    ("一共五万多没给", "一共[金额]没给"),
    ("罚款¥800", "罚款[金额]"),
    ("他借了我 12,000 元", "他借了我 [金额]"),
    ("月收入3000", "月收入[金额]"),
    ("he owes me 5000 yuan", "he owes me [金额]"),
    ("they kept RMB 5,000 of my wages", "they kept [金额] of my wages"),
    ("my salary is 4000 a month", "my salary is [金额] a month"),
    # names
    ("我叫张三，今年30岁", "我叫[姓名]，今年30岁"),
    ("我叫李小红今年30岁", "我叫[姓名]今年30岁"),
    ("我是王小明，被辞退了", "我是[姓名]，被辞退了"),
    ("我叫欧阳娜娜", "我叫[姓名]"),
    ("姓名：赵四", "姓名：[姓名]"),
    ("我姓王", "我姓[姓名]"),
    ("My name is John Smith and I was fired", "My name is [姓名] and I was fired"),
    ("my name is wang", "my name is [姓名]"),
    ("I'm Li Wei", "I'm [姓名]"),
    # addresses
    ("我住在北京市朝阳区建国路88号", "我住在[地址]"),
    ("广东省深圳市南山区的公司不给钱", "[地址]的公司不给钱"),
    ("我在建国路88号上班", "我在[地址]上班"),
    ("我家在朝阳区幸福小区3栋2单元501室", "我家在[地址]"),
    ("地址：上海市浦东新区世纪大道100号", "地址：[地址]"),
    ("I live at 12 Jianguo Road, Beijing", "I live at [地址]"),
    ("He lives at No. 5 Jianguo Road.", "He lives at [地址]."),
    # several at once
    ("我叫张三，电话13812345678，住在上海市浦东新区世纪大道100号，欠薪2万元",
     "我叫[姓名]，电话[电话]，住在[地址]，欠薪[金额]"),
]

UNCHANGED = [
    "我被公司辞退了怎么办",
    "什么是法律援助？",
    "我能申请法律援助吗",
    "工伤赔偿和违约金有什么区别",
    "千万不要签字吗",
    "我是农民工，老板欠我工资",
    "本人是残疾人",
    "《法律援助法》第二十五条规定了什么",
    "2021年1月1日施行",
    "I was fired on 2023-05-01",
    "How do I apply for legal aid?",
    "I am a migrant worker and I'm unemployed",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_personal_data_becomes_placeholders(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_questions_without_personal_data_stay_as_they_are(text):
    assert redact(text) == text


def test_redacting_twice_changes_nothing_more():
    for _text, expected in CASES:
        assert redact(expected) == expected


def test_no_digit_run_of_a_phone_or_id_number_survives():
    text = "身份证110101199003071234手机13812345678座机010-12345678"
    redacted = redact(text)
    assert not any(ch.isdigit() for ch in redacted), redacted
    assert set(PLACEHOLDERS) >= {"[身份证号]", "[电话]"}
