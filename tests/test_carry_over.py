"""Next year's workbook started from this year's: ``tracker init NEW --template NEXT
--carry-over OLD`` through the command line, as an office would run it.

The old workbook is the demo (six monthly updates) dressed as people leave a workbook: a
column of their own with a comment on its header and a link in it, comments and a number
format on cells, a column added by hand that next year's template takes up, a site
deleted (its number never to be given again), then July updated, and a lab added after
it (not numbered yet). Next year's template is ``tests/data/next-year.toml``: the 2025
template written again for 2026 with a column dropped and one added, the labs' first
stage dropped and the firms' 已签约 renamed 已签协议 (still "Signed" in English), a goal
dropped and one added, a target changed.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment

from tests.editing import add_lab, edit, header_columns, last_row, letter, put
from tests.helpers import WORDS, Engines, Run, completion_sheet, run_quiet, sheet_rows
from tracker.commands.carry_over import origin
from tracker.commands.update import examine_workbook
from tracker.history.records import History
from tracker.inputs.next_year import carry_over
from tracker.model import CellExtras, RegisterRow
from tracker.template.catalog import resolve_template
from tracker.template.file import parse_template
from tracker.workbook.reader import read_book, read_workbook

DATA = Path(__file__).parent / "data"
NEXT = DATA / "next-year.toml"
OLD_NAME = "光明区AI目标2025.xlsx"
NEW_NAME = "光明区AI目标2026.xlsx"
AS_OF = "2026-03-31"  # the new workbook's as-of date: the same figures whatever today is

# What next year's template changed, as the tests expect it carried.
RENAMED_STAGES = {("firms", "stage"): {"已签约": "已签协议"}}
TAKEN_IN = {("firms", "staff"): 0}  # firms' own column 0 (员工人数) is now the template's
LAB_IN_TALKS = (
    '  实验室!D5: LAB-004“医学影像人工智能联合实验室（示例）”的“阶段”是 "洽谈中"，'
    "新模板没有这个选项，已照原样保留；请改选：已签约、已揭牌、运行中"
)
LAB_IN_TALKS_EN = (
    '  Labs!D5: LAB-004 “医学影像人工智能联合实验室（示例）”: Stage "洽谈中" is not a '
    "choice of the new template and is kept as typed; pick one of Agreement signed, "
    "Unveiled, Operating"
)


def dress(book: Any) -> None:
    """What people leave in a workbook over a year: a column of their own (a comment on
    its header, a link and a number format in it), comments on cells of a template column
    and of one next year's template drops, a link on a name, a column the firms' office
    added by hand, and a site deleted."""
    labs = book["实验室"]
    columns = header_columns(labs)
    own = letter(max(columns.values()) + 1)
    put(labs, f"{own}1", "联系人")
    labs[f"{own}1"].comment = Comment("每个实验室的对接人", "王五")
    put(labs, f"{own}2", "张三")
    put(labs, f"{own}3", "李四")
    labs[f"{own}3"].hyperlink = "mailto:lisi@example.gov.cn"
    labs[f"{own}4"], labs[f"{own}4"].number_format = 0.35, "0%"
    labs["B2"].comment = Comment("联系人：张三 13800000000", "王五")
    labs["C3"].hyperlink = "https://www.example.gov.cn/lab?id=3&x=1"
    labs[f"{letter(columns['研究方向'])}2"].comment = Comment("方向已调整", "王五")
    firms = book["企业"]
    staff = letter(max(header_columns(firms).values()) + 1)
    put(firms, f"{staff}1", "员工人数")
    firms[f"{staff}2"], firms[f"{staff}3"] = 120, 35
    landing = book["低空起降点"]
    landing.delete_rows(last_row(landing))  # LDP-025: its number is never given again


@dataclass(frozen=True)
class Carried:
    old: Path
    new: Path
    run: Run
    figures: dict[str, float]  # the old workbook's figures at its latest month (July)


@pytest.fixture(scope="module")
def carried(tmp_path_factory: pytest.TempPathFactory, demo_built: dict[str, Path]) -> Carried:
    folder = tmp_path_factory.mktemp("carry")
    old = Path(shutil.copy(demo_built["zh"], folder / OLD_NAME))
    edit(old, dress)
    updated = run_quiet("update", str(old), "--month", "2025-07")
    assert updated.code == 0, updated.err
    status = run_quiet("status", str(old), "--json")
    assert status.code == 0, status.err
    figures = {goal["id"]: goal["actual"] for goal in json.loads(status.out)["goals"]}
    edit(old, lambda book: add_lab(book, "类脑智能实验室（新）", "已签约"))  # not numbered yet
    new = folder / NEW_NAME
    run = run_quiet(
        "init", str(new), "--template", str(NEXT), "--carry-over", str(old), "--as-of", AS_OF
    )
    return Carried(old, new, run, figures)


def _expected_row(
    old: RegisterRow, register_id: str, own: list[str], dropped: list[str], new_ids: list[str]
) -> RegisterRow:
    """The row ``old`` should be in the new workbook, worked out from what next year's
    template changed: the new template's columns by id (renamed stages, the firms' own
    column taken in), then the own columns left, then the dropped template columns."""
    taken = {place: column for (reg, column), place in TAKEN_IN.items() if reg == register_id}
    staying = [i for i in range(len(own)) if i not in taken]
    values = {}
    for column in new_ids:
        if column in old.values:
            value = old.values[column]
            renamed = RENAMED_STAGES.get((register_id, column), {})
            values[column] = renamed.get(value, value) if isinstance(value, str) else value
        elif (register_id, column) in TAKEN_IN:
            values[column] = old.extra[TAKEN_IN[(register_id, column)]]
        else:
            values[column] = None
    extra = [old.extra[i] for i in staying] + [old.values[column] for column in dropped]
    keys = {"_id": "_id", **{column: column for column in new_ids if column in old.values}}
    keys |= {f"+{i}": column for i, column in taken.items()}
    keys |= {f"+{i}": f"+{n}" for n, i in enumerate(staying)}
    keys |= {column: f"+{len(staying) + n}" for n, column in enumerate(dropped)}
    extras = {keys[key]: cell for key, cell in old.extras.items()}
    return RegisterRow(old.item_id, values, extra, extras)


def test_every_item_arrives_with_its_number_stage_and_every_cell(carried: Carried) -> None:
    assert carried.run.code == 1, carried.run.err  # LAB-004's stage: see below
    old, new = read_book(carried.old), read_book(carried.new)
    assert new.template.id == "guangming-ai-2026"
    compared = 0
    for register in new.template.registers:
        before = old.template.register(register.id)
        new_ids = [column.id for column in register.columns]
        dropped = [column.id for column in before.columns if column.id not in new_ids]
        own = old.extra_columns.get(register.id, [])
        rows = new.rows(register.id)
        assert [row.item_id for row in rows] == [row.item_id for row in old.rows(register.id)]
        for before_row, row in zip(old.rows(register.id), rows, strict=True):
            assert row == _expected_row(before_row, register.id, own, dropped, new_ids)
            compared += 1
        taken = {i for (reg, _), i in TAKEN_IN.items() if reg == register.id}
        headers = [h for i, h in enumerate(own) if i not in taken]
        assert new.extra_columns[register.id] == headers + [
            before.column(column).name.zh for column in dropped
        ]
    assert compared == 5 + 13 + 24 + 62 + 4
    labs = new.rows("labs")
    # The column the new template dropped is the user's own now, headed as it was, with
    # its values and the comment on one of its cells; the user's column, its header's
    # comment, its link and its number format came along.
    assert new.extra_columns["labs"] == ["联系人", "研究方向"]
    fields = ["智能制造", "AI for Science", "具身智能", "医学影像"]
    assert [row.extra[1] for row in labs[:4]] == fields
    assert labs[0].extras["+1"] == CellExtras(comment="方向已调整", author="王五")
    assert labs[1].extras["+0"].link == "mailto:lisi@example.gov.cn"
    assert labs[2].extras["+0"].number_format == "0%"
    assert labs[0].extras["name"].comment == "联系人：张三 13800000000"
    assert labs[1].extras["partner"].link == "https://www.example.gov.cn/lab?id=3&x=1"
    assert new.header_extras["labs"] == {
        "+0": CellExtras(comment="每个实验室的对接人", author="王五")
    }
    assert [row.values["staff"] for row in new.rows("firms")[:3]] == [120, 35, None]
    assert [row.values["stage"] for row in labs] == [
        "运行中",
        "已揭牌",
        "已签约",
        "洽谈中",
        "已签约",
    ]
    firms = [row.values["stage"] for row in new.rows("firms")]
    assert firms.count("已签协议") == 5 and "已签约" not in firms
    assert new.workbook_id == "" and new.closed == ""
    assert read_workbook(carried.new).meta.months == ()  # type: ignore[union-attr]


def test_the_run_says_what_carried(carried: Carried) -> None:
    lines = carried.run.out.splitlines()
    assert lines[0] == f"已生成工作簿：{carried.new}，由 {carried.old} 结转："
    assert lines[1:5] == [
        "  实验室：5 个条目，编号照旧；新条目从 LAB-005 起编号",
        "    沿用的列：实验室名称、共建单位、阶段、揭牌日期、备注",
        "    新模板已删去的列，保留为自加列（内容不丢）：研究方向",
        "    自加的列：联系人",
    ]
    assert "  低空起降点：24 个条目，编号照旧；新条目从 LDP-026 起编号" in lines
    assert "    自加的列，新模板已有同名列，并入：员工人数" in lines
    assert "    选项在新模板中没有的：1 处，照原样保留（逐条见下）" in lines
    assert "  上年完成（2025-07）：12 个指标，列在“完成情况”表右侧" in lines
    assert lines[-2:] == [
        "  新模板新增的指标（没有上年完成数）：ai-talent",
        "  新模板不再有的指标：housing",
    ]


def test_a_stage_the_new_template_lacks_is_listed_by_item_and_kept(carried: Carried) -> None:
    err = carried.run.err.splitlines()
    assert err == [
        f"{carried.new} 已写入，但有 1 处需要改正后才能做月度更新"
        f"（tracker check {carried.new} 会列出同样的问题）：",
        LAB_IN_TALKS,
    ]
    assert sheet_rows(carried.new, "实验室")[4][3] == "洽谈中"
    check = run_quiet("check", str(carried.new))
    assert check.code == 1
    assert '  实验室!D5: "洽谈中" 不是“阶段”的选项；可选：已签约、已揭牌、运行中' in check.err


def test_numbers_carry_and_the_next_new_item_takes_the_next_free_number(
    carried: Carried, tmp_path: Path
) -> None:
    new = Path(shutil.copy(carried.new, tmp_path / NEW_NAME))

    def next_year(book: Any) -> None:
        labs = book["实验室"]
        put(labs, f"{letter(header_columns(labs)['阶段'])}5", "已签约")  # a person picks one
        add_lab(book, "新一年的实验室", "已揭牌")
        landing = book["低空起降点"]
        columns = header_columns(landing)
        row = last_row(landing) + 1
        put(landing, f"{letter(columns['起降点名称'])}{row}", "新起降点")
        put(landing, f"{letter(columns['类型'])}{row}", "末端")
        put(landing, f"{letter(columns['阶段'])}{row}", "规划")

    edit(new, next_year)
    check = run_quiet("check", str(new))
    assert (check.code, check.err) == (0, ""), check.err
    update = run_quiet("update", str(new), "--month", "2026-01")
    assert update.code == 0, update.err
    book, old = read_book(new), read_book(carried.old)
    labs = [row.item_id for row in book.rows("labs")]
    # The lab added last year after July's update is numbered now, and the new one next.
    assert labs == ["LAB-001", "LAB-002", "LAB-003", "LAB-004", "LAB-005", "LAB-006"]
    landing = [row.item_id for row in book.rows("landing")]
    assert landing[:-1] == [row.item_id for row in old.rows("landing")]
    assert landing[-1] == "LDP-026"  # LDP-025 was deleted last year: never given again
    for register in book.template.registers:
        numbers = [row.item_id for row in book.rows(register.id)]
        assert len(set(numbers)) == len(numbers)
    assert book.workbook_id and book.workbook_id != old.workbook_id
    assert read_workbook(new).meta.months == ("2026-01",)  # type: ignore[union-attr]


def test_a_dry_run_writes_nothing_and_lists_the_same(carried: Carried, tmp_path: Path) -> None:
    old = Path(shutil.copy(carried.old, tmp_path / OLD_NAME))
    new = tmp_path / NEW_NAME

    def files() -> dict[str, bytes]:
        return {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*")}

    before = files()
    run = run_quiet(
        "init", str(new), "--template", str(NEXT), "--carry-over", str(old), "--dry-run"
    )
    assert files() == before
    assert run.code == carried.run.code == 1
    assert run.out.splitlines()[0] == f"试运行，不写入任何文件：由 {old} 结转到 {new} 将会："
    assert run.out.splitlines()[1:] == carried.run.out.splitlines()[1:]
    assert run.err.splitlines() == ["结转后将有 1 处需要改正后才能做月度更新：", LAB_IN_TALKS]


def test_only_the_registers_named_carry(carried: Carried, tmp_path: Path) -> None:
    new = tmp_path / NEW_NAME
    args = ("init", str(new), "--template", str(NEXT), "--carry-over", str(carried.old))
    run = run_quiet(*args, "--only", "firms", "--only", "compute")
    assert (run.code, run.err) == (0, ""), run.err
    book = read_book(new)
    assert {k: len(v) for k, v in book.registers.items()} == {
        "labs": 0, "scenarios": 0, "landing": 0, "firms": 62, "compute": 4,
    }  # fmt: skip
    assert book.next_ids == {"firms": 63, "compute": 5}
    assert f"  未结转：实验室（未在 --only 中选择；其 5 个条目留在 {OLD_NAME}）" in run.out
    new.unlink()
    wrong = run_quiet(*args, "--only", "firms", "--only", "sites")
    assert wrong.code == 2
    assert wrong.err == (
        "--only sites：两个模板没有共有这个 id 或表名的登记表；可选：labs（实验室）、"
        "scenarios（应用场景）、landing（低空起降点）、firms（企业）、compute（算力设施）\n"
    )
    assert not new.exists()


def test_lead_units_carry_and_last_periods_figures_are_shown(carried: Carried) -> None:
    old, new = read_book(carried.old), read_book(carried.new)
    shared = [goal.id for goal in new.template.goals if goal.id != "ai-talent"]
    assert len(shared) == 12
    for goal_id in shared:
        assert new.assignment(goal_id) == old.assignment(goal_id)
        assert new.assignment(goal_id).lead.endswith("（示例）")
    assert new.assignment("ai-talent").lead == ""
    assert new.origin is not None
    assert new.origin.month == "2025-07" and not new.origin.closed
    assert new.origin.file == OLD_NAME and new.origin.workbook_id == old.workbook_id
    assert new.origin.template_id == "guangming-ai-2025"
    expected = {goal_id: carried.figures[goal_id] for goal_id in shared}
    assert new.origin.finals == expected
    rows = sheet_rows(carried.new, "完成情况")
    header = next(i for i, row in enumerate(rows) if row[0] == "编号")
    column = rows[header].index("上年完成（2025-07）")
    shown = {row[0]: row[column] for row in rows[header + 1 :] if row[0]}
    assert shown == {**expected, "ai-talent": ""}


def test_a_closed_workbook_gives_its_assessment_and_an_open_one_its_latest_month(
    carried: Carried,
) -> None:
    examined = examine_workbook(carried.old)
    book, history = examined.reading.book, examined.history
    template = resolve_template(str(NEXT))
    march = {r.goal_id: r.actual for r in history.goals["2025-03"] if r.goal_id != "housing"}
    book.closed = "2025-03"  # judged on March: every goal is due in December
    closed = origin(carried.old, book, history, template)
    assert (closed.month, closed.closed, closed.finals) == ("2025-03", True, march)
    book.closed = ""
    latest = origin(carried.old, book, history, template)
    july = {r.goal_id: r.actual for r in history.goals["2025-07"] if r.goal_id != "housing"}
    assert (latest.month, latest.closed, latest.finals) == ("2025-07", False, july)
    assert march != july
    nothing = origin(carried.old, book, History(), template)
    assert (nothing.month, nothing.finals) == ("", {})


def test_a_workbook_closed_at_the_years_end_carries_its_assessment(
    carried: Carried, tmp_path: Path
) -> None:
    old = Path(shutil.copy(carried.old, tmp_path / OLD_NAME))
    closed = run_quiet("close", str(old), "--month", "2025-07")
    assert closed.code == 0, closed.err
    new = tmp_path / NEW_NAME
    args = ("init", str(new), "--template", str(NEXT), "--carry-over", str(old))
    run = run_quiet(*args, "--only", "scenarios")
    assert run.code == 0, run.err
    assert "  上年完成（2025-07，年终考核）：12 个指标，列在“完成情况”表右侧" in run.out
    found = read_book(new).origin
    assert found is not None and (found.month, found.closed) == ("2025-07", True)
    # Every goal is due in December, so each is judged on July's figures.
    assert found.finals == {k: v for k, v in carried.figures.items() if k != "housing"}


@pytest.mark.engines
@pytest.mark.slow
def test_the_carried_workbook_recalculates_alike(carried: Carried, engines: Engines) -> None:
    status = run_quiet("status", str(carried.new), "--json")
    assert status.code == 1  # LAB-004's stage; the figures are worked out all the same
    found = json.loads(status.out)
    assert found["as_of"] == AS_OF
    goals = {goal["id"]: goal for goal in found["goals"]}
    assert len(goals) == 13
    for recalculated in (*engines.libreoffice([carried.new]), engines.gnumeric(carried.new)):
        shown = completion_sheet(recalculated)
        assert set(shown) == set(goals), recalculated
        for goal_id, figures in shown.items():
            goal = goals[goal_id]
            where = (recalculated.name, goal_id)
            assert figures.actual == pytest.approx(goal["actual"], abs=1e-9), where
            assert figures.completion == pytest.approx(goal["completion"], abs=1e-9), where
            assert figures.expected == pytest.approx(goal["expected"], abs=1e-9), where
            assert figures.status == WORDS["zh"][goal["status"]], where
        rows = sheet_rows(recalculated, "完成情况")
        header = next(i for i, row in enumerate(rows) if row[0] == "编号")
        assert "上年完成（2025-07）" in rows[header]
    # The sites count whatever year they were built in: as they did last July.
    assert goals["landing-points"]["actual"] == carried.figures["landing-points"]


def test_in_english(carried: Carried, tmp_path: Path) -> None:
    new = tmp_path / "goals-2026.xlsx"
    run = run_quiet(
        "init", str(new), "--template", str(NEXT), "--carry-over", str(carried.old),
        "--lang", "en", "--as-of", AS_OF,
    )  # fmt: skip
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == f"Workbook written: {new}, carried over from {carried.old}:"
    assert lines[1:5] == [
        "  Labs: 5 items with their numbers; new items numbered from LAB-005",
        "    columns carried: Lab, Partners, Stage, Unveiled on, Notes",
        "    columns the new template no longer has, kept as own columns: 研究方向",
        "    columns people added: 联系人",
    ]
    assert "  last period's figures (2025-07): 12 goals, right of the Completion sheet" in lines
    assert run.err.splitlines() == [
        f"{new} is written, but 1 cell needs correcting before its monthly update "
        f"(tracker check {new} lists the same):",
        LAB_IN_TALKS_EN,
    ]
    book = read_book(new)
    assert book.lang == "en"
    assert [row.values["stage"] for row in book.rows("labs")] == [
        "Operating", "Unveiled", "Agreement signed", "洽谈中", "Agreement signed",
    ]  # fmt: skip
    assert {row.values["stage"] for row in book.rows("firms")} == {"In talks", "Signed", "Settled"}
    assert "Last period (2025-07)" in sheet_rows(new, "Completion")[4]


def test_an_english_workbook_carries_in_english_and_says_so(
    demo_built: dict[str, Path], tmp_path: Path
) -> None:
    old = Path(shutil.copy(demo_built["en"], tmp_path / "goals-2025.xlsx"))
    new = tmp_path / "goals-2026.xlsx"
    args = ("init", str(new), "--template", str(NEXT), "--carry-over", str(old), "--dry-run")
    run = run_quiet(*args)
    assert run.code == 1
    assert run.out.splitlines()[1] == (
        "  Labs: 4 items with their numbers; new items numbered from LAB-005"
    )
    assert run.err.splitlines()[1] == (
        '  Labs!D5: LAB-004 “Medical imaging AI joint lab (sample)”: Stage "In talks" is not a '
        "choice of the new template and is kept as typed; pick one of Agreement signed, "
        "Unveiled, Operating"
    )
    chinese = run_quiet(*args, "--lang", "zh", "--only", "firms")
    assert chinese.code == 0, chinese.err
    assert chinese.out.splitlines()[1] == "  企业：62 个条目，编号照旧；新条目从 ENT-063 起编号"


def test_a_column_under_a_new_id_carries_and_headers_stay_distinct(carried: Carried) -> None:
    """The labs' notes under a new id and their old header are the same column; the
    scenarios' builder renamed 备注 while their notes were dropped: the notes, kept as a
    column of the user's own, are headed as last period's, so the sheet's headers differ."""
    text = NEXT.read_text(encoding="utf-8")
    labs, rest = text.split('id = "scenarios"', 1)
    labs = labs.replace('id = "note"', 'id = "remark"')
    scenarios, rest = rest.split('id = "landing"', 1)
    scenarios = scenarios.replace('name = "建设单位"', 'name = "备注"').replace(
        '[[registers.columns]]\nid = "note"\nname = "备注"\nname_en = "Notes"\ntype = "text"\n'
        "width = 30\n\n",
        "",
    )
    template = parse_template(labs + 'id = "scenarios"' + scenarios + 'id = "landing"' + rest, "t")
    old = read_book(carried.old)
    old.rows("labs")[0].values["note"] = "重点跟踪"
    old.rows("scenarios")[0].values["note"] = "已验收"
    plan = carry_over(old, template, "zh", date(2026, 1, 31))
    book = plan.book
    assert book.rows("labs")[0].values["remark"] == "重点跟踪"
    scenarios_row = book.rows("scenarios")[0]
    assert scenarios_row.values["owner"] == old.rows("scenarios")[0].values["owner"]
    assert book.extra_columns["scenarios"] == ["备注（上年）"]
    assert scenarios_row.extra == ["已验收"]
    (carry,) = [r for r in plan.registers if r.register.id == "scenarios"]
    assert (carry.kept, carry.empty) == (["备注（上年）"], [])


