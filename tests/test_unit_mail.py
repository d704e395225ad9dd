"""Mailing the lead units (issue 10): each its form (`tracker forms --send`) and, when its
return is missing or was rejected, a reminder (`tracker remind --send`), through a real
SMTP server on 127.0.0.1 (aiosmtpd). What arrived is parsed as a mail client would."""

from __future__ import annotations

import email
import json
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.editing import monthly_cell
from tests.helpers import run_cli
from tests.smtp_servers import REFUSED, Inbox, free_port, smtp_server
from tests.test_collect import (
    DATA,
    FOLDER,
    HOUSING,
    INDUSTRY,
    INVEST,
    REFORM,
    SCIENCE,
    TRANSPORT,
    fill,
    fill_reform,
    fill_science,
    form_of,
)
from tests.test_send import parse, settings
from tracker.returns.units import divide
from tracker.workbook.reader import read_workbook

UNITS = (REFORM, SCIENCE, INDUSTRY, DATA, TRANSPORT, INVEST, HOUSING)  # the goals sheet's order
TITLE = "光明区人工智能发展目标（2025年）"
CONTACT = "区AI专班 张三 0755-12345678"


def address(unit: str) -> str:
    return f"unit{UNITS.index(unit) + 1}@example.gov.cn"


def unit_settings(where: Path, port: int, units: tuple[str, ...], *more: str) -> Path:
    """tracker.toml for the server at ``port``, with these units' addresses in [units]
    (the first with a display name)."""
    lines = ["[units]"]
    for unit in units:
        shown = f"{unit} <{address(unit)}>" if unit == units[0] else address(unit)
        lines.append(
            f"{json.dumps(unit, ensure_ascii=False)} = {json.dumps(shown, ensure_ascii=False)}"
        )
    return settings(where, port, "none", *more, *lines)


def letters(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "sent.json").read_text(encoding="utf-8"))
    return data


def by_unit(messages: list[Any]) -> dict[str, bytes]:
    """Each message as it arrived, by the unit its one recipient is."""
    found = {}
    for arrived in messages:
        (recipient,) = arrived.recipients
        (unit,) = [u for u in UNITS if address(u) == recipient]
        found[unit] = arrived.data
    return found


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    content = body.get_content()
    assert isinstance(content, str)
    return content


def check_form_letter(data: bytes, unit: str, subject: str) -> None:
    """The form attached under its Chinese name, both ways clients read it, with the
    bytes written; the few lines saying what it is, by when and whom to ask."""
    assert data.isascii()  # every header encoded, every part base64
    message = parse(data)
    assert message["Subject"] == subject
    assert str(message["From"]) == "目标跟踪 <tracker@example.gov.cn>"
    text = text_of(message)
    assert text.startswith(f"{unit}：\n\n附件是贵单位2025年7月的填报表（{form_of(unit).name}），")
    assert "请于 2025-08-05 前填好交回" in text and f"有问题请联系：{CONTACT}。" in text
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == form_of(unit).name  # RFC 2231 filename*
    raw = email.message_from_bytes(data)  # compat32: the header as written
    (part,) = [p for p in raw.walk() if p.get_content_maintype() == "application"]
    name = part.get_param("name")
    assert isinstance(name, str) and name.startswith("=?utf-8?b?")
    assert str(make_header(decode_header(name))) == form_of(unit).name  # RFC 2047 name
    assert attachment.get_content() == form_of(unit).read_bytes()


def subject(unit: str) -> str:
    return f"{TITLE}：{unit}2025年7月填报表（请于 2025-08-05 前交回）"


