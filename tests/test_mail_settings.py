"""Mail settings (tracker.toml): every problem named by its key, before anything is
written or sent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tracker.i18n import Lang
from tracker.mail.settings import load_settings

GOOD = """\
[mail]
host = "smtp.example.gov.cn"
from = "目标跟踪 <tracker@example.gov.cn>"
to = ["leader@example.gov.cn"]
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "tracker.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, GOOD))
    assert (settings.port, settings.security, settings.verify) == (465, "ssl", True)
    assert settings.password_env == "TRACKER_SMTP_PASSWORD" and settings.username == ""
    assert settings.recipients == ("leader@example.gov.cn",)
    assert settings.sender_address == "tracker@example.gov.cn"
    starttls = load_settings(write(tmp_path, GOOD + 'security = "starttls"\n'))
    assert starttls.port == 587
    inside = GOOD + 'security = "none"\nusername = "u@example.gov.cn"\nlogin_without_tls = true\n'
    assert load_settings(write(tmp_path, inside)).username == "u@example.gov.cn"
    twice = GOOD + 'cc = ["甲 <Leader@Example.gov.cn>", "kjj@example.gov.cn"]\n'
    assert load_settings(write(tmp_path, twice)).recipients == (
        "leader@example.gov.cn",
        "kjj@example.gov.cn",
    )  # each address once, whatever its case


def test_every_problem_is_named_by_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_built: dict[str, Path]
) -> None:
    folder = Path(shutil.copytree(demo_built["zh"].parent / "reports" / "2025-06", tmp_path / "r"))
    (folder / "message.eml").unlink()
    config = write(
        tmp_path,
        """\
[mail]
host = "smtp.example.gov.cn"
port = 70000
security = "tls"
password = "hunter2"
from = "目标跟踪"
to = ["leader@example.gov.cn", "某领导"]
cc = 5
subject = "{title}{day}"
ca_file = "missing.pem"
verify = "no"
sender = "x"
""",
    )
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    lines = run.err.splitlines()
    assert lines[0] == f"邮件设置文件 {config} 有 10 处问题，请逐条修正（格式见 docs/email.md）："
    assert sorted(lines[1:]) == sorted(
        [
            "  mail.password: 密码不要写在文件里：把它放进环境变量，在 password_env 中写变量名",
            "  mail.sender: 不认识的键；可用的键：host, port, security, username, password_env, "
            "from, to, cc, subject, ca_file, verify, timeout, login_without_tls, retry_pauses",
            '  mail.security: 应为 ssl, starttls, none 之一，实际为 "tls"',
            "  mail.port: 应为 1 到 65535 之间的整数，实际为 70000",
            '  mail.from: "目标跟踪" 不是有效的邮件地址',
            '  mail.to[2]: "某领导" 不是有效的邮件地址',
            "  mail.cc: 应为列表，实际为 5",
            '  mail.subject: 只能使用 {title}, {year}, {month} 这几个占位符，实际为 "{day}"',
            f"  mail.ca_file: 找不到证书文件 {tmp_path / 'missing.pem'}",
            '  mail.verify: 应为 true 或 false，实际为 "no"',
        ]
    )
    assert "hunter2" not in run.out + run.err
    assert not (folder / "message.eml").exists() and not (folder / "sent.json").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[mail\n", "不是有效的 TOML"),
        ("[mail]\nhost = 1\n", "mail.host: 应为文本，实际为 1"),
        (GOOD.replace('to = ["leader@example.gov.cn"]', "to = []"), "mail.to: 至少要有一个收件人"),
        (GOOD.replace('to = ["leader@example.gov.cn"]\n', ""), "mail.to: 缺少此项，请补上"),
        ("[smtp]\n", "smtp: 不认识的键；可用的键：mail"),
        (GOOD + 'password_env = "MY PASSWORD"\n', "应为环境变量名"),
        (GOOD + 'cc = ["a@example.gov.cn, b@example.gov.cn"]\n', "mail.cc[1]: "),  # one each
        (
            GOOD + 'cc = ["Boss\\r\\nBcc: spy@example.com <boss@example.gov.cn>"]\n',
            "mail.cc[1]: 含有换行或其他控制字符",
        ),
        (GOOD + 'subject = "月报\\nBcc: spy@example.com"\n', "mail.subject: 含有换行"),
        (GOOD.replace("smtp.example.gov.cn", "smtp example"), "不是有效的服务器名或 IP 地址"),
        (GOOD.replace('"smtp.example.gov.cn"', '""'), "mail.host: "),
        (GOOD + "timeout = 0\n", "mail.timeout: 应为大于 0、不超过 600 的秒数，实际为 0"),
        (GOOD + "timeout = inf\n", "mail.timeout: 应为大于 0、不超过 600 的秒数"),
        (GOOD + "timeout = nan\n", "mail.timeout: 应为大于 0、不超过 600 的秒数"),
        (GOOD + "timeout = 1e300\n", "mail.timeout: 应为大于 0、不超过 600 的秒数"),
        (GOOD.replace('"目标跟踪 <tracker@example.gov.cn>"', '"  "'), "mail.from: "),
        (
            GOOD + 'username = "张三"\n',
            'mail.username: 用户名只能用英文字母、数字和符号，实际为 "张三"',
        ),
        (GOOD + 'subject = "{title:d}"\n', '实际为 "{title:d}"'),  # as written, braces single
        (GOOD + 'subject = "{month:c}{title}"\n', "mail.subject: 只能使用"),  # month 10: \n
        # a width typed with a digit too many built a subject of 10 MB each trial, and
        # a few more such digits made the settings' check and every send hang
        (GOOD + 'subject = "{title}{month:>9999999}"\n', '实际为 "{title}{month:>9999999}"'),
        (GOOD + 'subject = "{month:{year}}"\n', '实际为 "{month:{year}}"'),
        # a conversion sent the title as Python's escapes ('\u5149…') or in quotes
        (GOOD + 'subject = "{title!a}"\n', '实际为 "{title!a}"'),
        (GOOD + 'subject = "{title!r}"\n', '实际为 "{title!r}"'),
        (
            GOOD + 'security = "none"\nusername = "tracker@example.gov.cn"\n',
            'mail.username: security = "none" 时用户名和密码会明文传送',
        ),
    ],
)
def test_more_problems(tmp_path: Path, text: str, message: str) -> None:
    from tracker.errors import UsageError

    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, text))
    error = refused.value
    shown = error.message("zh") + "\n" + "\n".join(p.message("zh") for p in error.problems)
    assert message in shown


