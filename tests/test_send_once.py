"""Delivered exactly once (issue 16): sends started together, answers that never come,
processes killed at every phase, and a password that never shows. Every test counts the
messages the server (aiosmtpd on 127.0.0.1) took."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.helpers import run_cli
from tests.smtp_servers import (
    PASSWORD,
    USER,
    Authority,
    Inbox,
    Scripted,
    free_port,
    scripted_server,
    smtp_server,
)
from tests.test_send import SUBJECT, check_arrived, secured, sends, settings
from tracker.errors import NotDeliveredError


def record(folder: Path) -> dict[str, Any]:
    path = folder / "sent.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"sends": []}


def send_process(folder: Path, config: Path, *more: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tracker", "send", str(folder), "--config", str(config)]
    return subprocess.Popen(
        [*command, *more], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# 1. Sends started together ----------------------------------------------------------------


@pytest.mark.parametrize("round_", range(3))
def test_three_sends_started_together_deliver_one_message(
    tmp_path: Path, demo_built: dict[str, Path], round_: int
) -> None:
    """Three `tracker send` of one folder at the same moment, the server taking a second
    over its final answer: one message, one record; the others wait, then refuse."""
    source = demo_built["zh"].parent / "reports" / "2025-06"
    folder = Path(shutil.copytree(source, tmp_path / f"r{round_}" / "2025-06"))
    (folder / "sent.json").unlink(missing_ok=True)
    inbox = Inbox(data_delay=1.0)
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        processes = [send_process(folder, config) for _ in range(3)]
        results = [(p.wait(timeout=120), p.communicate()) for p in processes]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2, 2], results
    assert len(inbox.messages) == 1
    assert len(sends(folder)) == 1
    refused = [err for code, (_, err) in results if code == 2]
    assert all("的报告已于" in err and "--force" in err for err in refused), refused


# 2. An answer that never comes -----------------------------------------------------------


def test_after_a_result_unknown_a_plain_rerun_refuses(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server reads the whole message and hangs up before its 250: the send exits 3
    (result unknown) and leaves its attempt pending; a plain rerun (a cron retry) refuses,
    saying when the attempt was made; --force sends again and keeps the attempt on record."""
    inbox = Inbox(hang_up_after_data=True)
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        first = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert first.code == 3, first.err
        assert "邮件可能已经送达" in first.err
        pending = record(folder)["pending"]
        assert record(folder)["sends"] == []
        assert "发送结果未知" in (folder / "run.log").read_text(encoding="utf-8")
        again = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert again.code == 2
        assert again.err.startswith(f"上次发送（{pending['time']}，收件人 ")
        assert pending["message_id"] in again.err
        assert len(inbox.messages) == 1  # the rerun sent nothing
        inbox.hang_up_after_data = False
        forced = run_cli(capsys, "send", str(folder), "--config", str(config), "--force")
        assert forced.code == 0, forced.err
    assert len(inbox.messages) == 2
    kept = record(folder)
    assert "pending" not in kept
    assert [s["message_id"] for s in kept["unknown"]] == [pending["message_id"]]
    assert len(kept["sends"]) == 1