# --- what people get wrong ------------------------------------------------------------


def test_the_same_file_twice_is_refused(carried: Carried, tmp_path: Path) -> None:
    old = Path(shutil.copy(carried.old, tmp_path / OLD_NAME))
    before = old.read_bytes()
    for new in (str(old), str(tmp_path / "." / OLD_NAME)):
        run = run_quiet("init", new, "--template", str(NEXT), "--carry-over", str(old), "--force")
        assert run.code == 2
        assert run.err == f"新工作簿和上年工作簿是同一个文件（{old}）：请给新工作簿另起一个文件名\n"
    assert old.read_bytes() == before


@pytest.mark.parametrize("option", ["--only=labs", "--dry-run"])
def test_carry_over_options_need_carry_over(tmp_path: Path, option: str) -> None:
    run = run_quiet("init", str(tmp_path / "g.xlsx"), option)
    assert run.code == 2
    name = option.split("=")[0]
    assert run.err.startswith(f"{name} 只能与 --carry-over 一起使用")
    assert not (tmp_path / "g.xlsx").exists()


def test_an_old_workbook_with_errors_is_refused(carried: Carried, tmp_path: Path) -> None:
    old = Path(shutil.copy(carried.old, tmp_path / OLD_NAME))
    edit(old, lambda book: put(book["实验室"], "E3", "上个月"))
    new = tmp_path / NEW_NAME
    run = run_quiet("init", str(new), "--template", str(NEXT), "--carry-over", str(old))
    assert run.code == 1
    assert run.err.splitlines() == [
        f"上年工作簿 {old} 有 1 个错误，未结转，什么也没有写入；"
        "请逐条修正后重新运行（tracker check 列出同样的问题）：",
        '  实验室!E3: "上个月" 不是“阶段”的选项；可选：洽谈中、已签约、已揭牌、运行中',
    ]
    assert run.out == "" and not new.exists()


