"""The formulas of a tracking workbook, spelled out from the layout.

Each function returns the text of one formula. They follow ``tracker.progress`` step by
step, in a portable subset that Excel, LibreOffice, gnumeric and WPS compute alike:
whole-column ranges instead of structured references, COUNTIFS/SUMIFS/SUMPRODUCT/INDEX,
no dynamic arrays, no nested IFs, no OFFSET or INDIRECT, and nothing typed in that might
change (targets, thresholds, choices, status words all live in cells formulas point at).
"""

from __future__ import annotations

from typing import assert_never

from xlsxwriter.utility import xl_rowcol_to_cell

from tracker.errors import Problem
from tracker.excel import CLEAN_DIGITS, FORMULA_LIMIT
from tracker.i18n import LANGS
from tracker.progress import GAP_DIGITS
from tracker.template.spec import (
    COMPARATORS,
    PLAN_DIGITS,
    AtLeast,
    DateRange,
    Equals,
    Goal,
    InRegister,
    Milestone,
    Register,
    RegisterCount,
    RegisterSum,
    Reported,
    Template,
)
from tracker.workbook.layout import STATUS_WORDS, Layout, build_layout


def rounded(expression: str, digits: str | int) -> str:
    """ROUND(ROUND(x, 9), digits): cleaned of binary noise first, so every engine rounds a
    figure on a half boundary the same way (``tracker.excel.clean_round``)."""
    return f"ROUND(ROUND({expression},{CLEAN_DIGITS}),{digits})"


def months(layout: Layout) -> str:
    p = layout.params
    start, end = p.ref("start"), p.ref("end")
    return f"=(YEAR({end})-YEAR({start}))*12+MONTH({end})-MONTH({start})+1"


def deadline_months(layout: Layout, goal: Goal) -> str:
    """Months from the start of the period to the goal's deadline, the deadline's month
    included: a linear plan reaches 100% then."""
    start = layout.params.ref("start")
    deadline = layout.goals.ref("deadline", layout.goal_row(layout.goals, goal))
    return f"=(YEAR({deadline})-YEAR({start}))*12+MONTH({deadline})-MONTH({start})+1"


def plan_fraction(layout: Layout, goal: Goal, months_done: int) -> str | None:
    """The formula of a plan cell, or None where the template gives the figure (the start,
    and the months a month-by-month plan names)."""
    plan = layout.plan
    row = layout.goal_row(plan, goal)

    def done(k: int) -> str:  # the month number above the column: 0, 1, 2 …
        return str(xl_rowcol_to_cell(plan.header_row - 1, plan.col(f"m{k}"), True, False))

    def value(k: int) -> str:
        return plan.local(f"m{k}", row)

    if not goal.plan_points:
        share = f"MIN(1,{done(months_done)}/{plan.local('months', row, absolute=True)})"
        return "=" + rounded(share, PLAN_DIGITS)
    given = {0: 0.0, **dict(goal.plan_points)}
    if months_done in given:
        return None
    before = max(k for k in given if k < months_done)
    after = [k for k in given if k > months_done]
    if not after:
        return f"={value(before)}"  # the plan holds its last figure
    nxt = min(after)
    share = f"({done(months_done)}-{done(before)})/({done(nxt)}-{done(before)})"
    return "=" + rounded(f"{value(before)}+{share}*({value(nxt)}-{value(before)})", PLAN_DIGITS)


def months_done(layout: Layout) -> str:
    """Whole months completed by the as-of date; the month counts on its last day."""
    p = layout.params
    as_of, start = p.ref("as_of"), p.ref("start")
    elapsed = (
        f"(YEAR({as_of})-YEAR({start}))*12+MONTH({as_of})-MONTH({start})+IF(DAY({as_of}+1)=1,1,0)"
    )
    return f"=MAX(0,MIN({p.ref('months')},{elapsed}))"


def count_month(layout: Layout) -> str:
    """The first day of the last completed month (before the period when none is)."""
    p = layout.params
    start = p.ref("start")
    return f"=DATE(YEAR({start}),MONTH({start})+{p.ref('months_done')}-1,1)"


def cumulative_weight(layout: Layout, goal: Goal, row: int) -> str:
    lists = layout.lists
    first = layout.stage_blocks[goal.id].first
    return f"=SUM({lists.local('weight', first, absolute=True)}:{lists.local('weight', row)})"


def choice_cell(layout: Layout, register: Register, column_id: str, value: str) -> str:
    """The lists-sheet cell holding a choice, so criteria follow the workbook's language."""
    block = layout.choice_blocks[(register.id, column_id)]
    rank = register.column(column_id).choice_rank(value)
    return layout.lists.ref("option", block.first + rank)


def choice_items(layout: Layout, register: Register, column_id: str, row: int) -> str:
    """How many register cells hold the choice in the lists sheet's ``row``, ignoring case
    (the choice check adds these up, so its length does not grow with the choices)."""
    column = layout.registers[register.id].data_ref(column_id)
    return f"=COUNTIF({column},{layout.lists.local('option', row)})"


