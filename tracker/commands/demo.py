"""The built-in demo: the default template filled with plausible sample data.

Every item and every lead unit is marked as a sample (（示例） / "(sample)"); none is real.
The data are chosen so that, as of 2025-06-30, the goals show every status: one done, most
on track, some behind and some far behind, with notes on the ones that lag. The demo runs
the monthly update for each month from January to June, with the items as they stood at
each month's end, so its workbook has a history, changes and forecasts to show.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from tracker.commands.collect import CollectOutcome, run_collect
from tracker.commands.forms import RETURNS, FormsOutcome, run_forms
from tracker.commands.send import SendOutcome, run_send
from tracker.commands.update import REPORTS, Outcome, run_update
from tracker.errors import TrackerError, cannot_write
from tracker.excel import CellValue
from tracker.history.snapshots import owner
from tracker.history.timeline import Timeline
from tracker.i18n import Lang
from tracker.inputs.uscc import CHARSET, check_character
from tracker.mail.settings import SETTINGS_FILE
from tracker.model import Assignment, Book, MilestoneEntry, MonthlyEntry, RegisterRow, new_book
from tracker.report.folder import SNAPSHOT
from tracker.returns.units import unit_key
from tracker.safefile import BACKUPS, write_atomically
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.template.spec import Template, add_months
from tracker.workbook.reader import read_book, read_workbook
from tracker.workbook.saving import save_book

DEMO_AS_OF = date(2025, 6, 30)

SAMPLE = {"zh": "（示例）", "en": " (sample)"}

LEADS = {
    "compute": ("区发展和改革局", "District Development and Reform Bureau"),
    "ai-labs": ("区科技创新局", "District Science and Innovation Bureau"),
    "ai4s": ("区科技创新局", "District Science and Innovation Bureau"),
    "industry-scenarios": ("区工业和信息化局", "District Industry and IT Bureau"),
    "city-scenarios": ("区政务服务和数据管理局", "District Government Services and Data Bureau"),
    "landing-points": ("区交通运输局", "District Transport Bureau"),
    "computing-centre": ("区政务服务和数据管理局", "District Government Services and Data Bureau"),
    "ai-firms": ("区投资推广署", "District Investment Promotion Office"),
    "output": ("区工业和信息化局", "District Industry and IT Bureau"),
    "pengcheng-3": ("区发展和改革局", "District Development and Reform Bureau"),
    "supercomputing-2": ("区发展和改革局", "District Development and Reform Bureau"),
    "ai-policy": ("区科技创新局", "District Science and Innovation Bureau"),
    "housing": ("区住房和建设局", "District Housing and Construction Bureau"),
}

# Cumulative AI output (亿元) reported for January to June.
OUTPUT = (3.1, 7.0, 11.8, 16.2, 20.5, 24.9)

# Each milestone's stages, by the month they were reached.
MILESTONES: dict[str, list[tuple[int, str]]] = {
    "ai4s": [(2, "谋划"), (4, "建设")],
    "computing-centre": [(3, "立项")],
    "pengcheng-3": [(1, "建设中"), (5, "主体完工")],
    "supercomputing-2": [(1, "建设中"), (6, "部分投用")],
    "ai-policy": [(2, "起草"), (4, "征求意见"), (6, "印发")],
    "housing": [(3, "方案")],
}
# The date column that says when an item reached the stage it is registered at.
REACHED = {
    "labs": "unveiled",
    "scenarios": "live",
    "landing": "built",
    "firms": "settled",
    "compute": "in_service",
}


def demo_book(lang: Lang = "zh", as_of: date = DEMO_AS_OF) -> Book:
    """The default template with sample items, figures, notes and lead units, as they
    stood at ``as_of``: an item dated later is at the stage before (a firm that settles
    in two months' time is not registered yet)."""
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, lang, as_of)
    book.sample = True
    rng = random.Random(2025)
    sample = SAMPLE[lang]
    maker = _Rows(template, lang, sample)
    book.registers = {
        "labs": maker.labs(),
        "scenarios": maker.scenarios(),
        "landing": maker.landing(),
        "firms": maker.firms(rng),
        "compute": maker.compute(),
    }
    for register_id, rows in book.registers.items():
        book.registers[register_id] = _as_it_stood(template, register_id, rows, as_of, lang)
    # The demo numbers its items as the tool would have: those numbers are given.
    book.next_ids = {register_id: count + 1 for register_id, count in maker.counters.items()}
    for goal_id, steps in MILESTONES.items():
        goal = template.goal(goal_id)
        names = {s.name.zh: s.name.get(lang) for s in goal.stages}
        reached = [(number, stage) for number, stage in steps if number <= as_of.month]
        if reached:
            number, stage = reached[-1]
            book.milestones[goal_id] = MilestoneEntry(names[stage], date(2025, number, 15))
    months = [m for m in template.period.months if m <= as_of]
    for month, value in zip(months, OUTPUT, strict=False):
        book.monthly[("output", month)] = MonthlyEntry(value=value)
    if len(months) >= 6:
        for goal_id, notes in NOTES[lang].items():
            entry = book.monthly.setdefault((goal_id, months[5]), MonthlyEntry())
            entry.progress, entry.problems, entry.next_steps = notes
    for goal_id, (zh, en) in LEADS.items():
        book.assignments[goal_id] = Assignment(lead=(zh if lang == "zh" else en) + sample)
    return book