def test_an_old_workbook_open_in_excel_is_read_as_saved_and_said(
    carried: Carried, tmp_path: Path
) -> None:
    old = Path(shutil.copy(carried.old, tmp_path / OLD_NAME))
    (tmp_path / f"~${OLD_NAME}").write_bytes(b"\0" * 165)  # Excel's owner file
    new = tmp_path / NEW_NAME
    args = ("init", str(new), "--template", str(NEXT), "--carry-over", str(old))
    run = run_quiet(*args, "--only", "scenarios")
    assert run.code == 0
    assert run.err.splitlines() == [
        "发现 0 个错误、1 个提醒：",
        f"  {old}: 正在 Excel 或 WPS 中打开：结转的是它最后一次保存的内容；"
        "如有未保存的修改，请先保存，再加 --force 重新结转",
    ]
    assert len(read_book(new).rows("scenarios")) == 13
    # With problems, the warning is listed with them.
    both = run_quiet(*args, "--force")
    assert both.code == 1
    assert both.err.splitlines()[1:] == [
        LAB_IN_TALKS,
        f"  （提醒）{old}: 正在 Excel 或 WPS 中打开：结转的是它最后一次保存的内容；"
        "如有未保存的修改，请先保存，再加 --force 重新结转",
    ]


def test_a_new_workbook_open_in_excel_is_left_alone_dry_run_or_not(
    carried: Carried, tmp_path: Path
) -> None:
    new = tmp_path / NEW_NAME
    new.write_bytes(b"last try, open in Excel")
    (tmp_path / f"~${NEW_NAME}").write_bytes(b"\0" * 165)
    args = ("init", str(new), "--template", str(NEXT), "--carry-over", str(carried.old))
    for dry_run in ((), ("--dry-run",)):
        run = run_quiet(*args, "--force", "--only", "scenarios", *dry_run)
        assert (run.code, run.out) == (3, "")
        assert run.err == (
            f"无法写入 {new}（正在 Excel 或 WPS 中打开）；"
            "请确认文件夹存在且文件没有在 Excel 中打开\n"
        )
        assert new.read_bytes() == b"last try, open in Excel"


