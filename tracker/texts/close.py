"""The words of the year's end (``tracker close``): the year-end assessment sheet, the
final brief and report, and the closed workbook, in Chinese and English."""

from __future__ import annotations

CLOSE_TEXTS: dict[str, tuple[str, str]] = {
    "col.previous_final": ("上年完成（{month}）", "Last period ({month})"),
    "col.previous_final_closed": ("上年完成（年终考核）", "Last period (final)"),
    "sheet.year_end": ("年度总结", "Year-end"),
    # --- the assessment, on the sheet and in the brief ---------------------------------
    "close.title": ("{title}：年度目标完成情况", "{title}: the year's results"),
    "close.as_of": (
        "{month}结束考核期；每项目标按其期限所在月份的记录考核",
        "Period closed in {month}; each goal is judged on the month of its deadline",
    ),
    "close.summary": (
        "共 {goals} 项目标：完成 {met} 项，未完成 {missed} 项{open}",
        "{goals:~goal|goals}: {met} met, {missed} missed{open}",
    ),
    "close.summary_open": ("，期限未到 {count} 项", ", {count} not yet due"),
    "close.col.goal_id": ("编号", "ID"),
    "close.col.goal": ("指标", "Goal"),
    "close.col.unit": ("单位", "Unit"),
    "close.col.target": ("目标", "Target"),
    "close.col.judged": ("考核月份", "Judged on"),
    "close.col.actual": ("期末完成值", "Final figure"),
    "close.col.result": ("完成情况", "Result"),
    "close.col.shortfall": ("差距", "Short by"),
    "close.col.first_met": ("首次达标", "First met"),
    "close.col.forecast": ("年中预测（{month}）", "Mid-year forecast ({month})"),
    "close.col.forecast_right": ("预测是否准确", "Forecast right?"),
    "close.col.lead": ("牵头单位", "Lead unit"),
    "close.col.remark": ("说明", "Remark"),
    "close.col.progress": ("进展情况", "Progress"),
    "close.col.problems": ("存在问题", "Problems"),
    "close.result.met": ("已完成", "Met"),
    "close.result.missed": ("未完成", "Missed"),
    "close.result.open": ("期限未到", "Not yet due"),
    "close.result.none": ("无记录", "Not recorded"),
    "close.forecast.right": ("准确", "Right"),
    "close.forecast.wrong": ("不准确", "Wrong"),
    "close.remark.fell": (
        "{month}曾达到目标，其后回落",
        "met in {month}, then fell back",
    ),
    "close.remark.at_strict": (
        "恰好等于目标值，须超过目标才算完成",
        "exactly at the target, which it must exceed",
    ),
    "close.remark.at_strict_lower": (
        "恰好等于目标值，须低于目标才算完成",
        "exactly at the target, which it must be below",
    ),
    "close.remark.earlier": (
        "期限为 {deadline}，按{month}的记录考核",
        "due {deadline}: judged on {month}",
    ),
    "close.remark.not_recorded": (
        "期限 {deadline} 前没有月度记录",
        "no month was recorded by its deadline, {deadline}",
    ),
    "close.remark.stage": ("达到阶段：{stage}", "stage reached: {stage}"),
    "close.brief.figures_milestone": ("{stage}，{deadline}前完成", "{stage}; due by {deadline}"),
    "close.remark.open": (
        "期限为 {deadline}，晚于结束月份：按最近记录列出",
        "due {deadline}, after the close: shown as last recorded",
    ),
    # --- the final brief ---------------------------------------------------------------
    "close.brief.month": ("{year}年度总结（截至{month}）", "{year} year-end (to {month})"),
    "close.brief.missed": ("未完成的目标", "Goals missed"),
    "close.brief.met": ("已完成的目标", "Goals met"),
    "close.brief.open": ("期限未到的目标", "Goals not yet due"),
    "close.brief.figures": ("{actual}，目标{requirement}", "{actual}; target {requirement}"),
    "close.brief.short": ("差 {shortfall}", "short by {shortfall}"),
    "close.brief.forecast": (
        "年中（{month}）预测 {forecast}：{verdict}",
        "forecast at mid-year ({month}): {forecast}, {verdict}",
    ),
    "close.brief.forecast_said_met": ("预计完成", "expected to be met"),
    "close.brief.forecast_said_missed": ("预计未完成", "expected to be missed"),
    "close.brief.forecasts": (
        "年中按进度预测了 {count} 项目标，其中 {right} 项判断正确。",
        "At mid-year the run-rate forecast {count:~goal|goals}; it called {right} right.",
    ),
    "close.brief.no_forecasts": (
        "没有可与结果对照的年中预测：年中记录的月份不足，或目标期限未到。",
        "No mid-year forecast can be set against an outcome: too few months were recorded "
        "by mid-year, or the goals are not yet due.",
    ),
    "close.brief.footer": (
        "由 tracker 根据工作簿 {workbook} 的月度记录生成；"
        "逐项明细见附件及工作簿的“年度总结”工作表。",
        "Made by tracker from the monthly records of {workbook}; the details are in the "
        "attachment and on the workbook's Year-end sheet.",
    ),
    "close.attachment_name": ("{title}年度总结_{month}.xlsx", "{title} year-end {month}.xlsx"),
    "close.full_brief_name": ("{title}年度总结全文_{month}.html", "{title} year-end {month}.html"),
    "mail.final_subject": (
        "{title} {year}年度目标完成情况",
        "{title}: the results of {year}",
    ),
    # --- the command ---------------------------------------------------------------------
    "close.done": (
        "已结束考核期：{path}（{month}）。{summary}；工作簿中已加“{sheet}”工作表",
        "Closed {path} at {month}. {summary}; the workbook has a “{sheet}” sheet",
    ),
    "close.report": ("年度总结报告：{path}", "Year-end report: {path}"),
    "close.message": (
        "年度总结邮件已备好：{path}（发送：tracker send {folder}）",
        "The year-end email is ready: {path} (send it with tracker send {folder})",
    ),
    "close.already": (
        "{path} 已于 {month} 结束考核期；如确要重新结束，请加 --force",
        "{path} was closed at {month}; to close it again, add --force",
    ),
    "update.closed": (
        "{path} 已于 {month} 结束考核期（tracker close），不再做月度更新；如确需更正，请加 --force",
        "{path} was closed at {month} (tracker close) and takes no more monthly updates; to "
        "correct it anyway, add --force",
    ),
    "forms.closed": (
        "{path} 已于 {month} 结束考核期（tracker close），不再发填报表、催报或汇总报送；"
        "下一年度请用 tracker init --carry-over 新建工作簿",
        "{path} was closed at {month} (tracker close): it takes no more forms, reminders or "
        "returns; start next year's workbook with tracker init --carry-over",
    ),
    "update.after_close": (
        "{path} 已于 {closed} 结束考核期，{month} 在其后，年度总结不会计入；"
        "如要把结束月份改为 {month}，请运行 tracker close --month {month} --force",
        "{path} was closed at {closed} and {month} comes after it, so the year-end results would "
        "leave it out; to close at {month} instead, run tracker close --month {month} --force",
    ),
    "close.not_ended": (
        "{month} 还没有结束（今天是 {today}），考核期结束后再运行 tracker close；"
        "如确要提前结束，请加 --force",
        "{month} has not ended yet (today is {today}); run tracker close once the period is "
        "over, or add --force to close it early",
    ),
    "close.finishing": (
        "工作簿已于 {month} 结束考核期，但 {folder} 里没有完整的年度总结报告（上次结束被中断，"
        "或报告文件夹不在这里）：已重新结束并补齐报告",
        "the workbook was closed at {month}, but {folder} holds no whole year-end report (the "
        "last close was cut short, or its reports are elsewhere): closed again, the report "
        "made whole",
    ),
    "close.cannot_write": (
        "工作簿已结束考核期，但报告文件 {path} 无法写入（{reason}）；如在 Excel 中打开着请先关闭，"
        "再运行 tracker close 补齐年度总结报告",
        "the workbook is closed, but the report file {path} could not be written ({reason}); "
        "close it if it is open in Excel, then run tracker close again to finish the year-end "
        "report",
    ),
    "close.log_not_written": (
        "工作簿已结束考核期，年度总结报告也已写好，只是运行日志 {path} 无法写入（{reason}）；"
        "不必再运行 tracker close",
        "the workbook is closed and its year-end report written; only the run "
        "log {path} could not be written ({reason}); there is no need to run tracker close again",
    ),
    "close.changed_after_send": (
        "年度总结报告已于 {time} 发送给 {recipients}，这次运行改变了报告内容；如需重发，"
        "运行 tracker send {folder} --force，邮件标题将标明“更正”",
        "the year-end report was sent to {recipients} at {time} and this run changed it; to "
        "send it again, run tracker send {folder} --force (the subject will say Correction)",
    ),
    "status.closed": (
        "已于 {month} 结束考核期，年度总结见“年度总结”工作表",
        "Closed at {month}: the results are on the Year-end sheet",
    ),
}
