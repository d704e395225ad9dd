"""The lead units' addresses: the [units] table of tracker.toml, every problem named by its
key, units named loosely."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_mail_settings import GOOD, write
from tracker.errors import UsageError
from tracker.mail.settings import load_settings


def test_units_and_their_addresses(tmp_path: Path) -> None:
    settings = load_settings(
        write(
            tmp_path,
            GOOD
            + """
[units]
"区科技创新局" = "科技局 <kjj@example.gov.cn>"
"区工业和信息化局" = ["甲 <a@example.gov.cn>", "b@例子.中国"]
""",
        )
    )
    units = settings.units
    assert units.present
    assert units.of("区科技创新局") == ("科技局 <kjj@example.gov.cn>",)
    assert units.of(" 区科技 创新局 ") == ("科技局 <kjj@example.gov.cn>",)  # loosely
    assert units.of("区工业和信息化局") == ("甲 <a@example.gov.cn>", "b@例子.中国")
    assert units.of("区交通运输局") == ()
    assert units.strangers(["区科技创新局", "区交通运输局"]) == ["区工业和信息化局"]
    assert settings.recipients == ("leader@example.gov.cn",)  # the brief's are [mail]'s


def test_no_units_table(tmp_path: Path) -> None:
    units = load_settings(write(tmp_path, GOOD)).units
    assert not units.present and units.of("区科技创新局") == ()


def test_every_problem_of_units_is_named_by_its_key(tmp_path: Path) -> None:
    text = (
        GOOD.replace('"smtp.example.gov.cn"', '"smtp example"')
        + """
[units]
"区科技创新局" = "kjj@example.gov.cn"
"区科技 创新局" = "x@example.gov.cn"
"区工业和信息化局" = ["a@example.gov.cn", "某处长", 3]
"区发展和改革局" = []
"区交通运输局" = 5
"区住房和建设局" = "Boss\\r\\nBcc: spy@example.com <boss@example.gov.cn>"
"""
    )
    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, text))
    error = refused.value
    assert error.message("zh").endswith("有 7 处问题，请逐条修正（格式见 docs/email.md）：")
    shown = [p.message("zh") for p in error.problems]
    either = '（如 "kjj@example.gov.cn" 或 ["甲 <a@example.gov.cn>", "b@example.gov.cn"]）'
    assert shown == [
        'mail.host: "smtp example" 不是有效的服务器名或 IP 地址',  # [mail] and [units] at once
        "units.区科技 创新局: 与 units.区科技创新局 是同一个单位（名称比较时不计空格、全角半角和"
        "大小写）：请合成一项",
        'units.区工业和信息化局[2]: "某处长" 不是有效的邮件地址',
        "units.区工业和信息化局[3]: 应为文本，实际为 3",
        f"units.区发展和改革局: 应为一个邮件地址或地址列表{either}，实际为 []",
        f"units.区交通运输局: 应为一个邮件地址或地址列表{either}，实际为 5",
        "units.区住房和建设局: 含有换行或其他控制字符："
        '"Boss\\r\\nBcc: spy@example.com <boss@example.gov.cn>"',
    ]


def test_units_not_a_table(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as refused:
        load_settings(write(tmp_path, 'units = "kjj@example.gov.cn"\n' + GOOD))
    (problem,) = refused.value.problems
    assert problem.message("en") == 'units: should be a table, got "kjj@example.gov.cn"'