def test_a_forgotten_template_is_pointed_out(carried: Carried, tmp_path: Path) -> None:
    new = tmp_path / NEW_NAME
    run = run_quiet("init", str(new), "--carry-over", str(carried.old), "--only", "scenarios")
    assert run.code == 0
    assert run.err.splitlines() == [
        "发现 0 个错误、1 个提醒：",
        "  guangming-ai-2025: 新模板的考核期（2025-01 至 2025-12）没有在上年工作簿的考核期"
        "（2025-01 至 2025-12）之后开始：是否忘了用 --template 指定下一年的模板？",
    ]


def test_a_register_whose_id_changed_is_not_carried_and_said_why(
    carried: Carried, tmp_path: Path
) -> None:
    text = NEXT.read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.toml"
    renamed.write_text(
        text.replace('id = "landing"', 'id = "sites"').replace(
            'register = "landing"', 'register = "sites"'
        ),
        encoding="utf-8",
    )
    new = tmp_path / NEW_NAME
    args = ("init", str(new), "--template", str(renamed), "--carry-over", str(carried.old))
    run = run_quiet(*args, "--only", "scenarios")
    assert run.code == 0, run.err
    assert (
        f"  未结转：低空起降点（新模板没有 id 为 landing 的登记表，改了 id？"
        f"其 24 个条目留在 {OLD_NAME}）"
    ) in run.out.splitlines()
    assert "  新模板新增的登记表（空）：低空起降点" in run.out.splitlines()
    assert read_book(new).rows("sites") == []


