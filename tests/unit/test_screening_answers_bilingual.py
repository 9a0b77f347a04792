"""Free-text screening answers as people type them, the same answer in English and in Chinese
(bot/screening/answers.py, data/eligibility/answers.yml). Read without the NLU intent: the
parser alone must understand them, whatever intent the model gives."""

import pytest

from bot.screening.answers import parse_answer

# slot, English answer, Chinese answers (simplified, colloquial, traditional), the facts
BOTH_LANGUAGES = [
    ("has_lawyer", "yes", ["是", "对", "有", "有的", "對", "是啊", "请了", "已经请了律师"],
     {"has_lawyer": True}),
    ("has_lawyer", "no", ["没有", "不是", "没", "无", "沒有", "無", "木有", "没得", "还没请律师",
                          "不是的", "不對", "当然没有", "没有律师"], {"has_lawyer": False}),
    ("facts_confirmed", "that's right", ["对", "对的", "没错", "正确", "是的", "确认", "没问题",
                                         "没有问题"],
     {"facts_confirmed": True}),
    ("facts_confirmed", "no", ["不对", "不是的", "错了", "有问题", "不正确"],
     {"facts_confirmed": False}),
    ("case_type", "civil", ["民事", "民事的", "民事纠纷", "欠薪", "劳动仲裁", "工资"],
     {"case_type": "civil"}),
    ("case_type", "criminal case", ["刑事", "刑事案件", "被刑拘了"], {"case_type": "criminal"}),
    ("case_type", "administrative", ["行政", "行政案件", "告政府", "行政处罚"],
     {"case_type": "administrative"}),
    ("matter", "unpaid wages", ["工资", "欠薪", "讨薪", "拖欠工资", "不发工资", "工钱"],
     {"matter": "employment_or_wages"}),
    # a labour dispute that is not a wage claim: art. 31(5), without the art. 42(3) waiver
    ("matter", "employment relationship", ["劳动纠纷", "确认劳动关系", "劳动合同"],
     {"matter": "employment_relationship"}),
    ("matter", "my husband beats me", ["家暴", "老公打我", "家庭暴力"],
     {"matter": "abuse_abandonment_domestic_violence"}),
    ("matter", "child support", ["抚养费", "孩子抚养费", "赡养费"],
     {"matter": "support_payments"}),
    ("matter", "something else", ["其他", "借钱不还", "都不是"], {"matter": "other"}),
    ("role", "I'm the defendant", ["被告", "我是被告人", "嫌疑人"],
     {"role": "suspect_or_defendant"}),
    ("role", "I'm the victim", ["受害人", "我是被害人", "我被打了"], {"role": "victim"}),
    ("disability", "no disability", ["没有", "没残疾", "都没有", "无残疾"],
     {"disability": "none"}),
    ("disability", "blind", ["盲人", "看不见", "眼睛看不见"], {"disability": "visual"}),
    ("disability", "deaf", ["耳朵聋", "听不见"], {"disability": "hearing"}),
    ("age", "16", ["十六岁", "16岁", "十六", "他才十六", "我十六岁"], {"age": 16}),
    ("age", "I'm 70", ["七十岁", "70岁了"], {"age": 70}),
    ("age", "under 18", ["未满十八", "未满18", "不到18岁", "还没成年", "未成年"],
     {"is_minor": True}),
    ("household_monthly_income", "1500 a month", ["一千五", "1500元", "一千五百块",
                                                  "每月1500"],
     {"household_monthly_income": 1500}),
    ("household_monthly_income", "3000", ["月入三千", "三千", "一个月三千块", "3千"],
     {"household_monthly_income": 3000}),
    ("household_monthly_income", "zero income", ["没有收入", "没收入", "零收入"],
     {"household_monthly_income": 0}),
    ("household_size", "3 people", ["三口人", "一家三口", "3个人", "三个人", "3人"],
     {"household_size": 3}),
    ("household_size", "just me", ["就我一个", "我一个人", "只有我"], {"household_size": 1}),
    ("province", "Guangdong", ["广东", "广东省", "廣東"], {"province": "广东"}),
    ("province", "Inner Mongolia", ["内蒙古", "内蒙", "內蒙古"], {"province": "内蒙古"}),
    ("province", "Heilongjiang", ["黑龙江", "黑龍江省"], {"province": "黑龙江"}),
    ("faces_life_or_death", "he may get the death penalty",
     ["他可能被判死刑", "可能判无期", "可能是无期徒刑", "是"], {"faces_life_or_death": True}),
    ("faces_life_or_death", "no", ["不会判死刑", "没有", "不会"], {"faces_life_or_death": False}),
    ("social_assistance", "I get dibao", ["吃低保", "低保户", "有低保"],
     {"social_assistance": True}),
    ("social_assistance", "I am not on dibao", ["没有低保", "不是低保户", "没有"],
     {"social_assistance": False}),
]

CASES = [pytest.param(slot, text, expected, id=f"{slot}-{text}")
         for slot, english, chinese, expected in BOTH_LANGUAGES
         for text in [english, *chinese]]


@pytest.mark.parametrize("slot, text, expected", CASES)
def test_an_answer_is_read_in_either_language(slot, text, expected):
    assert parse_answer(slot, text).facts == expected


@pytest.mark.parametrize("text", ["I don't know", "不知道", "不清楚", "不晓得", "说不清",
                                  "不確定", "记不清了", "跳过"])
@pytest.mark.parametrize("slot", ["has_lawyer", "case_type", "age", "household_monthly_income"])
def test_not_knowing_is_an_answer_in_either_language(slot, text):
    answer = parse_answer(slot, text)
    assert answer.dont_know and not answer.facts


@pytest.mark.parametrize("slot, text, intent, expected", [
    # An intent other than affirm/deny (those decide a yes-no question first) leaves the
    # reading to the words.
    ("has_lawyer", "没有", "inform", {"has_lawyer": False}),
    ("facts_confirmed", "不对", "nlu_fallback", {"facts_confirmed": False}),
    ("case_type", "民事", "nlu_fallback", {"case_type": "civil"}),
    ("matter", "工资", "faq", {"matter": "employment_or_wages"}),
])
def test_words_win_over_a_wrong_intent(slot, text, intent, expected):
    assert parse_answer(slot, text, intent).facts == expected


@pytest.mark.parametrize("slot, text", [
    ("age", "十五还是十六"),  # two numbers: ask again rather than guess
    ("household_size", "家里有3个孩子"),  # children, not the household
    ("case_type", "嗯……"),
])
def test_unclear_answers_are_not_guessed(slot, text):
    assert not parse_answer(slot, text).understood
