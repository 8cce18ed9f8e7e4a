"""A realistic, fictional data set for trying Doorstep out, training caseworkers and benchmarks.

Everything here is invented: the projects, the people, their ID and phone numbers (valid check
digits, made by domain.validation's generators), the enterprises and their credit codes. The
setting follows shared/design/domain.md: two Wuxi development zones (新吴区 and 经开区) with five
sub-districts, six projects at different legal stages (one of them the contiguous 500-亩 industrial
plot), households moving along the household states with a few exceptions, visits over months,
and requests in every status, some overdue and some escalated to the district; house tickets
(房票) for signed households that chose tickets (some redeemed, bought back or refunded, a couple
about to expire) and a stock of resettlement flats (安置房源) per district, some chosen by signed
households that chose a property swap (a few of them already housed), some in temporary use, the
rest free, reserved or locked.

Tickets and their uses carry exactly what services.tickets records (the bonus of the date of use
by domain.tickets' rules); allocated flats carry what services.flats.allocate leaves (household
and state 已选 / 临时周转). They are created with their household, in the same batch.

Nothing has happened after `today`: only what is planned (the next visit due, deadlines, ticket
validity, flat deliveries, the end of a project's periods) may lie after it.

The same seed and the same `today` give the same data (record ids and clocks aside: those are
made fresh, as for any record). Loading writes through the op log like every other change: the
records of a few hundred households at a time become one batch of create ops committed in one
transaction, so a cancelled or interrupted load leaves whole households only.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import math
import random
import sqlite3
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from domain import tickets as ticket_rules
from domain.choices import PROJECT_STAGES
from domain.errors import UserError
from domain.ids import uuid7_many
from domain.pinyin import name_keys
from domain.records import ENTITIES
from domain.states import reached
from domain.validation import RecordChecker, generate_resident_id, generate_uscc
from storage import bulkload, meta
from storage.gcpause import paused_gc
from storage.oplog import Draft

if TYPE_CHECKING:  # the helper process imports this module: it needs no database layer
    from services.workspace import Profile, Workspace

# progress(done_households, total_households) after each committed batch; returning False stops
# the load before the next batch (the batches already committed stay).
ProgressFn = Callable[[int, int], bool | None]

DEFAULT_SEED = 2026
DEFAULT_HOUSEHOLDS = 300
# Records per batch (one transaction each): the most, and the first (see next_batch_size). Large
# batches rewrite the pages that every batch touches (the finder's keys, the list's indexes)
# fewer times: 16 000 wrote 560 MiB for 20 000 households where 4 000 wrote 958 MiB.
DEFAULT_BATCH_OPS = 16000
FIRST_BATCH_OPS = 500
ID_BLOCK = 256
MU_M2 = 666.67


@dataclass  # not frozen: a load makes hundreds of thousands, and frozen ones cost more to make
class DemoRecord:
    entity: str
    record_id: str
    values: dict[str, Any]


@dataclass
class DemoSummary:
    projects: int = 0
    households: int = 0
    enterprises: int = 0
    members: int = 0
    visits: int = 0
    requests: int = 0
    progress_entries: int = 0
    tickets: int = 0
    ticket_uses: int = 0
    flats: int = 0
    flats_allocated: int = 0
    policies: int = 0
    requests_by_status: dict[str, int] = field(default_factory=dict)
    overdue_requests: int = 0
    cancelled: bool = False
    resumed: bool = False  # an interrupted load was finished (the counts are the whole set)
    helper_process: bool = False  # the records were made in a helper process (load_demo)
    seconds: float = 0.0

    def count(self, record: DemoRecord, today: dt.date) -> None:
        entity = record.entity
        if entity == "project":
            self.projects += 1
        elif entity == "household":
            self.households += 1
            self.enterprises += 1 if record.values.get("uscc") else 0
        elif entity == "member":
            self.members += 1
        elif entity == "visit":
            self.visits += 1
        elif entity == "request":
            self.requests += 1
            status = record.values["status"]
            self.requests_by_status[status] = self.requests_by_status.get(status, 0) + 1
            if status != "closed" and record.values["deadline"] < today.isoformat():
                self.overdue_requests += 1
        elif entity == "request_progress":
            self.progress_entries += 1
        elif entity == "house_ticket":
            self.tickets += 1
        elif entity == "ticket_use":
            self.ticket_uses += 1
        elif entity == "flat":
            self.flats += 1
            self.flats_allocated += 1 if record.values.get("household_id") else 0
        elif entity == "policy":
            self.policies += 1

    def add(self, other: DemoSummary) -> None:
        """Count what `other` counted (a batch's records, counted where they were made)."""
        for name in (
            "projects", "households", "enterprises", "members", "visits", "requests",
            "progress_entries", "tickets", "ticket_uses", "flats", "flats_allocated", "policies",
            "overdue_requests",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, count in other.requests_by_status.items():
            self.requests_by_status[status] = self.requests_by_status.get(status, 0) + count

    @property
    def records(self) -> int:
        return (
            self.projects + self.households + self.members + self.visits + self.requests
            + self.progress_entries + self.tickets + self.ticket_uses + self.flats
            + self.policies
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "projects": self.projects,
            "households": self.households,
            "enterprises": self.enterprises,
            "members": self.members,
            "visits": self.visits,
            "requests": self.requests,
            "progress_entries": self.progress_entries,
            "tickets": self.tickets,
            "ticket_uses": self.ticket_uses,
            "flats": self.flats,
            "flats_allocated": self.flats_allocated,
            "policies": self.policies,
            "requests_by_status": dict(sorted(self.requests_by_status.items())),
            "overdue_requests": self.overdue_requests,
            "cancelled": self.cancelled,
            "resumed": self.resumed,
            "helper_process": self.helper_process,
            "seconds": round(self.seconds, 2),
        }


# --- the setting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectPlan:
    code: str
    name: str
    district: str
    sub_district: str
    kind: str
    origin: str
    stage: str
    plan_year: int
    share: float  # of the households
    places: tuple[str, ...]  # estates (flats) or streets (houses, shops, plants)
    housing: str  # "flats", "houses", "shops" or "plant"
    enterprise_share: float
    urgency: int
    benefit: int
    area_mu: float | None = None


# fmt: off
# (data tables: one row per line reads better than the formatter's one value per line)
PROJECT_PLANS: tuple[ProjectPlan, ...] = (
    ProjectPlan(
        "XW-2024-003", "旺庄路南侧旧住宅区房屋征收项目", "新吴区", "旺庄街道", "residential",
        "stock", "moving", 2024, 0.26, ("春潮新村", "旺庄苑", "长江一村"), "flats", 0.0, 5, 4,
    ),
    ProjectPlan(
        "XW-2025-011", "梅村老街片区房屋征收项目", "新吴区", "梅村街道", "residential",
        "stock", "signing", 2025, 0.22, ("梅村老街", "泰伯路", "锡梅路"), "houses", 0.0, 4, 4,
    ),
    ProjectPlan(
        "XW-2026-002", "硕放机场东侧500亩工业地块连片征收项目", "新吴区", "硕放街道",
        "industrial_plot", "new", "valuation", 2026, 0.12, ("薛典北路", "振发路", "硕放南路"),
        "plant", 0.7, 5, 5, 500.0,
    ),
    ProjectPlan(
        "JK-2025-006", "华庄集镇片区更新房屋征收项目", "经开区", "华庄街道", "residential",
        "stock", "decision", 2025, 0.2, ("华庄新村", "华清苑", "葛埭社区"), "flats", 0.0, 4, 3,
    ),
    ProjectPlan(
        "JK-2026-001", "太湖街道清晏路沿街商铺征收项目", "经开区", "太湖街道", "non_residential",
        "new", "plan_comment", 2026, 0.1, ("清晏路", "观山路"), "shops", 0.5, 3, 4,
    ),
    ProjectPlan(
        "JK-2026-004", "华庄街道安置房配套地块房屋征收项目", "经开区", "华庄街道", "residential",
        "new", "survey", 2026, 0.1, ("许巷村", "南湖家园"), "houses", 0.0, 3, 3,
    ),
)

# Days after the scope is fixed when each stage begins (a typical pace, not a legal rule).
STAGE_START_DAYS = {
    "scope_fixed": 0,
    "survey": 10,
    "plan_comment": 75,
    "risk_assessment": 112,
    "decision": 140,
    "valuation": 150,
    "signing": 195,
    "moving": 320,
    "handover": 420,
    "archive": 520,
}
DAYS_INTO_STAGE = {"survey": 40, "plan_comment": 20, "decision": 8, "valuation": 35}
DEFAULT_DAYS_INTO_STAGE = 45

STATE_MIX: dict[str, dict[str, int]] = {
    "survey": {"surveying": 55, "surveyed": 45},
    "plan_comment": {"surveyed": 40, "confirming": 40, "confirmed": 20},
    "decision": {"confirming": 20, "confirmed": 50, "valuing": 30},
    "valuation": {"confirmed": 10, "valuing": 45, "valued": 45},
    "signing": {
        "valued": 12, "negotiating": 40, "signed": 33, "no_agreement": 5, "moving": 6,
        "temporary_housing": 2, "awaiting_swap_flat": 2,
    },
    "moving": {
        "negotiating": 6, "signed": 10, "moving": 16, "vacated": 20, "handed_over": 18,
        "settling": 10, "completed": 8, "temporary_housing": 4, "awaiting_swap_flat": 4,
        "no_agreement": 1, "compensation_decision": 2, "court_enforcement": 1,
    },
}

TEAMS = {
    "旺庄街道": ("李明", "王静", "周涛", "陈晓燕"),
    "硕放街道": ("张磊", "顾文娟", "钱志刚"),
    "梅村街道": ("吴昊", "蒋丽萍", "过建华"),
    "华庄街道": ("刘洋", "华小燕", "浦国强"),
    "太湖街道": ("沈佳", "邹明亮", "秦雪"),
}
DISTRICT_STAFF = ("区征收办 周建平", "区征收办 孙慧", "区住建局 马骏")

# Surnames, weighted; the polyphonic ones (pinyin gives the wrong surname reading) are given
# more weight than life would, so that every demo shows them.
SURNAMES = (
    ("王", 70), ("李", 60), ("张", 60), ("刘", 45), ("陈", 50), ("杨", 30), ("黄", 25),
    ("赵", 25), ("周", 30), ("吴", 30), ("徐", 30), ("孙", 20), ("朱", 25), ("马", 12),
    ("胡", 15), ("郭", 12), ("何", 10), ("高", 12), ("林", 10), ("钱", 18), ("顾", 18),
    ("华", 15), ("蒋", 14), ("沈", 14), ("秦", 10), ("邹", 8), ("过", 8), ("浦", 8), ("尤", 6),
    ("许", 14), ("陆", 14), ("章", 10), ("荣", 5), ("薛", 8), ("葛", 6), ("殷", 5), ("任", 6),
    ("单", 8), ("曾", 8), ("解", 7), ("区", 6), ("仇", 7), ("查", 7), ("覃", 6),
)
_SURNAME_CHARS = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]
_SURNAME_TOTALS = list(itertools.accumulate(_SURNAME_WEIGHTS))  # choices(weights=) makes these
MALE_CHARS = "伟刚强军建国明华志勇杰峰斌涛磊平东海波林兴亮俊晨浩宇鹏飞文忠德荣金根福宝"
FEMALE_CHARS = "芳丽娟敏静秀英红霞燕萍玲桂兰琴凤洁雪梅婷莉倩颖慧娜云月珍彩"
# Names that show what search has to cope with: zjw → 章金伟, surname readings, 2-character names.
SHOWCASE_HEADS = (
    ("章金伟", 1), ("单丽", 0), ("曾伟", 1), ("解明华", 1), ("区志强", 1), ("仇芳", 0),
    ("查建国", 1), ("覃小红", 0), ("王芳", 0),
)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "158", "159", "177", "180", "182", "185", "186", "187", "188", "189", "199",
)
# Area codes of the people's IDs: Wuxi's districts first, then people who moved in.
WUXI_AREAS = ("320214", "320211", "320213", "320205", "320206", "320281", "320282")
OTHER_AREAS = ("320321", "321323", "341221", "342425", "412723", "511621", "430722")

