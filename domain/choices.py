"""Closed lists of values (stored as stable ASCII codes) with their Chinese and English labels."""

from __future__ import annotations

from dataclasses import dataclass

from domain.i18n import heading


@dataclass(frozen=True)
class Choice:
    code: str
    zh: str
    en: str


class ChoiceList:
    def __init__(self, *choices: Choice) -> None:
        self.choices = choices
        self._by_code = {c.code: c for c in choices}
        self._by_label = {c.zh: c for c in choices} | {c.en.lower(): c for c in choices}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.choices)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        return [c.code for c in self.choices]

    def get(self, code: str) -> Choice:
        return self._by_code[code]

    def label(self, code: str | None, language: str = "zh") -> str:
        if code is None or code not in self._by_code:
            return code or ""
        choice = self._by_code[code]
        return choice.zh if language == "zh" else choice.en

    def lookup(self, text: str) -> str | None:
        """Accept a code, a Chinese label or an English label; return the code."""
        if text in self._by_code:
            return text
        found = self._by_label.get(text) or self._by_label.get(text.lower())
        return found.code if found else None


PROJECT_KINDS = ChoiceList(
    Choice("residential", "住宅", "residential"),
    Choice("non_residential", "非住宅", "non-residential"),
    Choice("industrial_plot", "工业地块", "industrial plot"),
)

PROJECT_ORIGINS = ChoiceList(
    Choice("stock", "存量项目", "stock project"),
    Choice("new", "新增项目", "new project"),
)

# The statutory steps of State Council order 590 (see shared/design/domain.md).
PROJECT_STAGES = ChoiceList(
    Choice("scope_fixed", "征收范围确定", "scope fixed"),
    Choice("survey", "入户调查登记", "household survey"),
    Choice("plan_comment", "补偿方案征求意见", "plan out for comment"),
    Choice("risk_assessment", "社会稳定风险评估", "stability risk assessment"),
    Choice("decision", "征收决定公告", "decision published"),
    Choice("valuation", "评估", "valuation"),
    Choice("signing", "签约", "signing"),
    Choice("moving", "搬迁", "moving"),
    Choice("handover", "交房拆除", "handover and demolition"),
    Choice("archive", "归档", "archive"),
)

ATTITUDES = ChoiceList(
    Choice("agree", "同意", "agrees"),
    Choice("undecided", "观望", "undecided"),
    Choice("oppose", "反对", "opposes"),
)

COMPENSATION_MODES = ChoiceList(
    Choice("money", "货币补偿", "money"),
    Choice("swap", "产权调换", "property swap"),
    Choice("ticket", "房票", "house ticket"),
    Choice("mixed", "组合方式", "mixed"),
)

DECORATION_GRADES = ChoiceList(
    Choice("simple", "简易", "simple"),
    Choice("ordinary", "普通", "ordinary"),
    Choice("medium", "中档", "medium"),
    Choice("fine", "精装", "fine"),
)

POLICY_STATUSES = ChoiceList(
    Choice("in_force", "执行中", "in force"),
    Choice("draft", "草案（比较用）", "draft (for comparison)"),
    Choice("template", "区级模板", "district template"),
)

OWNERSHIP_ROLES = ChoiceList(
    Choice("owner", "产权人", "owner"),
    Choice("tenant", "承租人", "tenant"),
    Choice("none", "无", "none"),
)

SPECIAL_GROUPS = ChoiceList(
    Choice("disability", "残疾", "disability"),
    Choice("dibao", "低保", "minimum-living allowance"),
    Choice("military", "军属", "military family"),
    Choice("shidu", "失独", "lost only child"),
    Choice("hardship", "困难户", "hardship"),
)

REQUEST_CHANNELS = ChoiceList(
    Choice("visit", "走访", "visit"),
    Choice("phone", "电话", "phone"),
    Choice("hotline", "12345热线", "12345 hotline"),
    Choice("letters", "信访", "letters and visits"),
    Choice("petition", "上访", "petition"),
)

REQUEST_CATEGORIES = ChoiceList(
    Choice("amount", "补偿金额", "compensation amount"),
    Choice("area", "面积认定", "area measurement"),
    Choice("valuation", "评估", "valuation"),
    Choice("flat", "安置房", "resettlement flat"),
    Choice("transition", "过渡费", "transition allowance"),
    Choice("special_care", "老弱特殊照顾", "elderly / special care"),
    Choice("procedure", "程序", "procedure"),
    Choice("other", "其他", "other"),
)