def test_forms_are_mailed_each_to_its_unit_once(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each form goes to its unit's addresses with the form attached; a unit without an
    address is listed (exit 3); the forms made again are the same forms, and a rerun
    sends only what was not sent; --force sends again; forms that say something new (a
    later due day) go out again, marked 更正."""
    master = demo_here["zh"]
    forms = ["forms", master.name, "--month", "2025-07", "--contact", CONTACT, "--send"]
    addressed = tuple(u for u in UNITS if u not in (INVEST, HOUSING))
    with smtp_server("plain") as (port, inbox):
        unit_settings(master.parent, port, addressed)
        run = run_cli(capsys, *forms)
        assert run.code == 3
        assert f"邮件（记录在 {FOLDER / 'sent.json'}）：" in run.out
        for unit in addressed:
            assert f"  {unit}：已发送给 {address(unit)}" in run.out.splitlines()
        assert run.err.splitlines() == [
            "tracker.toml 的 [units] 中没有这 2 个单位的地址，没有发给它们："
            f"{INVEST}、{HOUSING}；补上地址后再运行同一命令（已收到的单位不会重复收到）",
            "2 个单位没有收到（见上文），5 个已收到；排除原因后再运行同一命令，"
            "已收到的不会重复收到",
        ]
        arrived = by_unit(inbox.messages)
        assert sorted(arrived) == sorted(addressed)
        for unit in addressed:
            check_form_letter(arrived[unit], unit, subject(unit))
        assert str(parse(arrived[REFORM])["To"]) == f"{REFORM} <{address(REFORM)}>"
        record = letters(FOLDER)
        assert record["format"] == "tracker-unit-sent/1" and record["reminder"] == {}
        assert sorted(record["form"]) == sorted(addressed)
        assert [s["subject"] for s in record["form"][SCIENCE]["sends"]] == [subject(SCIENCE)]

        # The two addresses added, the same command again: the forms are made again,
        # the same as before, and only the two units without theirs get them.
        unit_settings(master.parent, port, UNITS)
        run = run_cli(capsys, *forms)
        assert run.code == 0, run.err
        assert len(inbox.messages) == 7
        assert sorted(by_unit(inbox.messages[5:])) == sorted([INVEST, HOUSING])
        for unit, data in by_unit(inbox.messages[5:]).items():
            check_form_letter(data, unit, subject(unit))
        already = [line for line in run.out.splitlines() if "同一封邮件已于" in line]
        assert len(already) == 5
        assert already[1].startswith(f"  {SCIENCE}：同一封邮件已于 ")
        assert already[1].endswith(f"发送给 {address(SCIENCE)}，没有重发（确需再发加 --force）")

        run = run_cli(capsys, *forms, "--force")
        assert run.code == 0, run.err
        assert len(inbox.messages) == 14
        assert {parse(m.data)["Subject"] for m in inbox.messages[7:]} == {subject(u) for u in UNITS}

        later = [*forms, "--due", "2025-08-08"]
        run = run_cli(capsys, *later)
        assert run.code == 0, run.err
        assert len(inbox.messages) == 21
        corrected = parse(inbox.messages[-1].data)["Subject"]
        assert corrected.startswith("【更正】") and "请于 2025-08-08 前交回" in corrected
    assert [len(letters(FOLDER)["form"][u]["sends"]) for u in UNITS] == [3] * 7


def test_settings_are_checked_before_any_form_is_written(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    master = demo_here["zh"]
    forms = ["forms", master.name, "--month", "2025-07", "--send"]
    run = run_cli(capsys, *forms)
    assert run.code == 2
    assert run.err.startswith("找不到邮件设置文件 tracker.toml；")
    config = settings(master.parent, free_port(), "none")  # [mail] only
    run = run_cli(capsys, *forms)
    assert run.code == 2
    assert run.err.startswith("邮件设置文件 tracker.toml 中没有 [units] 表")
    config.write_text(config.read_text() + '[units]\n"区科技创新局" = ["科技局"]\n', "utf-8")
    run = run_cli(capsys, *forms)
    assert run.code == 2
    assert run.err.splitlines()[1] == '  units.区科技创新局[1]: "科技局" 不是有效的邮件地址'
    run = run_cli(capsys, "forms", master.name, "--month", "2025-07", "--force")
    assert (run.code, run.err) == (2, "--force 只能与 --send 一起用（再发已经发过的邮件）\n")
    assert not FOLDER.exists()


def test_a_refused_address_stops_one_letter_and_a_server_down_stops_them_all(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    master = demo_here["zh"]
    forms = ["forms", master.name, "--month", "2025-07", "--send"]
    with smtp_server("plain") as (port, inbox):
        config = unit_settings(master.parent, port, UNITS)
        text = config.read_text(encoding="utf-8").replace(address(SCIENCE), REFUSED)
        config.write_text(text, encoding="utf-8")
        run = run_cli(capsys, *forms)
    assert run.code == 3
    assert len(inbox.messages) == 6
    assert run.err.splitlines()[0] == (
        f"  {SCIENCE}：邮件服务器拒绝了收件人（{REFUSED}: 550 5.1.1 No such user here）；"
        "检查 tracker.toml 的 [units] 中这个单位的地址，这封邮件未发送给任何人"
    )
    assert SCIENCE not in letters(FOLDER)["form"]

    config.write_text(text.replace(f"port = {port}", f"port = {free_port()}"), "utf-8")
    run = run_cli(capsys, *forms)
    assert run.code == 3
    first, untried, summary = run.err.splitlines()
    assert first.startswith(f"  {SCIENCE}：无法连接邮件服务器 127.0.0.1:")
    others = "、".join(u for u in UNITS[2:])
    assert untried == f"发送在上一个单位处中止，这 5 个单位没有发送：{others}"
    assert summary.startswith("6 个单位没有收到（见上文），1 个已收到")
    assert "发送失败" in (FOLDER / "run.log").read_text(encoding="utf-8")


def test_an_english_workbook_s_forms_are_mailed_in_english(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    master = demo_here["en"]
    units = [unit.name for unit in divide(read_workbook(master).book).units]
    with smtp_server("plain") as (port, inbox):
        config = settings(master.parent, port, "none", "[units]")
        lines = [f'{json.dumps(u)} = "u{i}@example.gov.cn"' for i, u in enumerate(units)]
        config.write_text(config.read_text() + "\n".join(lines) + "\n", encoding="utf-8")
        run = run_cli(capsys, "forms", master.name, "--month", "2025-07", "--send")
    assert run.code == 0, run.err
    assert f"{units[0]}: sent to u0@example.gov.cn" in run.out
    message = parse(inbox.messages[0].data)
    assert message["Subject"] == (
        f"Guangming District AI goals (2025): {units[0]}'s return form for July 2025 "
        "(due 2025-08-05)"
    )
    assert text_of(message).startswith(f"To {units[0]},\n\nAttached is your return form")
    assert "Questions: reply to this message." in text_of(message)
    (attachment,) = list(message.iter_attachments())
    name = attachment.get_filename()
    assert name is not None and (Path("returns") / "2025-07" / name).read_bytes() == (
        attachment.get_content()
    )


@pytest.fixture
def collected(demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo master with July's forms collected: the science bureau's merged, the
    development and reform bureau's rejected (a figure typed with its unit), the rest
    missing."""
    master = demo_here["zh"]
    assert run_cli(capsys, "forms", master.name, "--month", "2025-07").code == 0
    fill(SCIENCE, fill_science)
    fill(REFORM, fill_reform)  # 3.5E in 可调度算力（E）
    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    assert run.code == 1, run.out + run.err
    return master


MISSING = (INDUSTRY, DATA, TRANSPORT, INVEST, HOUSING)


def test_remind_lists_the_missing_and_the_rejected(
    collected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "remind", collected.name, "--month", "2025-07")
    assert run.code == 1
    lines = run.out.splitlines()
    assert (
        lines[0]
        == "2025年7月应交回填报表的 7 个单位中，有 6 个未交回或被退回（交回期限 2025-08-05）："
    )
    assert lines[1] == f"  {REFORM}：被退回（{form_of(REFORM).name}）"
    assert (
        lines[2]
        == f"    {form_of(REFORM)} 有 1 个错误，整份退回、未并入；请该单位逐条修正后重新交回："
    )
    assert lines[3].startswith("      算力设施!F3: ") and '"3.5E"' in lines[3]
    assert lines[4:] == [f"  {unit}：未交回" for unit in MISSING]
    assert run.err == (
        "有 6 个单位未交回或被退回；加 --send 给它们发催报邮件（地址见 tracker.toml 的 [units]）\n"
    )


def test_remind_sends_each_a_reminder_once_a_day(
    collected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    remind = ["remind", collected.name, "--month", "2025-07", "--send", "--contact", CONTACT]
    with smtp_server("plain") as (port, inbox):
        unit_settings(collected.parent, port, UNITS)
        run = run_cli(capsys, *remind)
        assert run.code == 0, run.err
        arrived = by_unit(inbox.messages)
        assert sorted(arrived) == sorted([REFORM, *MISSING])  # not the science bureau
        rejected = parse(arrived[REFORM])
        assert rejected["Subject"] == f"【催报】{TITLE}：{REFORM}2025年7月填报表"
        text = text_of(rejected)
        assert text.startswith(
            f"{REFORM}：\n\n贵单位交回的2025年7月填报表（{form_of(REFORM).name}）没有并入总表，"
            "已退回，原因：\n"
        )
        assert "算力设施!F3: " in text and '"3.5E"' in text
        assert "请在这份表上逐条改正后重新交回（交回期限 2025-08-05）。" in text
        assert f"有问题请联系：{CONTACT}。" in text
        missing = parse(arrived[DATA])
        assert "我们还没有收到贵单位2025年7月的填报表（交回期限 2025-08-05）。" in text_of(missing)
        assert list(missing.iter_attachments()) == []

        again = run_cli(capsys, *remind)  # the same day: nobody reminded twice
        assert again.code == 0, again.err
        assert len(inbox.messages) == 6
        assert again.out.count("同一封邮件已于") == 6
        forced = run_cli(capsys, *remind, "--force")
        assert forced.code == 0, forced.err
        assert len(inbox.messages) == 12
    record = letters(FOLDER)
    assert record["form"] == {} and sorted(record["reminder"]) == sorted([REFORM, *MISSING])
    assert all(len(r["sends"]) == 2 for r in record["reminder"].values())


def test_remind_before_any_return_and_after_all(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    master = demo_here["zh"]
    run = run_cli(capsys, "remind", master.name, "--month", "2025-07")
    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        "总表里还没有2025年7月填报表的收回记录（tracker collect "
        "尚未并入或退回过这个月的任何一份），各单位都按未交回计",
        "2025年7月应交回填报表的 7 个单位中，有 7 个未交回或被退回：",
    ]
    assert run.out.splitlines()[2:] == [f"  {unit}：未交回" for unit in UNITS]

    assert run_cli(capsys, "forms", master.name, "--month", "2025-07").code == 0
    division = divide(read_workbook(master).book)
    for unit in division.units:
        goal = unit.goals[0]

        def note(book: openpyxl.Workbook, goal: str = goal) -> None:
            monthly_cell(book, goal, "2025-07", "进展情况").value = "按计划推进"

        fill(unit.name, note)
    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    assert run.code == 0, run.out + run.err
    run = run_cli(capsys, "remind", master.name, "--month", "2025-07")
    assert (run.code, run.err) == (0, "")
    assert run.out == "2025年7月应交回填报表的 7 个单位都已交回\n"


def test_a_letter_whose_answer_never_came_is_asked_about_before_it_goes_again(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The server takes the first unit's form and hangs up before saying so: it may have
    arrived, so the run stops (the others not tried), and the next run sends the others
    but asks about that one (exit 2) rather than send it twice; --force sends it."""
    master = demo_here["zh"]
    forms = ["forms", master.name, "--month", "2025-07", "--send"]
    inbox = Inbox(hang_up_after_data=True)
    with smtp_server("plain", inbox=inbox) as (port, _):
        unit_settings(master.parent, port, UNITS)
        run = run_cli(capsys, *forms)
        assert run.code == 3
        assert run.err.splitlines()[0].startswith(
            f"  {REFORM}：邮件已交给服务器 127.0.0.1:{port}，但没有等到它的确认"
        )
        assert f"这 6 个单位没有发送：{'、'.join(UNITS[1:])}" in run.err
        pending = letters(FOLDER)["form"][REFORM]["pending"]
        assert len(inbox.messages) == 1

        inbox.hang_up_after_data = False
        run = run_cli(capsys, *forms)
        assert run.code == 2
        assert run.err.splitlines() == [
            f"  {REFORM}：上次发送（{pending['time']}，收件人 {REFORM} <{address(REFORM)}>，"
            f"Message-ID {pending['message_id']}）未能确认是否送达：进程被中断，或没有等到服务器的"
            "确认。请先向收件人核实；确未收到时加 --force 重发",
            "1 个单位上次的邮件未能确认是否送达（见上文）：先向它们核实，确未收到时加 --force 重发",
        ]
        assert sorted(by_unit(inbox.messages[1:])) == sorted(UNITS[1:])

        run = run_cli(capsys, *forms, "--force")
        assert run.code == 0, run.err
    assert len(inbox.messages) == 14  # forced: every unit's form again
    record = letters(FOLDER)["form"][REFORM]
    assert "pending" not in record
    assert [s["message_id"] for s in record["unknown"]] == [pending["message_id"]]


def test_a_letter_leaves_out_characters_that_turn_text_around(tmp_path: Path) -> None:
    """A unit's name with an unclosed right-to-left override showed the rest of a
    letter's subject and lines reversed."""
    from datetime import datetime

    from tracker.mail.note import build_note
    from tracker.mail.settings import load_settings

    mail = load_settings(settings(tmp_path, free_port(), "none"))
    unit = "区科技创新局\u202e"
    built = build_note(
        mail, ("a@example.gov.cn",), f"{unit}：7月填报表", f"{unit}：\n请填报", datetime(2025, 7, 1)
    )
    message = email.message_from_bytes(built.data)
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == built.subject == "区科技创新局：7月填报表"
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode("utf-8")
    assert "\u202e" not in body and body.startswith("区科技创新局：")
