"""Sending the monthly report through real SMTP servers on 127.0.0.1 (aiosmtpd): plain,
STARTTLS with AUTH and a certificate from an authority made for the test, and implicit
TLS. What arrived is parsed and checked; failures give their exit code and record nothing."""

from __future__ import annotations

import email
import email.policy
import json
import re
import shutil
import tomllib
from datetime import datetime
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tests.smtp_servers import (
    PASSWORD,
    REFUSED,
    USER,
    Authority,
    Inbox,
    free_port,
    smtp_server,
)
from tracker.progress import cumulative_weights
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template

SUBJECT = "光明区人工智能发展目标（2025年）进展通报（2025年6月）"
ATTACHMENT = "光明区人工智能发展目标（2025年）进展_2025年6月.xlsx"
TO = ("leader@example.gov.cn", "second@example.gov.cn")
CC = ("kjj@example.gov.cn",)


def settings(
    where: Path,
    port: int,
    security: str,
    *more: str,
    cc: tuple[str, ...] = ("区科技创新局 <kjj@example.gov.cn>",),
) -> Path:
    """A tracker.toml for the server at ``port``."""
    cc_list = ", ".join(json.dumps(c, ensure_ascii=False) for c in cc)
    lines = [
        "[mail]",
        'host = "127.0.0.1"',
        f"port = {port}",
        f'security = "{security}"',
        'from = "目标跟踪 <tracker@example.gov.cn>"',
        'to = ["区领导 <leader@example.gov.cn>", "second@example.gov.cn"]',
        f"cc = [{cc_list}]",
        "timeout = 10",
        *more,
    ]
    path = where / "tracker.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def secured(where: Path, port: int, security: str, authority: Authority) -> Path:
    return settings(
        where,
        port,
        security,
        f'username = "{USER}"',
        f'ca_file = "{authority.ca_file.name}"',
    )


def figures(folder: Path) -> dict[str, str]:
    """Each goal's name and its figure as the brief must show it, worked out here from
    the month's snapshot: the figure with the goal's decimals and unit, or the stage a
    milestone has reached."""
    template = builtin_template(DEFAULT_TEMPLATE)
    goals = {goal.id: goal for goal in template.goals}
    snapshot = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    shown = {}
    for record in snapshot["goals"]:
        goal = goals[record["goal_id"]]
        if goal.kind == "milestone":
            weights = cumulative_weights(goal)
            stage = next(
                s
                for s, w in zip(goal.stages, weights, strict=True)
                if abs(w - record["actual"]) < 1e-9
            )
            shown[record["name"]] = f"{stage.name.zh}（{record['actual']:.0%}）"
        else:
            shown[record["name"]] = f"{record['actual']:,.{goal.precision}f}{goal.unit.zh}"
    return shown


def html_row(html: str, name: str) -> str:
    """The row of the every-goal table that names ``name``."""
    table = html[html.index("全部目标进展</h2>") : html.index("本月变化</h2>")]
    rows = table.split('<th scope="row"')[1:]  # each goal row starts with its header cell
    (row,) = [row for row in rows if f">{name}</th>" in row]
    return row


def text_entry(text: str, name: str) -> str:
    """The entry of the every-goal list that names ``name``: its line and the next."""
    lines = text[text.index("== 全部目标进展 ==") : text.index("== 本月变化 ==")].splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.startswith(f"- {name} [")]
    return "\n".join(lines[at : at + 2])


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def check_arrived(data: bytes, folder: Path, subject: str = SUBJECT) -> EmailMessage:
    """Everything the mail must carry, checked as a mail client would decode it."""
    assert data.isascii()  # every header encoded, every part base64: no relay can mangle it
    message = parse(data)
    assert message["Subject"] == subject
    assert str(message["From"]) == "目标跟踪 <tracker@example.gov.cn>"
    assert str(message["To"]) == "区领导 <leader@example.gov.cn>, second@example.gov.cn"
    html_part, text_part = message.get_body(("html",)), message.get_body(("plain",))
    assert html_part is not None and text_part is not None
    html, text = html_part.get_content(), text_part.get_content()
    for name, figure in figures(folder).items():
        assert figure in html_row(html, name), (name, figure)
        assert figure in text_entry(text, name), (name, figure)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == ATTACHMENT  # RFC 2231 filename*
    raw = email.message_from_bytes(data)  # compat32: the header as written
    (raw_part,) = [p for p in raw.walk() if p.get_content_maintype() == "application"]
    encoded_name = raw_part.get_param("name")
    assert isinstance(encoded_name, str) and encoded_name.startswith("=?utf-8?b?")
    assert str(make_header(decode_header(encoded_name))) == ATTACHMENT  # RFC 2047 name
    assert attachment.get_content() == (folder / ATTACHMENT).read_bytes()
    return message