REQUEST_STATUSES = ChoiceList(
    Choice("open", "待办", "open"),
    Choice("in_progress", "办理中", "in progress"),
    Choice("escalated", "已上报", "escalated"),
    Choice("closed", "已办结", "closed"),
)

REASONABLENESS = ChoiceList(
    Choice("pending", "待认定", "not yet assessed"),
    Choice("reasonable", "合理", "reasonable"),
    Choice("partly", "部分合理", "partly reasonable"),
    Choice("unreasonable", "不合理", "not reasonable"),
)

RESPONSIBLE_LEVELS = ChoiceList(
    Choice("district", "区", "district"),
    Choice("sub_district", "街道", "sub-district"),
)

SATISFACTION = ChoiceList(
    Choice("satisfied", "满意", "satisfied"),
    Choice("basically", "基本满意", "mostly satisfied"),
    Choice("dissatisfied", "不满意", "dissatisfied"),
)

FLAT_STATES = ChoiceList(
    Choice("free", "空闲", "free"),
    Choice("reserved", "预留", "reserved"),
    Choice("locked", "锁定", "locked"),
    Choice("chosen", "已选", "chosen"),
    Choice("temporary", "临时周转", "temporary housing"),
)

TICKET_STATES = ChoiceList(
    Choice("active", "有效", "active"),
    Choice("used_up", "已用完", "used up"),
    Choice("bought_back", "已回购", "bought back"),
    Choice("refunded", "已退款", "refunded"),
    Choice("expired", "已过期", "expired"),
)

TICKET_USE_KINDS = ChoiceList(
    Choice("redemption", "购房使用", "redemption"),
    Choice("buyback", "回购", "buy-back"),
    Choice("refund", "退还余额", "refund"),
)

# The usual words for a member's relation to the head. The field stays free text (families are
# more varied than any list); a value that is one of these words is shown in the interface
# language, anything else exactly as typed.
RELATION_WORDS = ChoiceList(
    Choice("head", "户主", "head of household"),
    Choice("spouse", "配偶", "spouse"),
    Choice("son", "子", "son"),
    Choice("daughter", "女", "daughter"),
    Choice("child", "子女", "child"),
    Choice("parent", "父母", "parent"),
    Choice("father", "父亲", "father"),
    Choice("mother", "母亲", "mother"),
    Choice("grandchild", "孙子女", "grandchild"),
    Choice("sibling", "兄弟姐妹", "sibling"),
    Choice("son_in_law", "女婿", "son-in-law"),
    Choice("daughter_in_law", "儿媳", "daughter-in-law"),
    Choice("tenant", "租户", "tenant"),
)


# The usual words for a building's approved and actual use (free text, like relations).
USE_WORDS = ChoiceList(
    Choice("residential", "住宅", "residential"),
    Choice("commercial", "商业", "commercial"),
    Choice("mixed", "住宅兼商业", "residential and commercial"),
    Choice("industrial", "工业", "industrial"),
    Choice("office", "办公", "office"),
    Choice("warehouse", "仓储", "warehouse"),
    Choice("factory_let", "厂房出租", "factory let out"),
    Choice("collective_land", "集体建设用地", "collective construction land"),
)


# The free-text fields whose usual words follow the interface language: (entity, field) -> words.
USUAL_WORDS = {
    ("member", "relation"): RELATION_WORDS,
    ("household", "approved_use"): USE_WORDS,
    ("household", "actual_use"): USE_WORDS,
}


def usual_word(value: str | None, words: ChoiceList, language: str) -> str:
    """A free-text value as typed, or — when it is one of the usual `words` — that word in
    `language` (free text stays as typed; the usual words follow the interface)."""
    text = (value or "").strip()
    for code in words.codes():
        choice = words.get(code)
        if text in (choice.zh, choice.en):
            return choice.zh if language == "zh" else choice.en
    return value or ""


def usual_label(value: str | None, words: ChoiceList, language: str) -> str:
    """usual_word for a value standing alone (a cell, a value beside its label): the usual word
    with a capital in English ("Son" for 子), anything else exactly as typed."""
    text = (value or "").strip()
    if any(text in (choice.zh, choice.en) for choice in words):
        return heading(usual_word(text, words, language))
    return value or ""


def relation_text(value: str | None, language: str) -> str:
    """A relation as typed, or its usual word's name in `language`."""
    return usual_word(value, RELATION_WORDS, language)