ENTERPRISE_BRANDS = (
    "恒通", "华达", "永盛", "新锐", "锡联", "瑞丰", "鼎成", "凯越", "宏泰", "天誉", "金茂", "晨光",
)
ENTERPRISE_TRADES = (
    "机械制造", "精密模具", "电子科技", "纺织", "物流", "包装材料", "汽车配件", "环保设备",
)
SHOP_TRADES = ("便利店", "餐馆", "五金店", "理发店", "药店", "茶叶店", "服装店", "干洗店")
VILLAGES = ("薛典", "南星", "东风", "方湖")

EXPLAINED = {
    "survey": (
        "入户调查登记，核对房屋权属、坐落、用途和建筑面积，登记家庭成员。",
        "说明征收范围已确定，范围内不得新建、扩建、改建和改变房屋用途。",
    ),
    "plan": (
        "宣传征收补偿方案征求意见稿，说明意见可书面提交，征求意见期不少于30日。",
        "介绍社会稳定风险评估和补偿资金专户存储情况。",
    ),
    "valuation": (
        "讲解评估机构的选定办法（协商、多数决定或抽签）和评估时点。",
        "说明评估价格不低于征收决定公告之日类似房地产的市场价格。",
    ),
    "signing": (
        "解释补偿标准、房票奖励档次（3个月内使用奖励20%）和签约期限。",
        "对比货币补偿、产权调换和房票三种方式的金额和安置周期。",
        "介绍存量安置房源的位置、户型和交付时间。",
    ),
    "moving": (
        "协调搬迁时间，说明搬迁奖励、搬迁费和临时安置费的发放。",
        "说明先补偿后搬迁，搬迁期间不停水、电、气。",
        "约定交房验收时间，说明钥匙和水电表移交手续。",
    ),
}
CONCERNS = (
    "担心补偿标准偏低，希望参照周边新房价格。",
    "对登记面积有异议，认为阁楼和附房应计入面积。",
    "家中老人行动不便，希望就近过渡或优先安排低楼层。",
    "希望了解房票可使用的楼盘范围和使用期限。",
    "子女在附近上学，担心搬迁后上学距离变远。",
    "希望多安排一套安置房。",
    "询问过渡费标准和发放时间。",
    "家庭成员对分配份额意见不一致。",
    "无明显顾虑，等待评估结果。",
)
ENTERPRISE_CONCERNS = (
    "担心停产停业损失补偿不足。",
    "设备搬迁和重新安装费用如何认定。",
    "希望在区内找到过渡厂房，保住订单和员工。",
    "租赁厂房的承租方要求分享补偿。",
    "对厂房评估价格有异议。",
)
NEXT_STEPS = (
    "下周再次上门，带评估报告解释。",
    "约户主子女一起面谈。",
    "将面积异议报街道复核。",
    "提供房票楼盘清单。",
    "协调安置房看房。",
    "等待户主家庭商量后回复。",
    "准备签约材料。",
    "跟进搬迁进度。",
)
REQUEST_SUMMARIES = {
    "amount": "认为补偿单价低于周边市场价，要求提高补偿标准。",
    "area": "要求重新测量房屋面积，认为附房面积未登记。",
    "valuation": "对评估结果有异议，申请复核评估。",
    "flat": "要求调换安置房楼层，或增加一套安置房。",
    "transition": "询问过渡费发放时间，要求按月足额发放。",
    "special_care": "家中有残疾老人，申请优先安置和搬迁协助。",
    "procedure": "要求公开征收决定和补偿方案的依据。",
    "other": "反映施工噪音影响周边住户休息。",
}
REPLIES = {
    "amount": "已解释补偿标准依据评估结果确定，不低于类似房地产市场价格。",
    "area": "已安排测绘单位复测，复测结果已告知户主。",
    "valuation": "已转评估机构复核，复核意见已书面答复。",
    "flat": "已按安置方案登记选房意向，选房时优先考虑低楼层。",
    "transition": "过渡费已按月发放到户，已告知发放时间。",
    "special_care": "已纳入特殊困难群体名单，安排专人协助搬迁。",
    "procedure": "已提供征收决定公告和补偿方案公示的日期和位置。",
    "other": "已协调施工单位调整作业时间。",
}
PROGRESS_TEXTS = (
    "已电话联系户主，了解具体诉求。",
    "已转相关部门核实。",
    "已上门听取意见并记录。",
    "已提交街道征收组研究。",
    "已报区征收办协调。",
    "已约定下周答复。",
)
# The first requests show every status: (status, overdue) in turn.
SHOWCASE_REQUESTS = (
    ("open", True), ("in_progress", False), ("escalated", True), ("closed", False),
    ("closed", True), ("open", False), ("in_progress", True),
)

# The district office's resettlement stock: estates per district, (name, built); flats of the
# estates still being built have a delivery date. Layouts with their floor area (㎡).
RESETTLEMENT_ESTATES = {
    "新吴区": (("旺庄安置苑", True), ("新华家园", True), ("梅里花园", False)),
    "经开区": (("华庄佳苑", True), ("清晏雅苑", False)),
}
FLAT_LAYOUTS = (("一室一厅", 52.4), ("两室一厅", 78.5), ("三室一厅", 96.2), ("三室两厅", 118.0))
FLAT_TOP_FLOOR = 11
TICKET_PREFIX = {"新吴区": "XWFP", "经开区": "JKFP"}
DEVELOPMENTS = ("太湖云庐", "梁溪府", "新吴万科城", "锡东金茂府", "华庄悦府")
EXPIRING_TICKETS = 2  # tickets of a short validity that run out within 30 days of `today`
# fmt: on


def building_shape(building: int) -> tuple[int, int, int]:
    """Units, floors and flats per floor of an estate's building: old walk-ups of 5–7 floors,
    2–3 units, 2 flats a floor (3 in some)."""
    units = 3 if building % 3 == 0 else 2
    floors = (6, 6, 5, 7)[building % 4]
    per_floor = 3 if building % 5 == 0 else 2
    return units, floors, per_floor