def test_a_refusal_leaves_nothing_pending(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 5xx to the message is a known outcome: not delivered, nothing pending, and the
    rerun sends."""
    inbox = Inbox(data_replies=["554 5.6.0 Message refused"])
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 3
        assert "pending" not in record(folder)
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 0
    assert len(inbox.messages) == 1


# 3. Killed at every phase -----------------------------------------------------------------


@pytest.mark.parametrize("phase", ["at_start", "before_data", "awaiting_reply", "after_reply"])
def test_killed_at_any_phase_a_plain_rerun_never_delivers_twice(
    folder: Path, capsys: pytest.CaptureFixture[str], phase: str
) -> None:
    """kill -9 before connecting, with the recipients offered, while the server holds the
    whole message before answering, and just after it answered: the plain rerun delivers
    only when nothing was delivered, and no send is recorded that did not happen."""
    inbox = Inbox(data_delay=2.0 if phase == "awaiting_reply" else 0.0)
    if phase == "before_data":
        inbox.rcpt_delay = 2.0
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        process = send_process(folder, config)
        if phase == "before_data":
            wait_for(lambda: inbox.rcpt_calls > 0)
        elif phase == "awaiting_reply":
            wait_for(lambda: inbox.data_calls > 0)
        elif phase == "after_reply":
            wait_for(lambda: inbox.messages)
        process.kill()
        process.communicate(timeout=30)
        time.sleep(2.5 if phase == "awaiting_reply" else 0.1)  # the server answers, or not
        delivered = len(inbox.messages)
        assert len(sends(folder)) <= delivered  # never a send on record that did not happen
        unknown = "pending" in record(folder)
        if phase in ("awaiting_reply", "after_reply"):
            assert unknown or sends(folder), phase  # the message had gone: known to have
        else:
            assert not unknown, phase  # nothing had gone: nothing to ask about
        inbox.data_delay = inbox.rcpt_delay = 0.0
        rerun = run_cli(capsys, "send", str(folder), "--config", str(config))
    if delivered or unknown:  # sent, or perhaps sent: the rerun asks for --force
        assert rerun.code == 2, rerun.err
        assert len(inbox.messages) == delivered
    else:
        assert rerun.code == 0, rerun.err
        assert len(inbox.messages) == 1 and len(sends(folder)) == 1
    assert len(inbox.messages) <= 1


def test_killed_while_the_server_reads_the_body_a_plain_rerun_asks_first(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kill -9 after DATA, before the server has read the message: whether the kernel
    still hands the body over (the server then takes it) is not this run's to know, so
    the attempt stays pending and the plain rerun asks instead of sending again."""
    script = Scripted(body_pause=2.0)
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "none")
        process = send_process(folder, config)
        wait_for(lambda: "DATA" in script.received)
        time.sleep(0.3)  # the body is on its way; the server reads none of it yet
        process.kill()
        process.communicate(timeout=30)
        assert "." not in script.received  # killed before the server had the whole message
        wait_for(lambda: script.finished == 1)  # it has read what there was to read
        delivered = script.accepted
        assert "pending" in record(folder) and not sends(folder)
        rerun = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert rerun.code == 2 and "未能确认是否送达" in rerun.err
    assert script.accepted == delivered <= 1 and script.connections == 1