def _as_it_stood(
    template: Template, register_id: str, rows: list[RegisterRow], as_of: date, lang: Lang
) -> list[RegisterRow]:
    """The register at ``as_of``: an item whose date is later stands one stage earlier,
    without the date; a firm more than a month from settling is not registered yet."""
    register = template.register(register_id)
    stage = register.column("stage")
    labels = [choice.get(lang) for choice in stage.choices]
    result = []
    for row in rows:
        reached = row.values.get(REACHED[register_id])
        if not isinstance(reached, date) or reached <= as_of:
            result.append(row)
            continue
        if register_id == "firms" and (reached - as_of).days > 31:
            continue
        earlier = labels[max(0, labels.index(str(row.values["stage"])) - 1)]
        values = {**row.values, "stage": earlier, REACHED[register_id]: None}
        if register_id == "firms":
            values["output"] = None
        result.append(RegisterRow(row.item_id, values))
    return result


# Mail settings for the demo: the format of docs/email.md, with addresses that go nowhere;
# explained in the demo's language.
DEMO_SETTINGS = """\
# {title}
# {example}
[mail]
host = "smtp.example.gov.cn"
port = 465
security = "ssl"            # {security}
username = "tracker@example.gov.cn"
password_env = "TRACKER_SMTP_PASSWORD"   # {password}
from = "{sender} <tracker@example.gov.cn>"
to = ["{leaders} <leader@example.gov.cn>"]
cc = ["{bureau} <kjj@example.gov.cn>"]
"""
# The names the demo's mail goes out with, and its comments, in the demo's language; the
# bureau copied is the lead unit of the demo's labs, named as its workbook names it.
DEMO_NAMES = {
    "zh": {
        "title": "邮件设置（演示）：格式见 docs/email.md。Mail settings (demo): see docs/email.md.",
        "example": "example.gov.cn 是示例地址，tracker demo 只做试发送，不会连接服务器。",
        "security": '"ssl"（465 端口）、"starttls"（587）或 "none"',
        "password": "密码从这个环境变量读取，不写在文件里",
        "sender": "目标跟踪（示例）",
        "leaders": "区领导（示例）",
        "bureau": "区科技创新局（示例）",
    },
    "en": {
        "title": "Mail settings (demo): see docs/email.md.",
        "example": "example.gov.cn addresses are samples: tracker demo only makes a dry run "
        "and connects to no server.",
        "security": '"ssl" (port 465), "starttls" (587) or "none"',
        "password": "the password is read from this environment variable, never the file",
        "sender": "Goal tracking (sample)",
        "leaders": "District leaders (sample)",
        "bureau": "District Science and Innovation Bureau (sample)",
    },
}


def build_demo(folder: Path, lang: Lang, now: datetime) -> tuple[Path, Outcome, SendOutcome]:
    """The demo workbook in ``folder``, updated month by month from January to June 2025
    (its report folders beside it), and June's report as a dry-run email. Mail settings
    are written beside the workbook unless the folder has some. Returns the workbook's
    path, the last update's outcome and the dry run's."""
    template = builtin_template(DEFAULT_TEMPLATE)
    path = folder / f"{template.id}-demo{'-en' if lang == 'en' else ''}.xlsx"
    settings = folder / SETTINGS_FILE
    if not settings.exists():
        _write(settings, DEMO_SETTINGS.format(**DEMO_NAMES[lang]).encode("utf-8"))
    outcome = None
    _clear_earlier_demo(path, folder / REPORTS)
    for month in template.period.months[: DEMO_AS_OF.month]:
        month_end = add_months(month, 1) - timedelta(days=1)
        book = demo_book(lang, month_end)
        # The same workbook all along, its entries as they stood at the month's end and
        # its history of the months before kept, as a workbook updated monthly holds it.
        history = read_workbook(path).history if outcome else None
        book.workbook_id = outcome.workbook_id if outcome else ""
        save_book(path, book, timeline=Timeline(history) if history else None)
        outcome = run_update(path, month, now)
    assert outcome is not None
    dry_run = run_send(outcome.report.folder, now, dry_run=True)
    return path, outcome, dry_run


