"""A small, realistic data set for the report tests: 2 projects in 2 districts, 20 households.

Built by hand (no database): the services layer builds the same objects from the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.states import reached
from reports.model import (
    Attachment,
    Flat,
    HouseholdFile,
    HouseholdInfo,
    HouseTicket,
    Member,
    NoticeRow,
    ProgressEntry,
    ProjectFigures,
    ProjectInfo,
    PublicNotice,
    Request,
    RequestRegister,
    StateChange,
    TicketUse,
    Visit,
    VisitSheet,
    WeeklyReport,
)

TODAY = date(2026, 11, 26)  # a Thursday in ISO week 2026-W48

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area: str, birth: date, seq: int) -> str:
    """A syntactically valid GB 11643 number (check digit computed)."""
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


PROJECTS = (
    ProjectInfo(
        code="XW-2026-003",
        name="旺庄街道新华村地块旧城改造项目",
        district="新吴区",
        sub_district="旺庄街道",
        kind="residential",
        stage="signing",
        origin="stock",
        plan_year=2026,
        households_planned=12,
        area_mu=86.4,
        area_m2=57600.0,
        funding_needed=168_000_000.0,
        funding_secured=150_000_000.0,
        decision_on=date(2026, 5, 18),
        signing_start=date(2026, 6, 1),
        signing_end=date(2026, 12, 31),
        moving_deadline=date(2027, 3, 31),
    ),
    ProjectInfo(
        code="JK-2025-011",
        name="华庄街道太湖新城B3地块征收项目",
        district="经开区",
        sub_district="华庄街道",
        kind="non_residential",
        stage="moving",
        origin="new",
        plan_year=2025,
        households_planned=8,
        area_mu=500.0,
        area_m2=333335.0,
        funding_needed=420_000_000.0,
        funding_secured=420_000_000.0,
        decision_on=date(2025, 9, 1),
        signing_start=date(2025, 10, 8),
        signing_end=date(2026, 4, 30),
    ),
)

# name, relation-free details: (head, gender digit seed, state, attitude, mode, area)
_PEOPLE = [
    ("章金伟", "signed", "agree", "ticket", 86.5),
    ("单晓红", "negotiating", "undecided", None, 72.3),
    ("曾德明", "vacated", "agree", "swap", 91.2),
    ("王秀英", "handed_over", "agree", "money", 64.8),
    ("李建国", "valued", "oppose", None, 120.4),
    ("张桂芳", "moving", "agree", "swap", 58.0),
    ("刘志强", "no_agreement", "oppose", None, 143.6),
    ("陈美华", "surveyed", "undecided", None, 77.7),
    ("杨国平", "completed", "agree", "money", 69.9),
    ("赵丽娟", "temporary_housing", "agree", "swap", 88.1),
    ("黄永康", "signed", "agree", "mixed", 102.5),
    ("周玉兰", "confirming", "undecided", None, 55.2),
    ("吴海涛", "handed_over", "agree", "ticket", 1260.0),
    ("徐文斌", "signed", "agree", "money", 2380.5),
    ("孙淑珍", "vacated", "agree", "ticket", 96.0),
    ("朱建华", "negotiating", "oppose", None, 830.0),
    ("马小芳", "handed_over", "agree", "money", 74.4),
    ("胡德胜", "compensation_decision", "oppose", None, 3150.0),
    ("郭秀兰", "settling", "agree", "swap", 81.3),
    ("仇立新", "valuing", "undecided", None, 63.6),
]
_STREETS = ("新华路", "旺庄路", "春潮路")
_MAIN = [
    "surveying",
    "surveyed",
    "confirming",
    "confirmed",
    "valuing",
    "valued",
    "negotiating",
    "signed",
    "moving",
    "vacated",
    "handed_over",
    "settling",
    "completed",
]
_CATEGORIES = (
    "amount",
    "area",
    "valuation",
    "flat",
    "transition",
    "special_care",
    "procedure",
    "other",
)
_STATUSES = ("open", "in_progress", "escalated", "closed")
_CHANNELS = ("visit", "phone", "hotline", "letters", "petition")
_SUMMARIES = {
    "amount": "认为货币补偿单价低于周边二手房成交价，要求重新核算补偿金额。",
    "area": "对实测面积有异议，称阁楼及后院附房未计入，申请复测。",
    "valuation": "对评估报告中装修评估价值有异议，申请专家复核。",
    "flat": "希望安置房选在低楼层，方便家中八旬老人出入。",
    "transition": "询问临时安置过渡费发放标准及发放时间。",
    "special_care": "户内有一级肢体残疾人员，申请搬迁期间提供协助。",
    "procedure": "询问征收决定行政复议期限及申请渠道。",
    "other": "反映施工围挡影响出行，要求增设临时通道。",
}


@dataclass(frozen=True)
class Sample:
    projects: tuple[ProjectInfo, ...]
    files: tuple[HouseholdFile, ...]
    register: RequestRegister
    weekly: WeeklyReport
    notice: PublicNotice
    visit_sheet: VisitSheet
    blank_sheet: VisitSheet


def _state_path(state: str) -> list[str]:
    if state in _MAIN:
        return _MAIN[: _MAIN.index(state) + 1]
    if state == "no_agreement":
        return [*_MAIN[:7], "no_agreement"]
    if state == "compensation_decision":
        return [*_MAIN[:7], "no_agreement", "compensation_decision"]
    return [*_MAIN[:8], state]  # temporary housing and waiting for a swap flat follow signing


def build() -> Sample:
    files: list[HouseholdFile] = []
    all_requests: list[Request] = []
    request_no = 0
    for i, (head, state, attitude, mode, area) in enumerate(_PEOPLE):
        project = PROJECTS[0] if i < 12 else PROJECTS[1]
        ppl_area = "320214" if project is PROJECTS[0] else "320211"
        birth = date(1948 + (i * 3) % 40, 1 + i % 12, 1 + (i * 7) % 28)
        enterprise = i in (13, 15, 17)
        hh = HouseholdInfo(
            id=f"0192f3a1-7c2e-7d41-9a0b-{(i + 7) * 0x5DEECE66D % 16**12:012x}",
            address=f"无锡市{project.district}{_STREETS[i % 3]}{18 + i * 2}号",
            head_name=head,
            district=project.district,
            sub_district=project.sub_district,
            building=str(1 + i % 4),
            unit=str(1 + i % 2),
            room=f"{1 + i % 6}0{1 + i % 2}",
            head_id_number=resident_id(ppl_area, birth, 100 + i),
            phone=f"139{(i * 7919) % 10**8:08d}",
            enterprise_name="无锡市华庄精密机械有限公司" if enterprise else "",
            uscc="91320214MA1W8K3X2T" if enterprise else "",
            registered_area=area,
            measured_area=round(area * 1.02, 2),
            approved_use="工业" if enterprise else "住宅",
            actual_use="工业" if enterprise else ("住宅" if i % 5 else "住宅（底层经营）"),
            ownership_dispute=i == 6,
            area_dispute=i in (4, 6),
            attitude=attitude,
            state=state,
            caseworker=("钱丽萍", "沈建明", "蒋文华")[i % 3],
            risk_flags="户主多次到区信访，情绪激动" if i in (6, 17) else "",
            compensation_mode=mode,
            compensation_amount=round(area * 18_650.5, 2) if mode else None,
            compensation_paid=round(area * 18_650.5 * 0.7, 2)
            if state in ("vacated", "handed_over", "completed", "settling")
            else None,
            valued_on=date(2026, 6, 20) if reached(state, "valued") else None,
            signed_on=date(2026, 7, 1) + timedelta(days=i * 5) if mode else None,
            vacated_on=date(2026, 9, 1) + timedelta(days=i)
            if state in ("vacated", "handed_over", "settling", "completed")
            else None,
            handed_over_on=TODAY - timedelta(days=i % 5) if state == "handed_over" else None,
            housed_on=date(2026, 10, 15) if state in ("completed", "settling") else None,
            notes="户主长期在外地务工，由其子代为办理。" if i == 0 else "",
        )
        members = (
            Member(head, "户主", hh.head_id_number, hh.phone, "owner", 50.0, ()),
            Member(
                ("王", "李", "陈", "周")[i % 4] + "桂英",
                "配偶",
                resident_id(ppl_area, birth.replace(year=birth.year + 2), 200 + i),
                f"138{(i * 104729) % 10**8:08d}",
                "owner",
                50.0,
                ("disability",) if i % 7 == 0 else (),
            ),
            Member(
                head[0] + "晨",
                "子",
                resident_id(ppl_area, date(1990 + i % 10, 3, 9), 300 + i),
                None,
                "none",
                None,
                ("dibao", "hardship") if i == 4 else (),
            ),
        )
        path = _state_path(state)
        history = tuple(
            StateChange(
                when=datetime(2026, 3, 2, 9, 30) + timedelta(days=9 * k, hours=k),
                who=hh.caseworker,
                old=path[k - 1] if k else None,
                new=code,
                note="入户调查登记" if k == 0 else "",
            )
            for k, code in enumerate(path)
        )
        visits = tuple(
            Visit(
                visited_on=date(2026, 4, 10) + timedelta(days=23 * k + i),
                caseworkers=f"{hh.caseworker}、顾晓东",
                people_met=head if k % 2 == 0 else f"{head}及其配偶",
                explained="讲解征收补偿方案、房票奖励政策（3个月内使用奖励20%）及安置房源情况。",
                concerns="担心安置房交付时间晚于过渡期，询问过渡费能否按月预付。" if k else "",
                attitude=attitude,
                next_step="联系评估机构上门复核面积，一周内答复。",
                next_visit_due=date(2026, 4, 17) + timedelta(days=23 * k + i),
                attachment_count=k,
            )
            for k in range(1 + i % 3)
        )
        requests = []
        for k in range(1 + (i % 2)):
            request_no += 1
            n = request_no
            status = _STATUSES[n % 4]
            category = _CATEGORIES[n % 8]
            received = TODAY - timedelta(days=5 * n - 3)
            # A third of the requests get a short deadline: some of those run late.
            deadline = received + timedelta(days=15 if n % 3 == 0 else 120)
            closed_on = None
            if status == "closed":
                closed_on = min(received + timedelta(days=18 if n % 3 == 0 else 9), TODAY)
            requests.append(
                Request(
                    id=f"0192f3a1-9d00-7000-8000-{(n * 0x9E3779B1) % 16**12:012x}",
                    project_id=project.code,
                    household_id=hh.id,
                    household_label=f"{head} {hh.address}",
                    received_on=received,
                    category=category,
                    summary=_SUMMARIES[category],
                    channel=_CHANNELS[(n + k) % 5],
                    reasonable=("pending", "reasonable", "partly", "unreasonable")[n % 4],
                    level="district" if status == "escalated" else "sub_district",
                    responsible=("钱丽萍", "区征收办 孟主任", "沈建明")[n % 3],
                    deadline=deadline,
                    status=status,
                    reply="已按政策答复，复测后面积增加3.2㎡。" if status == "closed" else "",
                    closed_on=closed_on,
                    satisfaction=("satisfied", "basically", "dissatisfied")[n % 3]
                    if status == "closed"
                    else None,
                    progress=(
                        ProgressEntry(received + timedelta(days=1), "已登记，转责任人办理。"),
                        ProgressEntry(
                            received + timedelta(days=4), "已联系评估机构，约定上门时间。"
                        ),
                    )
                    if status != "open"
                    else (),
                )
            )
        all_requests.extend(requests)
        tickets: tuple[HouseTicket, ...] = ()
        if mode in ("ticket", "mixed"):
            face = (hh.compensation_amount or 0) * (0.6 if mode == "mixed" else 1.0)
            issued = (hh.signed_on or TODAY) + timedelta(days=10)
            tickets = (
                HouseTicket(
                    number=f"XWFP-2026-{i + 1:04d}",
                    face_amount=round(face, 2),
                    issued_on=issued,
                    valid_until=issued + timedelta(days=540),
                    transferable=i % 2 == 0,
                    state="active",
                    uses=(
                        TicketUse(
                            "redemption",
                            issued + timedelta(days=40),
                            round(face * 0.8, 2),
                            "招商·太湖璀璨 3-1102",
                            f"XS2026-{8800 + i}",
                            20.0,
                            round(face * 0.8 * 0.2, 2),
                        ),
                    )
                    if i % 2 == 0
                    else (),
                ),
            )
        flats: tuple[Flat, ...] = ()
        if mode in ("swap", "mixed"):
            flats = (
                Flat(
                    "新吴区春潮花园安置小区",
                    str(10 + i % 6),
                    f"{i % 3 + 1}0{i % 4 + 1}",
                    unit="2",
                    floor=i % 3 + 1,
                    area=89.6,
                    layout="三室两厅",
                    ready=i % 2 == 0,
                    delivery_date=date(2027, 6, 30),
                    state="chosen",
                ),
            )
        attachments = (
            Attachment(
                "房屋正面照片.jpg",
                f"{i:02x}" + "a3f1c9" * 10 + "e2",
                2_483_112,
                "image/jpeg",
                "household",
            ),
            Attachment(
                "不动产权证书扫描件.pdf",
                f"{i:02x}" + "7b20d4" * 10 + "91",
                812_004,
                "application/pdf",
                "household",
            ),
            Attachment(
                "走访现场照片.jpg",
                f"{i:02x}" + "c0ffee" * 10 + "11",
                1_204_889,
                "image/jpeg",
                "visit",
            ),
        )
        files.append(
            HouseholdFile(
                project=project,
                household=hh,
                generated_on=TODAY,
                members=members,
                state_history=history,
                visits=visits,
                requests=tuple(requests),
                tickets=tickets,
                flats=flats,
                attachments=attachments,
                generated_by="钱丽萍",
            )
        )

    register = RequestRegister(
        scope_label="新吴区、经开区 全部项目",
        as_of=TODAY,
        rows=tuple(all_requests),
        filters="办理状态：全部；诉求类别：全部；受理日期：2026-08-01 至 2026-11-26",
    )
    weekly = WeeklyReport(
        scope_label="无锡市新吴区、经开区征收办（合并清单）",
        iso_year=2026,
        iso_week=48,
        generated_on=TODAY,
        rows=tuple(_figures(p, files) for p in PROJECTS),
        categories=tuple(register.by_category()),
        done_this_week=(
            "新华村地块完成签约3户，累计签约率达58.3%；\n"
            "太湖新城B3地块完成交房2户，拆除面积1,260平方米；\n"
            "召开征收政策宣讲会1场，解答群众咨询37人次。"
        ),
        plan_next_week=(
            "加快新华村地块观望户入户走访，力争新增签约2户；\n"
            "协调区住建局激活存量安置房源12套，缩短安置周期；\n"
            "对30日内到期的房票逐户提醒使用。"
        ),
        difficulties=(
            "胡德胜户（工业用地）已作出补偿决定，户主仍拒绝搬迁，需区征收办协调司法途径；\n"
            "春潮花园安置房交付时间推迟至2027年6月，需区住建局明确过渡费延长发放政策。"
        ),
        compiled_by="钱丽萍",
        reviewed_by="孟建军",
    )
    notice_rows = tuple(
        NoticeRow.from_household(f.household, resettlement=_resettlement(f))
        for f in files
        if f.project is PROJECTS[0]
    )
    notice = PublicNotice(
        project=PROJECTS[0],
        issuer="无锡市新吴区房屋征收办公室",
        issued_on=TODAY,
        rows=notice_rows,
        period_start=TODAY,
        period_end=TODAY + timedelta(days=14),
    )
    first = files[0]
    sheet = VisitSheet(
        generated_on=TODAY, project=first.project, household=first.household, visit=first.visits[-1]
    )
    blank = VisitSheet.blank(TODAY)
    return Sample(PROJECTS, tuple(files), register, weekly, notice, sheet, blank)


def _resettlement(f: HouseholdFile) -> str:
    if f.flats:
        return f.flats[0].label
    if f.tickets:
        return f"房票 {f.tickets[0].number}"
    return ""


def _figures(project: ProjectInfo, files: list[HouseholdFile]) -> ProjectFigures:
    mine = [f for f in files if f.project is project]
    hs = [f.household for f in mine]
    requests = [q for f in mine for q in f.requests]
    tickets = [t for f in mine for t in f.tickets]
    housed = [h for h in hs if h.housed_on and h.signed_on]
    return ProjectFigures(
        project_code=project.code,
        project_name=project.name,
        district=project.district,
        sub_district=project.sub_district,
        households_total=len(hs),
        surveyed=sum(reached(h.state, "surveyed") for h in hs),
        valued=sum(reached(h.state, "valued") for h in hs),
        signed=sum(reached(h.state, "signed") for h in hs),
        vacated=sum(reached(h.state, "vacated") for h in hs),
        handed_over_this_week=sum(
            1 for h in hs if h.handed_over_on and h.handed_over_on >= date(2026, 11, 23)
        ),
        handed_over_total=sum(reached(h.state, "handed_over") for h in hs),
        demolished_area_m2=sum(h.measured_area or 0 for h in hs if h.state == "completed"),
        compensation_paid=sum(h.compensation_paid or 0 for h in hs),
        funding_needed=project.funding_needed or 0,
        funding_secured=project.funding_secured or 0,
        tickets_issued=len(tickets),
        tickets_used=sum(1 for t in tickets if t.uses),
        tickets_expiring_30d=1 if project is PROJECTS[0] else 0,
        flats_allocated=sum(len(f.flats) for f in mine),
        flats_available=14,
        resettled=len(housed),
        resettlement_days_total=sum(
            (h.housed_on - h.signed_on).days for h in housed if h.housed_on and h.signed_on
        ),
        requests_received=len(requests),
        requests_received_this_week=sum(1 for q in requests if q.received_on >= date(2026, 11, 23)),
        requests_closed=sum(1 for q in requests if q.closed),
        requests_closed_on_time=sum(1 for q in requests if q.closed_on_time),
        requests_overdue=sum(1 for q in requests if q.is_overdue(TODAY)),
    )