def test_a_register_whose_prefix_changed_is_refused(carried: Carried, tmp_path: Path) -> None:
    text = NEXT.read_text(encoding="utf-8")
    changed = tmp_path / "prefix.toml"
    changed.write_text(text.replace('prefix = "LDP"', 'prefix = "LD"'), encoding="utf-8")
    new = tmp_path / NEW_NAME
    args = ("init", str(new), "--template", str(changed), "--carry-over", str(carried.old))
    run = run_quiet(*args)
    assert run.code == 2
    assert run.err == (
        "登记表“低空起降点”（landing）的编号前缀在新模板中是 LD，上年是 LDP：上年的编号无法沿用。"
        '请在新模板中保留 prefix = "LDP"，或用 --only 只结转其他登记表\n'
    )
    assert not new.exists()
    assert run_quiet(*args, "--only", "scenarios").code == 0


def test_a_units_form_or_a_missing_file_is_refused(
    demo_built: dict[str, Path], tmp_path: Path
) -> None:
    master = Path(shutil.copy(demo_built["zh"], tmp_path / OLD_NAME))
    made = run_quiet("forms", str(master), "--month", "2025-06", "--out", str(tmp_path / "f"))
    assert made.code == 0, made.err
    form = sorted((tmp_path / "f").glob("*.xlsx"))[0]
    new = tmp_path / NEW_NAME
    run = run_quiet("init", str(new), "--template", str(NEXT), "--carry-over", str(form))
    assert run.code == 2
    assert run.err == f"{form} 是{form.name.split('_')[0]}的填报表，不是总表：请从总表结转\n"
    missing = run_quiet("init", str(new), "--carry-over", str(tmp_path / "nope.xlsx"))
    assert (missing.code, missing.err) == (2, f"找不到文件 {tmp_path / 'nope.xlsx'}\n")
    assert not new.exists()