# Building shapes repeat every 60 buildings (3, 4 and 5 divide 60): the flats of one cycle.
_SHAPE_CYCLE = sum(math.prod(building_shape(b)) for b in range(1, 61))


def flat_in_order(slot: int) -> tuple[int, int, int, int]:
    """The `slot`-th flat (from 0) of an estate: building, unit, floor, position, all from 1,
    filling building 1 unit by unit and floor by floor, then building 2, …"""
    laps, slot = divmod(slot, _SHAPE_CYCLE)
    building = 1 + 60 * laps
    while True:
        units, floors, per_floor = building_shape(building)
        size = units * floors * per_floor
        if slot < size:
            break
        slot -= size
        building += 1
    unit, rest = divmod(slot, floors * per_floor)
    floor, position = divmod(rest, per_floor)
    return building, unit + 1, floor + 1, position + 1


def _weighted(rng: random.Random, mix: dict[str, int]) -> str:
    """rng.choices(keys, weights)[0]: the same single draw and the same answer, with each mix's
    running totals made once rather than on every call."""
    key = tuple(mix.items())
    found = _RUNNING_TOTALS.get(key)
    if found is None:
        totals = list(itertools.accumulate(weight for _, weight in key))
        found = _RUNNING_TOTALS[key] = ([name for name, _ in key], totals, totals[-1] + 0.0)
    keys, totals, total = found
    return keys[bisect.bisect(totals, rng.random() * total, 0, len(keys) - 1)]


