"""User-facing sentences for the resettlement area: house tickets, flats, the project list and
its priority formula, statutory warnings, and the "today" list."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- house tickets (房票) -------------------------------------------------------------------
    "ticket_bad_amount": {
        "zh": "“{amount}”不是有效的金额，请填写以元为单位的数字。",
        "en": "“{amount}” is not a valid amount; enter a number of yuan.",
    },
    "ticket_bad_tiers": {
        "zh": "奖励档次格式不对：应按月数从小到大列出，每档写明月数（1–120）和奖励比例（0–100%）。",
        "en": "The bonus tiers are not valid: list them by increasing months, each with its "
        "months (1–120) and bonus percentage (0–100).",
    },
    "ticket_closed": {
        "zh": "这张房票{state}，不能再使用。",
        "en": "This house ticket is {state} and can no longer be used.",
    },
    "ticket_amount_not_positive": {
        "zh": "金额必须大于零。",
        "en": "The amount must be greater than zero.",
    },
    "ticket_used_before_issue": {
        "zh": "使用日期早于房票出具日期（{issued_on}）。",
        "en": "The date of use is before the ticket was issued ({issued_on}).",
    },
    "ticket_expired_on": {
        "zh": "房票有效期至 {valid_until}，{used_on} 已过期，不能再购房使用，只能回购或退还余额。",
        "en": "The ticket was valid until {valid_until}, so on {used_on} it has expired; it can "
        "no longer buy a home, only be bought back or refunded.",
    },
    "ticket_over_balance": {
        "zh": "本次使用 {amount} 元超过房票余额 {balance} 元。",
        "en": "This use of {amount} yuan is more than the ticket's balance of {balance} yuan.",
    },
    "ticket_nothing_left": {
        "zh": "房票余额为零，没有可回购或退还的金额。",
        "en": "The ticket has no balance left to buy back or refund.",
    },
    "ticket_valid_before_issue": {
        "zh": "有效期截止日（{valid_until}）早于出具日期（{issued_on}）。",
        "en": "The expiry date ({valid_until}) is before the issue date ({issued_on}).",
    },
    "ticket_number_taken": {
        "zh": "房票编号“{number}”已经使用过，请核对编号。",
        "en": "The ticket number “{number}” is already in use; check the number.",
    },
    # --- resettlement flats (安置房源) ----------------------------------------------------------
    "flat_not_available": {
        "zh": "房源“{flat}”目前为“{state}”状态，不能分配。",
        "en": "The flat “{flat}” is {state} and cannot be allocated.",
    },
    "flat_already_allocated": {
        "zh": "房源“{flat}”已分配给“{household}”，同一套房源不能分配两次。",
        "en": "The flat “{flat}” is already allocated to “{household}”; a flat cannot be "
        "allocated twice.",
    },
    "flat_allocation_in_conflict": {
        "zh": "房源“{flat}”在两台电脑上被分配给了不同住户，请先在冲突处理中确定分配给谁。",
        "en": "The flat “{flat}” was allocated to different households on two computers; "
        "settle who gets it in conflict review first.",
    },
    "flat_not_allocated": {
        "zh": "房源“{flat}”尚未分配给任何住户。",
        "en": "The flat “{flat}” is not allocated to any household.",
    },
    "housed_before_signed": {
        "zh": "安置到位日期（{housed_on}）早于签约日期（{signed_on}）。",
        "en": "The date housed ({housed_on}) is before the agreement was signed ({signed_on}).",
    },
    # --- projects and the priority formula ----------------------------------------------------
    "priority_bad_weights": {
        "zh": "权重不能为负数，且至少有一项大于零。",
        "en": "Weights cannot be negative, and at least one must be above zero.",
    },
    "priority_formula": {
        "zh": "优先级 = 100 × ({terms})",
        "en": "priority = 100 × ({terms})",
    },
    "priority_term_urgency": {"zh": "紧迫", "en": "urgency"},
    "priority_term_funding": {"zh": "资金匹配", "en": "funding match"},
    "priority_term_benefit": {"zh": "效益", "en": "benefit"},
    "priority_term_households": {"zh": "户数", "en": "households"},
    "priority_term_area": {"zh": "面积", "en": "area"},
    "priority_def_urgency": {
        "zh": "紧迫 = (紧迫程度 − 1) ÷ 4",
        "en": "urgency = (urgency score − 1) ÷ 4",
    },
    "priority_def_funding": {
        "zh": "资金匹配 = 到位资金 ÷ 所需资金（最高为 1）",
        "en": "funding match = funds secured ÷ funds needed (at most 1)",
    },
    "priority_def_benefit": {
        "zh": "效益 = (效益评分 − 1) ÷ 4",
        "en": "benefit = (benefit score − 1) ÷ 4",
    },
    "priority_def_households": {
        "zh": "户数 = 涉及户数 ÷ {households_ref}（最高为 1）",
        "en": "households = households affected ÷ {households_ref} (at most 1)",
    },
    "priority_def_area": {
        "zh": "面积 = 面积(亩) ÷ {area_ref_mu}（最高为 1）",
        "en": "area = area in mu ÷ {area_ref_mu} (at most 1)",
    },
    "priority_def_missing": {
        "zh": "缺少的项按 0 计，并在列表中标出。",
        "en": "A missing input counts as 0 and is marked in the list.",
    },
    # --- statutory warnings (国有土地上房屋征收与补偿条例) -------------------------------------
    "stat_comment_short": {
        "zh": "补偿方案征求意见期（{start} 至 {end}）只有 {days} 天，少于条例第十条规定的 30 日。",
        "en": "The comment period on the compensation plan ({start} to {end}) lasts only "
        "{days} days, less than the 30 days Article 10 requires.",
    },
    "stat_comment_ending": {
        "zh": "补偿方案征求意见期将于 {end} 结束（还有 {days} 天），届时应公布征求意见情况和修改情况（第十一条）。",
        "en": "The comment period ends on {end} ({days} days left); then the comments and "
        "changes must be published (Article 11).",
    },
    "stat_signing_ending": {
        "zh": "签约期将于 {end} 结束（还有 {days} 天），仍有 {unsigned} 户未签约。",
        "en": "The signing period ends on {end} ({days} days left) and {unsigned} households "
        "have not signed.",
    },
    "stat_signing_ended": {
        "zh": "签约期已于 {end} 结束，仍有 {unsigned} 户未签约，应依法作出补偿决定（第二十六条）。",
        "en": "The signing period ended on {end} with {unsigned} households unsigned; a "
        "compensation decision is due for them (Article 26).",
    },
    "stat_permits_almost_year": {
        "zh": "自 {since} 暂停办理相关手续已近一年，最长不得超过 1 年（第十六条），将于 {until} 届满（还有 {days} 天）。",
        "en": "Permits have been suspended since {since}, almost a year; the suspension may "
        "last at most one year (Article 16) and runs out on {until} ({days} days left).",
    },
    "stat_permits_over_year": {
        "zh": "自 {since} 暂停办理相关手续已超过 1 年（于 {until} 届满），超出条例第十六条规定的最长期限。",
        "en": "Permits have been suspended since {since}, more than the one year Article 16 "
        "allows (it ran out on {until}).",
    },
    "stat_decision_without_risk": {
        "zh": "征收决定已于 {decision} 公告，但没有社会稳定风险评估的完成日期（第十二条要求先评估）。",
        "en": "The expropriation decision was published on {decision} but no social stability "
        "risk assessment date is recorded (Article 12 requires it first).",
    },
    "stat_risk_after_decision": {
        "zh": "社会稳定风险评估日期（{risk}）晚于征收决定公告日期（{decision}），第十二条要求先评估后决定。",
        "en": "The stability risk assessment ({risk}) is dated after the decision ({decision}); "
        "Article 12 requires the assessment first.",
    },
    "stat_dates_out_of_order": {
        "zh": "“{later}”（{later_on}）早于“{earlier}”（{earlier_on}），请核对日期。",
        "en": "“{later}” ({later_on}) is before “{earlier}” ({earlier_on}); check the dates.",
    },
    "stat_moving_deadline_near": {
        "zh": "搬迁期限 {deadline} 临近（还有 {days} 天），仍有 {remaining} 户未腾空。",
        "en": "The moving deadline {deadline} is near ({days} days left) and {remaining} "
        "households have not vacated.",
    },
    "stat_moving_deadline_passed": {
        "zh": "搬迁期限 {deadline} 已过，仍有 {remaining} 户未腾空。",
        "en": "The moving deadline {deadline} has passed and {remaining} households have not "
        "vacated.",
    },
    # --- the "today" list -----------------------------------------------------------------------
    "today_visit_due": {
        "zh": "{household}：今天应回访。",
        "en": "{household}: a visit is due today.",
    },
    "today_visit_overdue": {
        "zh": "{household}：应于 {due} 回访，已逾期 {days} 天。",
        "en": "{household}: a visit was due on {due}, {days} days ago.",
    },
    "today_request_due": {
        "zh": "诉求“{summary}”将于 {deadline} 到期（还有 {days} 天）。",
        "en": "The request “{summary}” is due on {deadline} ({days} days left).",
    },
    "today_request_due_today": {
        "zh": "诉求“{summary}”今天（{deadline}）到期。",
        "en": "The request “{summary}” is due today ({deadline}).",
    },
    "today_request_overdue": {
        "zh": "诉求“{summary}”已于 {deadline} 到期，超期 {days} 天未办结。",
        "en": "The request “{summary}” was due on {deadline} and is {days} days overdue.",
    },
    "today_ticket_expiring": {
        "zh": "房票 {number}（{household}）将于 {valid_until} 到期（还有 {days} 天），余额 {balance} 元。",
        "en": "House ticket {number} ({household}) expires on {valid_until} ({days} days left) "
        "with {balance} yuan unused.",
    },
    "scope_all": {"zh": "全部项目", "en": "all projects"},
    "scope_unknown": {
        "zh": "统计范围应为项目、街道、区或全部，不能是“{kind}”。",
        "en": "The scope must be a project, sub-district, district or all, not “{kind}”.",
    },
}