def raw_actual(layout: Layout, goal: Goal) -> str:
    """The goal's figure before rounding (the calculation sheet's raw column)."""
    match goal.measure:
        case Milestone():
            return _milestone(layout, goal)
        case Reported():
            return _reported(layout, goal)
        case RegisterCount() | RegisterSum() as counted:
            return _register_measure(layout, goal, counted)
        case unknown:
            assert_never(unknown)


def _register_measure(layout: Layout, goal: Goal, counted: InRegister) -> str:
    """COUNTIFS (or SUMIFS) of the register, one per accepted stage, added up."""
    register = layout.template.register(counted.register)
    table = layout.registers[register.id]
    goal_row = layout.goal_row(layout.goals, goal)
    shared = [(table.data_ref(register.key.id), '"<>"')]
    stage: AtLeast | None = None
    for condition in counted.where:
        column = table.data_ref(condition.column)
        if isinstance(condition, Equals):
            shared.append(
                (column, choice_cell(layout, register, condition.column, condition.value))
            )
        elif isinstance(condition, DateRange):
            if condition.start:
                shared.append((column, f'">="&{layout.goals.ref("date_from", goal_row)}'))
            if condition.end:
                shared.append((column, f'"<="&{layout.goals.ref("date_to", goal_row)}'))
        else:
            stage = condition
    alternatives: list[list[tuple[str, str]]] = [shared]
    if stage is not None:
        stage_column = register.column(stage.column)
        rank = stage_column.choice_rank(stage.value)
        stage_ref = table.data_ref(stage.column)
        alternatives = [
            [*shared, (stage_ref, choice_cell(layout, register, stage.column, choice.zh))]
            for choice in stage_column.choices[rank:]
        ]
    match counted:
        case RegisterCount():
            parts = [f"COUNTIFS({_criteria(pairs)})" for pairs in alternatives]
        case RegisterSum(column=column):
            total = table.data_ref(column)
            parts = [f"SUMIFS({total},{_criteria(pairs)})" for pairs in alternatives]
        case unknown:
            assert_never(unknown)
    return "=" + "+".join(parts)


def measure_problems(template: Template) -> tuple[Problem, ...]:
    """The goals whose counting formula would be longer than Excel allows, in either
    language's workbook. The other formulas are bounded whatever the template holds; a
    measure adds a COUNTIFS per accepted stage, each naming its sheet several times."""
    problems = []
    layouts = [build_layout(template, lang) for lang in LANGS]
    for goal in template.goals:
        if goal.in_register is None:
            continue
        longest = max(len(raw_actual(layout, goal)) for layout in layouts)
        if longest > FORMULA_LIMIT:
            problems.append(
                Problem(
                    f"goals[{goal.id}].where",
                    "template.formula_too_long",
                    {"length": longest, "limit": FORMULA_LIMIT},
                )
            )
    return tuple(problems)


def _criteria(pairs: list[tuple[str, str]]) -> str:
    return ",".join(f"{column},{criterion}" for column, criterion in pairs)


def milestone_weight(layout: Layout, goal: Goal) -> str:
    """The milestones sheet's 完成度: the cumulative weight of the stage picked, 0 if none.
    An equality test, not MATCH or SUMIF, so text people type is never read as a wildcard."""
    block = layout.stage_blocks[goal.id]
    stages = layout.lists.range_ref("option", block.first, block.last)
    weights = layout.lists.range_ref("cumulative", block.first, block.last)
    current = layout.milestones.local("stage", layout.milestone_row(goal))
    return f"=SUMPRODUCT(({stages}={current})*{weights})"


def _milestone(layout: Layout, goal: Goal) -> str:
    return f"={layout.milestones.ref('weight', layout.milestone_row(goal))}"


def _reported(layout: Layout, goal: Goal) -> str:
    """The value used for the month counted, looked up by goal and month."""
    monthly = layout.monthly
    goal_row = layout.goal_row(layout.goals, goal)
    goal_id = layout.goals.ref("id", goal_row)
    used = (
        f"SUMIFS({monthly.data_ref('used')},{monthly.data_ref('id')},{goal_id},"
        f"{monthly.data_ref('month')},{layout.params.ref('count_month')})"
    )
    if goal.lower:  # before the first month is done it stands at its baseline
        baseline = layout.goals.ref("baseline", goal_row)
        return f"=IF({layout.params.ref('months_done')}=0,{baseline},{used})"
    return "=" + used


def value_used(layout: Layout, goal: Goal, row: int) -> str:
    """The monthly sheet's 采用值: the month's figure, else the same goal's last month (0
    before any). A lower-is-better goal starts at its baseline and takes numbers only."""
    monthly = layout.monthly
    value = monthly.local("value", row)
    goals = len(layout.template.goals)
    first = row - goals < monthly.first_row
    if goal.lower:
        before = (
            layout.goals.ref("baseline", layout.goal_row(layout.goals, goal))
            if first
            else monthly.local("used", row - goals)
        )
        return f"=IF(ISNUMBER({value}),{value},{before})"
    if first:
        return f'=IF({value}="",0,{value})'
    return f'=IF({value}="",{monthly.local("used", row - goals)},{value})'


