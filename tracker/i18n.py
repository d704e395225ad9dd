"""Every word a user sees, in Chinese (the default) and English.

Texts are looked up by key with ``t(lang, key, **params)``; a test checks that every key
has both languages and that both use the same parameters. A count in an English text
says its noun in the right number with ``{count:~item|items}`` ("1 item", "3 items").
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from tracker.texts.carry import CARRY_TEXTS
from tracker.texts.close import CLOSE_TEXTS
from tracker.texts.data import DATA_TEXTS
from tracker.texts.mail import MAIL_TEXTS, NOTHING_SENT
from tracker.texts.report import REPORT_TEXTS

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


def t(lang: Lang, key: str, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in (a ``Msg``, ``Listing``,
    ``Cause`` or ``Joined`` parameter is itself put in ``lang``)."""
    zh, en = TEXTS[key]
    filled = {
        k: v.render(lang) if isinstance(v, Msg | Listing | Cause | Joined) else v
        for k, v in params.items()
    }
    text = en if lang == "en" else zh
    if ":~" in text:
        return _COUNTED.vformat(text, (), filled)
    return text.format(**filled)


class _Counted(string.Formatter):
    """``{count:~item|items}``: the count with its noun, singular for exactly one."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("~"):
            one, _, many = format_spec[1:].partition("|")
            shown = f"{value:,}" if type(value) is int else str(value)  # 20,000 items
            return f"{shown} {one if value == 1 else many}"
        return str(super().format_field(value, format_spec))


_COUNTED = _Counted()


def joined(lang: Lang, words: Sequence[str]) -> str:
    """Words listed as a sentence in ``lang`` lists them: 洽谈中、已签约 / In talks, Signed."""
    return t(lang, "cli.choice_separator").join(words)


@dataclass(frozen=True)
class Msg:
    """A text not yet put into a language: a message parameter that is itself a sentence."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        return t(lang, self.key, **self.params)


@dataclass(frozen=True)
class Cause:
    """A failure to send, put in a sentence as the cause of a send that reached some:
    without its closing "nothing was sent", which is no longer so."""

    failure: Msg

    def render(self, lang: Lang) -> str:
        text = self.failure.render(lang)
        for tail in NOTHING_SENT:
            text = text.removesuffix(tail)
        return text


@dataclass(frozen=True)
class Listing:
    """Several texts not yet put into a language, to be listed: 各月填报、里程碑阶段."""

    keys: tuple[str, ...]

    def render(self, lang: Lang) -> str:
        return t(lang, "measure.and").join(t(lang, key) for key in self.keys)


@dataclass(frozen=True)
class Joined:
    """Words (names, cells) to be listed in the language of the message they go into."""

    words: tuple[str, ...]

    def render(self, lang: Lang) -> str:
        return joined(lang, self.words)


def quoted(value: object) -> str:
    """A value as it appears in a message: text in double quotes, others as written."""
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