def sends(folder: Path) -> list[dict[str, object]]:
    path = folder / "sent.json"
    if not path.exists():
        return []
    records: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))["sends"]
    return records


def test_plain_smtp(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    assert "已发送 2025-06 的报告" in run.out
    (arrived,) = inbox.messages
    assert arrived.sender == "tracker@example.gov.cn"
    assert sorted(arrived.recipients) == sorted(TO + CC)
    message = check_arrived(arrived.data, folder)
    (record,) = sends(folder)
    assert record["message_id"] == message["Message-ID"]
    assert record["to"] == ["区领导 <leader@example.gov.cn>", "second@example.gov.cn"]
    assert record["cc"] == ["区科技创新局 <kjj@example.gov.cn>"]
    assert record["subject"] == SUBJECT and record["correction"] is False
    assert (folder / "message.eml").read_bytes() == arrived.data
    assert "已发送给" in (folder / "run.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_login_and_an_internal_authority(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    security: str,
) -> None:
    """STARTTLS (the server refuses anything before it) and implicit TLS, each with a
    certificate from an authority trusted only through ca_file, and a login."""
    authority = Authority(folder.parent)
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", PASSWORD)
    with smtp_server(security, authority) as (port, inbox):
        config = secured(folder.parent, port, security, authority)
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    (arrived,) = inbox.messages
    assert arrived.authenticated
    check_arrived(arrived.data, folder)
    assert PASSWORD not in run.out + run.err + (folder / "run.log").read_text(encoding="utf-8")


def test_a_wrong_password_is_refused_and_nothing_recorded(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    authority = Authority(folder.parent)
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "not-the-password")
    with smtp_server("starttls", authority) as (port, inbox):
        config = secured(folder.parent, port, "starttls", authority)
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert run.err.startswith("邮件服务器拒绝了用户 tracker@example.gov.cn 的登录（535")
    assert "TRACKER_SMTP_PASSWORD" in run.err
    assert "not-the-password" not in run.out + run.err
    assert inbox.messages == [] and sends(folder) == []
    assert "发送失败" in (folder / "run.log").read_text(encoding="utf-8")


def test_a_server_that_is_down(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = settings(folder.parent, free_port(), "none")
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert run.err.startswith(f"无法连接邮件服务器 127.0.0.1:{config_port(config)}")
    assert "已尝试 3 次" in run.err
    assert sends(folder) == []


def config_port(config: Path) -> int:
    line = next(x for x in config.read_text().splitlines() if x.startswith("port"))
    return int(line.split("=")[1])


def test_a_certificate_nobody_trusts_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ca_file, the test's own authority is unknown: TLS fails, nothing is sent."""
    authority = Authority(folder.parent)
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", PASSWORD)
    with smtp_server("starttls", authority) as (port, inbox):
        config = settings(folder.parent, port, "starttls", f'username = "{USER}"')
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert "加密连接失败" in run.err and "certificate" in run.err
    assert inbox.messages == [] and sends(folder) == []


def test_a_refused_recipient_means_nobody_gets_it(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none", cc=(REFUSED,))
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert run.err.startswith(f"邮件服务器拒绝了收件人（{REFUSED}: 550")
    assert inbox.messages == [] and sends(folder) == []


def test_the_same_month_twice(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none")
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 0
        again = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert again.code == 2
        assert again.err.startswith("2025-06 的报告已于 ")
        assert "加 --force" in again.err
        assert len(inbox.messages) == 1 and len(sends(folder)) == 1
        forced = run_cli(capsys, "send", str(folder), "--config", str(config), "--force")
        assert forced.code == 0, forced.err
    assert len(inbox.messages) == 2
    check_arrived(inbox.messages[1].data, folder)  # unchanged: no correction
    first, second = sends(folder)
    assert first["message_id"] != second["message_id"] and second["correction"] is False


def test_a_dry_run_writes_the_message_and_contacts_nobody(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = settings(folder.parent, free_port(), "none")
    run = run_cli(capsys, "send", str(folder), "--config", str(config), "--dry-run")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == f"试发送（没有连接服务器）：邮件已写入 {folder / 'message.eml'}"
    assert lines[1:4] == [
        "  收件人：区领导 <leader@example.gov.cn>, second@example.gov.cn",
        "  抄送：区科技创新局 <kjj@example.gov.cn>",
        f"  标题：{SUBJECT}",
    ]
    assert lines[4].startswith("  大小：") and lines[4].endswith(" KB")
    check_arrived((folder / "message.eml").read_bytes(), folder)
    assert sends(folder) == []


def test_a_report_changed_after_it_was_sent(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The send record survives the month's update run again; the update says when the
    report changed since it was sent, and a forced resend is marked as a correction."""
    import openpyxl

    workbook = demo_here["zh"]
    folder = workbook.parent / "reports" / "2025-06"
    with smtp_server("plain") as (port, inbox):
        settings(workbook.parent, port, "none")  # tracker.toml beside the workbook
        update = ["update", workbook.name, "--month", "2025-06"]
        assert run_cli(capsys, *update).code == 0
        assert (folder / "message.eml").exists()
        assert run_cli(capsys, "send", str(folder)).code == 0
        same = run_cli(capsys, *update)
        assert same.code == 0 and same.err == ""  # nothing changed: no warning
        book = openpyxl.load_workbook(workbook)
        labs = book["实验室"]
        (row,) = [r for r in range(2, labs.max_row + 1) if labs.cell(r, 5).value == "已签约"]
        labs.cell(row, 5).value = "已揭牌"
        book.save(workbook)
        changed = run_cli(capsys, *update)
        assert changed.code == 0, changed.err
        assert "本月报告已于 " in changed.err and "这次更新改变了报告内容" in changed.err
        assert len(sends(folder)) == 1
        assert run_cli(capsys, "send", str(folder)).code == 2
        forced = run_cli(capsys, "send", str(folder), "--force")
        assert forced.code == 0, forced.err
        assert "标题已标明“更正”" in forced.out
    _, second = inbox.messages
    check_arrived(second.data, folder, subject="【更正】" + SUBJECT)
    assert [record["correction"] for record in sends(folder)] == [False, True]
    log = (folder / "run.log").read_text(encoding="utf-8")
    assert log.count("月度更新 2025-06") == 3 and log.count("已发送给") == 2


def test_a_refusal_after_the_message_is_not_a_send(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """smtplib hands back the server's last word on the message without judging it."""
    inbox = Inbox(data_replies=["552 5.3.4 Message too big for this system"])
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert run.err.startswith("邮件服务器拒收这封邮件（552 5.3.4 Message too big")
    assert inbox.data_calls == 1  # a refusal is not tried again
    assert inbox.messages == [] and sends(folder) == []


def test_a_busy_server_is_tried_again(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Greylisting (451 to a recipient) and a 451 to the message: both tried again, and
    the message goes once."""
    inbox = Inbox(
        rcpt_replies={"second@example.gov.cn": ["451 4.7.1 Greylisted, come back later"]},
        data_replies=["451 4.3.0 Try again later"],
    )
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    assert inbox.data_calls == 2 and len(inbox.messages) == 1
    assert len(sends(folder)) == 1


def test_no_second_try_once_the_message_is_handed_over(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server takes the message but its answer does not come in time: trying again
    could deliver it twice, so the user is told, and nothing is recorded."""
    inbox = Inbox(data_delay=3.0)
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        config.write_text(config.read_text().replace("timeout = 10", "timeout = 1"))
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert run.err.startswith(f"邮件已交给服务器 127.0.0.1:{port}，但没有等到它的确认")
    assert inbox.data_calls == 1 and sends(folder) == []


def test_a_refused_sender(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = Inbox(mail_reply="553 5.7.1 Sender address rejected: not owned by user")
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert run.err.startswith("邮件服务器拒绝了发件人 tracker@example.gov.cn（553")
    assert sends(folder) == []


def test_a_server_that_stays_down_is_tried_three_times(folder: Path) -> None:
    from tracker.errors import NotDeliveredError
    from tracker.mail import smtp
    from tracker.mail.message import build_message
    from tracker.mail.settings import load_settings
    from tracker.report.folder import read_report

    settings_ = load_settings(settings(folder.parent, free_port(), "none"))
    built = build_message(read_report(folder), settings_, datetime(2025, 7, 1, 9))
    pauses: list[float] = []
    with pytest.raises(NotDeliveredError) as failed:
        smtp.deliver(built, settings_, "", sleep=pauses.append)
    assert pauses == [1.0, 2.0]  # three tries, a pause that doubles between them
    assert failed.value.params["attempts"] == 3
    assert "已尝试 3 次" in failed.value.message("zh")


def test_an_english_report(
    tmp_path: Path, demo_built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    source = demo_built["en"].parent / "reports" / "2025-06"
    folder = Path(shutil.copytree(source, tmp_path / "reports" / "2025-06"))
    (folder / "message.eml").unlink()
    with smtp_server("plain") as (port, inbox):
        config = settings(tmp_path, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    assert run.out.startswith("sent the report for 2025-06: ")  # messages follow the report
    message = parse(inbox.messages[0].data)
    assert message["Subject"] == "Guangming District AI goals (2025): progress brief for 2025-06"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "Guangming District AI goals (2025) progress June 2025.xlsx"
    text_part = message.get_body(("plain",))
    assert text_part is not None
    assert "== Goals behind schedule ==" in text_part.get_content()


def test_a_line_dropped_before_the_message_is_tried_again(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server hangs up on DATA, before it has any of the message: safe to try again."""
    inbox = Inbox(drops_at_data=1)
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    assert len(inbox.messages) == 1 and len(sends(folder)) == 1


def test_lines_that_start_with_a_dot_arrive_whole(tmp_path: Path) -> None:
    from tracker.mail import smtp
    from tracker.mail.message import Built
    from tracker.mail.settings import load_settings

    data = b"Subject: dots\r\n\r\n.one dot\r\n..two dots\r\n.\r\nend\r\n"
    with smtp_server("plain") as (port, inbox):
        settings_ = load_settings(settings(tmp_path, port, "none"))
        built = Built(data, "<x@example.gov.cn>", "dots", USER, ("leader@example.gov.cn",))
        smtp.deliver(built, settings_, "")
    assert inbox.messages[0].data == data


def test_an_internal_authority_is_trusted_besides_the_systems(tmp_path: Path) -> None:
    from tracker.mail.settings import load_settings
    from tracker.mail.smtp import tls_context

    authority = Authority(tmp_path)
    system = tls_context(load_settings(settings(tmp_path, 465, "ssl")))
    both = tls_context(load_settings(secured(tmp_path, 465, "ssl", authority)))
    assert both.cert_store_stats()["x509_ca"] == system.cert_store_stats()["x509_ca"] + 1


def test_sent_but_not_recorded_says_so(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up between the server taking the message and the record: the user
    must hear that it went, or the next run would send it again."""
    import errno

    import tracker.commands.send

    def disk_full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tracker.commands.send, "record_send", disk_full)
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert len(inbox.messages) == 1
    assert run.err.startswith(
        "邮件已发送给 leader@example.gov.cn, second@example.gov.cn, kjj@example.gov.cn，"
        f"但无法记入 {folder / 'sent.json'}（磁盘已满）；请勿重发"
    )
    assert "但无法记入" in (folder / "run.log").read_text(encoding="utf-8")


def test_a_folder_where_the_record_should_be_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "sent.json").mkdir()
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    assert run.err.startswith(f"发送记录 {folder / 'sent.json'} 已损坏")
    assert inbox.messages == []


def test_files_that_cannot_be_written(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A message file that cannot be written stops the send (exit 3, nothing sent); a run
    log that cannot be written is a warning."""
    config = settings(folder.parent, free_port(), "none")
    (folder / "run.log").unlink()
    (folder / "run.log").mkdir()
    run = run_cli(capsys, "send", str(folder), "--config", str(config), "--dry-run")
    assert run.code == 0
    assert run.err.startswith(f"{folder / 'run.log'}: 无法写入运行日志（")
    assert (folder / "message.eml").is_file()
    (folder / "message.eml").unlink()
    (folder / "message.eml").mkdir()
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert run.err.startswith(f"无法写入邮件文件 {folder / 'message.eml'}（")
    assert sends(folder) == []


@pytest.mark.parametrize(
    "month", ["2025-6x", "2025", "2025-13", "2025-00", "0000-06", "２０２５-06"]
)
def test_a_manifest_with_a_bad_month_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], month: str
) -> None:
    manifest = folder / "report.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "month": month}), encoding="utf-8")
    config = settings(folder.parent, free_port(), "none")
    run = run_cli(capsys, "send", str(folder), "--config", str(config), "--dry-run")
    assert run.code == 2
    assert run.err.startswith(f"{manifest} ")


def test_records_saved_again_by_notepad_with_a_bom_still_read(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Someone opens sent.json (or report.json) in Notepad to see who had it, and saves:
    an older Notepad puts a byte-order mark in front. The record still holds, so the send
    is refused as already sent, not as a damaged record the message says to delete (after
    which the leaders would get the month twice)."""
    from tracker.report.unit_sends import UnitLedger, read_records

    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none")
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 0
        for name in ("sent.json", "report.json"):
            path = folder / name
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        again = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert again.code == 2 and again.err.startswith("2025-06 的报告已于 "), again.err
        assert len(inbox.messages) == 1
    assert run_cli(capsys, "send", str(folder), "--config", str(config), "--dry-run").code == 0
    returns = tmp_path / "returns"
    returns.mkdir()
    ledger = UnitLedger(returns, "form", "区科技创新局")
    sent = json.loads((folder / "sent.json").read_text(encoding="utf-8-sig"))["sends"][0]
    from tracker.report.sends import record_from

    ledger.done(record_from({"sends": [sent]}).sends[0])
    path = returns / "sent.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(read_records(returns)["form"]["区科技创新局"].sends) == 1


def test_the_english_demo_mail_settings_are_in_english(demo_built: dict[str, Path]) -> None:
    """An English demo's tracker.toml explained itself in Chinese, and copied its lead
    unit as "District Science and Technology Innovation Bureau (sample)" where the
    workbook names it "District Science and Innovation Bureau (sample)"."""
    text = (demo_built["en"].parent / "tracker.toml").read_text(encoding="utf-8")
    assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", text), text
    assert 'cc = ["District Science and Innovation Bureau (sample) <kjj@' in text
    chinese = (demo_built["zh"].parent / "tracker.toml").read_text(encoding="utf-8")
    assert "# 邮件设置（演示）" in chinese and 'cc = ["区科技创新局（示例） <kjj@' in chinese
    for each in (text, chinese):
        assert tomllib.loads(each)["mail"]["security"] == "ssl"