class CalcRow:
    """The formulas of one goal's row on the calculation sheet."""

    def __init__(self, layout: Layout, goal: Goal) -> None:
        self.layout = layout
        self.goal = goal
        self.row = layout.goal_row(layout.calc, goal)
        self.goal_row = layout.goal_row(layout.goals, goal)
        self.plan_row = layout.goal_row(layout.plan, goal)

    def here(self, key: str) -> str:
        return self.layout.calc.local(key, self.row)

    def setting(self, key: str) -> str:
        return self.layout.goals.ref(key, self.goal_row)

    def formulas(self) -> dict[str, str]:
        p = self.layout.params
        plan = self.layout.plan
        last = f"m{len(self.layout.months)}"
        plan_row = plan.ref("m0", self.plan_row)
        plan_end = plan.local(last, self.plan_row, absolute=True)
        target, precision = self.setting("target"), self.setting("precision")
        h = self.here
        formulas = {
            "id": f"={self.setting('id')}",
            "name": f"={self.setting('name')}",
            "raw": raw_actual(self.layout, self.goal),
            "actual": "=" + rounded(h("raw"), precision),
            "completion": f"={h('actual')}/{target}",
            "plan": f"=INDEX({plan_row}:{plan_end},1,1+{p.ref('months_done')})",
            "expected": "=" + rounded(f"{target}*{h('plan')}", precision),
            "gap": "=" + rounded(f"({h('expected')}-{h('actual')})/{target}", GAP_DIGITS),
            "met": self._met(),
            "overdue": f"=IF(INT({p.ref('as_of')})>{self.setting('deadline')},1,0)",
            "level": (
                f"=MAX(({h('gap')}>{p.ref('on_track_gap')})+({h('gap')}>{p.ref('behind_gap')}),"
                f"2*{h('overdue')})"
            ),
            "code": f"=IF({h('met')}=1,1,2+{h('level')})",
            "status": f"=INDEX({p.status_words},{h('code')})",
        }
        if self.goal.lower:  # from the baseline down to the target
            baseline = self.setting("baseline")
            span = f"({target}-{baseline})"
            formulas["completion"] = f"=({h('actual')}-{baseline})/{span}"
            formulas["expected"] = "=" + rounded(f"{baseline}+{span}*{h('plan')}", precision)
            formulas["gap"] = "=" + rounded(f"({h('expected')}-{h('actual')})/{span}", GAP_DIGITS)
        return formulas

    def _met(self) -> str:
        """1 when the rounded actual meets the target by the goal's comparator (read from
        the goals sheet, like the target)."""
        actual, target = self.here("actual"), self.setting("target")
        comparator = self.setting("comparator")
        tests = ",".join(
            f'AND({comparator}="{sign}",{actual}{sign}{target})' for sign in COMPARATORS
        )
        return f"=IF(OR({tests}),1,0)"


def completion_row(layout: Layout, goal: Goal) -> dict[str, str]:
    """The completion sheet shows settings from the goals sheet and results from calc."""
    goals, calc = layout.goals, layout.calc
    g = layout.goal_row(goals, goal)
    c = layout.goal_row(calc, goal)
    lead = goals.ref("lead", g)
    return {
        "id": f"={goals.ref('id', g)}",
        "category": f"={goals.ref('category', g)}",
        "name": f"={goals.ref('name', g)}",
        "target": f"={goals.ref('target', g)}",
        "unit": f'={goals.ref("unit", g)}&""',  # an empty unit is no 0
        "actual": f"={calc.ref('actual', c)}",
        "completion": f"={calc.ref('completion', c)}",
        "expected": f"={calc.ref('expected', c)}",
        "plan": f"={calc.ref('plan', c)}",
        "status": f"={calc.ref('status', c)}",
        "lead": f'=IF({lead}="",{layout.params.to_be_set},{lead})',
        "partners": f'={goals.ref("partners", g)}&""',
        "deadline": f"={goals.ref('deadline', g)}",
        "code": f"={calc.ref('code', c)}",
    }


def status_tally(layout: Layout, code: int) -> str:
    """How many goals stand at the status with ``code`` (COUNTIF over the status column)."""
    table = layout.completion
    first = table.first_row
    last = first + len(layout.template.goals) - 1
    statuses = table.range_ref("status", first, last)
    word = layout.params.ref(STATUS_WORDS[code - 1])
    return f"=COUNTIF({statuses},{word})"


def time_elapsed(layout: Layout) -> str:
    return f"={layout.params.ref('months_done')}/{layout.params.ref('months')}"


def about_ref(layout: Layout, key: str) -> str:
    return f"={layout.params.ref(key)}"