def test_a_password_in_the_file_is_never_shown(tmp_path: Path) -> None:
    from tracker.errors import UsageError

    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, GOOD + 'password = """S3cretCode\n"""\n'))
    shown = [p.message(lang) for p in refused.value.problems for lang in ("zh", "en")]
    assert [p.code for p in refused.value.problems] == ["password_in_file"]
    assert not any("S3cret" in line for line in shown)
    with pytest.raises(UsageError) as refused:  # nor under a name of the user's own
        load_settings(write(tmp_path, GOOD + 'Passwd = ["S3cretCode\\u0001"]\n'))
    assert [p.code for p in refused.value.problems] == ["unknown_key"]
    assert "S3cret" not in refused.value.problems[0].message("zh")


def test_a_file_that_holds_no_certificate_is_no_ca_file(tmp_path: Path) -> None:
    from tracker.errors import UsageError

    (tmp_path / "ca.pem").write_text("[mail]\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, GOOD + 'ca_file = "ca.pem"\n'))
    (problem,) = refused.value.problems
    assert problem.message("zh") == (
        f"mail.ca_file: {tmp_path / 'ca.pem'} 不是证书文件："
        "应为 PEM 格式的证书（以 -----BEGIN CERTIFICATE----- 开头）"
    )


def test_a_bad_settings_file_stops_the_update_before_anything_is_written(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = demo_here["zh"]
    write(workbook.parent, GOOD.replace("leader@example.gov.cn", "leader"))
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-06")
    assert run.code == 2
    assert 'mail.to[1]: "leader" 不是有效的邮件地址' in run.err
    assert workbook.read_bytes() == before
    assert not (workbook.parent / "reports").exists()


def test_sending_needs_a_report_folder_and_a_password(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    demo_built: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_cli(capsys, "send", str(tmp_path))
    assert run.code == 2
    assert run.err.strip() == (
        f"{tmp_path} 不是月度报告文件夹（缺少 report.json）；先运行 tracker update 生成报告"
    )
    folder = Path(shutil.copytree(demo_built["zh"].parent / "reports" / "2025-06", tmp_path / "r"))
    config = write(tmp_path, GOOD + 'username = "tracker@example.gov.cn"\n')
    monkeypatch.delenv("TRACKER_SMTP_PASSWORD", raising=False)
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    assert run.err.startswith("环境变量 TRACKER_SMTP_PASSWORD 未设置")
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "口令")
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    assert "非 ASCII" in run.err and "口令" not in run.err
    (folder / "report.html").unlink()
    run = run_cli(capsys, "send", str(folder), "--config", str(config))
    assert run.code == 2
    assert run.err.startswith(f"报告文件 {folder / 'report.html'} 不见了")


def test_a_report_that_is_not_what_the_update_wrote_is_not_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_built: dict[str, Path]
) -> None:
    folder = Path(shutil.copytree(demo_built["zh"].parent / "reports" / "2025-06", tmp_path / "r"))
    config = write(tmp_path, GOOD)
    html = folder / "report.html"
    html.write_text(html.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    run = run_cli(capsys, "send", str(folder), "--config", str(config), "--dry-run")
    assert run.code == 2
    assert run.err.startswith("报告文件在 tracker update 之后被改动过")


def test_a_report_file_that_cannot_be_written(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Say which file, leave no manifest (so nothing half-made can be sent), exit 3."""
    workbook = demo_here["zh"]
    folder = workbook.parent / "reports" / "2025-06"
    blocked = folder / "光明区人工智能发展目标（2025年）进展_2025年6月.xlsx"
    blocked.mkdir(parents=True)  # a folder where the file goes: it cannot be replaced
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-06")
    assert run.code == 3
    shown = blocked.relative_to(workbook.parent)  # as the user named the workbook: relative
    assert run.err.startswith(f"工作簿已更新，但报告文件 {shown} 无法写入")
    assert not (folder / "report.json").exists()
    run = run_cli(capsys, "send", str(folder), "--dry-run")
    assert run.code == 2 and "不是月度报告文件夹" in run.err


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_a_settings_file_not_in_utf8_is_told_to_be_saved_as_utf8(
    tmp_path: Path, encoding: str
) -> None:
    """Notepad on an older Chinese Windows saves "ANSI" (GBK), or "Unicode" (UTF-16): the
    sentence says so and how to save it, in the user's words, not the codec's."""
    from tracker.errors import UsageError

    path = tmp_path / "tracker.toml"
    path.write_bytes(GOOD.encode(encoding))
    with pytest.raises(UsageError) as refused:
        load_settings(path)
    wanted: tuple[tuple[Lang, str], ...] = (("zh", "另存为 UTF-8"), ("en", "save it as UTF-8"))
    for lang, words in wanted:
        said = refused.value.message(lang)
        assert str(path) in said and words in said, said
        assert "codec" not in said and "position" not in said, said


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        # typed with a Chinese input method left in full-width mode
        ('"ｌｅａｄｅｒ@example.gov.cn"', '"ｌｅａｄｅｒ@example.gov.cn" 中有全角字符 ｌｅａ'),
        ('"区领导 <leader１@example.gov.cn>"', "中有全角字符 １"),
        ('"leader＠example.gov.cn"', "中有全角字符 ＠"),
        # several addresses in one entry, with whatever separates them
        ('"a@example.gov.cn，b@example.gov.cn"', "写了不止一个地址；每个地址单独一项"),
        ('"a@example.gov.cn; b@example.gov.cn"', "写了不止一个地址"),
        ('"a@example.gov.cn、b@example.gov.cn"', "写了不止一个地址"),
        ('"a@example.gov.cn b@example.gov.cn"', "写了不止一个地址"),
    ],
)
def test_an_address_typed_full_width_or_several_in_one_are_said_so(
    tmp_path: Path, entry: str, message: str
) -> None:
    """A user name in Chinese is an address (SMTPUTF8), but one in full-width letters is a
    typo that would go out as UTF-8 to nobody; both are told what to type instead, in
    to, cc and [units] alike."""
    from tracker.errors import UsageError

    for text in (
        GOOD.replace('to = ["leader@example.gov.cn"]', f"to = [{entry}]"),
        GOOD + f'[units]\n"区科技创新局" = {entry}\n',
    ):
        with pytest.raises(UsageError) as refused:
            load_settings(write(tmp_path, text))
        shown = "\n".join(p.message("zh") for p in refused.value.problems)
        assert message in shown, shown
        assert "全角" not in shown or "半角" in shown
    domain = GOOD.replace("leader@example.gov.cn", "leader@ｅｘａｍｐｌｅ．gov.cn")
    assert load_settings(write(tmp_path, domain)).recipients == ("leader@example.gov.cn",)
    title = GOOD.replace('"leader@example.gov.cn"', '"区领导（示例） <leader@example.gov.cn>"')
    assert load_settings(write(tmp_path, title)).recipients == ("leader@example.gov.cn",)


@pytest.mark.parametrize(
    "address",
    ["leader@example..gov.cn", "leader@-example.gov.cn", "leader@example.gov.cn.", "a@x_y.cn"],
)
def test_a_domain_no_server_could_have_is_refused_in_the_settings(
    tmp_path: Path, address: str
) -> None:
    """A doubled dot, a hyphen at a label's edge, a dot at the end or an underscore in the
    domain is a typo no mail server resolves: said at once, not at the month's send."""
    from tracker.errors import UsageError

    text = GOOD.replace('to = ["leader@example.gov.cn"]', f'to = ["{address}"]')
    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, text))
    shown = "\n".join(p.message("zh") for p in refused.value.problems)
    assert f'"{address}" 不是有效的邮件地址' in shown, shown


def test_one_address_may_be_written_without_the_list(tmp_path: Path) -> None:
    """``to = "…"`` is what people write for one leader; [units] takes it so, and so do
    to and cc. A mistyped one is named at its place as in a list."""
    from tracker.errors import UsageError

    text = GOOD.replace('to = ["leader@example.gov.cn"]', 'to = "区领导 <leader@example.gov.cn>"')
    text = text.replace("[mail]\n", '[mail]\ncc = "office@example.gov.cn"\n', 1)
    settings = load_settings(write(tmp_path, text))
    assert settings.recipients == ("leader@example.gov.cn", "office@example.gov.cn")
    typo = GOOD.replace('to = ["leader@example.gov.cn"]', 'to = "leader"')
    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, typo))
    shown = "\n".join(p.message("zh") for p in refused.value.problems)
    assert 'mail.to[1]: "leader" 不是有效的邮件地址' in shown, shown


