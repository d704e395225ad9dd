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
    "data.field.completion": ("完成率（实际值 ÷ 目标值）", "completion: actual ÷ target"),
    "data.field.expected": ("序时进度应达到的值", "what the plan expects by now"),
    "data.field.plan": ("序时进度（计划累计比例）", "the plan's cumulative fraction"),
    "data.field.gap": (
        "与序时进度的差距（占目标的比例，正数为落后）",
        "the gap to the plan, as a fraction of the target (positive: behind)",
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
    "data.readme.file": ("文件", "File"),
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
}