def test_without_carry_over_init_is_as_it_was(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    run = run_quiet("init", str(plain), "--template", str(NEXT), "--as-of", AS_OF)
    assert (run.code, run.out) == (0, f"已生成工作簿：{plain}\n")
    book = read_book(plain)
    assert book.origin is None and all(not rows for rows in book.registers.values())
    assert book.as_of == date(2026, 3, 31)
    assert openpyxl.load_workbook(plain)["完成情况"].max_column == 14  # no 上年完成 column


def test_a_lead_unit_only_the_old_template_set_gives_way_to_the_new_templates(
    tmp_path: Path,
) -> None:
    """Nobody typed the lead unit: the old template set it. The new template's stands."""
    base = (Path(__file__).parent / "data" / "year-end.toml").read_text(encoding="utf-8")
    goal = 'id = "labs"\nname = "联合实验室"\n'
    old_text = base.replace(goal, goal + 'lead = "甲局"\n')
    new_text = base.replace(goal, goal + 'lead = "乙局"\n').replace("2025-", "2026-")
    (tmp_path / "old.toml").write_text(old_text, encoding="utf-8")
    (tmp_path / "new.toml").write_text(new_text, encoding="utf-8")
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    assert run_quiet("init", str(old), "--template", str(tmp_path / "old.toml")).code == 0
    run = run_quiet(
        "init", str(new), "--template", str(tmp_path / "new.toml"), "--carry-over", str(old)
    )
    assert run.code == 0, run.err
    status = json.loads(run_quiet("status", str(new), "--json").out)
    (labs,) = [goal for goal in status["goals"] if goal["id"] == "labs"]
    assert labs["lead"] == "乙局"


def test_only_takes_a_register_by_the_sheet_name_people_see(
    carried: Carried, tmp_path: Path
) -> None:
    """Office staff know a register as its sheet (企业), not its id (firms): --only takes
    either, in either language, and a name that is neither lists both."""
    new = tmp_path / NEW_NAME
    args = ("init", str(new), "--template", str(NEXT), "--carry-over", str(carried.old))
    run = run_quiet(*args, "--only", "企业", "--only", "Compute")
    assert (run.code, run.err) == (0, ""), run.err
    assert {k: len(v) for k, v in read_book(new).registers.items()} == {
        "labs": 0, "scenarios": 0, "landing": 0, "firms": 62, "compute": 4,
    }  # fmt: skip
    new.unlink()
    wrong = run_quiet(*args, "--only", "企业单位")
    assert wrong.code == 2 and "firms（企业）" in wrong.err and "labs（实验室）" in wrong.err
    assert not new.exists()