@pytest.mark.parametrize("value", ["123456", "20250630", "12.5", "[123456]"])
def test_a_password_written_as_a_number_for_password_env_is_never_shown(
    tmp_path: Path, value: str
) -> None:
    """``password_env = 123456``: an authorisation code of digits, put where the variable's
    name goes, without quotes. It was shown in the message ("应为文本，实际为 123456"),
    twice once the message showed the text to write; it is refused unshown, as a quoted
    one is."""
    from tracker.errors import UsageError

    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, GOOD + f"password_env = {value}\n"))
    for lang in ("zh", "en"):
        shown = "\n".join(p.message(lang) for p in refused.value.problems)
        assert value.strip("[]") not in shown and "password_env" in shown, shown


@pytest.mark.parametrize(
    "value", ['"Sk7pQ2wz9x\\t"', '"""Sk7pQ2wz9x\n"""', '["Sk7pQ2wz9x\\t"]', '"Sk7pQ2wz9x\\n"']
)
def test_a_password_pasted_with_a_tab_or_line_break_is_never_shown(
    tmp_path: Path, value: str
) -> None:
    """An authorisation code pasted into password_env with a tab or line break after it
    was shown by the control-character check ("含有换行或其他控制字符：…"), found by a
    review; it is refused unshown, as any other password there is."""
    from tracker.errors import UsageError

    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, GOOD + f"password_env = {value}\n"))
    for lang in ("zh", "en"):
        shown = "\n".join(p.message(lang) for p in refused.value.problems)
        assert "Sk7pQ2wz9x" not in shown and "password_env" in shown, shown
