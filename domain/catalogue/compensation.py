"""User-facing sentences for compensation policies, estimates and policy comparison."""

MESSAGES: dict[str, dict[str, str]] = {
    "policy_invalid": {
        "zh": "补偿方案有误：{detail}。",
        "en": "The compensation policy is not valid: {detail}.",
    },
    "policy_not_json": {
        "zh": "“{path}”不是可读的补偿方案 JSON 文件。",
        "en": "“{path}” is not a readable compensation policy JSON file.",
    },
    "policy_file_too_big": {
        "zh": "“{path}”超过 {limit} KB，不像补偿方案文件。",
        "en": "“{path}” is larger than {limit} KB; it does not look like a policy file.",
    },
    "policy_not_found": {
        "zh": "找不到补偿方案“{policy}”。",
        "en": "No compensation policy “{policy}” was found.",
    },
    "policy_ambiguous": {
        "zh": "有多个补偿方案与“{policy}”相符，请写出完整名称或编号。",
        "en": "More than one compensation policy matches “{policy}”; give its full name or id.",
    },
    "policy_none_for_project": {
        "zh": "项目“{project}”还没有补偿方案；请先导入或从区级方案复制一个。",
        "en": "Project “{project}” has no compensation policy yet; import one or copy the "
        "district's.",
    },
    "policy_changed_meanwhile": {
        "zh": "补偿方案在您编辑期间已被修改（现为第 {version} 版），请重新打开后再改。",
        "en": "The policy was changed while you edited it (it is now version {version}); "
        "open it again and redo the change.",
    },
    "policy_no_version": {
        "zh": "这个补偿方案没有第 {version} 版（现为第 {latest} 版）。",
        "en": "This policy has no version {version} (it is at version {latest}).",
    },
    "policy_same_twice": {
        "zh": "请选择两个不同的补偿方案进行比较。",
        "en": "Choose two different policies to compare.",
    },
    "policy_bad_option": {
        "zh": "“{option}”不是补偿方式；可选 money（货币补偿）、ticket（房票）、exchange（产权调换）。",
        "en": "“{option}” is not an option; choose money, ticket or exchange.",
    },
    "est_missing_area": {
        "zh": "缺少建筑面积：住户没有实测面积或登记面积，无法计算“{item}”。",
        "en": "The floor area is missing: the household has no measured or registered area, "
        "so “{item}” cannot be computed.",
    },
    "est_missing_assessed_price": {
        "zh": "缺少评估单价：住户还没有评估单价（元/㎡），无法计算“{item}”。",
        "en": "The assessed price is missing: the household has no assessed price per m², "
        "so “{item}” cannot be computed.",
    },
    "est_missing_assessed_value": {
        "zh": "缺少评估总价：住户还没有评估总价，无法计算“{item}”。",
        "en": "The assessed value is missing: the household has no assessed value, so "
        "“{item}” cannot be computed.",
    },
    "est_missing_grade": {
        "zh": "缺少装修档次：住户还没有认定装修档次，无法计算“{item}”。",
        "en": "The decoration grade is missing: the household has no grade yet, so “{item}” "
        "cannot be computed.",
    },
    "est_missing_use": {
        "zh": "缺少房屋用途：住户的批准用途和项目类型都不能说明是住宅还是非住宅。",
        "en": "The use is missing: neither the approved use nor the project's kind says "
        "residential or non-residential.",
    },
    "est_apply_needs_option": {
        "zh": "设定补偿金额时请用 --option 指明方式：money、ticket 或 exchange。",
        "en": "To set the compensation amount, name the option with --option: money, ticket or "
        "exchange.",
    },
    "est_incomplete": {
        "zh": "该方式的测算缺少必要数据，不能得出合计，不能据此设定补偿金额。",
        "en": "This option's estimate lacks inputs and has no total; it cannot set the "
        "compensation amount.",
    },
    "est_disclaimer": {
        "zh": "测算仅供参考，以签订的补偿协议为准",
        "en": "An estimate for reference only; the signed compensation agreement prevails",
    },
    "est_sheet_title": {
        "zh": "房屋征收补偿测算单",
        "en": "Compensation estimate",
    },
    "est_compare_title": {
        "zh": "补偿方案比较与资金测算",
        "en": "Policy comparison and funding",
    },
}