ROUND_TRIP = "round-trip"  # the folder, inside the demo's, of the returns round trip
ROUND_TRIP_MONTH = date(2025, 7, 1)
ROUND_TRIP_DUE = date(2025, 8, 5)


@dataclass(frozen=True)
class RoundTrip:
    """The returns round trip the demo runs on a copy of its workbook: forms written for
    July, two of them filled in, collected (one rejected for a typo, then fixed), and
    July's update."""

    master: Path
    forms: FormsOutcome
    first: CollectOutcome  # the typo rejected
    second: CollectOutcome  # the typo fixed
    update: Outcome


def build_round_trip(folder: Path, master: Path, lang: Lang, now: datetime) -> RoundTrip:
    """The round trip, in ``folder``/round-trip/ (a run again replaces it): a copy of the
    demo workbook ``master``, July's forms in its returns/ folder, the science bureau's
    filled in (a lab added, one moved on, a note) and the development and reform bureau's
    (a figure typed with its unit, ``3.5E``: rejected; then 3.5), collected, and July
    updated. The forms are filled in as the tool writes them, so they keep the dates of
    the month they report and the demo gives the same result whenever it runs."""
    trip = folder / ROUND_TRIP
    for made in (trip / RETURNS, trip / REPORTS, trip / BACKUPS):
        shutil.rmtree(made, ignore_errors=True)
    copy = trip / master.name
    _write(copy, master.read_bytes())
    forms = run_forms(
        copy,
        month=ROUND_TRIP_MONTH,
        due=ROUND_TRIP_DUE,
        contact=CONTACT[lang],
        now=datetime.combine(ROUND_TRIP_MONTH, time(9)),
    )
    book = read_book(copy)
    paths = {unit_key(w.unit): w.path for w in forms.written}
    science = paths[unit_key(book.assignment("ai-labs").lead)]
    reform = paths[unit_key(book.assignment("compute").lead)]
    _fill(science, lambda form: _science_answers(form, lang))
    _fill(reform, lambda form: _capacity(form, "3.5E"))
    returns = [forms.written[0].path.parent]
    first = run_collect(copy, returns, month=ROUND_TRIP_MONTH, now=now)
    _fill(reform, lambda form: _capacity(form, 3.5))
    second = run_collect(copy, returns, month=ROUND_TRIP_MONTH, now=now)
    update = run_update(copy, ROUND_TRIP_MONTH, now)
    return RoundTrip(copy, forms, first, second, update)


CONTACT = {
    "zh": "区人工智能专班（示例） 0755-0000 0000",
    "en": "District AI task force (sample), 0755-0000 0000",
}