def test_interrupted_waiting_for_the_answer_is_said_and_left_pending(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the server holds the message: exit 130 with one sentence, the attempt
    pending, and the rerun asks before sending again."""
    # The server holds the answer long enough for the signal to come first on a machine
    # busy with other test runs (with 2 s, the send once finished first: exit 0).
    inbox = Inbox(data_delay=4.0)
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        process = send_process(folder, config)
        wait_for(lambda: inbox.data_calls > 0)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 130, err
        assert err.strip() == "已中断（Ctrl-C 或终止信号）"
        time.sleep(4.5)
        assert "pending" in record(folder)
        rerun = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert rerun.code == 2 and "未能确认是否送达" in rerun.err
    assert len(inbox.messages) == 1


# 4, 5. The password never shows -----------------------------------------------------------


def password_forms(password: str = PASSWORD, user: str = USER) -> list[str]:
    forms = [password]
    for text in (password, f"\0{user}\0{password}"):
        encoded = base64.b64encode(text.encode()).decode()
        forms += [encoded, encoded.rstrip("=")]
    return forms


def written(folder: Path) -> str:
    """Every file the send may have written in the folder, as text."""
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix != ".xlsx"
    )


@pytest.mark.parametrize(
    "password_env", ["abcd1234efgh5678", "ABCDEFGHIJKLMNOP", "9abcd1234efgh5678"]
)
def test_a_password_put_under_password_env_is_never_shown(
    folder: Path, capsys: pytest.CaptureFixture[str], password_env: str
) -> None:
    """A common mistake: the password (a QQ or 163 authorisation code) where its
    variable's name should be. Unset as a variable, or no variable name at all: the
    message names the key, never the value."""
    config = settings(
        folder.parent, 465, "ssl", f'username = "{USER}"', f'password_env = "{password_env}"'
    )
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    assert "password_env" in run.err
    assert password_env not in run.out + run.err + written(folder)


def _echoing(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    """A server that repeats the password it was given in its refusal."""
    password = data.password.decode() if isinstance(data, LoginPassword) else "?"
    return AuthResult(
        success=False,
        handled=False,
        message=f"535 5.7.8 Authentication failed for password {password} "
        f"({base64.b64encode(password.encode()).decode()})",
    )


@pytest.mark.parametrize("failure", ["echoed", "unknown", "refused", "down", "partial"])
def test_the_password_is_in_no_output_and_no_file(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """Every failure path, every stream and every file: neither the password nor its
    base64 or AUTH PLAIN forms, even when the server repeats it."""
    authority = Authority(folder.parent)
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", PASSWORD)
    rejected = f"554 5.7.1 Rejected for {PASSWORD}"
    inbox = Inbox(
        hang_up_after_data=failure == "unknown",
        data_replies={"refused": [rejected], "partial": ["250 OK", rejected]}.get(failure, []),
        rcpt_limit=2 if failure == "partial" else 0,  # the second part refused
    )
    authenticator = _echoing if failure == "echoed" else None
    if failure == "down":
        config = secured(folder.parent, free_port(), "ssl", authority)
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    else:
        with smtp_server("ssl", authority, inbox, authenticator) as (port, _):
            config = secured(folder.parent, port, "ssl", authority)
            run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3, run.err
    seen = run.out + run.err + written(folder)
    for form in password_forms():
        assert form not in seen, (failure, form)
    if failure in ("echoed", "refused", "partial"):
        assert "******" in run.err  # the reply is shown, with the password hidden
    if failure == "partial":
        assert "已分批发送给" in run.err


# 11. A correction is a correction every time -----------------------------------------------


def test_a_changed_report_is_a_correction_each_time_it_is_sent(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second forced send of an already corrected report went out without 【更正】: it
    was compared with the last send only. It differs from the first one sent."""
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none")
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 0
        data = json.loads((folder / "sent.json").read_text(encoding="utf-8"))
        data["sends"][0]["digest"] = "a-report-sent-in-another-form"
        (folder / "sent.json").write_text(json.dumps(data), encoding="utf-8")
        for _ in range(2):
            forced = run_cli(capsys, "send", str(folder), "--config", str(config), "--force")
            assert forced.code == 0, forced.err
    _, second, third = inbox.messages
    check_arrived(second.data, folder, subject="【更正】" + SUBJECT)
    check_arrived(third.data, folder, subject="【更正】" + SUBJECT)
    assert [s["correction"] for s in sends(folder)] == [False, True, True]


def test_no_lock_file_or_temporary_is_left(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server("plain") as (port, _):
        config = settings(folder.parent, port, "none")
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 0
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".~")]
    assert leftovers == [] or os.name == "nt"


# 6. A greeting that turns the client away ----------------------------------------------------


