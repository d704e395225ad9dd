"""The words of starting a workbook from another (``tracker init --carry-over``): what
carries, what does not, and why, in Chinese and English."""

from __future__ import annotations

CARRY_TEXTS: dict[str, tuple[str, str]] = {
    # --- usage: what the command refuses before anything is read or written ------------
    "carry.needs_old": (
        "{option} 只能与 --carry-over 一起使用：tracker init 新工作簿.xlsx --template 新模板.toml "
        "--carry-over 上年工作簿.xlsx {option}",
        "{option} goes with --carry-over: tracker init NEW.xlsx --template NEXT.toml "
        "--carry-over OLD.xlsx {option}",
    ),
    "carry.same_file": (
        "新工作簿和上年工作簿是同一个文件（{path}）：请给新工作簿另起一个文件名",
        "the new workbook and the old one are the same file ({path}): give the new workbook "
        "a name of its own",
    ),
    "carry.unknown_register": (
        "--only {id}：两个模板没有共有这个 id 或表名的登记表；可选：{ids}",
        "--only {id}: no register of that id or sheet name is in both templates; choose from {ids}",
    ),
    "carry.register_choice": ("{id}（{sheet}）", "{id} ({sheet})"),
    "carry.prefix_changed": (
        "登记表“{register}”（{id}）的编号前缀在新模板中是 {new}，上年是 {old}：上年的编号无法沿用。"
        '请在新模板中保留 prefix = "{old}"，或用 --only 只结转其他登记表',
        "register “{register}” ({id}) numbers its items {new}-… in the new template and "
        '{old}-… last period, so last period\'s numbers cannot carry: keep prefix = "{old}" in '
        "the new template, or name the other registers with --only",
    ),
    "carry.is_form": (
        "{path} 是{unit}的填报表，不是总表：请从总表结转",
        "{path} is the form of {unit}, not a master workbook: carry over from the master",
    ),
    "carry.old_refused": (
        "上年工作簿 {path} 有 {errors} 个错误{also}，未结转，什么也没有写入；"
        "请逐条修正后重新运行（tracker check 列出同样的问题）：",
        "the old workbook {path} has {errors:~error|errors}{also}, "
        "so nothing was carried over or written; correct each "
        "and run again (tracker check lists the same):",
    ),
    "carry.old_open": (
        "正在 {program} 中打开：结转的是它最后一次保存的内容；如有未保存的修改，"
        "请先保存，再加 --force 重新结转",
        "open in {program}: what carried is the file as last saved; if it has changes not "
        "saved, save it and carry it over again with --force",
    ),
    "carry.period_overlaps": (
        "新模板的考核期（{new}）没有在上年工作簿的考核期（{old}）之后开始：是否忘了用 --template "
        "指定下一年的模板？",
        "the new template's period ({new}) does not begin after the old workbook's ({old}): "
        "was --template with next period's template forgotten?",
    ),
    "carry.months": ("{first} 至 {last}", "{first} to {last}"),
    # --- what carried -----------------------------------------------------------------
    "carry.written": (
        "已生成工作簿：{path}，由 {old} 结转：",
        "Workbook written: {path}, carried over from {old}:",
    ),
    "carry.dry_run": (
        "试运行，不写入任何文件：由 {old} 结转到 {path} 将会：",
        "Dry run, nothing written: carrying {old} over to {path} would take:",
    ),
    "carry.register": (
        "  {sheet}：{count} 个条目，编号照旧；新条目从 {next} 起编号",
        "  {sheet}: {count:~item|items} with their numbers; new items numbered from {next}",
    ),
    "carry.columns": ("    沿用的列：{columns}", "    columns carried: {columns}"),
    "carry.taken_in": (
        "    自加的列，新模板已有同名列，并入：{columns}",
        "    columns people added that the new template now has, taken in: {columns}",
    ),
    "carry.kept": (
        "    新模板已删去的列，保留为自加列（内容不丢）：{columns}",
        "    columns the new template no longer has, kept as own columns: {columns}",
    ),
    "carry.own": ("    自加的列：{columns}", "    columns people added: {columns}"),
    "carry.empty": (
        "    新模板新增的列（空）：{columns}",
        "    new columns, empty: {columns}",
    ),
    "carry.unmatched_count": (
        "    选项在新模板中没有的：{count} 处，照原样保留（逐条见下）",
        "    choices the new template does not have: {count}, kept as typed (each listed below)",
    ),
    "carry.left_dropped": (
        "  未结转：{sheet}（新模板没有 id 为 {id} 的登记表，改了 id？其 {count} 个条目留在 {old}）",
        "  not carried: {sheet} (the new template has no register of id {id}: was it renamed? "
        "its {count:~item|items} stay in {old})",
    ),
    "carry.left_not_chosen": (
        "  未结转：{sheet}（未在 --only 中选择；其 {count} 个条目留在 {old}）",
        "  not carried: {sheet} (not chosen with --only; its {count:~item|items} stay in {old})",
    ),
    "carry.new_registers": (
        "  新模板新增的登记表（空）：{sheets}",
        "  registers new in the new template, empty: {sheets}",
    ),
    "carry.units": (
        "  牵头单位、配合单位结转：{count} 个指标（{goals}）",
        "  lead and partner units carried: {count:~goal|goals} ({goals})",
    ),
    "carry.no_units": (
        "  牵头单位、配合单位：上年没有填写，无可结转",
        "  lead and partner units: none were entered last period",
    ),
    "carry.finals": (
        "  上年完成（{month}）：{count} 个指标，列在“{sheet}”表右侧",
        "  last period's figures ({month}): {count:~goal|goals}, right of the {sheet} sheet",
    ),
    "carry.finals_closed": (
        "  上年完成（{month}，年终考核）：{count} 个指标，列在“{sheet}”表右侧",
        "  last period's figures ({month}, year-end assessment): {count:~goal|goals}, right "
        "of the {sheet} sheet",
    ),
    "carry.no_finals": (
        "  上年完成：{old} 还没有做过月度更新，没有上年完成数",
        "  last period's figures: none, {old} has had no monthly update",
    ),
    "carry.new_goals": (
        "  新模板新增的指标（没有上年完成数）：{goals}",
        "  goals new in the new template (no figure last period): {goals}",
    ),
    "carry.dropped_goals": (
        "  新模板不再有的指标：{goals}",
        "  goals the new template no longer has: {goals}",
    ),
    "carry.own_header": ("{header}（上年）", "{header} (last period)"),
    # --- what needs a person ------------------------------------------------------------
    "carry.not_choice": (
        "{item}“{name}”的“{column}”是 {value}，新模板没有这个选项，已照原样保留；请改选：{allowed}",
        "{item} “{name}”: {column} {value} is not a choice of the new template and is kept "
        "as typed; pick one of {allowed}",
    ),
    "carry.unnumbered": ("（未编号）", "(not numbered yet)"),
    "carry.has_problems": (
        "{path} 已写入，但有 {errors} 处需要改正后才能做月度更新"
        "（tracker check {path} 会列出同样的问题）：",
        "{path} is written, but {errors:~cell needs|cells need} correcting before its monthly "
        "update (tracker check {path} lists the same):",
    ),
    "carry.would_have_problems": (
        "结转后将有 {errors} 处需要改正后才能做月度更新：",
        "once carried over, {errors:~cell would need|cells would need} correcting before its "
        "monthly update:",
    ),
}
