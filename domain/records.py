"""The kinds of record Doorstep keeps and their fields.

This is the one declaration of every field: storage derives its materialised tables from it,
services validate against it, the UI and reports take labels from it. Values travel in the op log
as JSON; a field's `kind` says how it is checked and stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from domain import choices as c
from domain.choices import ChoiceList
from domain.states import HOUSEHOLD_STATES

# Field kinds and the SQLite column type of their materialised value.
COLUMN_TYPES = {
    "text": "TEXT",
    "longtext": "TEXT",
    "int": "INTEGER",
    "float": "REAL",
    "money": "REAL",  # yuan
    "area": "REAL",  # square metres (or mu where the field says so)
    "date": "TEXT",  # ISO yyyy-mm-dd
    "bool": "INTEGER",
    "choice": "TEXT",
    "choices": "TEXT",  # JSON list of codes
    "ref": "TEXT",  # id of another record
    "resident_id": "TEXT",
    "uscc": "TEXT",
    "phone": "TEXT",
    "json": "TEXT",
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    zh: str
    en: str
    kind: str = "text"
    required: bool = False
    max_len: int = 200
    options: ChoiceList | None = None
    ref: str | None = None  # entity a "ref" field points to
    low: float | None = None
    high: float | None = None
    sensitive: bool = False  # masked on screen and paper unless revealed
    managed: bool = False  # changed only through a dedicated service (e.g. household state)

    @property
    def column_type(self) -> str:
        return COLUMN_TYPES[self.kind]


@dataclass(frozen=True)
class EntitySpec:
    name: str  # entity code in the op log
    table: str  # materialised table
    zh: str
    en: str
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)

    @cached_property
    def _by_name(self) -> dict[str, FieldSpec]:
        return {spec.name: spec for spec in self.fields}

    def field(self, name: str) -> FieldSpec:
        return self._by_name[name]

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    @cached_property
    def field_names(self) -> list[str]:
        """Shared: read it, do not change it."""
        return [spec.name for spec in self.fields]


F = FieldSpec
MAX_AREA_M2 = 1_000_000.0  # a sane upper bound for one building's floor area
MAX_MONEY = 10_000_000_000.0

PROJECT = EntitySpec(
    "project",
    "projects",
    "征收项目",
    "project",
    (
        F("code", "项目编号", "project code", required=True, max_len=40),
        F("name", "项目名称", "project name", required=True, max_len=100),
        F("district", "区", "district", required=True, max_len=40),
        F("sub_district", "街道", "sub-district", required=True, max_len=40),
        F("kind", "项目类型", "kind", "choice", options=c.PROJECT_KINDS),
        F("area_mu", "面积(亩)", "area (mu)", "area", low=0, high=MAX_AREA_M2 / 666.67),
        F("area_m2", "面积(㎡)", "area (m²)", "area", low=0, high=MAX_AREA_M2 * 100),
        F("households_planned", "计划户数", "planned households", "int", low=0, high=100_000),
        F("stage", "所处阶段", "stage", "choice", options=c.PROJECT_STAGES),
        F("plan_year", "计划年度", "plan year", "int", low=1990, high=2100),
        F("origin", "存量/新增", "stock or new", "choice", options=c.PROJECT_ORIGINS),
        F("urgency", "紧迫程度(1-5)", "urgency (1-5)", "int", low=1, high=5),
        F("benefit", "效益(1-5)", "benefit (1-5)", "int", low=1, high=5),
        F(
            "funding_needed",
            "所需资金(元)",
            "funding needed (yuan)",
            "money",
            low=0,
            high=MAX_MONEY,
        ),
        F(
            "funding_secured",
            "到位资金(元)",
            "funding secured (yuan)",
            "money",
            low=0,
            high=MAX_MONEY,
        ),
        F("scope_fixed_on", "范围确定日期", "scope fixed on", "date"),
        F("permits_suspended_on", "暂停办理相关手续日期", "permits suspended on", "date"),
        F("comment_start", "征求意见开始", "comment period starts", "date"),
        F("comment_end", "征求意见结束", "comment period ends", "date"),
        F("risk_assessed_on", "风险评估完成日期", "risk assessed on", "date"),
        F("decision_on", "征收决定公告日期", "decision published on", "date"),
        F("valuation_on", "评估时点", "valuation date", "date"),
        F("signing_start", "签约期开始", "signing period starts", "date"),
        F("signing_end", "签约期结束", "signing period ends", "date"),
        F("moving_deadline", "搬迁期限", "moving deadline", "date"),
        F("archived_on", "归档日期", "archived on", "date"),
        F("notes", "备注", "notes", "longtext", max_len=4000),
    ),
)

HOUSEHOLD = EntitySpec(
    "household",
    "households",
    "被征收户",
    "household",
    (
        F("project_id", "所属项目", "project", "ref", required=True, ref="project"),
        F("district", "区", "district", max_len=40),
        F("sub_district", "街道", "sub-district", max_len=40),
        F("building", "楼栋", "building", max_len=40),
        F("unit", "单元", "unit", max_len=20),
        F("room", "房号", "room", max_len=20),
        F("address", "地址", "address", required=True, max_len=200),
        F("head_name", "户主姓名", "head of household", required=True, max_len=40),
        F("head_id_number", "户主身份证号", "head's ID number", "resident_id", sensitive=True),
        F("phone", "联系电话", "phone", "phone", sensitive=True),
        F("enterprise_name", "企业名称", "enterprise name", max_len=100),
        F("uscc", "统一社会信用代码", "unified social credit code", "uscc"),
        F(
            "registered_area",
            "登记面积(㎡)",
            "registered area (m²)",
            "area",
            low=0,
            high=MAX_AREA_M2,
        ),
        F("measured_area", "实测面积(㎡)", "measured area (m²)", "area", low=0, high=MAX_AREA_M2),
        F("approved_use", "批准用途", "approved use", max_len=40),
        F("actual_use", "实际用途", "actual use", max_len=40),
        F("ownership_dispute", "产权争议", "ownership dispute", "bool"),
        F("area_dispute", "面积争议", "area dispute", "bool"),
        F("attitude", "态度", "attitude", "choice", options=c.ATTITUDES),
        F("state", "状态", "state", "choice", options=HOUSEHOLD_STATES, managed=True),
        F("caseworker", "责任人", "caseworker", max_len=40),
        F("risk_flags", "风险提示", "risk flags", max_len=200),
        F(
            "compensation_mode",
            "补偿方式",
            "compensation mode",
            "choice",
            options=c.COMPENSATION_MODES,
        ),
        F(
            "compensation_amount",
            "补偿金额(元)",
            "compensation (yuan)",
            "money",
            low=0,
            high=MAX_MONEY,
        ),
        F(
            "compensation_paid",
            "已支付补偿(元)",
            "compensation paid (yuan)",
            "money",
            low=0,
            high=MAX_MONEY,
        ),
        F(
            "assessed_price",
            "评估单价(元/㎡)",
            "assessed price (yuan/m²)",
            "money",
            low=0,
            high=10_000_000,
        ),
        F(
            "assessed_value",
            "评估总价(元)",
            "assessed value (yuan)",
            "money",
            low=0,
            high=MAX_MONEY,
        ),
        F(
            "decoration_grade",
            "装修档次",
            "decoration grade",
            "choice",
            options=c.DECORATION_GRADES,
        ),
        F("valued_on", "评估完成日期", "valued on", "date"),
        F("signed_on", "签约日期", "agreement signed on", "date"),
        F("vacated_on", "腾空日期", "vacated on", "date"),
        F("handed_over_on", "交房日期", "handed over on", "date"),
        F("demolished_on", "拆除日期", "demolished on", "date"),
        F("housed_on", "安置到位日期", "housed on", "date"),
        F("notes", "备注", "notes", "longtext", max_len=4000),
    ),
)

MEMBER = EntitySpec(
    "member",
    "members",
    "家庭成员",
    "household member",
    (
        F("household_id", "所属住户", "household", "ref", required=True, ref="household"),
        F("name", "姓名", "name", required=True, max_len=40),
        F("relation", "与户主关系", "relation to head", max_len=20),
        F("id_number", "身份证号", "ID number", "resident_id", sensitive=True),
        F("phone", "电话", "phone", "phone", sensitive=True),
        F("ownership_role", "产权身份", "ownership role", "choice", options=c.OWNERSHIP_ROLES),
        F("share_pct", "产权份额(%)", "ownership share (%)", "float", low=0, high=100),
        F("special_groups", "特殊群体", "special groups", "choices", options=c.SPECIAL_GROUPS),
    ),
)

VISIT = EntitySpec(
    "visit",
    "visits",
    "走访记录",
    "visit",
    (
        F("household_id", "住户", "household", "ref", required=True, ref="household"),
        F("visited_on", "走访日期", "date of visit", "date", required=True),
        F("caseworkers", "走访人员", "caseworkers present", required=True, max_len=100),
        F("people_met", "接待人", "people met", max_len=100),
        F("explained", "宣传解释内容", "what was explained", "longtext", max_len=4000),
        F("concerns", "群众诉求与顾虑", "concerns raised", "longtext", max_len=4000),
        F("attitude", "态度", "attitude observed", "choice", options=c.ATTITUDES),
        F("next_step", "下一步工作", "agreed next step", "longtext", max_len=2000),
        F("next_visit_due", "下次走访日期", "next visit due", "date"),
    ),
)

REQUEST = EntitySpec(
    "request",
    "requests",
    "群众诉求",
    "request",
    (
        F("household_id", "住户", "household", "ref", ref="household"),
        F("project_id", "项目", "project", "ref", required=True, ref="project"),
        F("received_on", "受理日期", "received on", "date", required=True),
        F("channel", "来源渠道", "channel", "choice", options=c.REQUEST_CHANNELS),
        F(
            "category",
            "诉求类别",
            "category",
            "choice",
            required=True,
            options=c.REQUEST_CATEGORIES,
        ),
        F("summary", "诉求内容", "request", "longtext", required=True, max_len=4000),
        F("reasonable", "合理性认定", "reasonableness", "choice", options=c.REASONABLENESS),
        F("level", "责任层级", "responsible level", "choice", options=c.RESPONSIBLE_LEVELS),
        F("responsible", "责任人", "responsible person", max_len=40),
        F("deadline", "办理时限", "deadline", "date"),
        F("status", "办理状态", "status", "choice", options=c.REQUEST_STATUSES),
        F("reply", "答复意见", "reply", "longtext", max_len=4000),
        F("closed_on", "办结日期", "closed on", "date"),
        F("satisfaction", "回访满意度", "follow-up satisfaction", "choice", options=c.SATISFACTION),
    ),
)

REQUEST_PROGRESS = EntitySpec(
    "request_progress",
    "request_progress",
    "办理进展",
    "progress entry",
    (
        F("request_id", "诉求", "request", "ref", required=True, ref="request"),
        F("noted_on", "日期", "date", "date", required=True),
        F("text", "进展情况", "progress", "longtext", required=True, max_len=4000),
    ),
)

ATTACHMENT = EntitySpec(
    "attachment",
    "attachments",
    "附件",
    "attachment",
    (
        F("record_id", "所属记录", "record", "ref", required=True),
        F("record_entity", "记录类型", "record kind", max_len=40),
        F("sha256", "校验值", "SHA-256", required=True, max_len=64),
        F("name", "文件名", "file name", required=True, max_len=255),
        F("size", "大小", "size", "int", low=0),
        F("mime", "类型", "type", max_len=100),
    ),
)

HOUSE_TICKET = EntitySpec(
    "house_ticket",
    "house_tickets",
    "房票",
    "house ticket",
    (
        F("household_id", "住户", "household", "ref", required=True, ref="household"),
        F("project_id", "项目", "project", "ref", ref="project"),
        F("number", "房票编号", "ticket number", required=True, max_len=40),
        F(
            "face_amount",
            "票面金额(元)",
            "face amount (yuan)",
            "money",
            required=True,
            low=0,
            high=MAX_MONEY,
        ),
        F("issued_on", "出具日期", "issued on", "date", required=True),
        F("valid_until", "有效期至", "valid until", "date", required=True),
        F("bonus_tiers", "奖励档次", "bonus tiers", "json", max_len=1000),
        F("transferable", "可转让", "transferable", "bool"),
        F("state", "状态", "state", "choice", options=c.TICKET_STATES),
    ),
)

TICKET_USE = EntitySpec(
    "ticket_use",
    "ticket_uses",
    "房票使用",
    "ticket use",
    (
        F("ticket_id", "房票", "ticket", "ref", required=True, ref="house_ticket"),
        F("kind", "类别", "kind", "choice", required=True, options=c.TICKET_USE_KINDS),
        F("development", "楼盘", "development", max_len=100),
        F("contract_number", "合同编号", "contract number", max_len=60),
        F("amount", "金额(元)", "amount (yuan)", "money", required=True, low=0, high=MAX_MONEY),
        F("bonus_pct", "奖励比例(%)", "bonus (%)", "float", low=0, high=100),
        F("bonus_amount", "奖励金额(元)", "bonus (yuan)", "money", low=0, high=MAX_MONEY),
        F("used_on", "日期", "date", "date", required=True),
    ),
)

FLAT = EntitySpec(
    "flat",
    "flats",
    "安置房源",
    "resettlement flat",
    (
        F("district", "区", "district", max_len=40),
        F("estate", "小区", "estate", required=True, max_len=60),
        F("building", "楼栋", "building", required=True, max_len=20),
        F("unit", "单元", "unit", max_len=20),
        F("floor", "楼层", "floor", "int", low=-5, high=200),
        F("number", "房号", "number", required=True, max_len=20),
        F("area", "面积(㎡)", "area (m²)", "area", low=0, high=10_000),
        F("layout", "户型", "layout", max_len=40),
        F("ready", "已建成", "ready", "bool"),
        F("delivery_date", "交付日期", "delivery date", "date"),
        F("state", "状态", "state", "choice", options=c.FLAT_STATES),
        F("household_id", "安置住户", "allocated household", "ref", ref="household"),
    ),
)

# A compensation policy (补偿方案): its line items are the JSON of domain.compensation in `body`;
# `version` goes up by one with every saved change, and an estimate names the version it used.
# No project: a district template, copied into projects.
POLICY = EntitySpec(
    "policy",
    "policies",
    "补偿方案",
    "compensation policy",
    (
        F("name", "方案名称", "policy name", required=True, max_len=100),
        F("project_id", "所属项目", "project", "ref", ref="project"),
        F("district", "区", "district", max_len=40),
        F("status", "状态", "status", "choice", options=c.POLICY_STATUSES),
        F("version", "版本", "version", "int", low=1, high=1_000_000),
        F("body", "方案内容", "policy items", "json", max_len=60_000),
        F("notes", "备注", "notes", "longtext", max_len=4000),
    ),
)

SETTING = EntitySpec(
    "setting",
    "settings",
    "共享设置",
    "shared setting",
    (F("value", "值", "value", "json", max_len=10_000),),
)

ENTITIES: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        PROJECT,
        HOUSEHOLD,
        MEMBER,
        VISIT,
        REQUEST,
        REQUEST_PROGRESS,
        ATTACHMENT,
        HOUSE_TICKET,
        TICKET_USE,
        FLAT,
        POLICY,
        SETTING,
    )
}