def test_a_554_greeting_is_not_retried_and_is_told_as_the_server_s_answer(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = Scripted(greeting="554 5.7.1 No SMTP service for you")
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert script.connections == 1  # 5xx is permanent: one connection
    assert run.err.startswith(f"邮件服务器 127.0.0.1:{port} 拒绝了连接（554 5.7.1 No SMTP service")
    assert "不是网络问题" in run.err


def test_a_421_greeting_is_tried_again(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = Scripted(greeting="421 4.3.2 Too busy, try later")
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert script.connections == 3
    assert "421 4.3.2 Too busy" in run.err


# 9. SIZE ---------------------------------------------------------------------------------------


def test_a_message_larger_than_the_server_takes_is_refused_before_it_goes(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server advertises SIZE 10000: nothing is uploaded, and the sentence names both
    sizes."""
    script = Scripted(answers={"EHLO": "250-scripted\r\n250 SIZE 10000"})
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert "超过邮件服务器 127.0.0.1 允许的 10 KB" in run.err
    assert " KB，超过" in run.err
    assert not any(line.upper().startswith(("MAIL", "DATA")) for line in script.received)
    assert script.connections == 1
    assert "pending" not in record(folder)


def test_the_size_is_declared_where_the_server_asks(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = Scripted(answers={"EHLO": "250-scripted\r\n250 SIZE 50000000"})
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    (mail,) = [line for line in script.received if line.upper().startswith("MAIL")]
    size = int(mail.rsplit("SIZE=", 1)[1])
    assert size == len((folder / "message.eml").read_bytes()) + 3  # and the closing ".\r\n"


# 12. A password with a line break ------------------------------------------------------------


@pytest.mark.parametrize("password", [PASSWORD + "\r\n", PASSWORD + "\n", "s3cret\ncode"])
def test_a_password_with_a_line_break_is_refused_before_anything_is_sent(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    password: str,
) -> None:
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", password)
    authority = Authority(folder.parent)
    with smtp_server("ssl", authority) as (port, inbox):
        config = secured(folder.parent, port, "ssl", authority)
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    assert "TRACKER_SMTP_PASSWORD 中的密码含有换行" in run.err
    assert inbox.messages == [] and password.strip() not in run.err


# 7. Deadlines, not per-read limits -----------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "phase"),
    [
        ({"greeting": "220 trickled ESMTP", "trickle": 1.0}, "在连接和问候时"),
        ({"greeting": "HANG"}, "在连接和问候时"),
        ({"answers": {"EHLO": "HANG"}}, "在EHLO时"),
        ({"answers": {"DATA": "HANG"}}, "在DATA时"),
    ],
    ids=["trickled-greeting", "silent", "after-connect", "at-data"],
)
def test_a_server_that_hangs_is_given_up_on_by_its_deadline_naming_the_phase(
    folder: Path, capsys: pytest.CaptureFixture[str], how: dict[str, Any], phase: str
) -> None:
    """A greeting trickled a byte a second was waited on for 34 s with timeout = 2 (an
    endless trickle forever); a silent server took 3 × timeout + 3 s; hangs after EHLO and
    at DATA were all "cannot connect". Each phase now has the timeout as its deadline."""
    script = Scripted(**how)
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "none")
        config.write_text(config.read_text().replace("timeout = 10", "timeout = 2"))
        started = time.monotonic()
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
        took = time.monotonic() - started
    assert run.code == 3
    assert run.err.startswith(f"邮件服务器 127.0.0.1:{port} {phase} 2 秒内没有回答完"), run.err
    assert script.connections == 1  # a server that said nothing in time is not asked again
    assert took < 8, took
    assert "pending" not in record(folder)


# 8. Each reply explained by what it means; pauses that can outlast greylisting -------------

IN_CLEAR = (f'username = "{USER}"', "login_without_tls = true", "retry_pauses = [0, 0]")


def scripted_send(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    script: Scripted,
    monkeypatch: pytest.MonkeyPatch,
    *more: str,
) -> tuple[int, str]:
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", PASSWORD)
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "none", *more)
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    return run.code, run.err


def test_a_451_to_mail_from_is_a_try_later_not_a_wrong_sender(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Scripted(answers={"MAIL": "451 4.7.1 Greylisted, please try again later"})
    code, err = scripted_send(folder, capsys, script, monkeypatch, "retry_pauses = [0, 0]")
    assert code == 3
    assert "在MAIL FROM时要求稍后再试（451 4.7.1 Greylisted" in err
    assert "retry_pauses" in err and "已尝试 3 次" in err
    assert "username" not in err  # not blamed on from and username
    assert script.connections == 3


def test_a_454_to_auth_is_tried_again_and_not_blamed_on_the_password(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Scripted(
        answers={
            "EHLO": "250-scripted\r\n250 AUTH PLAIN LOGIN",
            "AUTH": "454 4.7.0 Temporary authentication failure",
        }
    )
    code, err = scripted_send(folder, capsys, script, monkeypatch, *IN_CLEAR)
    assert code == 3
    assert "在登录时要求稍后再试（454 4.7.0" in err
    assert "密码" not in err
    assert script.connections == 3


def test_a_454_to_starttls_is_a_try_later_not_a_refused_message(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", PASSWORD)
    script = Scripted(
        answers={
            "EHLO": "250-scripted\r\n250 STARTTLS",
            "STARTTLS": "454 4.7.0 TLS not available due to temporary reason",
        }
    )
    with scripted_server(script) as port:
        config = settings(folder.parent, port, "starttls", "retry_pauses = [0]")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert "在STARTTLS时要求稍后再试（454 4.7.0" in run.err
    assert "拒收这封邮件" not in run.err
    assert script.connections == 2


def test_no_login_offered_is_not_blamed_on_the_password(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Scripted()  # EHLO offers no AUTH
    code, err = scripted_send(folder, capsys, script, monkeypatch, *IN_CLEAR)
    assert code == 3
    assert "在这个连接上不提供登录（AUTH）" in err
    assert "密码" not in err
    assert script.connections == 1


def test_a_450_and_a_550_are_both_said(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recipients refused for different reasons: each with the server's own reply; one
    permanent refusal means no try again."""
    inbox = Inbox(
        rcpt_replies={
            "leader@example.gov.cn": ["450 4.2.1 Mailbox busy"],
            "second@example.gov.cn": ["550 5.1.1 No such user"],
        }
    )
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert "leader@example.gov.cn: 450 4.2.1 Mailbox busy" in run.err
    assert "second@example.gov.cn: 550 5.1.1 No such user" in run.err
    assert inbox.messages == []


def test_retry_pauses_are_the_settings_own(folder: Path) -> None:
    """Greylisting wants minutes; a scheduled run can wait as long as it likes."""
    from tracker.mail import smtp
    from tracker.mail.message import build_message
    from tracker.mail.settings import load_settings
    from tracker.report.folder import read_report

    config = settings(folder.parent, free_port(), "none", "retry_pauses = [60, 300, 900]")
    settings_ = load_settings(config)
    built = build_message(read_report(folder), settings_, datetime(2025, 7, 1, 9))
    pauses: list[float] = []
    with pytest.raises(NotDeliveredError) as failed:
        smtp.deliver(built, settings_, "", sleep=pauses.append)
    assert pauses == [60, 300, 900]
    assert "已尝试 4 次" in failed.value.message("zh")


@pytest.mark.parametrize("value", ["[-1]", '["60"]', "60", "[" + ", ".join(["1"] * 11) + "]"])
def test_bad_retry_pauses_are_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    config = settings(folder.parent, free_port(), "none", f"retry_pauses = {value}")
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    assert "mail.retry_pauses: 应为秒数的列表" in run.err


# 12. Addresses in Chinese --------------------------------------------------------------------


def test_a_domain_in_chinese_is_sent_in_its_idna_form(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`王五 <a@例子.中国>` was refused, though its punycode form works."""
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none", cc=("王五 <wangwu@例子.中国>",))
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    (arrived,) = inbox.messages
    assert "wangwu@xn--fsqu00a.xn--fiqs8s" in arrived.recipients
    assert b"wangwu@xn--fsqu00a.xn--fiqs8s" in arrived.data  # the Cc header too
    assert sends(folder)[0]["cc"] == ["王五 <wangwu@例子.中国>"]  # recorded as written


def test_a_user_name_in_chinese_goes_where_the_server_speaks_smtputf8(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`用户@例子.中国`: SMTPUTF8 on MAIL FROM, the address in UTF-8 in the envelope and in
    the Cc header (RFC 6532), the display name still encoded."""
    with smtp_server("plain", utf8=True) as (port, inbox):
        config = settings(folder.parent, port, "none", cc=("王五 <用户@例子.中国>",))
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    (arrived,) = inbox.messages
    assert "用户@xn--fsqu00a.xn--fiqs8s" in arrived.recipients
    message = email.message_from_bytes(arrived.data, policy=email.policy.SMTPUTF8)
    assert str(message["Cc"]) == "王五 <用户@xn--fsqu00a.xn--fiqs8s>"
    assert "用户@xn--fsqu00a.xn--fiqs8s".encode() in arrived.data  # not an encoded word
    assert str(message["To"]) == "区领导 <leader@example.gov.cn>, second@example.gov.cn"


def test_a_user_name_in_chinese_is_refused_where_the_server_has_no_smtputf8(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none", cc=("用户@例子.中国",))
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 3
    assert (
        "用户@xn--fsqu00a.xn--fiqs8s 的 @ 之前有中文等非 ASCII 字符，需要邮件服务器支持 SMTPUTF8，"
        "而 127.0.0.1 不支持" in run.err
    )
    assert not inbox.messages and not sends(folder) and "pending" not in record(folder)


# 10. A limit of recipients per message -------------------------------------------------------


def many(count: int) -> tuple[str, ...]:
    return tuple(f"unit{number:03}@example.gov.cn" for number in range(1, count + 1))


def delivered_to(inbox: Inbox) -> list[str]:
    return sorted(address for arrived in inbox.messages for address in arrived.recipients)


def test_a_recipient_limit_sends_the_rest_in_further_messages(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """200 recipients, a server that takes 100 per message: two messages, each address
    once, one send on record."""
    with smtp_server("plain", inbox=Inbox(rcpt_limit=100)) as (port, inbox):
        config = settings(folder.parent, port, "none", cc=many(198))
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    assert [len(arrived.recipients) for arrived in inbox.messages] == [100, 100]
    everyone = sorted(["leader@example.gov.cn", "second@example.gov.cn", *many(198)])
    assert delivered_to(inbox) == everyone
    assert len({arrived.data for arrived in inbox.messages}) == 1  # one message, twice handed
    (sent,) = sends(folder)
    assert "missed" not in sent and "pending" not in record(folder)


def test_a_part_that_fails_is_recorded_and_the_rerun_sends_to_the_rest_alone(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two per message, and the third recipient refused: the first two have it, the
    rest are named and recorded as missed; with the address put right, a plain send
    goes to the others alone, and a third send has nobody left to send to."""
    wrong = ("unit003@example.gov.cn", "nobody@example.gov.cn", "unit004@example.gov.cn")
    with smtp_server("plain", inbox=Inbox(rcpt_limit=2)) as (port, inbox):
        config = settings(folder.parent, port, "none", cc=wrong)
        first = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert first.code == 3, first.err
        assert "已分批发送给 leader@example.gov.cn, second@example.gov.cn" in first.err
        assert "nobody@example.gov.cn: 550 5.1.1 No such user here" in first.err
        (partial,) = sends(folder)
        assert partial["missed"] == list(wrong)
        assert "pending" not in record(folder)
        assert delivered_to(inbox) == ["leader@example.gov.cn", "second@example.gov.cn"]

        right = ("unit003@example.gov.cn", "unit005@example.gov.cn", "unit004@example.gov.cn")
        settings(folder.parent, port, "none", cc=right)
        rest = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert rest.code == 0, rest.err
        assert "这次只发给其余的人" in rest.out
        again = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert again.code == 2 and "已于" in again.err
    everyone = ["leader@example.gov.cn", "second@example.gov.cn", *right]
    assert delivered_to(inbox) == sorted(everyone)  # each once
    assert sends(folder)[1]["envelope"] == list(right)
    assert "更正" not in str(sends(folder)[1]["subject"])  # the same report, not a correction
    assert not sends(folder)[1].get("missed")


def test_a_part_tried_again_after_a_busy_reply_goes_to_the_rest_alone(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 451 for the first recipient of the second message: the try after the pause
    sends that message alone, not the first one again."""
    inbox = Inbox(rcpt_limit=2, rcpt_replies={"kjj@example.gov.cn": ["451 4.7.1 Try later"]})
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none", "retry_pauses = [0.1]")
        run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 0, run.err
    assert [arrived.recipients for arrived in inbox.messages] == [
        ["leader@example.gov.cn", "second@example.gov.cn"],
        ["kjj@example.gov.cn"],
    ]


def test_a_part_whose_answer_never_came_is_asked_about_and_forced_to_its_own(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first part taken, the second part's answer lost: those who have it are said
    apart from those unknown; the plain rerun asks; the forced one goes to the unknown
    alone, never again to those who have it."""
    inbox = Inbox(rcpt_limit=2, data_replies=["250 OK", ""])
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        first = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert first.code == 3 and "邮件可能已经送达" in first.err
        assert record(folder)["pending"]["missed"] == ["kjj@example.gov.cn"]
        assert not sends(folder)
        rerun = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert rerun.code == 2
        assert (
            "已确认送达 leader@example.gov.cn, second@example.gov.cn，但未能确认是否送达 "
            "kjj@example.gov.cn" in rerun.err
        )
        forced = run_cli(capsys, "send", str(folder), "--config", str(config), "--force")
        assert forced.code == 0, forced.err
    assert delivered_to(inbox) == [
        "kjj@example.gov.cn",
        "leader@example.gov.cn",
        "second@example.gov.cn",
    ]
    (resolved,) = sends(folder)
    assert resolved["envelope"] == ["kjj@example.gov.cn"]
    assert record(folder)["unknown"][0]["missed"] == ["kjj@example.gov.cn"]


def test_killed_between_parts_the_first_part_is_on_record(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kill -9 once the server took the first part, while it weighs the second's
    recipient: the record knows who has it, and the forced rerun sends to the rest."""
    inbox = Inbox(rcpt_limit=2, rcpt_delays={"kjj@example.gov.cn": 3.0})
    with smtp_server("plain", inbox=inbox) as (port, _):
        config = settings(folder.parent, port, "none")
        process = send_process(folder, config)
        # kjj offered twice: refused as one too many in the first part, then in the second
        wait_for(lambda: inbox.messages and inbox.rcpt_calls == 4)
        process.kill()
        process.communicate(timeout=30)
        assert record(folder)["pending"]["missed"] == ["kjj@example.gov.cn"]
        inbox.rcpt_delays = {}
        rerun = run_cli(capsys, "send", str(folder), "--config", str(config))
        assert rerun.code == 2 and "已确认送达" in rerun.err
        forced = run_cli(capsys, "send", str(folder), "--config", str(config), "--force")
        assert forced.code == 0, forced.err
    assert delivered_to(inbox) == [
        "kjj@example.gov.cn",
        "leader@example.gov.cn",
        "second@example.gov.cn",
    ]


def test_a_dry_run_after_a_partial_send_says_whom_it_would_finish(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server("plain", inbox=Inbox(rcpt_limit=2)) as (port, inbox):
        config = settings(folder.parent, port, "none", cc=("nobody@example.gov.cn",))
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 3
        settings(folder.parent, port, "none", cc=("kjj@example.gov.cn",))
        dry = run_cli(capsys, "send", str(folder), "--config", str(config), "--dry-run")
    assert dry.code == 0
    assert "只发给上次未送达的人：kjj@example.gov.cn" in dry.out
    assert len(inbox.messages) == 1


def test_the_already_sent_sentence_names_only_those_reached(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A partial send, then the missed recipient taken out of the settings: nobody is
    owed, and the refusal does not claim the report went to the one who never had it."""
    with smtp_server("plain", inbox=Inbox(rcpt_limit=2)) as (port, _):
        config = settings(folder.parent, port, "none", cc=("nobody@example.gov.cn",))
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 3
        settings(folder.parent, port, "none", cc=())
        again = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert again.code == 2
    assert "发送给 leader@example.gov.cn, second@example.gov.cn；" in again.err
    assert "nobody" not in again.err


@pytest.mark.parametrize(
    "edit",
    [
        {"envelope": "leader@example.gov.cn"},
        {"to": [None]},
        {"missed": 5},
        {"missed": [1]},
        {"envelope": 7},
        {"to": 3},
        {"correction": "no"},
    ],
    ids=str,
)
def test_a_record_edited_into_another_shape_stops_the_send(
    folder: Path, capsys: pytest.CaptureFixture[str], edit: dict[str, Any]
) -> None:
    """A text where a list belongs was read as a list of letters and the report sent
    again; other shapes gave an internal error. Each is the sentence about the record."""
    with smtp_server("plain") as (port, inbox):
        config = settings(folder.parent, port, "none")
        assert run_cli(capsys, "send", str(folder), "--config", str(config)).code == 0
        data = record(folder)
        data["sends"][0] |= edit
        (folder / "sent.json").write_text(json.dumps(data), encoding="utf-8")
        for more in ((), ("--dry-run",), ("--force",)):
            run = run_cli(capsys, "send", str(folder), "--config", str(config), *more)
            assert run.code == 2, run.err
            assert "sent.json" in run.err and "内部错误" not in run.err
    assert len(inbox.messages) == 1


def test_the_cause_of_a_partial_send_does_not_say_nothing_was_sent() -> None:
    """Every failure of sending ends in the same words, which a partial send's sentence
    takes off: a part that timed out is not "nothing was sent" after some had it."""
    from tracker.i18n import Cause, Msg
    from tracker.texts.mail import MAIL_TEXTS, NOTHING_SENT

    for key, texts in MAIL_TEXTS.items():
        for text in texts:
            if "未发送" in text or "othing was sent" in text:
                assert text.endswith(NOTHING_SENT) or key == "mail.cannot_write", key
    timeout = Msg(
        "mail.phase_timeout",
        {
            "host": "h",
            "port": 25,
            "phase": Msg("mail.phase.mail"),
            "seconds": "2",
            "cause": Msg("mail.cause.mail"),
        },
    )
    for lang in ("zh", "en"):
        said = Cause(timeout).render(lang)
        assert "未发送" not in said and "othing was sent" not in said and said, said


@pytest.mark.parametrize(
    ("reply", "said", "fix"),
    [
        ("530 Must issue a STARTTLS command first", "要求先加密", 'security = "starttls"'),
        ("530 5.7.0 Must issue a STARTTLS command first", "要求先加密", 'security = "starttls"'),
        ("530 5.7.0 Authentication required", "要求登录", "username"),
        ("530 5.7.57 Client not authenticated to send mail", "要求登录", "username"),
    ],
)
def test_a_530_to_mail_from_says_what_the_server_wants_not_a_wrong_sender(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    reply: str,
    said: str,
    fix: str,
) -> None:
    """A server that wants STARTTLS, or a login, before it takes mail says 530 to MAIL
    FROM (RFC 3207, RFC 4954): security or username is what to set, not from."""
    script = Scripted(answers={"MAIL": reply})
    code, err = scripted_send(folder, capsys, script, monkeypatch)
    assert code == 3
    assert said in err and fix in err and reply in err, err
    assert "拒绝了发件人" not in err and "from 与登录的 username" not in err, err
    assert "邮件未发送" in err and err.count("\n") == 1
    assert script.connections == 1  # a refusal: not tried again
    record = folder / "sent.json"
    assert not record.exists() or '"sends": []' in record.read_text(encoding="utf-8")
