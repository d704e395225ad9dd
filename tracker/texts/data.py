"""The words of the data out (``tracker.data``): the tables' titles and what each column
holds, in Chinese and English, for the README an export writes beside its files."""

from __future__ import annotations

DATA_TEXTS: dict[str, tuple[str, str]] = {
    # --- the tables ----------------------------------------------------------------------
    "data.table.goals": ("目标完成情况", "Goals"),
    "data.table.register": ("登记表：{name}", "Register: {name}"),
    "data.table.history": (
        "月度历史（每月每项目标一行）",
        "Monthly history (a row per goal per month)",
    ),
    "data.table.changes": (
        "条目变化（每月每个条目一行）",
        "Item changes (a row per item per month)",
    ),
    "data.table.problems": ("填写问题", "Problems in what was entered"),
    # --- the columns -------------------------------------------------------------------
    "data.field.id": ("目标编号", "the goal's id"),
    "data.field.name": ("目标名称", "the goal's name"),
    "data.field.category": ("目标类别", "the goal's category"),
    "data.field.unit": ("计量单位", "the unit"),
    "data.field.target": ("目标值", "the target"),
    "data.field.comparator": (
        "目标的比较方式：>= 为“以上”，> 为“超”，<= 与 < 为压降目标",
        "how the target is met: >= at least, > more than, <= and < for a goal to bring down",
    ),
    "data.field.baseline": (
        "压降目标的起点（其余为 0）",
        "where a goal to bring down starts (else 0)",
    ),
    "data.field.actual": ("实际完成值", "the actual figure"),
    "data.field.completion": (
        "完成率：实际值 ÷ 目标值（压降目标为从起点降到目标已走的比例）",
        "completion: actual ÷ target (for a goal to bring down, the share of the way from the "
        "baseline to the target)",
    ),
    "data.field.expected": ("序时进度应达到的值", "what the plan expects by now"),
    "data.field.plan": ("序时进度（计划累计比例）", "the plan's cumulative fraction"),
    "data.field.gap": (
        "与序时进度的差距（占目标值的比例，压降目标占从起点到目标的跨度；正数为落后）",
        "the gap to the plan, as a fraction of the target (of the span from the baseline for "
        "a goal to bring down; positive: behind)",
    ),
    "data.field.status": (
        "状态：done 已完成，on_track 正常推进，behind 滞后，critical 严重滞后",
        "status: done, on_track, behind, critical (far behind)",
    ),
    "data.field.lead": ("牵头单位", "the lead unit"),
    "data.field.partners": ("配合单位", "the partner units"),
    "data.field.deadline": ("完成期限", "the deadline"),
    "data.field.month": ("月份（YYYY-MM）", "the month (YYYY-MM)"),
    "data.field.as_of": ("该月的统计截止日期（月末）", "the month's as-of date (its last day)"),
    "data.field.goal": ("目标编号", "the goal's id"),
    "data.field.target_in_force": ("当月适用的目标值", "the target in force that month"),
    "data.field.recomputed": (
        "该月在后续月份之后重算的日期（空：按时记录）",
        "the day the month was recorded again after later months (empty: recorded in time)",
    ),
    "data.field.register": ("登记表编号", "the register's id"),
    "data.field.item_id": ("条目编号（编号）", "the item's number"),
    "data.field.kind": (
        "变化：added 新增，removed 删除，stage 阶段变化，renamed 改名",
        "what happened: added, removed, stage (moved to another stage), renamed",
    ),
    "data.field.item_name": ("条目名称", "the item's name"),
    "data.field.before": ("变化前（阶段或名称）", "before: the stage or the name"),
    "data.field.after": ("变化后（阶段或名称）", "after: the stage or the name"),
    "data.field.code": ("问题代码", "the problem's code"),
    "data.field.place": ("位置（工作表!单元格）", "where: sheet!cell"),
    "data.field.severity": (
        "error 错误（需改正）或 warning 提示",
        "error (to be fixed) or warning",
    ),
    "data.field.message": ("说明", "the message"),
    "data.field.item_no": ("编号（由工具分配）", "the item number, given by the tool"),
    "data.field.column": ("登记表中的列：{header}", "the register's column {header}"),
    "data.field.own_column": ("自行添加的列：{header}", "a column people added: {header}"),
    "data.own_column": ("{letter}列", "column {letter}"),
    # --- the export ----------------------------------------------------------------------
    "data.kind.text": ("文本", "text"),
    "data.kind.number": ("数值", "number"),
    "data.kind.date": ("日期（YYYY-MM-DD）", "date (YYYY-MM-DD)"),
    "data.kind.choice": ("选项：{choices}", "choice: {choices}"),
    "data.readme.title": ("{title}：数据导出", "{title}: data export"),
    "data.readme.intro": (
        "由 tracker {version} 从 {workbook} 导出，统计截止日期 {as_of}。数值均为工具按登记表和"
        "填报重新计算所得（不采信缓存值），与 tracker status --json 一致。"
        "CSV 文件为 UTF-8 编码（带 BOM，Excel 可直接打开），日期为 YYYY-MM-DD。",
        "Exported by tracker {version} from {workbook}, as of {as_of}. Every figure is computed "
        "by the tool from the registers and the monthly entries (cached values are never "
        "used), as tracker status --json gives them. CSV files are UTF-8 with a BOM (Excel "
        "opens them as they are); dates are YYYY-MM-DD.",
    ),
    "data.readme.section": (
        "{file}：{title}（共 {count} 行）",
        "{file}: {title} ({count:~row|rows})",
    ),
    "data.readme.columns": ("| 列 | 类型 | 含义 |", "| column | type | meaning |"),
    "data.readme.problems": (
        "注意：工作簿中有 {count} 处填写问题，见 problems 表。",
        "Note: the workbook has {count:~problem|problems} in what was entered; see the "
        "problems table.",
    ),
    "export.done": ("已导出 {count} 个表到 {folder}", "{count:~table|tables} exported to {folder}"),
    "export.exists": (
        "{path} 已存在且不是导出文件夹：请换一个 --out 文件夹",
        "{path} exists and is not an export folder: choose another --out folder",
    ),
    # --- the roll-up -------------------------------------------------------------------
    "rollup.unreadable": ("无法读取：{reason}", "could not be read: {reason}"),
    "rollup.errors": (
        "有 {count} 处填写错误，未计入合计",
        "{count:~error|errors} in what was entered: left out of the totals",
    ),
    "rollup.other_month": (
        "截至 {month}，与汇总月份 {rollup} 不同，未计入合计",
        "as of {month}, not {rollup}: left out of the totals",
    ),
    "rollup.form": (
        "是{unit}的填报表，不是总表，未计入合计；请汇总总表（填报表由 tracker collect 并入总表）",
        "the form of {unit}, not a master workbook: left out of the totals; roll up the "
        "master (tracker collect merges the forms into it)",
    ),
    "rollup.copy": (
        "是 {path} 的副本（同一本工作簿，只计统计截止日期最晚的一本），未计入合计；"
        "如果它其实是另一个区复制来改填的，请用 tracker init 为该区新建工作簿，再把登记内容贴过去",
        "a copy of {path} (the same workbook, counted once: the one as of the latest date): "
        "left out of the totals; if it is another district's, made by copying this one, "
        "make that district a workbook of its own with tracker init and paste its items in",
    ),
    "rollup.counted": ("计入合计", "in the totals"),
    "rollup.yes": ("是", "yes"),
    "rollup.no": ("否", "no"),
    "rollup.title": ("{count} 本工作簿汇总", "Roll-up of {count:~workbook|workbooks}"),
    "rollup.month": ("截至{month}", "As of {month}"),
    "rollup.headline": (
        "{counted} 本工作簿计入合计{others}。",
        "{counted:~workbook is|workbooks are} in the totals{others}.",
    ),
    "rollup.headline_others": ("；{count} 本另列（见下）", "; {count} stand apart (below)"),
    "rollup.sheet.summary": ("汇总", "Summary"),
    "rollup.sheet.compare": ("对比", "Side by side"),
    "rollup.sheet.status": ("状态统计", "Statuses"),
    "rollup.sheet.trend": ("趋势", "Trend"),
    "rollup.sheet.workbooks": ("工作簿", "Workbooks"),
    "rollup.sheet.problems": ("问题", "Problems"),
    "rollup.sheet.detail": ("明细", "Detail"),
    "rollup.sheet.history": ("历史明细", "History detail"),
    "rollup.group": (
        "{title}（模板 {template}）：{counted} 本工作簿计入合计",
        "{title} (template {template}): {counted:~workbook|workbooks} in the totals",
    ),
    "rollup.group_no_totals": (
        "{title}（模板 {template}）：{count} 本工作簿，可计入合计的不足两本，不计合计",
        "{title} (template {template}): {count:~workbook|workbooks}, fewer than two to count: "
        "no totals",
    ),
    "rollup.summed_note": (
        "合计只对计数和求和类、单位相同的目标计算；里程碑、比例等目标只统计各状态的工作簿数。"
        "合计与统计均为公式，按“明细”表计算。",
        "Totals are of count and sum goals in one unit only; milestones, percentages and "
        "the like show how many workbooks stand at each status. Totals and counts are "
        "formulas over the Detail sheet.",
    ),
    "rollup.col.label": ("工作簿", "Workbook"),
    "rollup.col.file": ("文件", "File"),
    "rollup.col.template": ("模板", "Template"),
    "rollup.col.as_of": ("统计截止日期", "As of"),
    "rollup.col.standing": ("说明", "Note"),
    "rollup.col.errors": ("错误", "Errors"),
    "rollup.col.warnings": ("提示", "Warnings"),
    "rollup.col.goal_id": ("目标编号", "Goal id"),
    "rollup.col.goal": ("目标", "Goal"),
    "rollup.col.unit": ("单位", "Unit"),
    "rollup.col.target": ("目标值", "Target"),
    "rollup.col.baseline": ("起点", "Baseline"),
    "rollup.col.actual": ("实际值", "Actual"),
    "rollup.col.expected": ("序时应达", "Expected by now"),
    "rollup.col.completion": ("完成率", "Completion"),
    "rollup.col.status": ("状态", "Status"),
    "rollup.col.lead": ("牵头单位", "Lead unit"),
    "rollup.col.month": ("月份", "Month"),
    "rollup.col.workbooks": ("工作簿数", "Workbooks"),
    "rollup.col.total": ("合计", "Total"),
    "rollup.col.place": ("位置", "Place"),
    "rollup.col.severity": ("类别", "Severity"),
    "rollup.col.message": ("说明", "Message"),
    "rollup.total_target": ("合计目标值", "Total target"),
    "rollup.total_actual": ("合计实际值", "Total actual"),
    "rollup.total_expected": ("合计序时应达", "Total expected"),
    "rollup.by_workbook": (
        "各工作簿目标状态（滞后多者在前）",
        "Goals by status, per workbook (most behind first)",
    ),
    "rollup.by_unit": (
        "各牵头单位目标状态（计入合计的工作簿，滞后多者在前）",
        "Goals by status, per lead unit (workbooks in the totals; most behind first)",
    ),
    "rollup.trend_actual": (
        "合计实际值（按月，来自各工作簿的月度历史）",
        "Total actual, month by month (from each workbook's history)",
    ),
    "rollup.trend_completion": ("合计完成率（按月）", "Total completion, month by month"),
    "rollup.trend_chart": ("合计完成率", "Total completion"),
    "rollup.compare_note": (
        "各工作簿的完成率，底色为状态；标注“未计入”的工作簿不在合计中。"
        "红字的目标值各工作簿不同，各自的目标见“明细”表。",
        "Each workbook's completion, coloured by status; those marked 'not counted' are "
        "not in the totals. A target in red differs between the workbooks: each one's is on "
        "the Detail sheet.",
    ),
    "rollup.targets_differ": ("各不相同：{targets}", "differs: {targets}"),
    "rollup.not_counted": ("{label}（未计入）", "{label} (not counted)"),
    "rollup.severity.error": ("错误", "error"),
    "rollup.severity.warning": ("提示", "warning"),
    "rollup.written": (
        "已汇总 {count} 本工作簿：{workbook}；简报：{brief}",
        "{count:~workbook|workbooks} rolled up: {workbook}; brief: {brief}",
    ),
    "rollup.left_out": ("{label}：{why}", "{label}: {why}"),
    "rollup.no_workbooks": (
        "{path} 中没有 .xlsx 工作簿：请给出工作簿或含工作簿的文件夹",
        "{path} holds no .xlsx workbook: give workbooks or folders that hold them",
    ),
    "rollup.only_subfolders": (
        "{path} 中没有 .xlsx 工作簿，只有子文件夹 {folders}："
        "请给出子文件夹，例如 tracker rollup {path}/子文件夹名",
        "{path} holds no .xlsx workbook, only the folders {folders}: give those folders, "
        "as in tracker rollup {path}/FOLDER",
    ),
    "rollup.subfolder": (
        "未读取子文件夹 {path}（其中有 {count} 本工作簿）；如需汇总，请把它也写在命令中",
        "the folder {path} was not read ({count:~workbook|workbooks} in it); to roll them "
        "up, name it on the command line too",
    ),
    "rollup.out_is_input": (
        "{path} 是要汇总的工作簿之一，不能作为汇总输出：请用 --out 另指定文件名",
        "{path} is one of the workbooks to roll up, so the roll-up cannot be written there: "
        "name another file with --out",
    ),
    "rollup.labels_mismatch": (
        "给出了 {labels} 个 --label，但有 {files} 个工作簿：每个工作簿一个 --label，顺序相同",
        "{labels:~--label was|--labels were} given for {files:~workbook|workbooks}: give one "
        "--label per workbook, in the same order",
    ),
    "rollup.list_unread": (
        "无法读取清单 {path}（{reason}）：清单每行一个工作簿路径，可在逗号后写标签",
        "cannot read the list {path} ({reason}): a list has a workbook's path on each line, "
        "with a label after a comma if wanted",
    ),
    # --- the roll-up brief -----------------------------------------------------------
    "rollup.brief.totals": ("{title}：合计", "{title}: totals"),
    "rollup.brief.col_goal": ("目标", "Goal"),
    "rollup.brief.col_total": ("合计", "Total"),
    "rollup.brief.col_spread": ("各工作簿状态", "Workbooks by status"),
    "rollup.brief.figures": ("{actual} / {target}", "{actual} / {target}"),
    "rollup.brief.covers": (
        "（{of} 本中的 {count} 本）",
        "({count} of {of:~workbook|workbooks})",
    ),
    "rollup.brief.share": (
        "完成 {share}，序时应达 {expected}",
        "{share} done; {expected} expected by now",
    ),
    "rollup.brief.workbooks": ("各工作簿", "By workbook"),
    "rollup.brief.units": ("各牵头单位", "By lead unit"),
    "rollup.brief.left_out": ("未计入合计的工作簿", "Workbooks not in the totals"),
    "rollup.brief.apart": (
        "无合计的工作簿（所用模板只有这一本）",
        "Workbooks without totals (the only one of their template)",
    ),
    "rollup.brief.problem_more": (
        "另有 {count} 处问题，见汇总工作簿的“问题”表",
        "and {count:~more problem|more problems}: see the Problems sheet of the roll-up workbook",
    ),
    "rollup.brief.footer": (
        "由 tracker 按各工作簿中的输入计算（不采信缓存值）；明细与公式见附件 {workbook}。",
        "Computed by tracker from what each workbook holds (cached results are never used); "
        "details and formulas in {workbook}.",
    ),
    "rollup.some_left_out": (
        "{count} 本工作簿无法读取、有填写错误，或是填报表、副本，已列出并未计入合计"
        "（见汇总工作簿的“问题”表）",
        "{count:~workbook|workbooks} could not be read, had errors, or were a unit's form or a "
        "copy: listed, and left out of the totals (see the Problems sheet of the roll-up "
        "workbook)",
    ),
    "rollup.out_exists": (
        "{path} 已存在，且不是汇总写下的文件：请用 --out 另指定文件名",
        "{path} exists and was not written by a roll-up: name another file with --out",
    ),
    "rollup.alone": (
        "所用模板只有这一本工作簿，无合计",
        "the only workbook of its template: no totals",
    ),
    "rollup.no_month": (
        "没有截至 {month} 的工作簿，未写汇总；各工作簿截至 {months}",
        "no workbook is as of {month}, so no roll-up was written; the workbooks are as of {months}",
    ),
    "rollup.none_readable": (
        "{count} 个文件都无法读取或是填报表，未写汇总；第一个 {path}：{reason}",
        "none of the {count:~file|files} could be read as a master workbook, so no roll-up was "
        "written; the first, {path}: {reason}",
    ),
    "rollup.none_readable_named": (
        "{count} 个文件都无法读取或是填报表，未写汇总；第一个：{reason}",
        "none of the {count:~file|files} could be read as a master workbook, so no roll-up was "
        "written; the first: {reason}",
    ),
    "rollup.list_not_utf8": (
        "无法识别清单 {path} 的编码：请在 Excel 中另存为“CSV UTF-8”，或在记事本中另存为 UTF-8",
        "the list {path} is in an encoding not known: save it from Excel as 'CSV UTF-8', or "
        "from Notepad as UTF-8",
    ),
    "rollup.list_is_zip": (
        "{path} 不是清单，而是工作簿或其他压缩文件：如果是工作簿，请把文件名改回 .xlsx",
        "{path} is no list but a workbook or another zip: if it is a workbook, give it back "
        "its .xlsx name",
    ),
    "rollup.list_in_list": (
        "{path} 第 {line} 行列出的 {listed} 也是一份清单，而清单中只能列工作簿或文件夹；"
        "请把它也写在命令行上，或把它列的工作簿抄进来",
        "line {line} of {path} names {listed}, another list, where a list names workbooks "
        "and folders only; give it on the command line too, or copy its lines into this one",
    ),
    "rollup.repeated": (
        "{path} 给出了不止一次，只计一次",
        "{path} was given more than once: counted once",
    ),
    "rollup.skipped_rollup": (
        "{path} 是汇总工作簿，不计入",
        "{path} is a roll-up workbook: not rolled up",
    ),
    "export.unwritable": (
        "无法写入 {path}（{reason}）；若该文件正在 Excel 或 WPS 中打开，请关闭后重试",
        "cannot write {path} ({reason}); if it is open in Excel or WPS, close it and try again",
    ),
    "export.formula_like": (
        "提醒：{count} 处文字以 = + - @ 开头（如 {file} 第 {line} 行“{column}”列的 {text}），"
        "用 Excel 直接打开 CSV 时会被当作公式；给 Excel 用请以 --format xlsx 导出",
        "note: {count:~text|texts} begin with = + - or @ (as in {file}, line {line}, column "
        "“{column}”: {text}), which Excel takes for formulas when it opens a CSV file; for "
        "Excel, export with --format xlsx",
    ),
    "export.wrong_path": (
        "无法写入 {path}（{reason}）；请换一个路径",
        "cannot write {path} ({reason}); give another path",
    ),
    "data.no_as_of": ("{where}：{problem}", "{where}: {problem}"),
    "data.form": (
        "这是{unit}{month}的填报表（由“{title}”总表生成，总表编号 {master}），只含该单位的 "
        "{count} 项指标，不是整本工作簿：全部指标请看总表",
        "this is the form of {unit} for {month}, made from the master workbook “{title}” "
        "(id {master}): it holds that unit's {count:~goal|goals} only, not the whole "
        "workbook; for every goal, use the master",
    ),
    "data.readme.form": (
        "注意：{workbook} 是{unit}{month}的填报表，只含该单位的 {count} 项指标，"
        "不是整本工作簿；全部指标请导出总表。",
        "Note: {workbook} is the form of {unit} for {month}: it holds that unit's "
        "{count:~goal|goals} only, not the whole workbook; export the master for every goal.",
    ),
    "data.readme.csv_formulas": (
        "用 Excel 打开 CSV 时，以 = + - @ 开头的文字会被当作公式；"
        "这类文字请打开 --format xlsx 导出的文件。",
        "Excel takes a text that begins with = + - or @ for a formula when it opens a CSV file; "
        "where texts may, open the --format xlsx export in Excel instead.",
    ),
}