TEXTS: dict[str, tuple[str, str]] = {
    # --- statuses and status codes -------------------------------------------------
    "status.done": ("已完成", "Done"),
    "status.on_track": ("正常推进", "On track"),
    "status.behind": ("滞后", "Behind"),
    "status.critical": ("严重滞后", "Far behind"),
    "check.ok": ("通过", "OK"),
    "check.fail": ("未通过", "Failed"),
    "check.all_ok": ("全部通过", "All checks pass"),
    "check.some_fail": ("有未通过项", "Some checks fail"),
    "to_be_set": ("待定", "To be set"),
    # --- sheet names ---------------------------------------------------------------
    "sheet.about": ("说明", "About"),
    "sheet.completion": ("完成情况", "Completion"),
    "sheet.history": ("月度历史", "Monthly history"),
    "sheet.changes": ("本月变化", "Changes"),
    "sheet.milestones": ("里程碑", "Milestones"),
    "sheet.monthly": ("月度填报", "Monthly"),
    "sheet.goals": ("指标", "Goals"),
    "sheet.plan": ("序时计划", "Plan"),
    "sheet.calc": ("计算", "Calc"),
    "sheet.params": ("参数", "Parameters"),
    "sheet.lists": ("选项", "Lists"),
    "sheet.checks": ("校验", "Checks"),
    "sheet.returns": ("报送情况", "Returns"),
    # --- column headers --------------------------------------------------------------
    "col.item_id": ("编号", "Item no."),
    "col.goal_id": ("编号", "ID"),
    "col.category": ("领域", "Category"),
    "col.goal": ("指标", "Goal"),
    "col.target": ("目标值", "Target"),
    "col.unit": ("单位", "Unit"),
    "col.actual": ("完成值", "Actual"),
    "col.completion": ("完成率", "Completion"),
    "col.expected": ("序时目标", "Expected"),
    "col.plan": ("序时进度", "Plan"),
    "col.status": ("进度状态", "Status"),
    "col.lead": ("牵头单位", "Lead unit"),
    "col.partners": ("配合单位", "Partner units"),
    "col.deadline": ("截止日期", "Deadline"),
    "col.status_code": ("状态代码", "Status code"),
    "col.comparator": ("比较", "Comparator"),
    "col.precision": ("小数位", "Decimals"),
    "col.kind": ("计量方式", "Measured by"),
    "col.measure": ("计量口径", "How it is counted"),
    "col.date_from": ("统计起日", "Count from"),
    "col.date_to": ("统计止日", "Count to"),
    "col.source": ("原文", "Source text"),
    "col.month": ("月份", "Month"),
    "col.value": ("本月累计值", "Cumulative value"),
    "col.value_used": ("采用值", "Value used"),
    "col.progress": ("进展情况", "Progress"),
    "col.problems": ("存在问题", "Problems"),
    "col.next_steps": ("下一步措施", "Next steps"),
    "col.stages": ("阶段", "Stages"),
    "col.current_stage": ("当前阶段", "Current stage"),
    "col.stage_date": ("达到日期", "Date reached"),
    "col.weight_reached": ("完成度", "Share done"),
    "col.note": ("说明", "Note"),
    "col.start": ("起始", "Start"),
    "col.plan_months": ("计划月数", "Months planned"),
    "col.months_done_row": ("已完成月数 →", "Months done →"),
    "col.raw_actual": ("原始值", "Raw actual"),
    "col.gap": ("差距", "Gap"),
    "col.met": ("已达标", "Met"),
    "col.overdue": ("已逾期", "Overdue"),
    "col.level": ("滞后档", "Lag level"),
    "col.list": ("列表", "List"),
    "col.order": ("序号", "No."),
    "col.option": ("选项", "Option"),
    "col.weight": ("权重", "Weight"),
    "col.cumulative_weight": ("累计权重", "Cumulative weight"),
    "col.baseline": ("起点值", "Baseline"),
    "col.choice_items": ("条目数", "Items"),
    "col.check": ("检查项", "Check"),
    "col.problem_count": ("问题数", "Problems"),
    "col.limit": ("界限", "Limit"),
    "col.result": ("结果", "Result"),
    "col.item": ("项目", "Item"),
    "col.value_header": ("值", "Value"),
    # --- kinds -----------------------------------------------------------------------
    "kind.count": ("登记计数", "Count of register items"),
    "kind.sum": ("登记求和", "Sum over register items"),
    "kind.value": ("月度填报", "Reported monthly"),
    "kind.milestone": ("里程碑", "Milestone"),
    # --- how a goal is counted (the Goals sheet) --------------------------------------
    "measure.count": ("{register}中{conditions}的条目数", "items in {register} where {conditions}"),
    "measure.count_all": ("{register}中的条目数", "items in {register}"),
    "measure.sum": (
        "{register}中{conditions}的“{column}”之和",
        "sum of “{column}” in {register} where {conditions}",
    ),
    "measure.sum_all": ("{register}中“{column}”之和", "sum of “{column}” in {register}"),
    "measure.value_lower": (
        "“{sheet}”表中本月数值，越低越好"
        "（未填或不是数字的月份沿用上月，首月之前为起点值 {baseline}）",
        "the month's figure on the “{sheet}” sheet, lower is better (a month left empty or "
        "not a number keeps the last one; before the first, the baseline {baseline})",
    ),
    "measure.value": (
        "“{sheet}”表中本月累计值（未填的月份沿用上月）",
        "cumulative value on the “{sheet}” sheet (a month left empty keeps the last one)",
    ),
    "measure.milestone": (
        "“{sheet}”表中的当前阶段：{stages}",
        "current stage on the “{sheet}” sheet: {stages}",
    ),
    "measure.at_least": ("“{column}”为“{value}”或之后阶段", "“{column}” is “{value}” or later"),
    "measure.equals": ("“{column}”为“{value}”", "“{column}” is “{value}”"),
    "measure.date_range": ("“{column}”在 {start} 至 {end}", "“{column}” from {start} to {end}"),
    "measure.date_from": ("“{column}”不早于 {start}", "“{column}” on or after {start}"),
    "measure.date_to": ("“{column}”不晚于 {end}", "“{column}” on or before {end}"),
    "measure.and": ("、", "; "),
    # --- history, forecasts and changes ------------------------------------------------
    "history.title": ("{title}月度历史", "{title}: monthly history"),
    "history.recomputed": (
        "　{month}* 于 {day} 按当时的登记表重算。",
        " {month}* was recomputed on {day} from the registers as they stood then.",
    ),
    "history.note": (
        "每次月度更新时记录各指标的完成值和当月序时目标。"
        "右侧斜体为截止日期时的预测，是推算，不是完成值。",
        "Each monthly update records every goal's actual and expected figure. In italics on "
        "the right: forecasts for the deadline, which are estimates, not actuals.",
    ),
    "history.empty": (
        "尚无月度记录：每次运行 tracker update，这里会按月记录各指标。",
        "Nothing recorded yet: each tracker update records every goal here.",
    ),
    "col.row_kind": ("项目", "Row"),
    "col.forecast_rate": ("预测：按月均进度", "Forecast: run-rate"),
    "col.forecast_pipeline": ("预测：含在途条目", "Forecast: pipeline"),
    "col.forecast_how": ("预测说明", "How it was made"),
    "forecast.run_rate": (
        "月均进度：按 {first} 至 {last} 的月均变化推算到截止日期",
        "run-rate: the average monthly change from {first} to {last}, carried to the deadline",
    ),
    "forecast.pipeline": (
        "在途条目：另有 {count} 个条目处于前期阶段，假设全部达到计数阶段",
        "pipeline: {count:~more item|more items} at an earlier stage, as if each got there",
    ),
    "forecast.milestone": ("里程碑按阶段计，不作预测", "milestones move by stage: no forecast"),
    "forecast.overdue": ("截止日期已过，不再预测", "past its deadline: no forecast"),
    "forecast.too_few_months": (
        "记录不足两个月，暂不按月均进度预测",
        "fewer than two months recorded: no run-rate yet",
    ),
    "forecast.and": ("；", "; "),
    "changes.title": (
        "本月变化：{month}（与 {previous} 相比）",
        "Changes in {month} (against {previous})",
    ),
    "changes.baseline": (
        "首次月度更新：{month}，以此为基线",
        "First monthly update: {month}, the baseline",
    ),
    "changes.none": ("与上次更新相比没有变化", "Nothing changed since the update before"),
    # --- the returns sheet (报送情况) ----------------------------------------------------
    "returns.title": ("{month} 各单位报送情况", "Returns from the lead units, {month}"),
    "returns.summary": (
        "应报 {units} 个单位（{due} 前交回）：按时 {on_time}，逾期 {late}，退回 {rejected}，"
        "未报 {missing}",
        "{units:~unit|units} due to return (by {due}): {on_time} on time, {late} late, "
        "{rejected} rejected, {missing} missing",
    ),
    "returns.col.unit": ("单位", "Unit"),
    "returns.col.standing": ("情况", "Standing"),
    "returns.col.file": ("文件", "File"),
    "returns.col.saved": ("单位保存于", "Saved by the unit"),
    "returns.col.collected": ("收回于", "Collected"),
    "returns.col.lines": ("并入（处）", "Lines merged"),
    "returns.col.reason": ("退回原因", "Why rejected"),
    "returns.col.kind": ("类别", "What"),
    "returns.col.sheet": ("表", "Sheet"),
    "returns.col.item": ("编号", "No."),
    "returns.col.name": ("名称", "Name"),
    "returns.col.column": ("栏目", "Column"),
    "returns.col.old": ("总表原值", "Master had"),
    "returns.col.new": ("单位填报", "Unit sent"),
    "returns.standing.on_time": ("按时", "On time"),
    "returns.standing.late": ("逾期", "Late"),
    "returns.standing.rejected": ("退回", "Rejected"),
    "returns.standing.missing": ("未报", "Missing"),
    "returns.lines_title": ("并入明细", "What the returns did"),
    "returns.no_lines": ("还没有并入任何内容", "Nothing merged yet"),
    "returns.gone_from_master": (
        "总表中已删除此条目，单位的修改未并入",
        "no longer in the master: the unit's changes not merged",
    ),
    "returns.twin_in_master": ("总表中已有：{item}", "already in the master: {item}"),
    "returns.twin_in_return": ("{units}也报了", "also reported by {units}"),
    "returns.kind.changed": ("修改", "Changed"),
    "returns.kind.added": ("新增条目", "Item added"),
    "returns.kind.deleted": ("单位删除（未删）", "Left out (kept)"),
    "returns.kind.conflict": ("冲突（未并入）", "Conflict (not merged)"),
    "returns.kind.duplicate": ("重复（未新增）", "Duplicate (not added)"),
    "returns.comment_of": ("{column}（批注）", "{column} (comment)"),
    "returns.link_of": ("{column}（链接）", "{column} (link)"),
    "returns.kind.reverted": ("改回发出时的值（未并入）", "Set back as sent (not merged)"),
    "returns.kind.outside": ("本月以外（未并入）", "Outside the month (not merged)"),
    "returns.kind.unsent": ("新加的列（未并入）", "Column added (not merged)"),
    "returns.kind.no_column": (
        "总表已无此列（未并入）",
        "Column gone from the master (not merged)",
    ),
    "returns.kind.typed_over": (
        "公式单元格填了数（未并入）",
        "Typed over a formula (not merged)",
    ),
    "changes.not_yet": (
        "尚未进行月度更新：运行 tracker update 后，这里列出每月的变化。",
        "No monthly update yet: after tracker update, this sheet lists each month's changes.",
    ),
    "col.change_kind": ("类型", "Change"),
    "col.subject": ("对象", "Of"),
    "col.name": ("名称", "Name"),
    "col.before": ("原值", "Before"),
    "col.after": ("新值", "After"),
    "change.baseline": ("基线条目数", "Items at the baseline"),
    "change.item_added": ("新增条目", "Item added"),
    "change.item_removed": ("删除条目", "Item removed"),
    "change.stage": ("阶段变化", "Stage changed"),
    "change.renamed": ("名称变化", "Renamed"),
    "change.figure": ("完成值变化", "Figure changed"),
    "change.target": ("目标调整", "Target revised"),
    "change.goal_added": ("新增指标", "Goal added"),
    "change.goal_removed": ("删除指标", "Goal removed"),
    "changes.items": ("共 {count:,} 个条目（见登记表）", "{count:~item|items} (see the register)"),
    # --- parameters sheet ----------------------------------------------------------
    "param.title": ("参数", "Parameters"),
    "param.as_of": ("统计截止日期", "As-of date"),
    "param.as_of_note": (
        "填写本次统计的截止日期；所有序时目标按它计算",
        "the date the figures are as of; every expected figure follows it",
    ),
    "param.start": ("考核期开始", "Period start"),
    "param.end": ("考核期结束", "Period end"),
    "param.months": ("考核期月数", "Months in the period"),
    "param.months_done": ("已完成月数", "Months completed"),
    "param.months_done_note": (
        "截至统计截止日期已结束的整月数（月中截止时只算到上个月）",
        "whole months completed by the as-of date (a mid-month date counts to the month before)",
    ),
    "param.count_month": ("计入月份", "Month counted"),
    "param.count_month_note": (
        "月度填报值取这个月（未填则沿用之前最近一个月）",
        "monthly values are taken for this month (or the latest month before it)",
    ),
    "param.on_track_gap": ("正常推进容差", "On-track tolerance"),
    "param.on_track_gap_note": (
        "完成率落后序时进度不超过此值，算正常推进",
        "a completion rate at most this far below the plan is on track",
    ),
    "param.behind_gap": ("严重滞后界限", "Far-behind limit"),
    "param.behind_gap_note": (
        "完成率落后序时进度超过此值，算严重滞后；截止日期已过仍未完成也算严重滞后",
        "further below the plan than this is far behind; so is a goal past its deadline",
    ),
    "param.status_words": ("进度状态用词", "Status words"),
    "param.check_words": ("校验结果用词", "Check words"),
    "param.from_template": ("来自模板，请勿修改", "from the template; do not change"),
    # --- completion sheet ----------------------------------------------------------
    "completion.title": ("{title}完成情况", "{title}: completion"),
    "completion.as_of": ("统计截止", "As of"),
    "completion.months_done": ("已完成月数", "Months completed"),
    "completion.plan_now": ("时间进度", "Time elapsed"),
    "completion.by_status": ("各状态指标数", "Goals by status"),
    "completion.chart_title": ("完成率与序时进度", "Completion against the plan"),
    "completion.demo": (
        "演示数据：条目与牵头单位均为示例，并非真实情况",
        "Demo data: items and lead units are samples, not real",
    ),
    # --- about sheet -----------------------------------------------------------------
    "about.title": ("{title}跟踪表", "{title}: tracking workbook"),
    "about.what": (
        "本工作簿跟踪各项目标的完成情况：在登记表（{registers}）中录入条目及其阶段，"
        "在月度填报表中填写累计值与进展说明，完成情况表会自动计算完成值、完成率、序时目标与进度状态。",
        "This workbook tracks progress on each goal: record the items and their stage on the "
        "register sheets ({registers}), the monthly figures and notes on the monthly sheet, "
        "and the completion sheet computes actual, completion, expected figure and status by "
        "itself.",
    ),
    "about.what_no_registers": (
        "本工作簿跟踪各项目标的完成情况：在月度填报表中填写累计值与进展说明，"
        "完成情况表会自动计算完成值、完成率、序时目标与进度状态。",
        "This workbook tracks progress on each goal: record the monthly figures and notes on "
        "the monthly sheet, and the completion sheet computes actual, completion, expected "
        "figure and status by itself.",
    ),
    "about.how": ("填写方法", "How to fill it in"),
    "about.step1": (
        "在“{params}”表填写统计截止日期（一般为上月最后一天）。",
        "Set the as-of date on the “{params}” sheet (usually the last day of last month).",
    ),
    "about.step2": (
        "在各登记表逐行录入条目：黄色单元格可填写，阶段、类别等从下拉列表选择；新条目直接写在最后一行下方，编号由工具在月度更新时自动填写。",
        "Add one row per item on each register sheet: yellow cells are inputs, pick stages and "
        "categories from the drop-down lists; add new items below the last row, the tool fills "
        "in the item number at the monthly update.",
    ),
    "about.step3": (
        "在“{milestones}”表为每个里程碑选择当前阶段。",
        "Pick the current stage of each milestone on the “{milestones}” sheet.",
    ),
    "about.step4": (
        "在“{monthly}”表找到本月各行，填写月度指标的累计值，以及进展情况、存在问题、下一步措施。",
        "On the “{monthly}” sheet, fill in this month's rows: cumulative values for the "
        "monthly goals, and progress, problems and next steps.",
    ),
    "about.step5": (
        "在“{goals}”表填写牵头单位与配合单位。",
        "Enter lead and partner units on the “{goals}” sheet.",
    ),
    "about.step6": (
        "查看“{completion}”表与“{checks}”表；校验全部通过后保存。",
        "Look at the “{completion}” and “{checks}” sheets; save once every check passes.",
    ),
    "about.kept": (
        "月度更新会整本重写工作簿：登记表中填写的内容、自己加的列，以及单元格的批注、超链接和"
        "数字格式都会保留；单元格填充色、字体、边框、行高列宽、隐藏的列、冻结窗格、打印设置、"
        "标签颜色、保护密码、自己设的数据验证和条件格式、套用表格格式、自己定义的名称、图片"
        "（含嵌入单元格的图片）、其他表中的批注，以及表的顺序、隐藏的表和行、筛选条件不保留"
        "（表格、名称和图片会逐一提醒）。合并单元格、自己加的表，以及在生成的表（如完成情况）上"
        "另外填写的内容会被拒绝。",
        "The monthly update rewrites the whole workbook: what the registers hold, the columns "
        "people added, and cells' comments, hyperlinks and number formats are kept; cell "
        "fills, fonts, borders, row heights and column widths, hidden columns, frozen panes, "
        "print settings, tab colours, a protection password, data validation and conditional "
        "formats of your own, tables, names you defined, pictures (in cells too), comments on "
        "other sheets, the order of the sheets, hidden sheets and rows, and filters are not "
        "(tables, names and pictures are each named). Merged cells, sheets of your own, and "
        "anything typed on a sheet the tool writes (the completion sheet, say), are refused.",
    ),
    # --- a lead unit's form (填报表) ------------------------------------------------------
    "form.title": ("{unit}：{month}填报表", "{unit}: return for {month}"),
    "form.what": (
        "本表是《{title}》中由{unit}牵头的部分。请按下面的步骤填好，于 {due} 前交回。",
        "This form is the part of “{title}” that {unit} leads. Fill it in as below and "
        "return it by {due}.",
    ),
    "form.goals": ("本表的指标", "The goals in this form"),
    "form.step_items": (
        "在{registers}表中，更新本单位各条目的阶段和各列；新的条目填在最后一行下面，"
        "“编号”留空（由总表统一编号）。",
        "On {registers}, bring your items' stages and columns up to date; add new items "
        "below the last row and leave their “Item no.” empty: the master numbers them.",
    ),
    "form.step_monthly": (
        "在“{monthly}”表中，填写 {month} 这一行：需要时填本月累计值，以及进展情况、存在问题、"
        "下一步措施。以前月份的内容仅供参考。",
        "On “{monthly}”, fill in the rows of {month}: the cumulative figure where one is "
        "asked for, and progress, problems and next steps. Earlier months are for reference.",
    ),
    "form.step_milestones": (
        "在“{milestones}”表中，选择各里程碑的当前阶段。",
        "On “{milestones}”, pick each milestone's current stage.",
    ),
    "form.step_return": (
        "保存（不要改文件名、表名和表头），于 {due} 前发回。",
        "Save it (keep the file name, the sheet names and the headers) and send it back by {due}.",
    ),
    "form.next_heading": ("交回之后", "What happens next"),
    "form.next": (
        "办公室把本表并入总表：逐格对比本表发出时的内容，只采用本单位改动过的单元格；"
        "如果办公室同时改了同一单元格，两个值都会列出，由人决定，不会悄悄覆盖。"
        "删掉的条目只会被标出，不会从总表删除。有错误的表（见“校验”表）会整份退回，改正后再交回即可；"
        "同一份表改正后再交回，不会重复并入。",
        "The office merges this form into the master, comparing each cell with what the "
        "form was sent with and taking only the cells you changed; where the office changed "
        "the same cell meanwhile, both values are listed for a person to decide, never "
        "overwritten. Items deleted here are flagged, not deleted from the master. A form "
        "with errors (see the Checks sheet) is sent back whole: fix it and return it again; "
        "what was merged before is never merged twice.",
    ),
    "form.ask": ("问题请联系", "Questions"),
    "form.ask_office": ("发出本表的办公室。", "The office that sent you this form."),
    "form.file_name": ("{unit}_{month}填报表.xlsx", "{unit} return {month}.xlsx"),
    "about.legend": ("图例", "Legend"),
    "about.input_cell": ("可填写的单元格", "Input cell"),
    "about.formula_cell": ("公式计算，已锁定", "Computed by formula, locked"),
    "about.param_cell": ("来自模板的参数，已锁定", "Parameter from the template, locked"),
    "about.status_done": ("已达到目标", "the target is met"),
    "about.status_on_track": (
        "完成率落后序时进度不超过 {gap}",
        "completion at most {gap} below the plan",
    ),
    "about.status_behind": (
        "完成率落后序时进度超过 {gap1}、不超过 {gap2}",
        "completion more than {gap1} and at most {gap2} below the plan",
    ),
    "about.status_critical": (
        "落后超过 {gap}，或截止日期已过仍未完成",
        "more than {gap} below the plan, or past the deadline and not met",
    ),
    "about.facts": ("版本信息", "About this file"),
    "about.template": ("模板", "Template"),
    "about.template_version": ("模板版本", "Template version"),
    "about.tool_version": ("工具版本", "Tool version"),
    "about.as_of": ("统计截止日期", "As-of date"),
    "about.made_on": ("生成日期", "Made on"),
    "about.source": ("目标来源", "Source of the goals"),
    "about.protection": (
        "各表已加保护（无密码）以防误改公式；登记表可筛选、排序、插入和删除行。",
        "Sheets are protected without a password against accidental edits to formulas; "
        "registers still allow filtering, sorting, and inserting or deleting rows.",
    ),
    "about.item_id_note": (
        "编号由工具自动填写，请勿修改",
        "The item number is filled in by the tool; do not change it",
    ),
    # --- checks sheet ----------------------------------------------------------------
    "checks.title": ("校验", "Checks"),
    "checks.master": ("总体校验", "Overall"),
    "checks.calc_errors": ("计算表中没有错误值", "No error values on the calculation sheet"),
    "checks.as_of": ("统计截止日期是日期", "The as-of date is a date"),
    "checks.choice": (
        "“{sheet}”表“{column}”列只含下拉列表中的选项",
        "“{column}” on “{sheet}” holds only values from its list",
    ),
    "checks.number": (
        "“{sheet}”表“{column}”列只含数字",
        "“{column}” on “{sheet}” holds only numbers",
    ),
    "checks.date": (
        "“{sheet}”表“{column}”列只含日期",
        "“{column}” on “{sheet}” holds only dates",
    ),
    "checks.minimum": (
        "“{sheet}”表“{column}”列不小于界限",
        "“{column}” on “{sheet}” is not below the limit",
    ),
    "checks.required": (
        "“{sheet}”表已填“{key}”的行都填了“{column}”",
        "every row on “{sheet}” with “{key}” also has “{column}”",
    ),
    "checks.monthly_number": (
        "“{sheet}”表累计值只含数字",
        "cumulative values on “{sheet}” are numbers",
    ),
    "checks.monthly_minimum": (
        "“{sheet}”表累计值不小于界限",
        "cumulative values on “{sheet}” are not below the limit",
    ),
    "checks.milestone_stage": (
        "“{sheet}”表当前阶段都是该里程碑的阶段",
        "every current stage on “{sheet}” is one of its milestone's stages",
    ),
    # --- validation messages inside the workbook ----------------------------------------
    "dv.choice_title": ("请选择", "Choose a value"),
    "dv.choice": ("请从下拉列表中选择：{choices}", "Choose from the list: {choices}"),
    "dv.number": ("请输入数字", "Enter a number"),
    "dv.number_min": ("请输入不小于 {minimum} 的数字", "Enter a number of at least {minimum}"),
    "dv.date": (
        "请输入 {start} 至 {end} 之间的日期，如 2025-06-30",
        "Enter a date between {start} and {end}, e.g. 2025-06-30",
    ),
    "dv.unique": ("“{column}”已存在，不能重复", "“{column}” already exists; it must be unique"),
    "dv.error_title": ("输入有误", "Invalid entry"),
    # --- command line ----------------------------------------------------------------
    "cli.written": ("已生成工作簿：{path}", "Workbook written: {path}"),
    "cli.exists": (
        "{path} 已存在；如要覆盖请加 --force，或换一个文件名",
        "{path} already exists; add --force to overwrite it, or choose another name",
    ),
    "cli.not_xlsx_name": (
        "工作簿文件名应以 .xlsx 结尾：{path}",
        "a workbook's file name should end in .xlsx: {path}",
    ),
    "cli.rewrite_not_xlsx": (
        "{path} 不是 .xlsx 文件：tracker 按 .xlsx 写回工作簿，原格式特有的内容（如 .xlsm 的宏）"
        "会丢失；请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx（.xlsx 的备份改回原名即可），"
        "再对新文件运行",
        "{path} is no .xlsx file: tracker writes the workbook back as .xlsx, and what only "
        "its own format holds (an .xlsm's macros, say) would be lost; save it as .xlsx in "
        "Excel, WPS or LibreOffice (a renamed .xlsx backup only needs its name back) and run "
        "this on the new file",
    ),
    "cli.cannot_write": (
        "无法写入 {path}（{reason}）；请确认文件夹存在且文件没有在 Excel 中打开",
        "cannot write {path} ({reason}); check that the folder exists and the file is not "
        "open in Excel",
    ),
    "cli.bad_date": (
        "{value} 不是日期；请写成 YYYY-MM-DD，如 2025-06-30",
        "{value} is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30",
    ),
    "cli.no_such_command": (
        "没有 {name} 这个命令；可用的命令：{commands}",
        "there is no command {name}; the commands are {commands}",
    ),
    "cli.no_such_option": (
        "{command} 没有 {option} 这个选项；运行 {command} --help 查看选项",
        "{command} has no option {option}; run {command} --help for its options",
    ),
    "cli.option_or_file": (
        "{command} 没有 {option} 这个选项；若 {word} 是文件，请写成 ./{word}",
        "{command} has no option {option}; if {word} is a file, write it as ./{word}",
    ),
    "cli.arg.workbook": ("工作簿 {name}", "{name}"),
    "cli.arg.folder": ("文件夹 {name}", "{name}"),
    "cli.arg.returns": ("交回的填报表 {name}", "{name}"),
    "cli.arg.sources": ("要汇总的工作簿或文件夹 {name}", "{name}"),
    "cli.missing": (
        "缺少{name}；运行 {command} --help 查看用法",
        "{name} is missing; run {command} --help for usage",
    ),
    "cli.bad_value": (
        "{name} 的值不对（{detail}）；运行 {command} --help 查看用法",
        "{name} has a bad value ({detail}); run {command} --help for usage",
    ),
    "cli.bad_choice": (
        "{name} 只能是 {choices} 之一；运行 {command} --help 查看用法",
        "{name} must be one of {choices}; run {command} --help for usage",
    ),
    "cli.bad_env": (
        "环境变量 {name} 的值 “{value}” 无效，只能是 {choices} 之一；请改正或删除它",
        "the environment variable {name} is “{value}”, but it must be one of {choices}: "
        "correct it or remove it",
    ),
    "cli.choice_separator": ("、", ", "),
    "cli.want_folder": (
        "{name} 应为文件夹，给出的是文件；运行 {command} --help 查看用法",
        "{name} should be a folder, not a file; run {command} --help for usage",
    ),
    "cli.want_file": (
        "{name} 应为文件，给出的是文件夹；运行 {command} --help 查看用法",
        "{name} should be a file, not a folder; run {command} --help for usage",
    ),
    "cli.needs_value": (
        "{option} 后面缺少值；运行 {command} --help 查看用法",
        "{option} needs a value after it; run {command} --help for usage",
    ),
    "cli.flag_has_value": (
        "{option} 后面不带值；运行 {command} --help 查看用法",
        "{option} takes no value; run {command} --help for usage",
    ),
    "cli.extra": (
        "{command} 多出了 {extra}；运行 {command} --help 查看用法",
        "{command} does not take {extra}; run {command} --help for usage",
    ),
    "cli.is_folder": (
        "{path} 是文件夹，不是工作簿文件",
        "{path} is a folder, not a workbook file",
    ),
    "read.returns_damaged": (
        "隐藏的报送记录已损坏，无法读取：已并入的填报表再次收回时，其中新增的条目可能重复；"
        "请从 tracker-backups 中恢复上一版总表，或收回后核对新增条目",
        "the hidden record of the returns collected is damaged and cannot be read: a return "
        "collected again may add its new items twice; restore the master's last version "
        "from tracker-backups, or check the items added after collecting",
    ),
    "read.form_damaged": (
        "{path} 是填报表，但其隐藏的“{sheet}”表（记录发出时的内容）缺失或已损坏，无法并入总表："
        "请向办公室要一份新的填报表",
        "{path} is a form, but its hidden sheet “{sheet}” (what it was sent with) is gone "
        "or damaged, so it cannot be merged: ask the office for a new form",
    ),
    "reason.no_folder": ("文件夹不存在", "the folder does not exist"),
    "reason.name_too_long": (
        "路径或文件名太长，请缩短文件名，或把工作簿移到层级浅一些的文件夹",
        "the path or the file name is too long; shorten the name, or move the workbook to a "
        "folder nearer the top",
    ),
    "reason.denied": (
        "没有权限，或文件正在 Excel 中打开",
        "permission denied, or the file is open in Excel",
    ),
    "reason.disk_full": ("磁盘已满", "the disk is full"),
    "reason.quota": ("磁盘配额已用完", "the disk quota is used up"),
    "reason.too_big": ("文件超过该磁盘允许的大小", "the file is larger than the disk allows"),
    "reason.is_folder": ("同名的是一个文件夹", "a folder has that name"),
    "reason.is_file": ("同名的是一个文件，不是文件夹", "a file has that name, not a folder"),
    "reason.not_folder": (
        "路径中有一段是文件而不是文件夹",
        "part of the path is a file, not a folder",
    ),
    "reason.read_only_disk": ("磁盘或共享只读", "the disk or share is read-only"),
    "reason.excel": ("正在 Excel 或 WPS 中打开", "it is open in Excel or WPS"),
    "reason.libreoffice": ("正在 LibreOffice 中打开", "it is open in LibreOffice"),
    "reason.read_only": ("文件设为只读", "the file is read-only"),
    "reason.changed": ("文件在更新期间被保存过", "the file was saved while the update ran"),
    "program.excel": ("Excel 或 WPS", "Excel or WPS"),
    "program.libreoffice": ("LibreOffice", "LibreOffice"),
    "files.busy": (
        "{path} 正由另一个 tracker update 更新，等了 {wait} 秒仍未结束；请等它完成后再运行",
        "{path} is being updated by another tracker update, which did not finish within "
        "{wait} s; run again when it has finished",
    ),
    "cli.usage": (
        "用法有误：{detail}；运行 tracker --help 查看用法",
        "{detail}; run tracker --help for usage",
    ),
    "cli.interrupted": (
        "已中断（Ctrl-C 或终止信号）",
        "interrupted (Ctrl-C or a termination signal)",
    ),
    "cli.internal": (
        "出现内部错误（{detail}）；请把这条信息和所用文件发给维护人员",
        "internal error ({detail}); please send this message and the file to the maintainers",
    ),
    "cli.templates_header": ("内置模板：", "Built-in templates:"),
    "cli.template_line": ("{id}　{title}（{goals} 项指标）", "{id}  {title} ({goals:~goal|goals})"),
    "cli.status_header": (
        "{title}　统计截止 {as_of}　时间进度 {elapsed}",
        "{title}  as of {as_of}  time elapsed {elapsed}",
    ),
    "cli.status_summary": (
        "已完成 {done} 项，正常推进 {on_track} 项，滞后 {behind} 项，严重滞后 {critical} 项",
        "{done} done, {on_track} on track, {behind} behind, {critical} far behind",
    ),
    "cli.demo_written": ("演示工作簿：{path}", "Demo workbook: {path}"),
    "cli.demo_update": (
        "演示已依次运行 {first} 至 {month} 的月度更新；本月报告：{path}",
        "The demo ran the monthly update for {first} to {month}; this month's report: {path}",
    ),
    "cli.demo_mail": (
        "试发送的邮件（没有真正发出）：{path}；用浏览器打开 {html} 可看到邮件正文",
        "The dry-run email (nothing was sent): {path}; open {html} in a browser to see the message",
    ),
    "cli.demo_round_trip": (
        "填报往返示例（{path}）：为各牵头单位生成 {count} 份 2025年7月填报表；{units}填好交回并入；"
        "{rejected}的填报表有一处错误被退回，改正后并入；随后完成 {month} 的月度更新",
        "The returns round trip ({path}): {count:~form|forms} for July 2025 written for the lead "
        "units; {units} filled theirs in and they were merged; {rejected}'s had a typo and "
        "was rejected, then merged once fixed; then {month} was updated",
    ),
    "cli.demo_returns": (
        "各单位报送情况见其总表的“{sheet}”表：{path}",
        "Each unit's return is on its master's “{sheet}” sheet: {path}",
    ),
    "cli.demo_note": (
        "其中的条目和牵头单位都是示例数据。",
        "Its items and lead units are samples.",
    ),
    # --- reading a workbook ----------------------------------------------------------
    "read.not_found": ("找不到文件 {path}", "{path} does not exist"),
    "read.cannot_open": ("无法打开 {path}（{reason}）", "cannot open {path} ({reason})"),
    "read.not_xlsx": (
        "{path} 不是 xlsx 工作簿（{reason}）；{fix}",
        "{path} is not an xlsx workbook ({reason}); {fix}",
    ),
    "read.is_empty": ("文件是空的", "the file is empty"),
    "read.is_zeros": (
        "文件里只有零字节，内容没有写进去",
        "the file holds nothing but zero bytes: its content was never written",
    ),
    "read.is_cut_short": (
        "文件不完整，无法作为压缩包打开",
        "the file is incomplete: it cannot be opened as a zip",
    ),
    "read.is_legacy": (
        "是 Excel 97-2003（.xls）或 WPS（.et）的旧格式",
        "it is in the old Excel 97-2003 (.xls) or WPS (.et) format",
    ),
    "read.is_text": ("是文本文件，例如 CSV", "it is a text file, such as a CSV"),
    "read.is_opendocument": (
        "是 OpenDocument 表格（.ods，LibreOffice 的格式），只是名称为 .xlsx",
        "it is an OpenDocument spreadsheet (.ods, LibreOffice's format) named .xlsx",
    ),
    "read.is_ods": (
        "是 OpenDocument 表格（.ods，LibreOffice 的格式）",
        "it is an OpenDocument spreadsheet (.ods, LibreOffice's format)",
    ),
    "read.is_other_zip": (
        "是压缩文件，但其中没有 Excel 工作簿，例如 Word 文档",
        "it is a zip, but holds no Excel workbook: a Word document, say",
    ),
    "read.is_other": (
        "文件格式无法识别，例如 PDF 或图片",
        "its format is not a known one: a PDF or a picture, say",
    ),
    "read.fix_save_as": (
        "请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试",
        "open it in Excel or WPS, save it as .xlsx and try again",
    ),
    "read.fix_fetch": (
        "可能没有复制或下载完整，请重新复制或下载该文件，或用备份替换它",
        "it may not have been copied or downloaded whole: copy or download it again, or put "
        "a backup in its place",
    ),
    "read.fix_right_file": (
        "请确认选对了文件",
        "check that this is the right file",
    ),
    "read.too_big": (
        "{path} 解压后有 {size} MB，超过 {limit} MB 的上限，可能已损坏或被篡改；请确认文件来源",
        "{path} inflates to {size} MB, over the {limit} MB limit; it may be damaged or "
        "hostile, so check where it came from",
    ),
    "read.not_tracker": (
        "{path} 不是由 tracker 生成的工作簿（缺少内部的模板页 {sheet}）；请用 tracker init 生成",
        "{path} was not made by tracker (its hidden template sheet {sheet} is missing); make "
        "one with tracker init",
    ),
    "read.rollup": (
        "{path} 是汇总工作簿（由 tracker rollup 生成），不是跟踪工作簿：请给出它所汇总的各工作簿",
        "{path} is a roll-up workbook (made by tracker rollup), not a tracking workbook: give "
        "the workbooks it rolls up",
    ),
    "read.missing_sheet": (
        "{path} 缺少工作表“{sheet}”；请从备份中恢复该表",
        "{path} has no sheet “{sheet}”; restore it from a backup",
    ),
    "read.missing_column": (
        "{path} 的“{sheet}”表第 {row} 行缺少列名“{column}”：这一列被删除或表头被改了；"
        "请把表头改回原名，或从 tracker-backups 中的备份恢复这一列",
        "{path}: the “{sheet}” sheet has no column headed “{column}” in row {row}: the column "
        "was deleted or its header changed; restore the header, or the column from a backup "
        "in tracker-backups",
    ),
    "read.header_merged": (
        "{path} 的“{sheet}”表表头中 {cells} 是合并单元格，合并只留下第一格的列名；"
        "请取消合并，并把每一列的表头改回原名",
        "{path}: the header cells {cells} of the “{sheet}” sheet are merged, which keeps only "
        "the first one's name; unmerge them and restore each column's header",
    ),
    "read.header_moved": (
        "{path} 的“{sheet}”表的表头应在第 {expected} 行，现在在第 {found} 行；"
        "请删除在表头上方插入的行",
        "{path}: the header of the “{sheet}” sheet belongs in row {expected} but is in row "
        "{found}; delete the rows inserted above it",
    ),
    "read.report": (
        "{path} 是月度报告工作簿（由 tracker update 生成，只含数值），不是跟踪工作簿："
        "请使用生成它的那本工作簿",
        "{path} is a monthly report workbook (values only, made by tracker update), not a "
        "tracking workbook: use the workbook it was made from",
    ),
    "read.report_year_end": (
        "{path} 是年度总结报告工作簿（由 tracker close 生成，只含数值），不是跟踪工作簿："
        "请使用生成它的那本工作簿",
        "{path} is a year-end report workbook (values only, made by tracker close), not a "
        "tracking workbook: use the workbook it was made from",
    ),
    "read.meta_missing": (
        "{path} 缺少内部的模板页 {sheet}（被删除了？）；请从 tracker-backups 中的备份恢复工作簿",
        "{path} has lost its hidden template sheet {sheet} (deleted?); restore the workbook "
        "from a backup in tracker-backups",
    ),
    "read.sheet_renamed": (
        "{path} 缺少工作表“{sheet}”（是否改名成了 {others}？）；请把它改回原名",
        "{path} has no sheet “{sheet}” (was it renamed to {others}?); rename it back",
    ),
    "read.newer_errors": (
        "{path}：{cells} 是新版 Excel 的错误值（{values}），读不了这张工作表；"
        "请在 Excel 中改正或清除这些单元格的公式，保存后再运行",
        "{path}: {cells} hold error values of newer Excel ({values}), which tracker cannot "
        "read; correct or clear the formulas in those cells in Excel, save, and run again",
    ),
    "read.too_wide": (
        "{path} 的“{sheet}”表在 {cell} 有内容，远在表格之外，读取整张表需要的内存太大；"
        "请清除该单元格（Ctrl+End 可跳到它）后保存，再重试",
        "{path}: the “{sheet}” sheet has something in {cell}, far outside the table, and "
        "reading the sheet that wide would take too much memory; clear that cell (Ctrl+End "
        "goes there), save, and try again",
    ),
    "read.password": (
        "{path} 设有打开密码，无法读取；请在 Excel 中打开它，删除密码"
        "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空后确定）并保存，再重试",
        "{path} is protected with a password and cannot be read; open it in Excel, remove the "
        "password (File → Info → Protect Workbook → Encrypt with Password, clear it) and save, "
        "then try again",
    ),
    "read.bad_as_of": (
        "统计截止日期不是日期（{value}）；请填写日期，如 2025-06-30"
        "（月度更新会自动填写；status 和 export 也可用 --as-of 指定）",
        "the as-of date is not a date ({value}); enter a date such as 2025-06-30 (the "
        "monthly update fills it in; status and export also take --as-of)",
    ),
    # --- problems in what people entered ------------------------------------------------
    "input.required": ("“{column}”未填写；这一列必填", "“{column}” is empty; it is required"),
    "input.not_choice": (
        "{value} 不是“{column}”的选项；可选：{allowed}",
        "{value} is not a choice of “{column}”; choose one of {allowed}",
    ),
    "input.not_number": (
        "“{column}”应为数字，实际为 {value}；只填数字，单位不用写",
        "“{column}” should be a number, got {value}; write the number only, without a unit",
    ),
    "input.date_past_count": (
        "“{column}”为 {value}，晚于“{goal}”计数的截止日 {end}，这一条不计入；"
        "如果年份写错了，请改正",
        "“{column}” is {value}, after {end}, the last day “{goal}” counts, so this item is not "
        "counted; if the year is a slip, correct it",
    ),
    "input.too_large": (
        "“{column}”的 {value} 超过 Excel 能存的最大数（9.99999999999999E+307）；请核对",
        "“{column}” holds {value}, more than the largest number Excel holds "
        "(9.99999999999999E+307); check it",
    ),
    "input.spaced_digits": (
        "“{column}”的 {value} 数字之间有空格：是一个数就去掉空格（千位可写作 1,234），"
        "是两个数请只填一个",
        "“{column}” holds {value}, a space between digits: if it is one number, remove the "
        "space (write thousands as 1,234); if two, enter one",
    ),
    "input.placeholder": (
        "“{column}”填的是 {value}；没有可填的就让这一格空着，有就只填{kind}",
        "“{column}” holds {value}; if there is nothing to enter, leave the cell empty, else "
        "enter {kind}",
    ),
    "entry.number": ("数字", "a number"),
    "entry.date": ("日期", "a date such as 2025-06-30"),
    "input.below_minimum": (
        "“{column}”不能小于 {minimum}，实际为 {value}",
        "“{column}” may not be below {minimum}, got {value}",
    ),
    "input.not_date": (
        "“{column}”应为日期（如 2025-06-30），实际为 {value}",
        "“{column}” should be a date such as 2025-06-30, got {value}",
    ),
    "input.date_range": (
        "日期 {value} 不在 {start} 至 {end} 之间；请检查是否输错",
        "the date {value} is not between {start} and {end}; check it for a typing mistake",
    ),
    "input.uscc": (
        "统一社会信用代码 {value} 不对：应为 18 位，最后一位校验位按 GB 32100-2015 计算；"
        "请核对营业执照",
        "the unified social credit code {value} is wrong: it has 18 characters and the last "
        "is a check character (GB 32100-2015); check the business licence",
    ),
    "input.duplicate": (
        "“{column}”的 {value} 与 {first} 重复；同一条目只登记一次",
        "“{column}” {value} repeats {first}; record each item once",
    ),
    "input.duplicate_item_id": (
        "编号 {value} 与 {first} 重复；请清空复制来的编号，更新时会重新编号",
        "the item number {value} repeats {first}; clear the copied number and the update "
        "assigns a new one",
    ),
    "input.too_long": (
        "文字有 {length} 个字，超过单元格上限 {limit} 个；请删减",
        "the text has {length} characters, more than a cell holds ({limit}); shorten it",
    ),
    "input.control_characters": (
        "含有单元格存不下的字符（如从 Word 粘贴来的换行符）：更新时换行符改为普通换行，其余删除",
        "holds characters a cell cannot keep (such as a line break pasted from Word): the "
        "update makes such line breaks ordinary ones and removes the rest",
    ),
    "input.error_value": (
        "“{column}”中是错误值 {value}（可能是从公式结果粘贴来的）；请填写实际内容，或清空",
        "“{column}” holds the error value {value} (pasted from a formula's result?); type "
        "the actual value, or clear the cell",
    ),
    "input.duration": (
        "“{column}”应为数字，实际为时长 {value}（输入 30:00 这样的内容会被当作时长）；只填数字",
        "“{column}” should be a number, got the duration {value} (a spreadsheet takes 30:00 "
        "for a duration); write the number only",
    ),
    "input.year_not_date": (
        "“{column}”中的 {year} 是年份，不是日期（会被当作 {date}）；"
        "请填写完整日期，如 {year}-06-30",
        "“{column}” holds {year}, a year rather than a date (it reads as {date}); write the "
        "whole date, such as {year}-06-30",
    ),
    "input.value_not_used": (
        "这个指标由登记表或里程碑自动计算，此处填写的 {value} 不会被采用；请清空这一格",
        "this goal is counted from its register or milestone, so the {value} typed here is "
        "not used; clear the cell",
    ),
    "input.repeated_header": (
        "表头“{header}”出现了不止一次（另见 {others}），不知该读哪一列；"
        "请删除多出的一列，或给它改名",
        "the header “{header}” appears more than once (also {others}), so it is unclear which "
        "column to read; delete the extra column, or rename it",
    ),
    "input.as_text": (
        "这里的 {value} 设了数字格式，但这一栏只存文字，更新后按文字保存为“{value}”"
        "（显示的样子可能不同，如 35% 会变成 0.35）；如需原样，请直接输入文字",
        "{value} here has a number format, but this column keeps text: the update stores it "
        "as the text “{value}” (it may look different: 35% becomes 0.35); type it as text to "
        "keep it as shown",
    ),
    "input.row_missing": (
        "{row} 这一行不见了（被删除了？）：这张表每月按模板重建，行中填写的内容会丢失；"
        "请撤销删除，或从 tracker-backups 中的备份把这一行恢复",
        "the row of {row} is gone (deleted?): this sheet is rebuilt from the template each "
        "month, so what the row held would be lost; undo the deletion, or restore the row "
        "from a backup in tracker-backups",
    ),
    "input.chart_sheet": (
        "“{sheet}”是图表工作表，月度更新重写工作簿时不会保留它（“月度历史”表有各指标的趋势图）；"
        "如需保留，请把它复制到别的工作簿",
        "“{sheet}” is a chart sheet, which the update does not keep when it rewrites the "
        "workbook (the monthly-history sheet charts every goal); copy it to another workbook "
        "to keep it",
    ),
    "input.drawing_not_kept": (
        "这张表上的图表、图片或形状不会保留（月度更新按模板重写工作簿）；如需保留，请移到别的工作簿",
        "the charts, pictures or shapes on this sheet are not kept (the update rewrites the "
        "workbook from its template); move them to another workbook to keep them",
    ),
    "input.picture_in_cell": (
        "这个单元格里嵌入的图片（WPS 的嵌入单元格图片或 Excel 的放在单元格中的图片）不会保留，"
        "更新后此单元格为空；如需保留，请把图片放到别的文件里，在这里填写它的文件名或链接",
        "the picture embedded in this cell (a WPS cell picture, or Excel's picture placed in "
        "a cell) is not kept: the update leaves the cell empty; keep the picture in a file "
        "of its own and type its name or a link to it here",
    ),
    "input.table_not_kept": (
        "套用表格格式的表格“{table}”（{range}）不会保留（月度更新重写工作簿时只保留单元格内容）；"
        "需要时请在更新后重新套用",
        "the table “{table}” ({range}, Format as Table) is not kept (the update rewrites the "
        "workbook keeping the cells' contents only); format it as a table again after the "
        "update if you need it",
    ),
    "input.name_not_kept": (
        "自己定义的名称“{name}”（名称管理器）不会保留（月度更新按模板重写工作簿）；"
        "用到它的地方请改为直接引用单元格，或在更新后重新定义",
        "the name “{name}” defined in the Name Manager is not kept (the update rewrites the "
        "workbook from its template); refer to the cells themselves where it was used, or "
        "define it again after the update",
    ),
    "input.unknown_sheet": (
        "“{sheet}”不是本工作簿的表（自己加的或复制出来的）：月度更新按模板重写整本工作簿，"
        "会丢掉它；请把它移到别的工作簿，或把内容放进登记表自己加的列中，再运行",
        "“{sheet}” is not one of this workbook's sheets (added or copied by hand): the "
        "update rewrites the whole workbook from its template and would lose it; move it "
        "to another workbook, or its content into columns of your own on a register, and run again",
    ),
    "input.unknown_sheet_renamed": (
        "“{sheet}”不是本工作簿的表，而本工作簿的{gone}表不见了：如果是改了名，请改回原名；"
        "如果是自己加的，请把它移到别的工作簿，再运行",
        "“{sheet}” is not one of this workbook's sheets, and its sheet {gone} is gone: if "
        "it was renamed, give it back its name; if it was added, move it to another "
        "workbook; then run again",
    ),
    "input.typed_on_written": (
        "这张表由 tracker 生成，月度更新时整张重写：{cells}{more}中的内容不是 tracker 写入的，"
        "会丢失；如果是自己填写的，请移到登记表自己加的列或别的工作簿；如果是插入了行或列，"
        "请删掉；再运行",
        "tracker writes this sheet and rewrites it whole at each update: what {cells}{more} "
        "hold was not written by tracker and would be lost; if it was typed, move it to "
        "columns of your own on a register or to another workbook; if rows or columns were "
        "inserted, delete them; then run again",
    ),
    "input.typed_on_form": (
        "这张表由 tracker 生成，{cells}{more}中填写的内容不会并入总表；"
        "要说明情况，请改填在“月度填报”表的进展情况或存在问题中，再交回",
        "tracker writes this sheet: what was typed in {cells}{more} would not be merged into "
        "the master; to explain something, write it in the progress or issues columns of "
        "the monthly sheet instead, and send the form back",
    ),
    "input.typed_more": ("等 {count} 个单元格", " and more ({count} cells in all)"),
    "input.merged": (
        "{range} 是合并单元格，更新会读错或丢失其中的内容；请取消合并（开始 → 合并后居中），"
        "再把内容填到每个单元格",
        "{range} is merged, so the update would misread or lose what it holds; unmerge it "
        "(Home → Merge & Center) and fill each cell",
    ),
    "input.comment_too_long": (
        "批注有 {length} 个字，超过 Excel 的上限 {limit} 个；请删减",
        "the comment has {length} characters, more than Excel holds in one ({limit}); shorten it",
    ),
    "input.comment_not_kept": (
        "这里的批注不会保留（不在任何条目的行上，或这张表每月重写）；如需保留，请移到条目所在行",
        "this comment is not kept (it is on no item's row, or on a sheet rewritten each month); "
        "move it to an item's row to keep it",
    ),
    "input.link_not_kept": (
        "这里的超链接不会保留（不在文字单元格或条目行上，地址过长，或这张表每月重写）",
        "this hyperlink is not kept (it is not on an item's text cell, its address is too "
        "long, or the sheet is rewritten each month)",
    ),
    "input.number_not_sent": (
        "编号 {number} 不是本填报表发出时的条目：新条目的编号请留空，由总表统一编号",
        "{number} is not the number of an item this form was sent with: leave a new item's "
        "number empty, the master numbers it",
    ),
    "input.number_not_given": (
        "编号 {number} 不是 tracker 编的号：编号由月度更新自动填写；请清空这一格"
        "（原有的编号可以放在自己加的列中）",
        "{number} is not a number tracker gave: the monthly update numbers items itself; "
        "clear the cell (keep an earlier numbering in a column of your own)",
    ),
    "input.number_edited": (
        "编号被改成了 {number}，这个条目原来的编号是 {old}；请改回 {old}",
        "the number was changed to {number}; this item's number is {old}: change it back",
    ),
    "input.number_blanked": (
        "编号被清空了：这一行的“{name}”原来的编号是 {old}；"
        "请填回 {old}（如确是新条目，请改名以区分）",
        "the number was cleared: “{name}” on this row was numbered {old}; put {old} back (if "
        "it really is a new item, give it a distinct name)",
    ),
    "input.number_moved": (
        "编号 {number} 原属于“{owner}”，这一行却是“{name}”（它的编号是 {own}）："
        "可能只对部分列排序，或剪切粘贴错了行；请撤销，或把编号改回",
        "{number} belongs to “{owner}”, but this row is “{name}” (numbered {own}): "
        "perhaps only some columns were sorted, or rows cut and pasted astray; undo it, or "
        "put the numbers back",
    ),
    "input.number_retired": (
        "编号 {number} 属于已删除的条目“{name}”（{month} 删除），不能给别的条目用；"
        "如是把它放回，请用原来的名称（放回后可再改名）；否则请清空这一格，更新时会给新编号",
        "{number} belonged to “{name}”, removed in {month}, and may not go to another item; "
        "to put that item back, give it its old name (rename it afterwards if need be); "
        "otherwise clear the cell and the update gives a new number",
    ),
    "input.decreasing": (
        "累计值 {value} 比 {month} 的 {previous} 少；如属数据修正，请在“进展情况”中说明",
        "the cumulative value {value} is below {month}'s {previous}; if it is a correction, "
        "say so under Progress",
    ),
    "input.not_stage": (
        "{value} 不是这个里程碑的阶段；可选：{allowed}",
        "{value} is not a stage of this milestone; choose one of {allowed}",
    ),
    "input.own_column": (
        "这张表不能加列（“{header}”）：月度更新会整表重写；请把内容移到登记表或说明栏中",
        "no columns may be added to this sheet (“{header}”): the update rewrites it whole; "
        "move the content to a register or a note",
    ),
    "input.bad_month": (
        "月份单元格被改动（{value}）；请从备份中恢复这一行",
        "the month cell was changed ({value}); restore this row from a backup",
    ),
    "input.number_parted": (
        "这一行没有编号，名称“{name}”却是 {number} 的，而 {number} 那一行现在是“{now}”："
        "可能排序时没选中“编号”列，编号与条目错开了；请撤销排序，不要改动编号"
        "（如确是 {number} 改了名、又新增了同名条目，请给新条目另取名称以示区分）",
        "this row has no number but the name of {number} (“{name}”), while the row of "
        "{number} now holds “{now}”: the rows were probably sorted without the number column; "
        "undo the sort, and leave the numbers as they are (if {number} was renamed and a new "
        "item given its old name, name the new one differently)",
    ),
    "input.template_cell": (
        "模板写定的“{template}”被改成了“{value}”：月度更新会按模板写回原值；如确需调整（如目标值修订），"
        "请修订模板后用 tracker update --template 应用（见 docs/update.md）",
        "holds “{value}” where the template wrote “{template}”: the update writes the "
        "template's back; to revise it (a target revised), apply a revised template with "
        "tracker update --template (docs/update.md)",
    ),
    "input.stray_row": (
        "这一行不属于任何指标和月份（{value}）：月度更新会整表重写，这一行不会保留；"
        "请把内容移到所属指标、月份那一行的说明栏，或删去",
        "this row is not a goal's month ({value}): the update rewrites the sheet whole and "
        "would not keep it; move its content to the notes of the goal and month it belongs "
        "to, or delete it",
    ),
    "input.unknown_goal": (
        "编号 {goal} 不是本表的指标；请恢复原编号，或删除这一行",
        "{goal} is not one of this sheet's goals; restore the id, or delete the row",
    ),
    "input.no_goal_id": (
        "这一行的指标编号被清空了；请撤销清除（或从 tracker-backups 中的备份抄回编号），"
        "或删除这一行",
        "this row's goal id was cleared; undo it (or copy the id back from a backup in "
        "tracker-backups), or delete the row",
    ),
    "input.duplicate_row": (
        "{goal} 这一行重复了；请删除多出的一行（先把内容合并过去）",
        "the row for {goal} appears twice; merge the two and delete one",
    ),
    "input.typed_formula_empty": (
        "输入单元格中是公式 {formula}，但没有计算结果；更新后此单元格为空，请改填数值",
        "an input cell holds the formula {formula} with no computed value; the update "
        "leaves it empty, so type the value instead",
    ),
    "input.normalised": (
        "{count} 个单元格将在月度更新时规范（如 {where}：{before} → {after}）；"
        "在此之前，工作簿中的公式按原样计算",
        "{count:~cell|cells} will be tidied at the monthly update (e.g. {where}: {before} → "
        "{after}); until then the workbook's formulas read them as they are",
    ),
    "input.tidied": (
        "{before} 将在月度更新时规范为 {after}；在此之前，工作簿中的公式按原样计算",
        "{before} will be tidied to {after} at the monthly update; until then the "
        "workbook's formulas read it as it is",
    ),
    "input.warning_mark": ("（提醒）", "(warning) "),
    "refusal.also_warnings": ("（另有 {count} 个提醒）", " (and {count:~warning|warnings})"),
    "input.summary": (
        "发现 {errors} 个错误、{warnings} 个提醒：",
        "{errors:~error|errors} and {warnings:~warning|warnings}:",
    ),
    "input.typed_formula": (
        "输入单元格中是公式 {formula}；更新后保留其值 {value}，不再是公式",
        "an input cell holds the formula {formula}; the update keeps its value {value} instead",
    ),
    "input.typed_over_formula": (
        "这是公式单元格，填入的值 {value} 不会保留：更新会写回公式；要改数请改它所依据的填报内容",
        "this cell holds a formula; the value {value} typed over it is not kept: the update "
        "writes the formula back; to change the figure, change the entries it is computed from",
    ),
    "input.broken_formula": (
        "公式出错（{error}），可能被改坏；更新会重写全部公式",
        "the formula gives {error}, perhaps broken by an edit; the update writes every "
        "formula afresh",
    ),
    "input.errors_follow": (
        "另有 {count} 个公式单元格因此显示错误（如本单元格）；更新会重写全部公式",
        "{count} more formula cells show an error because of it (this one among them); the "
        "update writes every formula afresh",
    ),
    # --- the monthly update -------------------------------------------------------------
    "update.month_outside": (
        "{month} 不在模板的考核期内；可更新的月份为 {first} 至 {last}，请用 --month 指定",
        "{month} is outside the template's period; the months are {first} to {last}: give "
        "one with --month",
    ),
    "update.bad_month": (
        "{value} 不是月份；请写成 YYYY-MM，如 2025-06",
        "{value} is not a month; write it as YYYY-MM, e.g. 2025-06",
    ),
    "update.is_form": (
        "{path} 是{unit}的填报表，不是总表：不能对它做月度更新；请交回办公室，并入总表",
        "{path} is the form of {unit}, not a master workbook: it has no monthly update of "
        "its own; it goes back to the office, to be merged into the master",
    ),
    "forms.is_form": (
        "{path} 是{unit}的填报表：填报表要由总表生成；请对总表运行 tracker forms",
        "{path} is the form of {unit}: forms are made from the master; run tracker forms on "
        "the master",
    ),
    "forms.refused": (
        "{path} 有 {errors} 个错误{also}，未生成填报表；请逐条修正后重新运行：",
        "{path} has {errors:~error|errors}{also}, so no forms were made; fix each and run again:",
    ),
    "forms.not_updated": (
        "{path} 还没有做过月度更新：请先运行 tracker update，再生成填报表",
        "{path} has never been updated: run tracker update first, then make the forms",
    ),
    "forms.no_units": (
        "{path} 的“指标”表中没有填任何牵头单位：请先填写牵头单位，再生成填报表",
        "no goal of {path} has a lead unit on the goals sheet: fill them in first, then make "
        "the forms",
    ),
    "forms.unnumbered": (
        "{path} 的“{sheet}”表有 {count} 个条目还没有编号（上次更新后新填的）：请先运行 "
        "tracker update，再生成填报表",
        "“{sheet}” of {path} has {count:~item|items} not numbered yet (added since the last "
        "update): run tracker update first, then make the forms",
    ),
    "forms.written": (
        "已生成 {count} 份填报表（{month}，{due} 前交回）：",
        "{count:~form|forms} written ({month}, due by {due}):",
    ),
    "forms.line": ("{unit}：{path}", "{unit}: {path}"),
    "forms.beside_name": ("{stem}（新）.xlsx", "{stem} (new).xlsx"),
    "forms.answers_kept": (
        "{count} 份填报表的位置上已是单位交回、填过的表：{names}；没有覆盖，新表另存在旁边"
        "（名称后加“（新）”）。交回的表请先并入总表或移走",
        "{count:~form|forms} stand where units' filled-in answers are: {names}; they were not "
        "replaced, and the new forms were saved beside them, “(new)” added to the name. "
        "Merge or move the answers first",
    ),
    "forms.backed_up": (
        "被替换的 {count} 份旧表已备份到 {folder}",
        "The {count:~file|files} replaced were backed up in {folder}",
    ),
    "forms.some_beside": (
        "{count} 份填报表的原文件正在打开或无法替换：{names}；"
        "新表已另存在旁边（名称后加“（新）”）。请关闭原文件后重新运行，或直接发出新表",
        "{count:~form|forms} could not replace their files (open, or read-only): {names}; the new "
        "ones were saved beside them, “(new)” added to the name. Close those files and run "
        "again, or send the new ones",
    ),
    "forms.others": (
        "文件夹里还有本次没有生成的填报表：{names}（改了名或不再牵头的单位的旧表？发出前请核对）",
        "The folder also holds forms this run did not write: {names} (from a unit renamed, "
        "or no longer leading a goal?); check before sending",
    ),
    "forms.month_outside": (
        "{month} 不在模板的考核期内；可填报的月份为 {first} 至 {last}，请用 --month 指定",
        "{month} is outside the template's period; the months are {first} to {last}: give "
        "one with --month",
    ),
    "forms.month_recorded": (
        "总表已记录到 {latest}，{month} 是更早的月份；按这些填报表改动会改变已报告的月份"
        "（月度更新只有加 --force 才会重做它）",
        "the master is recorded up to {latest}, and {month} is earlier; answers to these "
        "forms would change a month already reported (the update redoes it only with --force)",
    ),
    "forms.month_gap": (
        "总表只记录到 {latest}，{month} 之前还有月份没有更新；各单位这些月份的数字不在填报表中",
        "the master is recorded only up to {latest}; the months before {month} were "
        "never updated, and the forms hold no figures for them",
    ),
    "forms.contact_too_long": (
        "--contact 太长（{length} 个字符）：请写联系人和电话，不超过 {limit} 个字符",
        "--contact is too long ({length} characters): give a name and a telephone, at most "
        "{limit} characters",
    ),
    "forms.due_early": (
        "交回期限 {due} 早于所报月份结束（{end}）：请给一个之后的日期",
        "the due date {due} is before the month reported ends ({end}): give a later date",
    ),
    "forms.unassigned": (
        "以下指标没有牵头单位，未生成填报表：{goals}",
        "These goals have no lead unit and got no form: {goals}",
    ),
    "update.refused": (
        "{path} 有 {errors} 个错误{also}，未更新，文件保持原样；请逐条修正后重新运行：",
        "{path} has {errors:~error|errors}{also}, so it was not "
        "updated and is unchanged; fix each and run again:",
    ),
    "update.history_lost": (
        "{path} 的历史缺少 {months}：工作簿的隐藏历史页和报告文件夹 {reports} 中都没有；"
        "请从 {backups} 中的备份恢复工作簿，或把这些月份的报告文件夹放回原处"
        "（或用 --reports 指定）；确要在缺少这些月份的情况下继续，请加 --force",
        "{path} has lost the history of {months}: neither the workbook's hidden history sheets "
        "nor the report folders under {reports} hold it; restore the workbook from a backup "
        "in {backups}, or put those months' report folders back (or give --reports); to go on "
        "without those months, add --force",
    ),
    "update.history_gone": (
        "{path} 的隐藏历史页被删除了，报告文件夹 {reports} 中也没有它的历史；"
        "请从 {backups} 中的备份恢复工作簿，或把报告文件夹放回原处（或用 --reports 指定）；"
        "确要重新开始记录历史，请加 --force",
        "{path}: its hidden history sheets were deleted and the report folders under "
        "{reports} hold none of its history; restore the workbook from a backup in {backups}, "
        "or put the report folders back (or give --reports); to start the history afresh, "
        "add --force",
    ),
    "update.history_forced": (
        "按 --force 继续：历史中缺少的月份（{months}）不再记录",
        "went on as --force asked: the missing months ({months}) are no longer in the history",
    ),
    "update.skipped": (
        "{skipped} 没有更新记录，本次直接更新了 {month}；如果月份输错了，请用 --month 指定正确的"
        "月份并加 --force 重做",
        "{skipped} had no update, and this one is for {month}; if the month was mistyped, "
        "run the right one with --month and --force",
    ),
    "update.recomputed": (
        "{month} 早于已记录的 {latest}，按 --force 重新记录：所用的是登记表现在的内容，"
        "之后新增或推进的条目也算在 {month} 里；该月在“月度历史”中标为重算（*）",
        "{month} comes before {latest} and was recorded again as --force asked, from the "
        "registers as they are now: items added or moved on since count in {month} too; the "
        "month is marked as recomputed (*) on the monthly-history sheet",
    ),
    "update.new_required_column": (
        "新模板给“{register}”加了必填列“{column}”，而表中 {count} 个条目都还没有这一列；"
        "请先在 {place} 加一列，表头写“{column}”并逐条填好，再运行",
        "the new template adds the required column “{column}” to “{register}”, whose "
        "{count:~item does|items do} not have it yet; add a column headed “{column}” at "
        "{place}, fill it for each item, and run again",
    ),
    "update.template_id": (
        "模板编号由 {old} 改为 {new}：tracker rollup 会把本工作簿与用原模板的工作簿分开列出，"
        "不计入同一合计；如果只是修订模板，请保留原编号",
        "the template's id changed from {old} to {new}: tracker rollup will list this workbook "
        "apart from those of the old template, not in the same totals; if this only revises "
        "the template, keep the old id",
    ),
    "update.goal_left": (
        "指标 {goal}（{name}）不在新模板中，它的{what}已移出工作簿，保存在本月的 snapshot.json 中",
        "goal {goal} ({name}) is not in the new template: its {what} left the workbook and "
        "are kept in this month's snapshot.json",
    ),
    "update.entries_left": (
        "指标 {goal}（{name}）的{what}不再适合新模板（月份超出考核期，或指标不再是里程碑），"
        "已移出工作簿，保存在本月的 snapshot.json 中",
        "goal {goal} ({name}): its {what} no longer fit the new template (months outside the "
        "period, or the goal is no longer a milestone); they left the workbook and are kept "
        "in this month's snapshot.json",
    ),
    "left.monthly": ("各月填报", "monthly entries"),
    "left.milestone": ("里程碑阶段和说明", "milestone stage and note"),
    "left.units": ("牵头和配合单位", "lead and partner units"),
    "update.kept_in_snapshot": (
        "新模板去掉的 {count} 个指标的填报内容保存在这里",
        "the entries of the {count:~goal|goals} the new template dropped are kept here",
    ),
    "update.folder_taken": (
        "报告文件夹 {folder} 里是另一本工作簿的报告：两本工作簿不能共用报告文件夹（会互相覆盖）；"
        "请用 --reports 为这一本指定自己的文件夹（或把它放到单独的文件夹里）；"
        "如那些报告属于已被这本取代的旧工作簿，请先把报告文件夹移走。未更新",
        "the report folder {folder} holds another workbook's report: two workbooks cannot share "
        "report folders (each would overwrite the other's); give this one a folder of its own "
        "with --reports (or keep it in a folder of its own); if those reports belong to an old "
        "workbook this one replaced, move that report folder away first. Nothing was updated",
    ),
    "update.reports_unwritable": (
        "报告文件夹 {path} 无法写入（{reason}），工作簿未更新；请检查该文件夹的权限，"
        "或用 --reports 指定别的文件夹",
        "the report folder {path} cannot be written ({reason}), so the workbook was not "
        "updated; check the folder's permissions, or give another with --reports",
    ),
    "update.beside_read_only": (
        "{path} 设为只读，未替换；新工作簿已另存为 {beside}。"
        "如要更新原文件，请取消它的只读属性后重新运行",
        "{path} is read-only and was not replaced; the new workbook was saved as {beside}. "
        "To update the file itself, clear its read-only attribute and run again",
    ),
    "update.beside_changed": (
        "{path} 在更新期间被保存过（可能是同事的修改），为免覆盖未替换；本次结果另存为 {beside}。"
        "请等对方保存完毕后重新运行 {command}，以包括其修改",
        "{path} was saved while the update ran (a colleague's changes?), so it was not "
        "replaced; this run's result was saved as {beside}. When they are done, run "
        "{command} again to include their changes",
    ),
    "history.unknown_field": (
        "有本版本不认识的字段“{field}”（多半由更新版本的 tracker 写入），已略过，其余照常读取",
        "a field this version does not know, “{field}” (most likely written by a newer "
        "tracker), was left out; the rest was read as usual",
    ),
    "history.snapshot_unread": (
        "无法读取这份月度快照（{why}），已略过，工作簿里的历史照常使用；如由更新版本的 tracker "
        "写入，请改用该版本",
        "this month's snapshot could not be read ({why}) and was left out; the workbook's "
        "own history is used as usual. If a newer tracker wrote it, use that version",
    ),
    "update.history_rebuilt": (
        "工作簿中的历史页缺失或被改动，已从报告文件夹重建（{months} 个月）",
        "the workbook's history sheets were missing or changed; rebuilt from the report "
        "folders ({months:~month|months})",
    ),
    "update.older_copy": (
        "工作簿中没有 {months} 的记录，已从 {reports} 中的报告补上：这份工作簿可能是那之前的"
        "备份或旧副本。如果是要重做这几个月，请从最早的一个月起逐月更新；否则，那时新增而本表"
        "中没有的条目会记为删除，请在“本月变化”中核对",
        "the workbook holds no record of {months}, taken from the reports in {reports}: it "
        "may be a backup or an older copy from before then. To redo those months, update "
        "them one by one from the earliest; otherwise items added then that it lacks are "
        "recorded as removed, so check them on the changes sheet",
    ),
    "update.other_period": (
        "新模板的考核期（{new} 至 {new_end}）与工作簿的考核期（{old} 至 {old_end}）没有重叠："
        "它是下一考核期的模板，不是修订；请用 tracker init 新工作簿.xlsx --template 新模板.toml "
        "--carry-over {name} 开始下一期的工作簿",
        "the new template's period ({new} to {new_end}) shares no month with the workbook's "
        "({old} to {old_end}): it is next period's template, not a revision; start next "
        "period's workbook with tracker init NEW.xlsx --template NEXT.toml --carry-over {name}",
    ),
    "update.prefix_changed": (
        "新模板把登记表“{register}”的编号前缀由 {old} 改为 {new}，而它已有 {count} 个编了号的条目；"
        '条目的编号不能改，请在新模板中保留 prefix = "{old}"',
        "the new template changes the item-number prefix of the register “{register}” from "
        "{old} to {new} while it holds {count:~numbered item|numbered items}; an item's number "
        'never changes: keep prefix = "{old}" in the new template',
    ),
    "update.register_removed": (
        "新模板去掉了登记表“{register}”，而它还有 {count} 个条目；"
        "请先在新模板中保留该登记表，或把条目移走",
        "the new template drops the register “{register}”, which still holds {count:~item|items}; "
        "keep it in the new template, or move the items first",
    ),
    "update.no_backup": (
        "无法在 {path} 备份原工作簿（{reason}），未更新；请检查该文件夹",
        "could not back the workbook up in {path} ({reason}), so it was not updated; check "
        "that folder",
    ),
    "update.earlier_month": (
        "{month} 早于已记录的最近月份 {latest}；如确要重做这个月，请加 --force"
        "（之后各月的记录保持原样）",
        "{month} comes before the latest month recorded, {latest}; to redo it anyway, add "
        "--force (the months after it stay as recorded)",
    ),
    "update.beside_reason": (
        "无法替换 {path}（{reason}）；新工作簿已另存为 {beside}，原文件未改动",
        "could not replace {path} ({reason}); the new workbook was saved as {beside} and "
        "the old one is unchanged",
    ),
    # --- tracker collect ----------------------------------------------------------------
    "collect.master_is_form": (
        "{path} 是{unit}的填报表，不是总表：请对总表运行 tracker collect，把填报表放在它后面",
        "{path} is the form of {unit}, not the master: run tracker collect on the master, "
        "with the forms after it",
    ),
    "collect.not_updated": (
        "{path} 还没有做过月度更新，也就没有发出过填报表：请先运行 tracker update 和 tracker forms",
        "{path} has never been updated, so no forms were made from it: run tracker update "
        "and tracker forms first",
    ),
    "collect.meta_missing": (
        "{path} 缺少内部的模板页 {sheet}（被删除了？），无法作为填报表并入："
        "请该单位在一份新的填报表上重新填写",
        "{path} has lost its hidden template sheet {sheet} (deleted?), so it cannot be merged "
        "as a form: have the unit fill in a new form",
    ),
    "collect.master_refused": (
        "总表 {path} 有 {errors} 个错误{also}，未并入任何填报表，文件保持原样；"
        "请逐条修正后重新运行：",
        "the master {path} has {errors:~error|errors}{also}, so no "
        "return was merged and it is unchanged; fix each and run again:",
    ),
    "collect.month_outside": (
        "{month} 不在模板的考核期内；可收回的月份为 {first} 至 {last}，请用 --month 指定",
        "{month} is outside the template's period; the months are {first} to {last}: give "
        "one with --month",
    ),
    "collect.master_given": (
        "{path} 是总表本身：请只在总表后面列出各单位交回的填报表（或其所在文件夹）",
        "{path} is the master itself: after the master, list only the units' returns (or "
        "the folders holding them)",
    ),
    "collect.no_files": (
        "{paths} 中没有 .xlsx 文件：请给出各单位交回的填报表，或其所在的文件夹",
        "no .xlsx file in {paths}: give the units' returns, or the folders holding them",
    ),
    "collect.only_in_subfolders": (
        "{paths} 中没有 .xlsx 文件，其中的文件夹 {folders} 里有：如是单位交回的填报表，"
        "请把它们移到 {paths}，或在命令中列出这些文件夹",
        "no .xlsx file in {paths}, but there are in the folders within it, {folders}: if "
        "they are the units' returns, move them into {paths}, or name those folders in "
        "the command",
    ),
    "collect.unit_renamed": (
        "这是{unit}的填报表；它的指标现在的牵头单位是{now}（发出后在“指标”表上改了名称），"
        "按{now}交回计",
        "this is {unit}'s form; its goals are now led by {now} (renamed on the goals sheet "
        "since the form went out), so it counts as {now}'s return",
    ),
    "collect.subfolder": (
        "是文件夹，其中的 .xlsx 文件没有收回：如是单位交回的填报表，请移到上一级文件夹，"
        "或在命令中列出这个文件夹",
        "a folder: the .xlsx files in it were not collected; if they are the units' "
        "returns, move them up a folder, or name this folder in the command",
    ),
    "collect.not_a_return": (
        "{path} 不是填报表（{reason}），未并入任何内容：请只列出由 tracker forms 生成、"
        "各单位填好交回的文件",
        "{path} is not a return ({reason}), so nothing was merged: list only the files "
        "tracker forms made and the units sent back",
    ),
    "collect.a_master": ("这是一份总表", "it is a master workbook"),
    "collect.other_master": (
        "{path} 是{unit}按另一份总表的填报表填的，不能并入这份总表：请确认总表，"
        "或请该单位改填本总表发出的填报表",
        "{path} is {unit}'s form of another master and cannot be merged into this one: "
        "check the master, or ask the unit to fill in the form made from this one",
    ),
    "collect.other_month": (
        "{path} 填报的是 {month}，不是 {key}：请用 --month {month} 收回它，"
        "或请该单位改填 {key} 的填报表",
        "{path} reports {month}, not {key}: collect it with --month {month}, or ask the "
        "unit to fill in the form for {key}",
    ),
    "collect.form_edited": (
        "{path} 的表结构被改动过（{where}：表名或表头被改、或多出了表），无法确定各格的含义，"
        "未并入：请该单位在发出的填报表上重新填写，不要改表名和表头",
        "{path} was changed in its structure ({where}: a sheet or a header renamed, or a "
        "sheet added), so its cells cannot be told apart and it was not merged: ask the "
        "unit to fill in the form as sent, keeping its sheet names and headers",
    ),
    "collect.has_errors": (
        "{path} 有 {errors} 个错误，整份退回、未并入；请该单位逐条修正后重新交回：",
        "{path} has {errors:~error|errors}, so it was rejected whole and nothing of it merged; ask "
        "the unit to fix each and send it again:",
    ),
    "collect.rejected_line": ("{reason}", "{reason}"),
    "collect.other_format": (
        "{path} 是 {suffix} 文件，不是 .xlsx，未并入：请在 Excel 或 WPS 中另存为 .xlsx"
        "（Excel 工作簿）后再收回",
        "{path} is a {suffix} file, not .xlsx, so it was not merged: save it as .xlsx (Excel "
        "workbook) in Excel or WPS and collect it again",
    ),
    "collect.saved_otherwise": (
        "{path} 不是 xlsx 工作簿（{reason}），未并入：请该单位在 Excel 或 WPS 中另存为 .xlsx"
        "（Excel 工作簿）后再交回",
        "{path} is not an xlsx workbook ({reason}), so nothing of it was merged: ask the unit "
        "to save it as .xlsx (Excel workbook) in Excel or WPS and send it again",
    ),
    "collect.damaged": (
        "{path} 已损坏，无法读取（{reason}），未并入：可能是下载或复制时不完整；请该单位重新发送",
        "{path} is damaged and cannot be read ({reason}), so it was not merged: it may have "
        "been cut short when downloaded or copied; ask the unit to send it again",
    ),
    "collect.older": (
        "{path} 保存于 {saved}，早于已并入的该单位 {merged} 保存的 {file}，未并入：如果这份才是"
        "最新的，请该单位重新保存后再交回",
        "{path} was saved at {saved}, before the unit's {file} (saved at {merged}) that was "
        "merged already, so it was not merged: if this one is the latest, ask the unit to "
        "save it again and send it back",
    ),
    "collect.number_detached": (
        "编号 {number} 所在行的名称是“{name}”，这是发出时 {other} 的名称：可能排序时没选中"
        "“编号”列，编号与条目错开了；请撤销排序（或按发出时的表重新填写），不要改动编号",
        "the row of {number} holds “{name}”, the name {other} was sent with: the rows were "
        "probably sorted without the number column, so the numbers no longer stand by their "
        "items; undo the sort (or fill in the form as sent) and leave the numbers as they are",
    ),
    "collect.nothing_merged": (
        "有 {count} 份填报表被退回；按 --all-or-nothing，未并入任何填报表，总表保持原样：",
        "Returns rejected: {count}; with --all-or-nothing nothing was merged and the master "
        "is unchanged:",
    ),
    "collect.not_filled": (
        "与发出时相同，还没有填写，按未交回计",
        "as it was sent, not filled in yet: counted as not returned",
    ),
    "collect.blank_copy": (
        "与发出时相同，是该单位已并入的填报表之前保存的，不是它的答复",
        "as the form was sent, saved before the unit's return merged: not its answer",
    ),
    "collect.already": ("此前已并入，本次不再重复", "collected before: nothing to do again"),
    "collect.filled_apart": (
        "{path} 中有 {count} 处填写在同一单位后保存的 {file} 里没有，未并入：若 {file} 是它的"
        "更正（有意改回或清空），无需处理；若两份是分别填写的，请该单位把两份的内容填到一份里"
        "（如在 {file} 上补填）再交回",
        "{count} of the answers in {path} are not in {file}, saved later by the same unit, so "
        "it was not merged: if {file} corrects it (those answers taken back on purpose), "
        "nothing more is needed; if the two were filled in apart, ask the unit to put both "
        "into one (add them to {file}, say) and send it again",
    ),
    "collect.superseded": (
        "同一单位另有更晚保存的填报表，本份未并入",
        "the unit saved a later return: this one was not merged",
    ),
    "collect.not_a_return_here": ("不是填报表，已略过", "not a return: passed over"),
    "collect.report_cannot_write": (
        "填报表已并入总表，但报送情况报告 {path} 无法写入（{reason}）；处理后重新运行同一条 "
        "tracker collect 命令即可补写报告，已并入的不会重复并入",
        "the returns are merged into the master, but the returns report {path} could not be "
        "written ({reason}); fix that and run the same tracker collect command again: it "
        "writes the report, and merges nothing twice",
    ),
    "collect.beside_name": ("{stem}（并入填报）.xlsx", "{stem} (returns merged).xlsx"),
    "collect.merged": (
        "{unit}：{file} 已并入，修改 {changed} 处，新增条目 {added} 个",
        "{unit}: {file} merged; cells changed: {changed}; items added: {added}",
    ),
    "collect.line.conflict": (
        "  {kind}：{sheet} {item} {name} {column}：总表为 {old}，单位填报 {new}",
        "  {kind}: {sheet} {item} {name} {column}: the master has {old}, the unit sent {new}",
    ),
    "collect.line.duplicate": (
        "  {kind}：{sheet} {item} {name} {column} {new}（{old}）",
        "  {kind}: {sheet} {item} {name} {column} {new} ({old})",
    ),
    "collect.line.deleted": ("  {kind}：{sheet} {item} {name}", "  {kind}: {sheet} {item} {name}"),
    "collect.line.reverted": (
        "  {kind}：{sheet} {item} {name} {column}：总表为单位上次填报的 {old}，这次交回的表里"
        "仍是发出时的值：像是在发出时的表上另填的，上次填报的不撤销；如确要改回，请在总表上修改",
        "  {kind}: {sheet} {item} {name} {column}: the master has {old}, as the unit's last "
        "return said; this return holds the value the form was sent with: filled in on a "
        "fresh copy, it seems, so the last return stands; to set it back, change it in the "
        "master",
    ),
    "collect.line.outside": (
        "  {kind}：{sheet} {item} {name} {column}：总表为 {old}，单位填报 {new}",
        "  {kind}: {sheet} {item} {name} {column}: the master has {old}, the unit sent {new}",
    ),
    "collect.line.unsent": ("  {kind}：{sheet} {column}", "  {kind}: {sheet} {column}"),
    "collect.line.no_column": (
        "  {kind}：{sheet} {item} {name} {column}：单位填报 {new}",
        "  {kind}: {sheet} {item} {name} {column}: the unit sent {new}",
    ),
    "collect.line.typed_over": (
        "  {kind}：{sheet}!{column}：单位填入 {new}；"
        "公式单元格不保留填入的值，请该单位改填它所依据的内容",
        "  {kind}: {sheet}!{column}: the unit typed {new}; a formula cell keeps no value typed "
        "over it: the unit should change the entries it is computed from",
    ),
    "collect.rejected": ("退回：{reason}", "Rejected: {reason}"),
    "collect.skipped": ("略过 {path}：{why}", "Passed over {path}: {why}"),
    "collect.nothing_changed": (
        "没有需要并入的新内容，总表 {path} 未改动",
        "Nothing new to merge: the master {path} is unchanged",
    ),
    "collect.still_open": (
        "此前收回时有 {count} 处需要人工处理（冲突、重复等），见总表的“{sheet}”表；"
        "已处理的可不理会",
        "Earlier runs left lines for a person ({count}: conflicts, duplicates …) on the "
        "master's “{sheet}” sheet; those settled already need nothing more",
    ),
    "collect.written": (
        "已写入总表 {path}（见“{sheet}”表）",
        "The master {path} is written (see the “{sheet}” sheet)",
    ),
    "collect.report": ("报送情况：{path}", "The returns: {path}"),
    "collect.missing": (
        "未交回或被退回的单位（{count}）：{units}；可运行 tracker remind 催报",
        "Units whose return is missing or rejected ({count}): {units}; tracker remind reminds them",
    ),
    "collect.needs_attention": (
        "有 {rejected} 份填报表被退回、{attention} 处需要人工处理（冲突、重复、单位删除的条目、"
        "新加的列、改回发出时的值），其余已并入；详见上文和总表的“{sheet}”表",
        "Returns rejected: {rejected}; lines needing a person (conflicts, duplicates, items "
        "left out, columns added, cells set back as sent): {attention}. The rest is merged: "
        "see above and the master's “{sheet}” sheet",
    ),
    "update.beside_name": ("{stem}（{month}更新）.xlsx", "{stem} (updated {month}).xlsx"),
    "update.done": (
        "已更新 {path}：{month}，已完成 {done} 项，正常推进 {on_track} 项，"
        "滞后 {behind} 项，严重滞后 {critical} 项",
        "Updated {path} for {month}: {done} done, {on_track} on track, {behind} behind, "
        "{critical} far behind",
    ),
    "update.changes": (
        "本月变化 {count} 项，见“{sheet}”表",
        "{count:~change|changes}, on the “{sheet}” sheet",
    ),
    "update.report": (
        "本月报告（通报、报告工作簿、快照、运行记录）：{path}",
        "This month's report (brief, report workbook, snapshot, run log): {path}",
    ),
    "update.message": (
        "邮件已备好：{path}；检查无误后运行 tracker send 发送",
        "The email is ready: {path}; look it over, then run tracker send",
    ),
    "update.backup": ("原工作簿已备份到 {path}", "The previous workbook is backed up as {path}"),
    "update.beside": (
        "{path} 正在 {program} 中打开，无法替换；新工作簿已另存为 {beside}。"
        "请关闭后删除原文件，再把新文件改名为 {name}（或关闭后重新运行 {command}）",
        "{path} is open in {program} and could not be replaced; the new workbook was saved "
        "as {beside}. Close it, remove the old file and rename the new one to {name} (or "
        "close it and run {command} again)",
    ),
    "check.clean": ("{path}：没有发现问题", "{path}: no problems found"),
    # --- template problems ------------------------------------------------------------
    "template.not_found": (
        "找不到模板 {name}；运行 tracker templates 查看内置模板，或给出模板文件的路径",
        "no template named {name}; run tracker templates to list the built-in ones, or give "
        "the path of a template file",
    ),
    "template.txt_added": (
        "找不到模板 {name}，但有 {txt}：记事本保存时加上了 .txt；请把文件改名为 {file}"
        "（或给出带 .txt 的文件名）",
        "no template {name}, but there is {txt}: Notepad added .txt when saving it; rename "
        "the file to {file} (or give the name with .txt)",
    ),
    "template.unreadable": (
        "无法读取模板文件 {path}（{reason}）",
        "cannot read the template file {path} ({reason})",
    ),
    "template.too_deep": (
        "模板文件 {path} 的表或列表嵌套过深，无法读取；格式见 docs/templates.md",
        "the template file {path} nests tables or lists too deep to read; see docs/templates.md",
    ),
    "template.too_many": (
        "{goals} 个指标 × {months} 个月超出了一张工作表的 {rows} 行（月度填报表每个指标每月一行）；"
        "请减少指标或缩短考核期",
        "{goals:~goal|goals} × {months:~month|months} exceed the {rows:~row|rows} of a sheet (the "
        "monthly sheet holds a row per goal per month); use fewer goals or a shorter period",
    ),
    "template.formulas_too_long": (
        "模板 {template} 有指标的计数公式超出 Excel 的长度上限，请逐条修正：",
        "the template {template} has goals whose counting formulas Excel could not open:",
    ),
    "template.formula_too_long": (
        "计数公式将有 {length} 个字符，超出 Excel 的上限 {limit}；请让 at_least 从靠后的阶段"
        "算起、减少阶段，或缩短登记表的表名",
        "the counting formula would be {length} characters, beyond Excel's {limit}; count "
        "from a later at_least stage, use fewer stages, or shorten the register's sheet name",
    ),
    "template.not_utf8": (
        "模板文件 {path} 不是 UTF-8 编码；请在编辑器里另存为 UTF-8"
        "（如记事本：另存为 → 编码选 UTF-8）",
        "the template file {path} is not UTF-8; save it as UTF-8 in your editor (in Notepad: "
        "Save as → Encoding: UTF-8)",
    ),
    "template.bad_toml": (
        "模板文件 {path} 不是有效的 TOML（{detail}）；格式见 docs/templates.md",
        "the template file {path} is not valid TOML ({detail}); see docs/templates.md",
    ),
    "template.full_width": (
        "模板文件 {path} 第 {line} 行第 {column} 列是全角的 {char}：TOML 的标点和数字须为半角，"
        "请改为 {fix}（可先切换到英文输入）",
        "the template file {path} has a full-width {char} at line {line}, column {column}: "
        "TOML's punctuation and digits are half-width: type {fix} instead (switch the input "
        "method to English first)",
    ),
    "template.half_width_space": ("半角空格", "an ordinary space"),
    "template.problems": (
        "模板 {path} 有 {count} 处问题，请逐条修正：",
        "the template {path} has problems to fix ({count}):",
    ),
    "toml.missing": ("缺少此项，请补上", "is missing; add it"),
    "toml.unknown_key": (
        "不认识的键；可用的键：{allowed}",
        "is not a known key; known keys: {allowed}",
    ),
    "toml.expected_text": ("应为文本，实际为 {actual}", "should be text, got {actual}"),
    "toml.expected_quoted": (
        "应为文本，实际为 {actual}；文本要加引号：{quoted}",
        "should be text, got {actual}; text is quoted: {quoted}",
    ),
    "toml.number_range": (
        "应为有限的数，绝对值不超过 {limit}，实际为 {actual}",
        "should be a finite number no larger than {limit} either way, got {actual}",
    ),
    "toml.blank": ("不能为空，请填写", "is blank; fill it in"),
    "toml.too_long": (
        "太长：最多 {limit} 个字符（单元格最多容纳 32767 个，工作簿还要在旁加字），"
        "实际为 {actual} 个",
        "is too long: at most {limit} characters (a cell holds 32,767, and the workbook adds "
        "to some texts), got {actual}",
    ),
    "toml.control": (
        "含有控制字符（如 \\u000b），请删去",
        "holds a control character (such as \\u000b); remove it",
    ),
    "toml.control_or_break": (
        "应为一行文字，不能含换行、制表符或控制字符，请删去",
        "should be one line, without line breaks, tabs or control characters; remove them",
    ),
    "toml.expected_number": ("应为数字，实际为 {actual}", "should be a number, got {actual}"),
    "toml.expected_integer": (
        "应为整数，实际为 {actual}",
        "should be a whole number, got {actual}",
    ),
    "toml.expected_bool": (
        "应为 true 或 false，实际为 {actual}",
        "should be true or false, got {actual}",
    ),
    "toml.expected_date": (
        "应为日期（如 2025-12-31），实际为 {actual}",
        "should be a date such as 2025-12-31, got {actual}",
    ),
    "toml.expected_list": ("应为列表，实际为 {actual}", "should be a list, got {actual}"),
    "toml.one_bracket": (
        "每一项应写成 [[{header}]]（两层方括号），实际写成了 [{header}]（一层）",
        "write each as [[{header}]] (two brackets), not [{header}] (one)",
    ),
    "toml.expected_table": ("应为表，实际为 {actual}", "should be a table, got {actual}"),
    "toml.one_of": (
        "应为 {allowed} 之一，实际为 {actual}",
        "should be one of {allowed}, got {actual}",
    ),
    "template.bad_id": (
        "编号只能由小写字母、数字、连字符和下划线组成（如 ai-labs），实际为 {actual}",
        "an id may hold only lower-case letters, digits, hyphens and underscores "
        "(e.g. ai-labs), got {actual}",
    ),
    "template.boolean_id": (
        "指标编号 {actual} 会被电子表格当作逻辑值 {shown}（公式按编号查找各月填报）；"
        "请另取一个编号",
        "a spreadsheet reads the goal id {actual} as the logical value {shown} (formulas find "
        "the monthly figures by the id); choose another id",
    ),
    "template.duplicate_id": (
        "编号 {actual} 已用过；每个编号只能用一次",
        "the id {actual} is already used; each id must be unique",
    ),
    "template.bad_prefix": (
        "编号前缀只能由大写字母和数字组成（如 LAB），实际为 {actual}",
        "an item-number prefix may hold only capital letters and digits (e.g. LAB), got {actual}",
    ),
    "template.start_day": (
        "应为某月的 1 日，实际为 {actual}",
        "should be the first day of a month, got {actual}",
    ),
    "template.end_day": (
        "应为某月的最后一天，实际为 {actual}",
        "should be the last day of a month, got {actual}",
    ),
    "template.period_range": (
        "应在 {earliest} 到 {latest} 之间（电子表格能计算的日期），实际为 {actual}",
        "should fall between {earliest} and {latest} (dates every spreadsheet computes "
        "with), got {actual}",
    ),
    "template.end_before_start": (
        "应晚于开始日期 {start}",
        "should come after the start date {start}",
    ),
    "template.thresholds": (
        "应满足 0 ≤ on_track_gap ≤ behind_gap ≤ 1，实际为 {on_track} 和 {behind}",
        "should satisfy 0 ≤ on_track_gap ≤ behind_gap ≤ 1, got {on_track} and {behind}",
    ),
    "template.positive": ("应大于 0，实际为 {actual}", "should be more than 0, got {actual}"),
    "template.stage_precision": (
        "阶段“{stage}”累计权重 {weight} 按 precision（{precision} 位小数）取整后与前一阶段"
        "相同（或为 0），简报和完成值分不出它；请把权重改大，或写 precision = {needed}",
        "the stage “{stage}” weighs {weight} in all, which rounded to the goal's precision "
        "({precision:~decimal|decimals}) is no more than the stage before (or 0): the figures "
        "cannot tell it was reached; give it more weight, or write precision = {needed}",
    ),
    "template.stage_weight": (
        "阶段“{stage}”累计权重 {weight} 即使按 precision 最多的 {limit} 位小数取整也与前一阶段"
        "相同（或为 0），简报和完成值分不出它；请把权重改大",
        "the stage “{stage}” weighs {weight} in all, which even rounded to {limit} decimals "
        "(the most precision allows) is no more than the stage before (or 0): the figures "
        "cannot tell it was reached; give it more weight",
    ),
    "template.target_precision": (
        "目标值 {actual} 的小数位多于 precision（{precision} 位）："
        "完成值按 {precision} 位小数取整，目标却要 {needed} 位；"
        "请写 precision = {needed}，或把目标值改为 {precision} 位小数",
        "the target {actual} has more decimals than the goal's precision ({precision}): the "
        "figures are rounded to {precision}, the target needs {needed}; write precision = "
        "{needed}, or give a target of {precision:~decimal|decimals}",
    ),
    "template.target_digits": (
        "目标值 {actual} 的小数位多于 {limit} 位（precision 最多 {limit}）；请把目标值改为不超过 "
        "{limit} 位小数",
        "the target {actual} has more than {limit} decimals (the most precision allows); "
        "give it at most {limit}",
    ),
    "template.precision": (
        "应为 0 到 6 之间的整数，实际为 {actual}",
        "should be a whole number from 0 to 6, got {actual}",
    ),
    "template.unknown_ref": (
        "没有编号为 {actual} 的{what}；可用：{allowed}",
        "there is no {what} with the id {actual}; known: {allowed}",
    ),
    "template.unknown_ref_none": (
        "没有编号为 {actual} 的{what}：模板中还没有{what}，请加上 [[{table}]]",
        "there is no {what} with the id {actual}: the template has none yet; add a "
        "[[{table}]] table",
    ),
    "template.what_register": ("登记表", "register"),
    "template.what_category": ("领域", "category"),
    "template.what_column": ("列", "column"),
    "template.not_choice": (
        "“{column}”不是选择列；at_least 和等值条件只能用于选择列",
        "“{column}” is not a choice column; at_least and equality need a choice column",
    ),
    "template.not_date": (
        "“{column}”不是日期列；from/to 条件只能用于日期列",
        "“{column}” is not a date column; from/to need a date column",
    ),
    "template.not_number": (
        "“{column}”不是数字列；求和只能用于数字列",
        "“{column}” is not a number column; a sum needs a number column",
    ),
    "template.bad_condition": (
        '条件应为选项文本、{{ at_least = "…" }} 或 {{ from = 日期, to = 日期 }}，实际为 {actual}',
        'a condition should be a choice, {{ at_least = "…" }} or {{ from = date, to = date }}, '
        "got {actual}",
    ),
    "template.one_at_least": (
        "每项指标最多只能有一个 at_least 条件",
        "a goal may have at most one at_least condition",
    ),
    "template.one_date_range": (
        "每项指标最多只能有一个日期范围条件",
        "a goal may have at most one date-range condition",
    ),
    "template.range_order": (
        "起日 {start} 晚于止日 {end}",
        "the start {start} comes after the end {end}",
    ),
    "template.unknown_choice": (
        "{actual} 不是“{column}”的选项；可选：{allowed}",
        "{actual} is not a choice of “{column}”; choices: {allowed}",
    ),
    "template.bad_choice": (
        "选项 {actual} 不能以 = < > 开头、不能含 * ? ~、不能是数字，"
        "也不能与列名相同（公式会把它当成条件）",
        "the choice {actual} may not start with = < >, contain * ? ~, be a number or equal a "
        "header (formulas would read it as a condition)",
    ),
    "template.long_choice": (
        "选项太长：最多 {limit} 个字符（公式的条件只能这么长），实际为 {actual} 个",
        "the choice is too long: at most {limit} characters (what a formula's condition "
        "holds), got {actual}",
    ),
    "template.duplicate_stage": (
        "阶段名 {actual} 重复（不区分大小写和全角半角）；完成进度按阶段名计算，每个阶段须各有其名",
        "the stage name {actual} appears twice (ignoring case and width); progress is computed "
        "by the stage's name, so each stage needs its own",
    ),
    "template.duplicate_choice": (
        "选项 {actual} 重复（不区分大小写和全角半角）",
        "the choice {actual} appears twice (ignoring case and width)",
    ),
    "template.choice_other_language": (
        "选项 {actual} 也是另一个选项在另一种语言中的名称；填写时无法分辨是哪一个",
        "the choice {actual} is also another choice's name in the other language; what "
        "people type could not be told apart",
    ),
    "template.choices_en": (
        "英文选项应与中文选项一样多（{count} 个）",
        "there should be as many English choices as Chinese ones ({count})",
    ),
    "template.no_choices": ("选择列至少要有一个选项", "a choice column needs at least one choice"),
    "template.choices_only": (
        '只有选择列（type = "choice"）才能有 {key}',
        'only a choice column (type = "choice") may have {key}',
    ),
    "template.check_text_only": (
        'check = "{check}" 只能用于文本列（type = "text"）',
        'check = "{check}" works on text columns only (type = "text")',
    ),
    "template.width": (
        "列宽应大于 0、不超过 {limit}，实际为 {actual}",
        "a column width should be more than 0 and at most {limit}, got {actual}",
    ),
    "template.minimum_only": (
        "只有数字列才能有 minimum",
        "only a number column may have minimum",
    ),
    "template.no_goals": (
        "模板中没有指标；请至少写一个 [[goals]]（见 docs/templates.md）",
        "the template has no goals; write at least one [[goals]] (docs/templates.md)",
    ),
    "template.no_key": (
        "至少要有一列 required = true（作为条目名称）",
        "at least one column needs required = true (the item's name)",
    ),
    "template.bad_sheet": (
        "工作表名 {actual} 不可用：{rule}",
        "the sheet name {actual} cannot be used: {rule}",
    ),
    "sheet_rule.blank": ("不能为空", "it may not be blank"),
    "sheet_rule.long": ("不能超过 31 个字", "it may not be longer than 31 characters"),
    "sheet_rule.forbidden": (
        "不能含 [ ] : * ? / \\ 中的任何一个",
        "it may not contain any of [ ] : * ? / \\",
    ),
    "sheet_rule.quote": (
        "不能含引号（' 或 \"）",
        "it may not contain a quote (' or \")",
    ),
    "sheet_rule.history": (
        "不能叫 History（Excel 保留的名字）",
        "it may not be History (Excel keeps that name)",
    ),
    "sheet_rule.underscore": (
        "不能以 _ 开头（工具自用的隐藏表以 _ 开头）",
        "it may not start with _ (the tool's own hidden sheets do)",
    ),
    "template.sheet_clash": (
        "工作表名 {actual} 与另一张表重名",
        "the sheet name {actual} is already taken by another sheet",
    ),
    "template.header_clash": (
        "列名 {actual} 在本登记表中重复（不区分大小写和全角半角）",
        "the header {actual} appears twice in this register (ignoring case and width)",
    ),
    "template.deadline": (
        "应在考核期内（{start} 至 {end}），实际为 {actual}",
        "should fall within the period ({start} to {end}), got {actual}",
    ),
    "template.kind_needs": ("{kind} 类指标需要 {key}", "a {kind} goal needs {key}"),
    "template.kind_forbids": ("{kind} 类指标不用 {key}", "a {kind} goal does not take {key}"),
    "template.baseline_only_lower": (
        '只有 comparator 为 "<=" 或 "<"（越低越好）的指标才有 baseline',
        'only a goal whose comparator is "<=" or "<" (lower is better) has a baseline',
    ),
    "template.lower_value_only": (
        '"<=" 和 "<" 只能用于 value 类指标（月度填报的数值）；{kind} 类指标只增不减',
        '"<=" and "<" are for value goals (figures reported monthly); a {kind} goal only grows',
    ),
    "template.baseline_above": (
        "起点值应高于目标值 {target}（越低越好的指标从起点降到目标）",
        "the baseline should be above the target {target} (a lower-is-better goal comes "
        "down from it to the target)",
    ),
    "template.milestone_target": (
        '里程碑的目标值应为 1、比较符应为 ">="',
        'a milestone\'s target should be 1 and its comparator ">="',
    ),
    "template.no_stages": ("里程碑至少要有一个阶段", "a milestone needs at least one stage"),
    "template.weights": (
        "各阶段权重应都大于 0 且合计为 1，实际合计为 {actual}",
        "stage weights should each be more than 0 and add up to 1, got {actual}",
    ),
    "template.plan_month": (
        '月份应写成考核期内的 "YYYY-MM"，实际为 {actual}',
        'a month should be written "YYYY-MM" within the period, got {actual}',
    ),
    "template.plan_fraction": (
        "累计计划应在 0 到 1 之间，实际为 {actual}",
        "a cumulative plan should be between 0 and 1, got {actual}",
    ),
    "template.plan_decreasing": (
        "累计计划不能下降，{month} 比前一个月份少",
        "a cumulative plan cannot go down; {month} is less than the month before",
    ),
    "template.plan_end": (
        "累计计划最后一个月应为 1（100%），且不晚于截止日期所在月份",
        "a cumulative plan should end at 1 (100%), no later than the deadline's month",
    ),
    # --- tracker remind and sending forms -------------------------------------------------
    "config.unit_name": (
        "单位名称 {actual} 为空或含有换行等控制字符",
        "the unit name {actual} is blank or holds a line break or another control character",
    ),
    "config.unit_twice": (
        "与 units.{other} 是同一个单位（名称比较时不计空格、全角半角和大小写）：请合成一项",
        "is the same unit as units.{other} (names are compared ignoring spaces, full and "
        "half width and case): make them one entry",
    ),
    "config.unit_addresses": (
        '应为一个邮件地址或地址列表（如 "kjj@example.gov.cn" 或 ["甲 <a@example.gov.cn>", '
        '"b@example.gov.cn"]），实际为 {actual}',
        'should be one mail address or a list of them (such as "kjj@example.gov.cn" or '
        '["A <a@example.gov.cn>", "b@example.gov.cn"]), got {actual}',
    ),
    "unitmail.no_units": (
        "邮件设置文件 {path} 中没有 [units] 表：按 docs/email.md 为每个牵头单位写上邮件地址，"
        '如 "区科技创新局" = "kjj@example.gov.cn"',
        "the mail settings file {path} has no [units] table: give each lead unit its address "
        'as docs/email.md shows, such as "区科技创新局" = "kjj@example.gov.cn"',
    ),
    "unitmail.force_needs_send": (
        "--force 只能与 --send 一起用（再发已经发过的邮件）",
        "--force goes with --send only (to send a letter already sent)",
    ),
    "unitmail.bad_record": (
        "发送记录 {path} 已损坏，无法读取（{detail}）；它记着哪些单位已收到信。请从备份恢复它，"
        "或按 UTF-8 修好；只有确认一封信都没发出时才可删除它，否则会有单位收到两次",
        "the record of letters sent {path} is damaged ({detail}); it records which units "
        "have had their letters. Restore it from a backup or mend it (UTF-8); delete it only "
        "if you are sure no letter went out, or a unit will get its letter twice",
    ),
    "unitmail.busy": (
        "{path} 正由另一个 tracker forms --send 或 tracker remind --send 使用，等了 {wait} 秒"
        "仍未结束；请等它完成后再运行",
        "{path} is in use by another tracker forms --send or tracker remind --send, which did "
        "not finish within {wait} s; run again when it has finished",
    ),
    "unitmail.recipient_refused": (
        "邮件服务器拒绝了收件人（{recipients}）；检查 tracker.toml 的 [units] 中这个单位的地址，"
        "这封邮件未发送给任何人",
        "the mail server refused recipients ({recipients}); check this unit's addresses in "
        "[units] of tracker.toml. Nothing was sent to anyone",
    ),
    "unitmail.partly_sent": (
        "邮件服务器每封邮件只收一部分收件人，这封邮件已分批发送给 {served}，之后的一批未能发出："
        "{reason}。未收到的 {missed} 已记下：排除原因后再运行同一命令，只发给他们",
        "the mail server takes only some recipients per message; this letter went in parts "
        "to {served}, then the next part failed: {reason}. Those without it ({missed}) are "
        "on record: clear the cause and run the same command again, which sends to them alone",
    ),
    "unitmail.log_line": ("{unit}：{line}", "{unit}: {line}"),
    "unitmail.header": ("邮件（记录在 {path}）：", "Mail (recorded in {path}):"),
    "unitmail.sent": ("{unit}：已发送给 {recipients}", "{unit}: sent to {recipients}"),
    "unitmail.rest": (
        "{unit}：已发送给上次没有收到的 {recipients}",
        "{unit}: sent to {recipients}, whom the last send did not reach",
    ),
    "unitmail.already": (
        "{unit}：同一封邮件已于 {time} 发送给 {recipients}，没有重发（确需再发加 --force）",
        "{unit}: the same letter went to {recipients} at {time}, so it was not sent again "
        "(add --force to send it again)",
    ),
    "unitmail.failed": ("{unit}：{message}", "{unit}: {message}"),
    "unitmail.answered": (
        "{unit}：原位置上已是该单位交回的表，新表没有发送",
        "{unit}: its answer stands where its form goes, so the new form was not sent",
    ),
    "unitmail.no_address": (
        "{path} 的 [units] 中没有这 {count} 个单位的地址，没有发给它们：{units}；"
        "补上地址后再运行同一命令（已收到的单位不会重复收到）",
        "[units] in {path} has no address for these {count:~unit|units}, so nothing went to them: "
        "{units}; add their addresses and run the same command again (units that have it "
        "will not get it twice)",
    ),
    "unitmail.not_tried": (
        "发送在上一个单位处中止，这 {count} 个单位没有发送：{units}",
        "sending stopped at the unit before, so these {count:~unit|units} were not sent to: "
        "{units}",
    ),
    "unitmail.strangers": (
        "{path} 的 [units] 中有不是牵头单位的名称：{names}（名称写错了，或已不再牵头？）",
        "[units] in {path} names units that lead no goal: {names} (a typo, or a unit that no "
        "longer leads one?)",
    ),
    "unitmail.not_all": (
        "{left} 个单位没有收到（见上文），{done} 个已收到；排除原因后再运行同一命令，"
        "已收到的不会重复收到",
        "{left:~unit|units} did not get it (see above), {done} did; clear the cause and run the "
        "same command again: nobody gets it twice",
    ),
    "unitmail.unresolved_left": (
        "{count} 个单位上次的邮件未能确认是否送达（见上文）：先向它们核实，"
        "确未收到时加 --force 重发",
        "the last letter to {count:~unit|units} was never confirmed (see above): ask them first, "
        "and if it did not arrive, add --force to send it again",
    ),
    "unitmail.form_subject": (
        "{title}：{unit}{month}填报表（请于 {due} 前交回）",
        "{title}: {unit}'s return form for {month} (due {due})",
    ),
    "unitmail.form_text": (
        "{unit}：\n\n"
        "附件是贵单位{month}的填报表（{file}），请于 {due} 前填好交回。\n\n"
        "表中只有贵单位负责的指标、条目、月度数字和里程碑；第一张“说明”表写明要填什么、怎么填。"
        "请直接在这份表上填写，不要改动表名和表头，保存后把文件交回。\n"
        "{ask}\n\n"
        "（{title}，本邮件由 tracker 自动发送）\n",
        "To {unit},\n\n"
        "Attached is your return form for {month} ({file}). Please fill it in and send it "
        "back by {due}.\n\n"
        "It holds only your part: your goals, their items, your monthly figures and "
        "milestones; its first sheet, the guide, says what to fill and how. Fill in this "
        "form itself, without renaming its sheets or headers, and send the saved file back.\n"
        "{ask}\n\n({title}; sent by tracker)\n",
    ),
    "unitmail.ask": ("有问题请联系：{contact}。", "Questions: {contact}."),
    "unitmail.ask_reply": ("有问题请直接回复本邮件。", "Questions: reply to this message."),
    "unitmail.due": ("（交回期限 {due}）", " (due {due})"),
    "unitmail.reminder_subject": (
        "【催报】{title}：{unit}{month}填报表",
        "Reminder: {title}: {unit}'s return form for {month}",
    ),
    "unitmail.missing_text": (
        "{unit}：\n\n"
        "我们还没有收到贵单位{month}的填报表{due}。请尽快填好交回。\n"
        "{ask}\n\n"
        "（{title}，本邮件由 tracker 自动发送）\n",
        "To {unit},\n\n"
        "We have not yet received your return form for {month}{due}. Please fill it in and "
        "send it back as soon as you can.\n{ask}\n\n"
        "({title}; sent by tracker)\n",
    ),
    "unitmail.rejected_text": (
        "{unit}：\n\n"
        "贵单位交回的{month}填报表（{file}）没有并入总表，已退回，原因：\n{reason}\n\n"
        "请在这份表上逐条改正后重新交回{due}。\n"
        "{ask}\n\n"
        "（{title}，本邮件由 tracker 自动发送）\n",
        "To {unit},\n\n"
        "The return form for {month} you sent back ({file}) was not merged into the master "
        "and is returned to you, because:\n{reason}\n\n"
        "Please correct it and send it back{due}.\n{ask}\n\n"
        "({title}; sent by tracker)\n",
    ),
    "remind.is_form": (
        "{path} 是{unit}的填报表：催报要对总表运行 tracker remind",
        "{path} is the form of {unit}: run tracker remind on the master",
    ),
    "remind.header": (
        "{month}应交回填报表的 {total} 个单位中，有 {count} 个未交回或被退回{due}：",
        "{count} of the {total:~unit|units} due to return their form for {month} have not, or "
        "were rejected{due}:",
    ),
    "remind.never_collected": (
        "总表里还没有{month}填报表的收回记录（tracker collect 尚未并入或退回过这个月的任何一份），"
        "各单位都按未交回计",
        "the master holds no record of returns for {month} yet (tracker collect has merged or "
        "rejected none for it), so every unit counts as missing",
    ),
    "remind.missing": ("{unit}：未交回", "{unit}: missing"),
    "remind.rejected": ("{unit}：被退回（{file}）", "{unit}: rejected ({file})"),
    "remind.none": (
        "{month}应交回填报表的 {total} 个单位都已交回",
        "all {total:~unit|units} due to return their form for {month} have",
    ),
    "remind.outstanding": (
        "有 {count} 个单位未交回或被退回；加 --send 给它们发催报邮件"
        "（地址见 tracker.toml 的 [units]）",
        "{count:~unit|units} have not returned their form, or were rejected; add --send to email "
        "each a reminder (addresses in [units] of tracker.toml)",
    ),
}


def merged(*parts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The texts of several modules as one table; a key defined twice is a mistake."""
    result: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = sorted(result.keys() & part.keys())
        if twice:
            raise ValueError(f"texts defined twice: {', '.join(twice)}")
        result |= part
    return result


# The brief's and the mail's words are kept in modules of their own (tracker.texts).
TEXTS = merged(TEXTS, REPORT_TEXTS, MAIL_TEXTS, DATA_TEXTS, CLOSE_TEXTS, CARRY_TEXTS)


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_words(month: date, lang: Lang) -> str:
    """2025年6月, or June 2025."""
    if lang == "zh":
        return f"{month.year}年{month.month}月"
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"
