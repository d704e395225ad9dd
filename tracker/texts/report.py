"""The words of the monthly brief and its report folder, in Chinese and English."""

from __future__ import annotations

REPORT_TEXTS: dict[str, tuple[str, str]] = {
    # --- the brief: headline and figures ---------------------------------------------
    "brief.title": ("{title}进展通报", "{title}: progress brief"),
    "brief.headline": (
        "截至{as_of}，考核期已过{elapsed}。{goals}项目标中，已完成{done}项，正常推进{on_track}项，"
        "滞后{behind}项，严重滞后{critical}项。",
        "As of {as_of}, {elapsed} of the period has passed. Of the {goals:~goal|goals}: done "
        "{done}, on track {on_track}, behind {behind}, far behind {critical}.",
    ),
    "brief.at_least": ("{figure}以上", "{figure} or more"),
    "brief.more_than": ("超{figure}", "more than {figure}"),
    "brief.at_most": ("{figure}以下", "{figure} or less"),
    "brief.less_than": ("低于{figure}", "less than {figure}"),
    "brief.above_plan": ("比序时进度高{over}", "{over} above the plan"),
    "brief.stage_reached": ("{stage}（{share}）", "{stage} ({share})"),
    "brief.no_stage": ("尚未开始", "not started"),
    "brief.short": ("比序时进度少{short}", "{short} short of the plan"),
    "brief.overdue": ("已过完成期限", "the deadline has passed"),
    "brief.next_stage": (
        "剩余{months}个月，下一阶段：{stage}",
        "{months:~month|months} left; next stage: {stage}",
    ),
    "brief.needed": (
        "剩余{months}个月还需增加{total}，平均每月{per_month}",
        "{months:~month|months} left: {total} more needed, {per_month} a month",
    ),
    "brief.needed_lower": (
        "剩余{months}个月还需降低{total}，平均每月{per_month}",
        "{months:~month|months} left: {total} lower needed, {per_month} a month",
    ),
    "brief.unnamed": ("（未命名）", "(unnamed)"),
    "brief.change_baseline": ("{register}：{count:,}项", "{register}: {count:~item|items}"),
    "brief.change_item": ("{register} {item_id}“{name}”", "{register} {item_id} “{name}”"),
    "brief.change_items": (
        "{register} {count:,} 个条目（{ranges}）",
        "{register}: {count:~item|items} ({ranges})",
    ),
    "brief.pipeline": ("{figure}（在途{count}项）", "{figure} ({count:~item|items})"),
    "brief.will_meet": ("有望达标", "Likely met"),
    "brief.will_miss": ("难以达标", "Likely missed"),
    "brief.delta": ("较上月{delta}", "{delta} on last month"),
    "brief.plan_share": ("序时{plan}", "plan {plan}"),
    "brief.lead": ("牵头单位：{lead}", "Lead unit: {lead}"),
    "brief.figures": (
        "完成{actual}，目标{target}，序时应达{expected}",
        "{actual} reached of {target}; {expected} expected by now",
    ),
    "brief.figures_milestone": (
        "当前阶段：{stage}，序时应完成{expected}{due}，{deadline}前完成",
        "Stage reached: {stage}; {expected} of the work expected by now{due}, all by {deadline}",
    ),
    "brief.due": ("（应已到“{stage}”）", ", “{stage}” due"),
    # --- the brief: sections -----------------------------------------------------------
    "brief.behind_heading": ("需重点关注的目标", "Goals behind schedule"),
    "brief.none_behind": ("本月没有滞后的目标。", "No goal is behind schedule this month."),
    "brief.all_heading": ("全部目标进展", "Every goal"),
    "brief.bar_legend": (
        "进度条为完成比例，竖线为序时进度应达位置（落在已完成部分内时为白色）。",
        "Each bar shows the share reached; the mark is where the plan expects it by now "
        "(white where it falls inside the part reached).",
    ),
    "brief.col_goal": ("目标", "Goal"),
    "brief.col_standing": ("进展", "Standing"),
    "brief.share_and_plan": ("完成{share}（序时{plan}）", "{share} reached (plan {plan})"),
    "brief.col_target": ("目标值", "Target"),
    "brief.col_forecast": ("到期预测", "Forecast"),
    "brief.col_status": ("状态", "Status"),
    "brief.col_lead": ("牵头单位", "Lead unit"),
    "brief.col_goals": ("目标数", "Goals"),
    "brief.col_run_rate": ("按当前进度", "At the current pace"),
    "brief.col_pipeline": ("计入在途项目", "With items on the way"),
    "brief.col_outlook": ("判断", "Outlook"),
    "brief.progress": ("本月进展", "Progress this month"),
    "brief.problems": ("存在问题", "Problems"),
    "brief.next_steps": ("下一步措施", "Next steps"),
    "brief.not_filled": ("（未填写）", "(not filled in)"),
    "brief.changes_heading": ("本月变化", "What changed"),
    "brief.no_changes": ("与上月相比没有变化。", "Nothing changed since the month before."),
    "brief.forecast_heading": ("到期预测", "Forecast at the deadline"),
    "brief.shortened": (
        "本通报篇幅较长，为免被邮箱截断，邮件正文有删节：{parts}。完整通报见附件《{full}》。",
        "This brief is long, and the mail is shortened so that no mail client cuts it off: "
        "{parts}. The whole brief is attached as {full}.",
    ),
    "brief.clause_separator": ("；", "; "),
    "brief.cut_cards": (
        "{behind} 项滞后目标中只列出 {shown} 项的详情（最需关注的在前）",
        "of the {behind:~goal|goals} behind schedule, {shown} have their details here (the "
        "most urgent first)",
    ),
    "brief.cut_all_cards": (
        "{behind} 项滞后目标的详情都只在附件中",
        "the details of the {behind:~goal|goals} behind schedule are only in the attachment",
    ),
    "brief.cut_changes": (
        "本月变化只列出前 {shown} 项（共 {total} 项）",
        "only the first {shown} of the month's {total:~change|changes} are listed",
    ),
    "brief.cut_goals": (
        "目标列表只列出 {shown} 项（共 {total} 项，滞后的在前）",
        "only {shown} of the {total:~goal|goals} are listed, those behind schedule first",
    ),
    "brief.cards_left_out": (
        "另有 {count} 项滞后目标的详情见附件中的完整通报。",
        "The details of {count:~other goal|other goals} behind schedule are in the whole "
        "brief, attached.",
    ),
    "brief.all_cards_left_out": (
        "{count} 项滞后目标的详情见附件中的完整通报。",
        "The details of the {count:~goal|goals} behind schedule are in the whole brief, attached.",
    ),
    "brief.forecast_line": (
        "到期预测：按当前进度{run_rate}；计入在途项目{pipeline}；{verdict}",
        "Forecast: at the current pace {run_rate}; with items on the way {pipeline}. {verdict}",
    ),
    "brief.forecast_note": (
        "预测仅供参考。按当前进度：以首个记录月至今的月均增量推算到完成期限；"
        "计入在途项目：本月完成数加上已登记、尚未达到所需阶段的项目全部达到。",
        "Forecasts are estimates. At the current pace: the average monthly change since the "
        "first recorded month, carried on to the deadline. With items on the way: this month's "
        "figure plus every registered item still at an earlier stage, as if all got there.",
    ),
    "brief.no_forecasts": (
        "本月没有可作的预测（至少需要两个月的记录或在途项目）。",
        "No forecast yet: it needs two recorded months or items on the way.",
    ),
    "brief.leads_heading": ("按牵头单位汇总", "By lead unit"),
    "brief.returns_heading": ("报送情况", "Returns from the lead units"),
    "brief.returns_summary": (
        "应报 {units} 个单位：按时报送 {on_time} 个，逾期 {late} 个，被退回 {rejected} 个，"
        "未报 {missing} 个。",
        "{units:~unit|units} were due to report: {on_time} on time, {late} late, {rejected} "
        "rejected, {missing} missing.",
    ),
    "brief.footer": (
        "本通报由 tracker 根据工作簿《{workbook}》生成，数据截至{as_of}；"
        "明细见附件《{attachment}》。",
        "Made by tracker from the workbook {workbook}, as of {as_of}; the details are in the "
        "attached {attachment}.",
    ),
    "brief.sample": (
        "演示数据：条目与牵头单位均为示例，并非真实情况。",
        "Demo data: items and lead units are samples, not real.",
    ),
    # --- the report folder -------------------------------------------------------------
    "report.attachment_name": ("{title}进展_{month}.xlsx", "{title} progress {month}.xlsx"),
    "report.full_brief_name": ("{title}通报全文_{month}.html", "{title} brief {month}.html"),
    "report.changed_after_send": (
        "本月报告已于 {time} 发送给 {recipients}，这次更新改变了报告内容；如需重发，"
        "运行 tracker send {folder} --force，邮件标题将标明“更正”",
        "this month's report was sent to {recipients} at {time} and this update changed it; "
        "to send it again, run tracker send {folder} --force (the subject will say Correction)",
    ),
    "report.not_a_folder": (
        "{path} 不是月度报告文件夹（缺少 report.json）；先运行 tracker update 生成报告",
        "{path} is not a report folder (report.json is missing); run tracker update first",
    ),
    "report.bad_manifest": (
        "{path} 已损坏，无法读取（{detail}）；重新运行这个月的 tracker update 即可重建",
        "{path} is damaged ({detail}); run this month's tracker update again to rebuild it",
    ),
    "report.bad_sends": (
        "发送记录 {path} 已损坏，无法读取（{detail}）；它记着这份报告已发给谁。请从备份恢复它，"
        "或按 UTF-8 修好；只有确认报告从未发出时才可删除它，否则会重复发送",
        "the send record {path} is damaged ({detail}); it records whom the report was sent "
        "to. Restore it from a backup or mend it (UTF-8); delete it only if you are sure the "
        "report never went out, or it will be sent twice",
    ),
    "report.cannot_write": (
        "工作簿已更新，但报告文件 {path} 无法写入（{reason}）；如在 Excel 中打开着请先关闭，"
        "再重新运行这个月的 tracker update",
        "the workbook is updated, but the report file {path} could not be written ({reason}); "
        "close it if it is open in Excel, then run this month's tracker update again",
    ),
    "report.changed_since_update": (
        "报告文件在 tracker update 之后被改动过，或那次更新没有完成（{path}）；"
        "重新运行这个月的 tracker update 再发送",
        "the report's files changed after tracker update wrote them, or that update did not "
        "finish ({path}); run this month's tracker update again, then send",
    ),
    "report.file_missing": (
        "报告文件 {path} 不见了；重新运行这个月的 tracker update 即可重建",
        "the report file {path} is missing; run this month's tracker update again to rebuild it",
    ),
    # --- the run log -------------------------------------------------------------------
    "report.log_not_written": (
        "无法写入运行日志（{reason}）",
        "cannot write the run log ({reason})",
    ),
    "log.update": ("月度更新 {month}", "monthly update {month}"),
    "log.read": ("读取 {path}：{items}", "read {path}: {items}"),
    "log.register": ("{sheet} {count} 条", "{sheet} {count:~row|rows}"),
    "log.wrote": ("写入 {path}", "wrote {path}"),
    "log.backup": ("备份 {path}", "backed up to {path}"),
    "log.warning": ("提醒 {message}", "warning {message}"),
    "log.result": (
        "完成：已完成 {done}，正常推进 {on_track}，滞后 {behind}，严重滞后 {critical}",
        "done: {done} done, {on_track} on track, {behind} behind, {critical} far behind",
    ),
    "log.sent": (
        "已发送给 {recipients}（Message-ID {message_id}）",
        "sent to {recipients} (Message-ID {message_id})",
    ),
    "log.dry_run": ("试发送：已写入 {path}，未发送", "dry run: wrote {path}, sent nothing"),
    "log.send_failed": ("发送失败：{message}", "sending failed: {message}"),
    "log.send_unknown": ("发送结果未知：{message}", "sending's outcome unknown: {message}"),
}