def _write(path: Path, data: bytes) -> None:
    """``data`` written whole at ``path`` (its folder made); a full disk or a folder that
    cannot be written is said in one sentence, and leaves no half-written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError as error:
        raise cannot_write(path, error) from None


def _fill(path: Path, change: Callable[[Book], None]) -> None:
    """A form filled in and saved under its name, as a unit sends it back."""
    form = read_book(path)
    change(form)
    save_book(path, form)


def _science_answers(form: Book, lang: Lang) -> None:
    maker = _Rows(form.template, lang, SAMPLE[lang])
    labs = form.rows("labs")
    moved = labs[2]  # 具身智能: signed in June, unveiled in July
    moved.values["stage"] = maker.choice("labs", "stage", "已揭牌")
    moved.values["unveiled"] = date(2025, 7, 18)
    added = maker.row(
        "labs",
        name=maker.name("光明湖人工智能联合实验室", "Guangming Lake AI joint lab"),
        partner=maker.name("某研究院", "A research institute"),
        field="具身智能" if lang == "zh" else "Embodied AI",
        stage="已签约",
    )
    labs.append(RegisterRow("", added.values))  # numbered by the master, not the form
    july = form.entry("ai-labs", ROUND_TRIP_MONTH)
    july.progress = PROGRESS[lang]
    form.monthly[("ai-labs", ROUND_TRIP_MONTH)] = july


PROGRESS = {
    "zh": "具身智能实验室7月18日揭牌；光明湖实验室已签约（示例）",
    "en": "The embodied AI lab was unveiled on 18 July; the Guangming Lake lab is signed (sample)",
}


def _capacity(form: Book, value: CellValue) -> None:
    """The schedulable computing power of the second centre, as the unit typed it."""
    form.rows("compute")[1].values["eflops"] = value


def _clear_earlier_demo(path: Path, reports: Path) -> None:
    """A demo run again replaces the one before: the month folders that demo wrote (by
    its workbook's id) go, so the new demo's months are its own. Nothing else is touched."""
    if not path.exists():
        return
    try:
        earlier = read_book(path).workbook_id
    except TrackerError:
        return
    for month in sorted(reports.glob("*/")) if earlier and reports.is_dir() else []:
        if owner(month / SNAPSHOT) == earlier:
            shutil.rmtree(month, ignore_errors=True)


class _Rows:
    """Sample register rows, with choices in the workbook's language."""

    def __init__(self, template: Template, lang: Lang, sample: str) -> None:
        self.template = template
        self.lang = lang
        self.sample = sample
        self.counters: dict[str, int] = {}

    def row(self, register_id: str, **values: CellValue) -> RegisterRow:
        register = self.template.register(register_id)
        number = self.counters.get(register_id, 0) + 1
        self.counters[register_id] = number
        translated: dict[str, CellValue] = {}
        for key, value in values.items():
            column = register.column(key)
            if column.type == "choice" and isinstance(value, str):
                value = column.choices[column.choice_rank(value)].get(self.lang)
            translated[key] = value
        return RegisterRow(f"{register.prefix}-{number:03d}", translated)

    def choice(self, register_id: str, column_id: str, zh: str) -> str:
        """A choice of a register column, by its Chinese name, in the workbook's language."""
        column = self.template.register(register_id).column(column_id)
        return column.choices[column.choice_rank(zh)].get(self.lang)

    def name(self, zh: str, en: str) -> str:
        return (zh if self.lang == "zh" else en) + self.sample

    def labs(self) -> list[RegisterRow]:
        specs = [
            ("智能制造", "Smart manufacturing", "运行中", date(2025, 2, 18)),
            ("AI for Science", "AI for Science", "已揭牌", date(2025, 5, 9)),
            ("具身智能", "Embodied AI", "已签约", None),
            ("医学影像", "Medical imaging", "洽谈中", None),
        ]
        return [
            self.row(
                "labs",
                name=self.name(f"{zh}人工智能联合实验室", f"{en} AI joint lab"),
                partner=self.name("某高校", "A university"),
                field=zh if self.lang == "zh" else en,
                stage=stage,
                unveiled=day,
            )
            for zh, en, stage, day in specs
        ]

    def scenarios(self) -> list[RegisterRow]:
        specs = [
            ("AI+工业制造", "质检", "quality inspection", "已上线", date(2025, 3, 12)),
            ("AI+工业制造", "排产", "production scheduling", "已上线", date(2025, 4, 2)),
            ("AI+工业制造", "预测性维护", "predictive maintenance", "已上线", date(2024, 11, 20)),
            ("AI+工业制造", "仓储物流", "warehouse logistics", "建设中", None),
            ("AI+工业制造", "能耗优化", "energy optimisation", "建设中", None),
            ("AI+城市治理", "城市事件识别", "city incident detection", "已上线", date(2025, 1, 15)),
            ("AI+城市治理", "交通信号优化", "traffic signal tuning", "已上线", date(2025, 3, 28)),
            ("AI+城市治理", "12345热线辅助", "hotline assistant", "已上线", date(2025, 5, 6)),
            ("AI+城市治理", "河道巡查", "river patrol", "已上线", date(2025, 6, 18)),
            ("AI+城市治理", "消防隐患识别", "fire-risk spotting", "已上线", date(2024, 12, 3)),
            ("AI+城市治理", "渣土车监管", "muck-truck monitoring", "建设中", None),
            ("AI+城市治理", "智慧停车", "smart parking", "谋划", None),
            ("AI+公共服务", "政务智能问答", "government Q&A", "已上线", date(2025, 4, 22)),
        ]
        return [
            self.row(
                "scenarios",
                name=self.name(f"{zh}场景", f"{en.capitalize()} scenario"),
                category=category,
                owner=self.name("某企业", "A firm"),
                stage=stage,
                live=day,
            )
            for category, zh, en, stage, day in specs
        ]

    def landing(self) -> list[RegisterRow]:
        streets = ["光明街道", "公明街道", "新湖街道", "凤凰街道", "玉塘街道", "马田街道"]
        stages = ["投用"] * 2 + ["建成"] * 9 + ["在建"] * 8 + ["规划"] * 6
        rows = []
        for index, stage in enumerate(stages):
            hub = index % 8 == 0
            built = (
                date(2025, 1 + index % 6, 10 + index % 15) if stage in ("建成", "投用") else None
            )
            rows.append(
                self.row(
                    "landing",
                    name=self.name(f"起降点{index + 1:02d}", f"Landing site {index + 1:02d}"),
                    type="枢纽" if hub else "末端",
                    street=streets[index % len(streets)],
                    stage=stage,
                    built=built,
                )
            )
        return rows

    def firms(self, rng: random.Random) -> list[RegisterRow]:
        chains = ["上游（算力与芯片）", "中游（模型与算法）", "下游（应用与服务）"]
        rows = []
        for index in range(62):
            if index < 46:
                stage, day = "已落地", date(2025, 1 + index % 6, 1 + index % 27)
            elif index < 52:
                stage, day = "已落地", date(2024, 6 + index % 6, 12)
            else:
                stage, day = ("已签约" if index % 2 else "洽谈中"), None
            body = "91440311" + "".join(rng.choice(CHARSET) for _ in range(9))
            rows.append(
                self.row(
                    "firms",
                    name=self.name(f"人工智能企业{index + 1:02d}", f"AI firm {index + 1:02d}"),
                    uscc=body + check_character(body),
                    chain=chains[index % 3],
                    stage=stage,
                    settled=day,
                    output=round(rng.uniform(0.05, 1.2), 2) if day else None,
                )
            )
        return rows

    def compute(self) -> list[RegisterRow]:
        specs = [
            ("智算中心A", "AI computing centre A", "智能算力", "投用", 6.5, date(2025, 1, 20)),
            ("智算中心B", "AI computing centre B", "智能算力", "投用", 3.2, date(2025, 4, 30)),
            ("超算节点", "Supercomputing node", "超算", "在建", 5.0, None),
            ("智算中心C", "AI computing centre C", "智能算力", "规划", 3.0, None),
        ]
        return [
            self.row(
                "compute",
                name=self.name(zh, en),
                kind=kind,
                operator=self.name("某运营单位", "An operator"),
                stage=stage,
                eflops=eflops,
                in_service=day,
            )
            for zh, en, kind, stage, eflops, day in specs
        ]


NOTES: dict[Lang, dict[str, tuple[str, str, str]]] = {
    "zh": {
        "industry-scenarios": (
            "已上线质检、排产2个场景，仓储物流、能耗优化场景在建。（示例）",
            "企业数据开放意愿不足，场景落地周期长。（示例）",
            "7月召开供需对接会，推动2个在建场景三季度上线。（示例）",
        ),
        "landing-points": (
            "已建成起降点11个，在建8个。（示例）",
            "部分点位空域审批进度慢。（示例）",
            "协调空域审批，8月底前新建成6个。（示例）",
        ),
        "computing-centre": (
            "项目已立项，正在开展设计招标。（示例）",
            "建设资金尚未全部落实。（示例）",
            "7月完成设计招标，三季度开工。（示例）",
        ),
        "output": (
            "1-6月人工智能产业产值累计24.9亿元。（示例）",
            "",
            "加大重点企业服务力度。（示例）",
        ),
    },
    "en": {
        "industry-scenarios": (
            "Two scenarios are live; two more are being built. (sample)",
            "Firms are slow to open their data. (sample)",
            "A matchmaking meeting in July; two scenarios live in Q3. (sample)",
        ),
        "landing-points": (
            "11 sites built, 8 being built. (sample)",
            "Airspace approval is slow for some sites. (sample)",
            "Push approvals; 6 more sites by the end of August. (sample)",
        ),
        "computing-centre": (
            "Project approved; design tender under way. (sample)",
            "Funding is not yet complete. (sample)",
            "Design tender in July; construction in Q3. (sample)",
        ),
        "output": (
            "Cumulative AI output January-June: 2.49 billion yuan. (sample)",
            "",
            "More support for key firms. (sample)",
        ),
    },
}