_RUNNING_TOTALS: dict[tuple[tuple[str, int], ...], tuple[list[str], list[int], float]] = {}


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _allocate(total: int, shares: list[float]) -> list[int]:
    """Split `total` by `shares`, largest remainders first, every part at least 1 when possible."""
    raw = [total * s / sum(shares) for s in shares]
    counts = [int(x) for x in raw]
    order = sorted(range(len(shares)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    for i, count in enumerate(counts):
        if count == 0 and total >= len(shares):
            donor = counts.index(max(counts))
            counts[donor] -= 1
            counts[i] = 1
    return counts


class _FlatStock:
    """One district's resettlement flats, numbered estate by estate and building by building.
    Allocation takes the next built flat, now and then passing one by: those stay in the stock
    that is free, reserved or locked (`rest`)."""

    def __init__(self, district: str, rng: random.Random, today: dt.date) -> None:
        self.district = district
        self.rng = rng
        self.today = today
        estates = RESETTLEMENT_ESTATES.get(district, ())
        self._built = self._flats([name for name, built in estates if built], True)
        self._building = self._flats([name for name, built in estates if not built], False)
        self.passed: list[dict[str, Any]] = []
        self.taken = 0

    def _flats(self, estates: list[str], ready: bool) -> Iterator[dict[str, Any]]:
        if not estates:
            return
        building = 0
        while True:
            building += 1
            for estate in estates:
                for unit in (1, 2):
                    for floor in range(2, FLAT_TOP_FLOOR + 1):
                        for number in (1, 2):
                            kind = (building + unit + floor + number) % len(FLAT_LAYOUTS)
                            layout, area = FLAT_LAYOUTS[kind]
                            values: dict[str, Any] = {
                                "district": self.district,
                                "estate": estate,
                                "building": str(building),
                                "unit": str(unit),
                                "floor": floor,
                                "number": f"{floor}{number:02d}",
                                "area": area,
                                "layout": layout,
                                "ready": ready,
                            }
                            if not ready:
                                due = self.today + dt.timedelta(days=120 + 90 * building)
                                values["delivery_date"] = due.isoformat()
                            yield values

    def take(self, *, built: bool = True) -> dict[str, Any] | None:
        source = self._built if built else self._building
        for values in source:
            if built and self.rng.random() < 0.2:
                self.passed.append(values)
                continue
            self.taken += 1
            return values
        return None

    def rest(self) -> list[dict[str, Any]]:
        """The flats nobody holds: those passed by, more built ones, some being built."""
        flats = (
            self.passed
            + list(itertools.islice(self._built, 6 + self.taken // 4))
            + list(itertools.islice(self._building, 4 + self.taken // 8))
        )
        for values in flats:
            values["state"] = _weighted(self.rng, {"free": 75, "reserved": 17, "locked": 8})
        return flats


@dataclass
class _Person:
    name: str
    male: bool
    birth: dt.date
    id_number: str
    phone: str | None


class DemoGenerator:
    """Deterministic records for a seed and a day: projects first, then one household at a time."""

    def __init__(
        self,
        households: int = DEFAULT_HOUSEHOLDS,
        *,
        seed: int = DEFAULT_SEED,
        today: dt.date | None = None,
        visits_per_household: float = 4.0,
        requests_per_household: float = 0.6,
        me: str | None = None,
        my_sub_district: str | None = None,
    ) -> None:
        self.total = max(0, households)
        self.rng = random.Random(seed)
        self.today = today or dt.date.today()
        self.visits_per_household = visits_per_household
        self.requests_per_household = requests_per_household
        self.teams = {sub: list(team) for sub, team in TEAMS.items()}
        if me and my_sub_district in self.teams:
            self.teams[my_sub_district][0] = me  # the user's own households
        self._used_phones: set[str] = set()
        self._id_seq = 0
        self._flat_slots: dict[str, int] = {}  # per estate: the next flat in building order
        self._request_index = 0
        self._showcase = 0
        self._project_ids: dict[str, str] = {}
        self._starts: dict[str, dt.date] = {}
        self.counts = _allocate(self.total, [p.share for p in PROJECT_PLANS])
        # Tickets and flats draw on their own generator, so that adding them left every
        # household, visit and request of a seed as it was.
        self.resettle_rng = random.Random(f"resettlement-{seed}")
        self._stocks = {
            district: _FlatStock(district, self.resettle_rng, self.today)
            for district in RESETTLEMENT_ESTATES
        }
        # Valuation inputs (decoration grade) draw on their own generator for the same reason.
        self.valuation_rng = random.Random(f"valuation-{seed}")
        self._street_addresses: dict[str, set[str]] = {}
        self._ticket_seq = 0
        self._expiring_left = EXPIRING_TICKETS
        self._ids: list[str] = []

    def _new_id(self) -> str:
        """A fresh record id; made a few hundred at a time (one clock read, one random read)."""
        if not self._ids:
            self._ids = uuid7_many(ID_BLOCK)
            self._ids.reverse()  # popped from the end: handed out in the order made
        return self._ids.pop()

    # projects ------------------------------------------------------------------------------
    def projects(self) -> list[DemoRecord]:
        records = []
        for plan, count in zip(PROJECT_PLANS, self.counts, strict=True):
            stage_day = STAGE_START_DAYS[plan.stage]
            start = self.today - dt.timedelta(
                days=stage_day + DAYS_INTO_STAGE.get(plan.stage, DEFAULT_DAYS_INTO_STAGE)
            )
            self._starts[plan.code] = start
            record_id = self._new_id()
            self._project_ids[plan.code] = record_id
            records.append(
                DemoRecord("project", record_id, self._project_values(plan, start, count))
            )
        return records

    def project_ids(self) -> dict[str, str]:
        return dict(self._project_ids)

    def use_project_ids(self, ids: dict[str, str]) -> None:
        """Finishing an interrupted load: the projects already written keep their ids."""
        self._project_ids = dict(ids)

    def policies(self) -> list[DemoRecord]:
        """The two example policies as district templates, and a copy in force in each project."""
        from domain.compensation import parse_policy, policy_to_json
        from services import demo_policies

        if not self._project_ids:
            self.projects()
        records = []
        for district, raw in demo_policies.by_district(self.today).items():
            body = policy_to_json(parse_policy(raw))
            common = {"name": body["name"], "district": district, "version": 1, "body": body}
            records.append(DemoRecord("policy", self._new_id(), common | {"status": "template"}))
            for plan in PROJECT_PLANS:
                if plan.district == district:
                    project = {"project_id": self._project_ids[plan.code], "status": "in_force"}
                    records.append(DemoRecord("policy", self._new_id(), common | project))
        return records

    def _project_values(self, plan: ProjectPlan, start: dt.date, count: int) -> dict[str, Any]:
        stages = PROJECT_STAGES.codes()
        here = stages.index(plan.stage)

        def day(offset: int) -> str:
            return (start + dt.timedelta(days=offset)).isoformat()

        values: dict[str, Any] = {
            "code": plan.code,
            "name": plan.name,
            "district": plan.district,
            "sub_district": plan.sub_district,
            "kind": plan.kind,
            "stage": plan.stage,
            "plan_year": plan.plan_year,
            "origin": plan.origin,
            "urgency": plan.urgency,
            "benefit": plan.benefit,
            "households_planned": min(100_000, count + count // 20),
            "scope_fixed_on": day(0),
            "permits_suspended_on": day(5),
        }
        if plan.area_mu:
            values["area_mu"] = plan.area_mu
            values["area_m2"] = round(plan.area_mu * MU_M2, 2)
        else:
            # About 0.12 亩 per household, capped where benchmark sizes would pass the field's bound.
            mu = round(min(1400.0, max(8.0, count * 0.12) + self.rng.uniform(0, 10)), 1)
            values["area_mu"] = mu
            values["area_m2"] = round(mu * MU_M2, 2)
        per_household = {"flats": 1.6e6, "houses": 2.2e6, "shops": 3.0e6, "plant": 1.8e7}
        needed = round(values["households_planned"] * per_household[plan.housing], -4)
        needed = min(needed, 9.0e9)  # benchmark sizes would pass the field's sane upper bound
        values["funding_needed"] = needed
        if here >= stages.index("decision"):  # funds fully in place before the decision (Art.12)
            values["funding_secured"] = needed
        else:
            values["funding_secured"] = round(needed * self.rng.uniform(0.3, 0.8), -4)
        milestones = (
            ("plan_comment", "comment_start", STAGE_START_DAYS["plan_comment"]),
            ("plan_comment", "comment_end", STAGE_START_DAYS["plan_comment"] + 33),
            ("risk_assessment", "risk_assessed_on", STAGE_START_DAYS["risk_assessment"] + 20),
            ("decision", "decision_on", STAGE_START_DAYS["decision"]),
            ("decision", "valuation_on", STAGE_START_DAYS["decision"]),
            ("signing", "signing_start", STAGE_START_DAYS["signing"]),
            ("signing", "signing_end", STAGE_START_DAYS["signing"] + 120),
            ("moving", "moving_deadline", STAGE_START_DAYS["moving"] + 150),
        )
        for stage, name, offset in milestones:
            if stages.index(stage) <= here:
                values[name] = day(offset)
        values["notes"] = "演示数据，纯属虚构。"
        return values

    # households ----------------------------------------------------------------------------
    def households(self) -> Iterator[list[DemoRecord]]:
        """The records of each household in turn: itself, members, visits, requests, progress."""
        if not self._project_ids:
            self.projects()
        for plan, count in zip(PROJECT_PLANS, self.counts, strict=True):
            for index in range(count):
                yield self._household(plan, index)

    def _household(self, plan: ProjectPlan, index: int) -> list[DemoRecord]:
        rng = self.rng
        start = self._starts[plan.code]
        state = _weighted(rng, STATE_MIX.get(plan.stage, STATE_MIX["survey"]))
        enterprise = rng.random() < plan.enterprise_share
        household_id = self._new_id()
        team = self.teams[plan.sub_district]
        caseworker = team[index % len(team)]
        values: dict[str, Any] = {
            "project_id": self._project_ids[plan.code],
            "district": plan.district,
            "sub_district": plan.sub_district,
            "state": state,
            "caseworker": caseworker,
        }
        values.update(self._address(plan, index))
        surveyed = self._clamp(start + dt.timedelta(days=10 + rng.randrange(60)))
        records: list[DemoRecord] = []
        people = self._family(plan, enterprise)
        head = people[0][0]
        values["head_name"] = head.name
        values["head_id_number"] = head.id_number
        values["phone"] = head.phone or self._landline()
        if enterprise:
            values.update(self._enterprise(plan))
        self._areas(plan, values, enterprise)
        dates = self._state_dates(plan, state, surveyed)
        values.update(dates)
        attitude = self._attitude(state)
        values["attitude"] = attitude
        self._compensation(plan, values, state, enterprise)
        if rng.random() < 0.06:
            values["risk_flags"] = rng.choice(
                ("情绪激动，注意沟通方式", "家庭内部矛盾", "曾多次信访", "独居高龄老人")
            )
        resettlement = [] if enterprise else self._resettlement(household_id, values, state)
        records.append(DemoRecord("household", household_id, values))
        records += self._members(household_id, people, enterprise)
        records += self._visits(
            household_id, plan, surveyed, attitude, state, dates, team, enterprise
        )
        records += self._requests(household_id, plan, surveyed, team)
        return records + resettlement

    def _clamp(self, day: dt.date) -> dt.date:
        return min(day, self.today)

    def _address(self, plan: ProjectPlan, index: int) -> dict[str, Any]:
        rng = self.rng
        place = plan.places[index % len(plan.places)]
        if plan.housing == "flats":
            # Flats fill each estate's buildings in order (a building grid looks like one), about
            # one in ten left out (not in scope, public rooms). The four draws are those of the
            # earlier random addresses, so the rest of the data set stays as it was.
            gap = rng.randrange(30) < 3
            rng.randrange(4), rng.randrange(6), rng.randrange(4)
            slot = self._flat_slots.get(place, 0) + (2 if gap else 1)
            self._flat_slots[place] = slot
            building, unit, floor, position = flat_in_order(slot - 1)
            room = f"{floor}{position:02d}"
            address = f"{plan.sub_district}{place}{building}栋{unit}单元{room}室"
            return {"building": str(building), "unit": str(unit), "room": room, "address": address}
        number = 1 + rng.randrange(260)
        suffix = f"-{1 + rng.randrange(3)}" if rng.random() < 0.15 else ""
        address = f"{plan.sub_district}{place}{number}{suffix}号"
        # Two households never share an address: a drawn number already taken gets the next free
        # 之N sub-number, without another draw, so the rest of the data set stays as it was.
        taken = self._street_addresses.setdefault(plan.code, set())
        extra = 1
        while address in taken:
            extra += 1
            address = f"{plan.sub_district}{place}{number}{suffix}号之{extra}"
        taken.add(address)
        return {"address": address}

    # people ---------------------------------------------------------------------------------
    def _name(self, male: bool, surname: str | None = None) -> str:
        rng = self.rng
        family = surname or rng.choices(_SURNAME_CHARS, cum_weights=_SURNAME_TOTALS)[0]
        pool = MALE_CHARS if male else FEMALE_CHARS
        given = rng.choice(pool)
        if rng.random() < 0.62:  # about a third of names have two characters in all
            given += rng.choice(pool)
        return family + given

    def _person(
        self,
        male: bool,
        birth_year: int,
        *,
        area: str | None = None,
        name: str | None = None,
        surname: str | None = None,
        phone: bool = True,
    ) -> _Person:
        rng = self.rng
        birth = dt.date(birth_year, 1 + rng.randrange(12), 1 + rng.randrange(28))
        birth = min(birth, self.today - dt.timedelta(days=1))
        if area is None:
            area = rng.choice(WUXI_AREAS) if rng.random() < 0.8 else rng.choice(OTHER_AREAS)
        self._id_seq += 1
        seq = (self._id_seq * 2) % 1000  # even; +1 for men (GB 11643: odd = male)
        seq = seq + 1 if male else seq
        seq = min(seq, 999)
        id_number = generate_resident_id(area, birth, seq)
        return _Person(
            name or self._name(male, surname),
            male,
            birth,
            id_number,
            self._mobile() if phone else None,
        )

    def _mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._used_phones:
                self._used_phones.add(number)
                return number

    def _landline(self) -> str:
        return f"0510-8{self.rng.randrange(10**7):07d}"

    def _family(self, plan: ProjectPlan, enterprise: bool) -> list[tuple[_Person, str]]:
        """(person, relation) pairs, the head first."""
        rng = self.rng
        year = self.today.year
        elderly = rng.random() < 0.25
        head_year = rng.randrange(1935, 1957) if elderly else rng.randrange(1957, 1992)
        # Elderly residents of 新吴区 carry its 2015 code 320214: must pass validation.
        area = "320214" if plan.district == "新吴区" and rng.random() < 0.45 else None
        if self._showcase < len(SHOWCASE_HEADS) and not enterprise:
            name, male_flag = SHOWCASE_HEADS[self._showcase]
            self._showcase += 1
            head = self._person(bool(male_flag), head_year, area=area, name=name)
        else:
            head = self._person(rng.random() < 0.7, head_year, area=area)
        family = [(head, "户主")]
        if enterprise:
            return family
        surname = head.name[0]
        if rng.random() < 0.82:
            spouse_year = min(head.birth.year + rng.randrange(-4, 5), year - 20)
            family.append((self._person(not head.male, spouse_year, area=area), "配偶"))
        for _ in range(_poisson(rng, 1.1)):
            child_year = head.birth.year + rng.randrange(22, 36)
            if child_year > year - 1:
                continue
            male = rng.random() < 0.5
            child = self._person(male, child_year, surname=surname, phone=year - child_year >= 16)
            family.append((child, "子" if male else "女"))
        if head.birth.year > 1965 and rng.random() < 0.2:
            parent_year = head.birth.year - rng.randrange(22, 32)
            family.append((self._person(rng.random() < 0.5, parent_year, surname=surname), "父母"))
        return family

    def _members(
        self, household_id: str, people: list[tuple[_Person, str]], enterprise: bool
    ) -> list[DemoRecord]:
        rng = self.rng
        tenancy = not enterprise and rng.random() < 0.08  # 公房承租户
        owners = (
            [0] if enterprise else [0] + [i for i, (_, rel) in enumerate(people) if rel == "配偶"]
        )
        records = []
        for i, (person, relation) in enumerate(people):
            values: dict[str, Any] = {
                "household_id": household_id,
                "name": person.name,
                "relation": "法定代表人" if enterprise else relation,
                "id_number": person.id_number,
            }
            if person.phone:
                values["phone"] = person.phone
            if i in owners:
                values["ownership_role"] = "tenant" if tenancy else "owner"
                values["share_pct"] = round(100 / len(owners), 2)
            else:
                values["ownership_role"] = "none"
            groups = []
            age = self.today.year - person.birth.year
            if not enterprise and rng.random() < (0.12 if age >= 70 else 0.03):
                groups.append(rng.choice(("disability", "dibao", "hardship")))
            if not enterprise and relation == "户主" and rng.random() < 0.02:
                groups.append(rng.choice(("military", "shidu")))
            if groups:
                values["special_groups"] = sorted(set(groups))
            records.append(DemoRecord("member", self._new_id(), values))
        return records

    def _enterprise(self, plan: ProjectPlan) -> dict[str, Any]:
        rng = self.rng
        if plan.housing == "shops":
            name = f"无锡市{plan.sub_district[:2]}{rng.choice(ENTERPRISE_BRANDS)}{rng.choice(SHOP_TRADES)}"
            return {
                "enterprise_name": name,
                "uscc": generate_uscc(rng, prefix="92", area="320211"),  # 个体工商户
                "approved_use": "商业",
                "actual_use": "商业",
            }
        if rng.random() < 0.06:
            village = rng.choice(VILLAGES)
            return {
                "enterprise_name": f"{plan.sub_district}{village}村股份经济合作社",
                "uscc": generate_uscc(rng, prefix="N2", area="320214"),  # 村级集体经济组织
                "approved_use": "集体建设用地",
                "actual_use": "厂房出租",
            }
        brand, trade = rng.choice(ENTERPRISE_BRANDS), rng.choice(ENTERPRISE_TRADES)
        actual = "工业" if rng.random() < 0.85 else "仓储"
        return {
            "enterprise_name": f"无锡{brand}{trade}有限公司",
            "uscc": generate_uscc(rng, prefix="91", area="320214"),
            "approved_use": "工业",
            "actual_use": actual,
        }

    def _areas(self, plan: ProjectPlan, values: dict[str, Any], enterprise: bool) -> None:
        rng = self.rng
        low, high = {
            "flats": (38.0, 135.0),
            "houses": (60.0, 260.0),
            "shops": (25.0, 400.0),
            "plant": (800.0, 30000.0),
        }[plan.housing]
        if plan.housing == "plant" and not enterprise:
            low, high = (80.0, 320.0)  # villagers' houses inside the plot
        registered = round(rng.uniform(low, high), 2)
        measured = registered
        if rng.random() < 0.3:
            measured = round(registered * rng.uniform(0.97, 1.15), 2)
        values["registered_area"] = registered
        values["measured_area"] = measured
        values["area_dispute"] = measured > registered * 1.05
        values["ownership_dispute"] = rng.random() < 0.03
        if not enterprise:
            values["approved_use"] = "住宅"
            values["actual_use"] = "住宅" if rng.random() < 0.92 else "住宅兼商业"

    def _state_dates(self, plan: ProjectPlan, state: str, surveyed: dt.date) -> dict[str, str]:
        rng = self.rng
        start = self._starts[plan.code]
        dates: dict[str, str] = {}

        def after(base: dt.date, low: int, high: int) -> dt.date:
            return self._clamp(
                max(base, self.today - dt.timedelta(days=3650))
                + dt.timedelta(days=rng.randrange(low, high))
            )

        valued = signed = vacated = None
        if reached(state, "valued") and state not in ("no_agreement",):
            valued = after(
                max(surveyed, start + dt.timedelta(days=STAGE_START_DAYS["valuation"])), 5, 40
            )
            dates["valued_on"] = valued.isoformat()
        if reached(state, "signed") and valued is not None:
            base = max(valued, start + dt.timedelta(days=STAGE_START_DAYS["signing"]))
            signed = after(base, 0, 60)
            dates["signed_on"] = signed.isoformat()
        if reached(state, "vacated") and signed is not None:
            vacated = after(signed, 10, 60)
            dates["vacated_on"] = vacated.isoformat()
        if reached(state, "handed_over") and vacated is not None:
            handed = after(vacated, 1, 15)
            dates["handed_over_on"] = handed.isoformat()
            if rng.random() < 0.5:
                dates["demolished_on"] = after(handed, 5, 30).isoformat()
        if state == "completed" and signed is not None:
            dates["housed_on"] = after(signed, 30, 120).isoformat()
        return dates

    def _attitude(self, state: str) -> str:
        if reached(state, "signed") and state not in (
            "no_agreement",
            "compensation_decision",
            "court_enforcement",
        ):
            return "agree"
        if state in ("no_agreement", "compensation_decision", "court_enforcement"):
            return "oppose"
        return _weighted(self.rng, {"agree": 40, "undecided": 42, "oppose": 18})

    def _compensation(
        self, plan: ProjectPlan, values: dict[str, Any], state: str, enterprise: bool
    ) -> None:
        rng = self.rng
        if not reached(state, "valued") and state != "compensation_decision":
            return
        unit_price = {
            "flats": 19000,
            "houses": 16000,
            "shops": 26000,
            "plant": 4200,
        }[plan.housing] * rng.uniform(0.9, 1.15)
        amount = round(values["measured_area"] * unit_price + rng.uniform(2e4, 1.5e5), -2)
        values["compensation_amount"] = amount
        values["assessed_price"] = round(unit_price)
        values["decoration_grade"] = _weighted(
            self.valuation_rng, {"simple": 15, "ordinary": 45, "medium": 30, "fine": 10}
        )
        if reached(state, "signed") and state not in ("no_agreement", "court_enforcement"):
            if enterprise:
                values["compensation_mode"] = "money"
            else:
                values["compensation_mode"] = _weighted(
                    rng, {"ticket": 48, "money": 25, "swap": 20, "mixed": 7}
                )
            if reached(state, "vacated"):
                values["compensation_paid"] = amount
            else:
                values["compensation_paid"] = round(amount * rng.choice((0.0, 0.3, 0.5)), -2)

    # house tickets and flats ------------------------------------------------------------------
    def _resettlement(
        self, household_id: str, values: dict[str, Any], state: str
    ) -> list[DemoRecord]:
        """A signed household's ticket (ticket or mixed) and flat: 已选 for a property swap,
        临时周转 while in temporary housing, 预留 in an estate being built while waiting for the
        swap flat. Some of the swapped households have moved in (housed_on set in `values`)."""
        if not values.get("signed_on"):
            return []
        rng = self.resettle_rng
        signed = dt.date.fromisoformat(values["signed_on"])
        mode = values.get("compensation_mode")
        records = []
        if mode in ("ticket", "mixed"):
            records += self._ticket(household_id, values, signed, mode == "mixed")
        stock = self._stocks.get(values.get("district") or "")
        if stock is None:
            return records
        flat: dict[str, Any] | None = None
        if state == "temporary_housing":
            flat = stock.take()
            flat_state = "temporary"
        elif state == "awaiting_swap_flat":
            flat = stock.take(built=False)
            flat_state = "reserved"
        elif mode in ("swap", "mixed"):
            flat = stock.take()
            flat_state = "chosen"
            moved = state in ("handed_over", "settling", "completed")
            if moved and not values.get("housed_on") and rng.random() < 0.6:
                housed = min(self.today, signed + dt.timedelta(days=rng.randrange(45, 200)))
                values["housed_on"] = housed.isoformat()
        if flat is not None:
            flat = flat | {"state": flat_state, "household_id": household_id}
            records.append(DemoRecord("flat", self._new_id(), flat))
        return records

    def _ticket(
        self, household_id: str, values: dict[str, Any], signed: dt.date, mixed: bool
    ) -> list[DemoRecord]:
        """The ticket and its uses as services.tickets records them."""
        rng = self.resettle_rng
        amount = float(values.get("compensation_amount") or 0)
        face = round(amount * (0.6 if mixed else 1.0), -2)
        if face <= 0:
            return []
        issued = min(self.today, signed + dt.timedelta(days=rng.randrange(8)))
        until = ticket_rules.default_valid_until(issued)
        expiring = False
        if self._expiring_left and (self.today - issued).days >= 60:
            # a ticket of a shorter validity (whole months) that runs out within 30 days
            short = until
            for months in range(3, ticket_rules.DEFAULT_VALID_MONTHS):
                short = ticket_rules.default_valid_until(issued, months)
                if short >= self.today + dt.timedelta(days=3):
                    break
            if short <= self.today + dt.timedelta(days=30):
                until, expiring = short, True
                self._expiring_left -= 1
        self._ticket_seq += 1
        prefix = TICKET_PREFIX.get(values.get("district") or "", "FP")
        number = f"{prefix}-{issued.year}-{self._ticket_seq:05d}"
        terms = ticket_rules.TicketTerms(
            ticket_rules.to_fen(face), issued, until, ticket_rules.DEFAULT_TIERS
        )
        ticket_id = self._new_id()
        mix = (
            {"none": 60, "partial": 40}
            if expiring
            else {"none": 40, "partial": 25, "full": 20, "buyback": 10, "refund": 5}
        )
        plan = _weighted(rng, mix)
        uses: list[ticket_rules.Use] = []
        extras: list[dict[str, Any]] = []
        last_day = min(self.today, until)
        span = (last_day - issued).days  # most people use a ticket early, for the bonus
        used_on = issued + dt.timedelta(days=rng.randrange(3, max(4, min(span, 150) + 1)))
        if plan in ("partial", "full", "buyback") and used_on <= last_day:
            share = 1.0 if plan == "full" else rng.choice((0.3, 0.5, 0.7))
            principal = ticket_rules.to_fen(round(face * share, 2))
            uses.append(ticket_rules.plan_redemption(terms, uses, principal, used_on))
            extras.append(
                {
                    "development": rng.choice(DEVELOPMENTS),
                    "contract_number": f"WX{used_on:%Y%m%d}{self._ticket_seq % 1000:03d}",
                }
            )
        if plan in ("buyback", "refund"):
            on = (uses[-1].used_on if uses else issued) + dt.timedelta(days=rng.randrange(20, 90))
            if on <= last_day:
                kind = ticket_rules.BUYBACK if plan == "buyback" else ticket_rules.REFUND
                uses.append(ticket_rules.plan_settlement(terms, uses, kind, on))
                extras.append({})
        book = ticket_rules.ledger(terms, uses, self.today)
        records = [
            DemoRecord(
                "house_ticket",
                ticket_id,
                {
                    "household_id": household_id,
                    "project_id": values["project_id"],
                    "number": number,
                    "face_amount": float(ticket_rules.fen_to_yuan(terms.face_fen)),
                    "issued_on": issued.isoformat(),
                    "valid_until": until.isoformat(),
                    "bonus_tiers": ticket_rules.tiers_to_json(terms.tiers),
                    "transferable": rng.random() < 0.3,
                    "state": book.state if book.state != "expired" else "active",
                },
            )
        ]
        for use, extra in zip(uses, extras, strict=True):
            records.append(
                DemoRecord(
                    "ticket_use",
                    self._new_id(),
                    {
                        "ticket_id": ticket_id,
                        "kind": use.kind,
                        "amount": float(ticket_rules.fen_to_yuan(use.principal_fen)),
                        "bonus_pct": float(use.bonus_pct),
                        "bonus_amount": float(ticket_rules.fen_to_yuan(use.bonus_fen)),
                        "used_on": use.used_on.isoformat(),
                        **extra,
                    },
                )
            )
        return records

    def flat_stock(self) -> list[DemoRecord]:
        """The flats no household holds, free, reserved or locked (after `households()`)."""
        if not self.total:
            return []
        return [
            DemoRecord("flat", self._new_id(), values)
            for stock in self._stocks.values()
            for values in stock.rest()
        ]

    # visits and requests ----------------------------------------------------------------------
    def _phase(self, plan: ProjectPlan, day: dt.date, dates: dict[str, str]) -> str:
        """What a visit on `day` was about: the household's own milestones, else the project's."""
        iso = day.isoformat()
        if dates.get("signed_on") and iso >= dates["signed_on"]:
            return "moving"
        if dates.get("valued_on") and iso >= dates["valued_on"]:
            return "signing"
        since_start = (day - self._starts[plan.code]).days
        if since_start >= STAGE_START_DAYS["decision"]:
            return "valuation"
        if since_start >= STAGE_START_DAYS["plan_comment"]:
            return "plan"
        return "survey"

    def _visits(
        self,
        household_id: str,
        plan: ProjectPlan,
        surveyed: dt.date,
        attitude: str,
        state: str,
        dates: dict[str, str],
        team: list[str],
        enterprise: bool,
    ) -> list[DemoRecord]:
        rng = self.rng
        count = 1 + _poisson(rng, max(0.0, self.visits_per_household - 1))
        finished = state == "completed"
        end = dt.date.fromisoformat(dates.get("handed_over_on", self.today.isoformat()))
        end = self.today if not finished else end
        span = max(1, (end - surveyed).days)
        days = sorted(rng.randrange(span + 1) for _ in range(count - 1))
        # clamped, not drawn from a narrower span: a household surveyed today has span 1, and the
        # random stream (the rest of the seed's data) stays as it was
        visited = [surveyed] + [self._clamp(surveyed + dt.timedelta(days=d)) for d in days]
        if count > 1 and not finished:
            # Caseworkers keep going back: the latest visit of an open case is recent.
            recent = self.today - dt.timedelta(days=rng.randrange(1, 25))
            visited[-1] = max(recent, visited[-2])
        concerns = ENTERPRISE_CONCERNS if enterprise else CONCERNS
        signed = dates.get("signed_on")
        records = []
        for i, day in enumerate(visited):
            phase = self._phase(plan, day, dates) if i else "survey"
            if i == count - 1:
                seen = attitude
            elif signed and day.isoformat() >= signed:
                seen = "agree"
            else:
                seen = _weighted(rng, {"agree": 30, "undecided": 50, "oppose": 20})
            values: dict[str, Any] = {
                "household_id": household_id,
                "visited_on": day.isoformat(),
                "caseworkers": "、".join(rng.sample(team, k=min(2, len(team)))),
                "people_met": rng.choice(
                    ("法定代表人", "企业负责人")
                    if enterprise
                    else ("户主本人", "户主及配偶", "户主子女", "户主及家属")
                ),
                "explained": rng.choice(EXPLAINED[phase]),
                "attitude": seen,
            }
            if rng.random() < 0.7:
                values["concerns"] = rng.choice(concerns)
            if not finished or i < count - 1:
                values["next_step"] = rng.choice(NEXT_STEPS)
                due = day + dt.timedelta(days=rng.randrange(7, 31))
                values["next_visit_due"] = due.isoformat()
            records.append(DemoRecord("visit", self._new_id(), values))
        return records

    def _requests(
        self, household_id: str, plan: ProjectPlan, surveyed: dt.date, team: list[str]
    ) -> list[DemoRecord]:
        rng = self.rng
        count = _poisson(rng, self.requests_per_household)
        if self._request_index < len(SHOWCASE_REQUESTS):
            count = max(count, 1)
        records: list[DemoRecord] = []
        for _ in range(count):
            records += self._request(household_id, plan, surveyed, team)
        return records

    def _request(
        self, household_id: str, plan: ProjectPlan, surveyed: dt.date, team: list[str]
    ) -> list[DemoRecord]:
        rng = self.rng
        index = self._request_index
        self._request_index += 1
        span = max(1, (self.today - surveyed).days)
        category = rng.choice(list(REQUEST_SUMMARIES))
        if index < len(SHOWCASE_REQUESTS):
            status, overdue = SHOWCASE_REQUESTS[index]
            age = rng.randrange(40, 90) if overdue else rng.randrange(1, 8)
            received = self.today - dt.timedelta(days=min(age, span + 60))
        else:
            received = self._clamp(surveyed + dt.timedelta(days=rng.randrange(span + 1)))
            age = (self.today - received).days
            if age < 15:
                status = _weighted(rng, {"open": 45, "in_progress": 45, "escalated": 10})
            else:
                status = _weighted(rng, {"closed": 84, "in_progress": 6, "open": 3, "escalated": 7})
            overdue = False
        escalated = status == "escalated" or (status == "closed" and rng.random() < 0.1)
        level = "district" if escalated else "sub_district"
        days_allowed = 30 if escalated else 15
        deadline = received + dt.timedelta(days=days_allowed)
        if overdue and status != "closed" and deadline >= self.today:
            deadline = self.today - dt.timedelta(days=1 + rng.randrange(10))
        channel = _weighted(
            rng, {"visit": 45, "phone": 20, "hotline": 20, "letters": 10, "petition": 5}
        )
        request_id = self._new_id()
        values: dict[str, Any] = {
            "household_id": household_id,
            "project_id": self._project_ids[plan.code],
            "received_on": received.isoformat(),
            "channel": channel,
            "category": category,
            "summary": REQUEST_SUMMARIES[category],
            "level": level,
            "responsible": rng.choice(DISTRICT_STAFF) if escalated else rng.choice(team),
            "deadline": deadline.isoformat(),
            "status": status,
            "reasonable": "pending",
        }
        progress_days: list[dt.date] = []
        if status == "closed":
            late = overdue or rng.random() < 0.12
            closing_day = (
                deadline + dt.timedelta(days=rng.randrange(1, 20))
                if late
                else (received + dt.timedelta(days=rng.randrange(1, days_allowed + 1)))
            )
            closed = self._clamp(closing_day)
            values["closed_on"] = max(closed, received).isoformat()
            values["reply"] = REPLIES[category]
            values["reasonable"] = _weighted(
                rng, {"reasonable": 40, "partly": 35, "unreasonable": 25}
            )
            if rng.random() < 0.85:
                values["satisfaction"] = _weighted(
                    rng, {"satisfied": 58, "basically": 32, "dissatisfied": 10}
                )
            end = dt.date.fromisoformat(values["closed_on"])
            progress_days = self._days_between(received, end, 1 + rng.randrange(3))
        elif status in ("in_progress", "escalated"):
            if rng.random() < 0.5:
                values["reasonable"] = _weighted(rng, {"reasonable": 50, "partly": 50})
            progress_days = self._days_between(
                received, self.today, (2 if status == "escalated" else 1) + rng.randrange(2)
            )
        records = [DemoRecord("request", request_id, values)]
        for i, day in enumerate(progress_days):
            text = rng.choice(PROGRESS_TEXTS)
            if status == "escalated" and i == len(progress_days) - 1:
                text = "街道无法协调解决，已上报区征收办。"
            records.append(
                DemoRecord(
                    "request_progress",
                    self._new_id(),
                    {"request_id": request_id, "noted_on": day.isoformat(), "text": text},
                )
            )
        return records

    def _days_between(self, start: dt.date, end: dt.date, count: int) -> list[dt.date]:
        span = max(0, (end - start).days)
        return sorted(start + dt.timedelta(days=self.rng.randrange(span + 1)) for _ in range(count))


# --- loading --------------------------------------------------------------------------------

_REF_FIELDS = {
    name: frozenset(f.name for f in spec.fields if f.kind == "ref")
    for name, spec in ENTITIES.items()
}


def to_draft(ws: Workspace, record: DemoRecord, *, validate: bool = True) -> Draft:
    """A create draft for a generated record, its values checked by the same rules as typed ones.

    References are left out of the check: they point at records of the same batch, which the
    reference check (a read of the committed data) cannot see yet; the generator made them.
    """
    values = record.values
    if validate:
        refs = _REF_FIELDS[record.entity]
        checked = ws.validate(
            record.entity, {k: v for k, v in values.items() if k not in refs}, partial=True
        )
        values = {k: v for k, v in checked.items() if v is not None} | {
            k: v for k, v in values.items() if k in refs
        }
    return Draft("create", record.entity, record.record_id, None, values)


class DraftMaker:
    """`to_draft` for a whole load: each field's checks run once per distinct value (a load
    repeats its dates, choices, places and phrases thousands of times), through
    domain.validation's RecordChecker — the same rules, the same answers."""

    def __init__(self, *, validate: bool = True) -> None:
        self.validate = validate
        self._checkers: dict[str, RecordChecker] = {}

    def drafts(self, records: list[DemoRecord]) -> list[Draft]:
        return [
            Draft("create", r.entity, r.record_id, None, r.values) for r in self.checked(records)
        ]

    def checked(self, records: list[DemoRecord]) -> list[DemoRecord]:
        """The records with their values as checked (what `drafts` would carry)."""
        if not self.validate:
            return records
        checkers = self._checkers
        out = []
        for record in records:
            checker = checkers.get(record.entity)
            if checker is None:
                spec = ENTITIES[record.entity]
                checker = checkers[record.entity] = RecordChecker(
                    spec, passed=_REF_FIELDS[record.entity]
                )
            out.append(DemoRecord(record.entity, record.record_id, checker.check(record.values)))
        return out


def has_households(ws: Workspace) -> bool:
    return ws.read(
        lambda db: db.conn.execute("SELECT 1 FROM households LIMIT 1").fetchone() is not None
    )


# An unfinished load: its parameters, its projects' ids and how many households are committed,
# written in the same transaction as each batch, so a load cut short (cancelled, killed, power
# lost) can be finished by running it again.
_UNFINISHED_KEY = "demo_unfinished"


@dataclass
class _Plan:
    households: int
    seed: int
    today: dt.date
    visits_per_household: float
    requests_per_household: float
    projects: dict[str, str] = field(default_factory=dict)
    done: int = 0

    def to_json(self) -> str:
        return json.dumps(
            {
                "households": self.households,
                "seed": self.seed,
                "today": self.today.isoformat(),
                "visits_per_household": self.visits_per_household,
                "requests_per_household": self.requests_per_household,
                "projects": self.projects,
                "done": self.done,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> _Plan:
        data = json.loads(text)
        return cls(
            households=int(data["households"]),
            seed=int(data["seed"]),
            today=dt.date.fromisoformat(data["today"]),
            visits_per_household=float(data["visits_per_household"]),
            requests_per_household=float(data["requests_per_household"]),
            projects={str(k): str(v) for k, v in data["projects"].items()},
            done=int(data["done"]),
        )

    def saver(self, done: int) -> Callable[[sqlite3.Connection], None]:
        def save(conn: sqlite3.Connection) -> None:
            self.done = done
            meta.put(conn, _UNFINISHED_KEY, self.to_json())

        return save


def _unfinished(ws: Workspace) -> _Plan | None:
    text = ws.read(lambda db: meta.get(db.conn, _UNFINISHED_KEY))
    return None if text is None else _Plan.from_json(text)


def _finish(conn: sqlite3.Connection) -> None:
    bulkload.restore_indexes(conn)
    meta.delete(conn, _UNFINISHED_KEY)


def load_demo(
    ws: Workspace,
    households: int = DEFAULT_HOUSEHOLDS,
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    visits_per_household: float = 4.0,
    requests_per_household: float = 0.6,
    batch_ops: int = DEFAULT_BATCH_OPS,
    progress: ProgressFn | None = None,
    validate: bool = True,
    helper: bool | None = None,
    defer_indexes: bool | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo data set; return what was written.

    Refuses a database that already holds households (demo data must never mix with real
    records), except one whose demo load was cut short: that load is finished, with the
    parameters it began with, to the same data a whole load gives. Each batch of about
    `batch_ops` records is one transaction. With `helper` (by default from HELPER_FROM
    households on), the records are generated and checked in a helper process, on the other
    core, while this one writes. With `defer_indexes` (by default for a load into an empty
    database from HELPER_FROM households on), the secondary indexes of the record and derived
    tables are dropped with the first batch and built again with the last
    (storage.bulkload.defer_indexes); a load that stops early builds them before it returns.
    """
    profile = ws.require_profile()
    if households < 0:
        raise UserError("number_too_small", field="households", low=0)
    plan = _unfinished(ws)
    if plan is None and has_households(ws):
        raise UserError("demo_not_empty")
    began = time.perf_counter()
    summary = DemoSummary(resumed=plan is not None)
    if plan is None:
        plan = _Plan(
            households, seed, today or dt.date.today(), visits_per_household,
            requests_per_household,
        )  # fmt: skip
    total = plan.households
    if helper is None:  # (a frozen build too: main.py starts with freeze_support)
        helper = total - plan.done >= HELPER_FROM
    summary.helper_process = helper
    if defer_indexes is None:
        defer_indexes = not summary.resumed and total >= HELPER_FROM
    # The helper process starts first: its interpreter and imports load while this one writes
    # the projects.
    try:
        # The batches are acyclic tuples that reference counting frees: the cyclic collector
        # only walked them again and again (~1 200 collections in a 20 000-household load).
        with paused_gc(), _in_helper() if helper else nullcontext(None) as started:
            return _load(
                ws, plan, profile, summary, began, validate, batch_ops, progress, started,
                defer_indexes,
            )  # fmt: skip
    finally:
        if defer_indexes and not ws.store.closed:
            # Stopped before its last batch (cancelled, refused, failed): the indexes are built
            # now. Should that fail too, opening the database builds them.
            with suppress(Exception):
                ws.write(lambda db: bulkload.restore_indexes(db.conn))


def _load(
    ws: Workspace,
    plan: _Plan,
    profile: Profile,
    summary: DemoSummary,
    began: float,
    validate: bool,
    batch_ops: int,
    progress: ProgressFn | None,
    started: _Helper | None,
    defer_indexes: bool,
) -> DemoSummary:
    day = plan.today
    generator = _generator(plan, profile.caseworker, profile.sub_district)
    projects = generator.projects()
    example_policies = generator.policies()
    if summary.resumed:
        generator.use_project_ids(plan.projects)
    else:
        plan.projects = generator.project_ids()
        drafts = DraftMaker(validate=validate).drafts(projects + example_policies)
        ws.commit(drafts, also=plan.saver(0))
    for record in projects + example_policies:
        summary.count(record, day)
    total = plan.households
    if progress is not None and progress(plan.done, total) is False:
        summary.cancelled = True
        summary.seconds = time.perf_counter() - began
        return summary
    # One batch is written on the writer thread while the next is generated and checked (here,
    # or in the helper process); a batch is submitted only after the one before it committed,
    # so a failure or a cancel never leaves a later batch committed over a missing one.
    in_flight: tuple[Future[int | None], DemoSummary, int | None] | None = None
    newest: int | None = None  # the dictionary batches are compressed with

    def settle() -> bool:
        """Wait for the batch being written; count it; False when the caller cancels."""
        nonlocal in_flight, newest
        if in_flight is None:
            return True
        future, part, written_done = in_flight
        in_flight = None
        trained = future.result()
        summary.add(part)
        if trained != newest:  # a dictionary was trained: the next batches are made with it
            newest = trained
            producer.use_dictionary(trained, ws.dictionary(trained))
        if written_done is None or progress is None:
            return True
        return progress(written_done, total) is not False

    # Batches are numbered (seqs, clock values, search ids) and encoded where they are made, from
    # the database's stamp now; storage.bulkload.write renumbers one whose stamp no longer holds.
    stamp, dictionary = ws.bulk_stamp()
    args = (plan.to_json(), profile.caseworker, profile.sub_district, validate, batch_ops)
    newest = stamp.dict_id
    producer: _Producer
    if started is None:
        producer = _InProcess(stamp, dictionary, *args)
    else:
        producer = started
        started.start(stamp, dictionary, *args)
        # The finder's rows are made here, while the helper makes the next batch and the writer
        # writes the one before: the pinyin readings they need load while the first is made.
        name_keys("章金伟")
    for message in producer.messages:
        if message[0] == "count":  # committed before an interruption: counted, not written
            for record in message[1]:
                summary.count(record, day)
            continue
        last = message[0] == "stock"
        done, part, batch = (None, *message[1:]) if last else message[1:]
        bulkload.add_finder(batch)
        if not settle():
            summary.cancelled = True
            break
        saver = _finish if done is None else plan.saver(done)
        # the first batch drops the indexes (rolled back with it), the last builds them
        before = bulkload.defer_indexes if defer_indexes else None
        defer_indexes = False
        in_flight = (ws.submit_bulk(batch, also=saver, before=before), part, done)
        if last:
            break
    if not summary.cancelled and not settle() and plan.done < total:
        summary.cancelled = True
    summary.seconds = time.perf_counter() - began
    return summary


# From this many households to write, generating and checking them in a helper process pays for
# its start (~0.3 s): the load then uses both cores (generation would otherwise share this
# process's interpreter lock with the writer thread).
HELPER_FROM = 2000

# What a producer yields, in order: ("count", records) for households committed before an
# interruption (counted, not written), ("batch", households done, records) for each batch to
# write, and ("stock", records) — the flats left in stock — last. Records carry checked values.
Message = tuple[Any, ...]


def _generator(plan: _Plan, me: str, my_sub_district: str) -> DemoGenerator:
    return DemoGenerator(
        plan.households,
        seed=plan.seed,
        today=plan.today,
        visits_per_household=plan.visits_per_household,
        requests_per_household=plan.requests_per_household,
        me=me,
        my_sub_district=my_sub_district,
    )


def _produce(
    plan_json: str, me: str, my_sub_district: str, validate: bool, batch_ops: int
) -> Iterator[Message]:
    """The households of a load, batch by batch, generated and checked."""
    plan = _Plan.from_json(plan_json)
    generator = _generator(plan, me, my_sub_district)
    generator.projects()  # the same draws as the load's own generator made, in the same order
    generator.policies()
    generator.use_project_ids(plan.projects)
    maker = DraftMaker(validate=validate)
    pending: list[DemoRecord] = []
    skipped: list[DemoRecord] = []
    target = min(batch_ops, FIRST_BATCH_OPS)
    made = 0  # records made into batches so far
    for done, records in enumerate(generator.households(), start=1):
        if done <= plan.done:
            skipped += records
            if len(skipped) >= batch_ops or done == plan.done:
                yield ("count", skipped)
                skipped = []
            continue
        pending += records
        if len(pending) < target and done < plan.households:
            continue
        yield ("batch", done, maker.checked(pending))
        made += len(pending)
        left = (plan.households - done) * made // (done - plan.done)  # records, estimated
        # a large load's batches grow to twice the size once it is large: what every batch
        # rewrites (the finder's keys, a B-tree of random keys) grows with what is written
        most = max(batch_ops, min(2 * batch_ops, made // 4))
        target = next_batch_size(target, most, left)
        pending = []
    yield ("stock", maker.checked(generator.flat_stock()))


def next_batch_size(size: int, most: int, left: int) -> int:
    """The records of the next batch after one of `size`, with about `left` records to go: twice
    as many up to `most`, and at most half of what is left — the first batch is small, so the
    writer starts as soon as the first records are made, and so is the last, which the writer
    commits with nothing left to make beside it."""
    return max(1, min(most, 2 * size, max(FIRST_BATCH_OPS, left // 2)))


class _Batches:
    """A load's batches numbered and encoded where they are made (storage.bulkload), with the
    counts of what each holds."""

    def __init__(
        self,
        stamp: bulkload.Stamp,
        dictionary: bytes | None,
        today: dt.date,
        *,
        finder: bool = True,
    ) -> None:
        self.stamp = stamp
        self.encode = bulkload.encoder(stamp.dict_id, dictionary)
        self.today = today
        self.finder = finder  # False: the finder's rows are made by the loading process

    def use_dictionary(self, ident: int | None, data: bytes | None) -> None:
        self.encode = bulkload.encoder(ident, data)
        self.stamp = replace(self.stamp, dict_id=ident)

    def make(self, records: list[DemoRecord]) -> tuple[DemoSummary, bulkload.Batch]:
        part = DemoSummary()
        count = part.count
        today = self.today
        new: list[bulkload.New] = []
        for record in records:
            count(record, today)
            new.append(("create", record.entity, record.record_id, None, record.values, None))
        batch, self.stamp = bulkload.make(self.stamp, new, self.encode, finder=self.finder)
        return part, batch


def _prepared(
    messages: Iterator[Message], batches: _Batches, before: Callable[[], None]
) -> Iterator[Message]:
    """`_produce`'s messages with each batch (and the stock) as rows ready to write:
    ("batch", households done, counts, rows), ("stock", counts, rows)."""
    for message in messages:
        if message[0] == "batch":
            before()
            yield ("batch", message[1], *batches.make(message[2]))
        elif message[0] == "stock":
            before()
            yield ("stock", *batches.make(message[1]))
        else:
            yield message


class _Producer:
    messages: Iterator[Message]

    def use_dictionary(self, ident: int | None, data: bytes | None) -> None:
        raise NotImplementedError


class _InProcess(_Producer):
    def __init__(
        self, stamp: bulkload.Stamp, dictionary: bytes | None, plan_json: str, *args: Any
    ) -> None:
        self.batches = _Batches(stamp, dictionary, _Plan.from_json(plan_json).today)
        self.messages = _prepared(_produce(plan_json, *args), self.batches, lambda: None)

    def use_dictionary(self, ident: int | None, data: bytes | None) -> None:
        self.batches.use_dictionary(ident, data)


class _Helper(_Producer):
    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.messages = helper_messages(connection)

    def start(self, stamp: bulkload.Stamp, dictionary: bytes | None, *args: Any) -> None:
        """What the helper makes: `helper_main`'s arguments, sent once it has started."""
        self.connection.send(("start", stamp, dictionary, *args))

    def use_dictionary(self, ident: int | None, data: bytes | None) -> None:
        # Once it has sent its last batch it ends: nothing is left to encode. (Had it died
        # early, reading its next message says so.)
        with suppress(BrokenPipeError, ConnectionResetError):
            self.connection.send(("dictionary", ident, data))


def helper_process(connection: Any) -> None:
    """The helper process's start: its imports are done when it is spawned; it then waits for
    what to make (`_Helper.start`). A load that ends before sending it closes the pipe."""
    try:
        message = connection.recv()
    except EOFError:
        return
    helper_main(connection, *message[1:])


def helper_main(
    connection: Any, stamp: bulkload.Stamp, dictionary: bytes | None, plan_json: str, *args: Any
) -> None:
    """The helper process: `_produce`'s batches made into rows ready to write (storage.bulkload)
    and sent down `connection`, then a refusal or a failure if there was one. A dictionary the
    writer trains comes back the same way and is used from the next batch on."""
    # The finder's rows are made by the loading process, beside its writer: it would otherwise
    # wait for this one (0.10 of its 0.45 ms per household).
    batches = _Batches(stamp, dictionary, _Plan.from_json(plan_json).today, finder=False)

    def news() -> None:
        while connection.poll():
            _, ident, data = connection.recv()
            batches.use_dictionary(ident, data)

    try:
        # Nothing it makes refers back to itself: reference counting frees every batch, and the
        # cyclic collector would only walk the live objects again and again (a tenth of its CPU).
        with paused_gc():
            for message in _prepared(_produce(plan_json, *args), batches, news):
                connection.send(message)
    except UserError as exc:
        connection.send(("refused", exc.code, exc.params))
    except BaseException:  # every failure is reported to the loading process
        connection.send(("failed", traceback.format_exc()))
    finally:
        connection.close()


def helper_messages(connection: Any) -> Iterator[Message]:
    """The messages `helper_main` sent; its refusal raised as the same UserError."""
    while True:
        try:
            message = connection.recv()
        except EOFError:
            raise RuntimeError(
                "the demo data helper process ended before the load was done"
            ) from None
        if message[0] == "refused":
            raise UserError(message[1], **message[2])
        if message[0] == "failed":
            raise RuntimeError(f"the demo data helper process failed:\n{message[1]}")
        yield message
        if message[0] == "stock":
            return


@contextmanager
def _in_helper() -> Iterator[_Helper]:
    """A helper process (spawned: a fresh interpreter, safe from any thread), waiting for
    `_Helper.start`; it is stopped when the load ends, however it ends."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=True)
    process = context.Process(
        target=helper_process, args=(theirs,), name="doorstep-demo", daemon=True
    )
    process.start()
    theirs.close()  # the helper's end: its closing is our end-of-file
    try:
        yield _Helper(ours)
    finally:
        ours.close()
        if process.is_alive():
            process.kill()
        process.join()
