"""The words of the mail settings and of sending, in Chinese and English."""

from __future__ import annotations

# How a failure of sending ends, in each language: taken off when the failure is the cause
# of a send that reached some (``i18n.Cause``). The longer of two that end alike first.
NOTHING_SENT = (
    "，邮件未发送给任何人",
    "，邮件未发送",
    ". Nothing was sent to anyone",
    ". Nothing was sent",
)

MAIL_TEXTS: dict[str, tuple[str, str]] = {
    # --- tracker.toml ------------------------------------------------------------------
    "config.bad_toml": (
        "邮件设置文件 {path} 不是有效的 TOML（{detail}）；格式见 docs/email.md",
        "the mail settings file {path} is not valid TOML ({detail}); see docs/email.md",
    ),
    "config.not_utf8": (
        "邮件设置文件 {path} 不是 UTF-8 编码；请在编辑器里另存为 UTF-8"
        "（如记事本：另存为 → 编码选 UTF-8）",
        "the mail settings file {path} is not UTF-8; save it as UTF-8 in your editor (in "
        "Notepad: Save as → Encoding: UTF-8)",
    ),
    "config.problems": (
        "邮件设置文件 {path} 有 {count} 处问题，请逐条修正（格式见 docs/email.md）：",
        "the mail settings file {path} has {count:~problem|problems} to fix (see docs/email.md):",
    ),
    "config.not_found": (
        "找不到邮件设置文件 {path}；按 docs/email.md 建立它，或用 --config 指定",
        "there is no mail settings file {path}; make one as docs/email.md shows, or pass --config",
    ),
    "config.unreadable": (
        "无法读取邮件设置文件 {path}：{reason}",
        "cannot read the mail settings file {path}: {reason}",
    ),
    "config.password_in_file": (
        "密码不要写在文件里：把它放进环境变量，在 password_env 中写变量名",
        "keep the password out of the file: put it in an environment variable and name that "
        "variable in password_env",
    ),
    "config.bad_address": ("{actual} 不是有效的邮件地址", "{actual} is not a valid mail address"),
    "config.several_addresses": (
        '{actual} 写了不止一个地址；每个地址单独一项，如 ["a@example.gov.cn", "b@example.gov.cn"]',
        "{actual} holds more than one address; give each its own entry, as in "
        '["a@example.gov.cn", "b@example.gov.cn"]',
    ),
    "config.full_width_address": (
        "{actual} 中有全角字符 {chars}（输入法处于全角状态时打出的）；请切换到半角后重打这个地址",
        "{actual} has full-width characters ({chars}), as an input method in full-width mode "
        "types them; type the address again in half-width",
    ),
    "config.bad_port": (
        "应为 1 到 65535 之间的整数，实际为 {actual}",
        "should be a whole number from 1 to 65535, got {actual}",
    ),
    "config.bad_placeholder": (
        "只能使用 {allowed} 这几个占位符，实际为 {actual}",
        "may use only the placeholders {allowed}, got {actual}",
    ),
    "config.no_ca_file": (
        "找不到证书文件 {path}",
        "the certificate file {path} does not exist",
    ),
    "config.bad_ca_file": (
        "{path} 不是证书文件：应为 PEM 格式的证书（以 -----BEGIN CERTIFICATE----- 开头）",
        "{path} is not a certificate file: it should hold PEM certificates (starting "
        "-----BEGIN CERTIFICATE-----)",
    ),
    "config.username_not_ascii": (
        "用户名只能用英文字母、数字和符号，实际为 {actual}；请填写邮箱账号",
        "the user name may hold only ASCII letters, digits and signs, got {actual}; use the "
        "mail account's name",
    ),
    "config.no_recipients": ("至少要有一个收件人", "needs at least one recipient"),
    "config.bad_host": (
        "{actual} 不是有效的服务器名或 IP 地址",
        "{actual} is not a valid server name or IP address",
    ),
    "config.bad_timeout": (
        "应为大于 0、不超过 {most} 的秒数，实际为 {actual}",
        "should be seconds above 0 and at most {most}, got {actual}",
    ),
    "config.bad_retry_pauses": (
        "应为秒数的列表（每个 0 到 {longest}，至多 {most} 个，如 [60, 300, 900]），实际为 {actual}",
        "should be a list of seconds (each 0 to {longest}, at most {most}, such as "
        "[60, 300, 900]), got {actual}",
    ),
    "config.control_character": (
        "含有换行或其他控制字符：{actual}",
        "holds a line break or another control character: {actual}",
    ),
    "config.login_in_clear": (
        'security = "none" 时用户名和密码会明文传送：改用 "ssl" 或 "starttls"；'
        "确需在内网明文登录时加 login_without_tls = true",
        'with security = "none" the user name and password travel in clear: use "ssl" or '
        '"starttls", or, inside the office network only, add login_without_tls = true',
    ),
    "config.bad_variable": (
        "应为环境变量名（字母、数字、下划线，如 TRACKER_SMTP_PASSWORD），不是密码本身；"
        "为免密码外泄，这里不显示它的值",
        "should name an environment variable (letters, digits, _, such as "
        "TRACKER_SMTP_PASSWORD), not hold the password; its value is not shown, in case it is "
        "the password",
    ),
    "mail.variable_not_shown": (
        "password_env 所指（其值不显示，以防它就是密码）",
        "named in password_env (its value is not shown, in case it is the password)",
    ),
    "mail.default_subject": (
        "{title}进展通报（{year}年{month}月）",
        "{title}: progress brief for {year}-{month:02d}",
    ),
    "mail.correction": ("【更正】{subject}", "Correction: {subject}"),
    # --- sending -----------------------------------------------------------------------
    "mail.no_password": (
        "环境变量 {name} 未设置：发送前先把 SMTP 密码（授权码）放进这个变量",
        "the environment variable {name} is not set: put the SMTP password in it before sending",
    ),
    "mail.password_line_break": (
        "环境变量 {name} 中的密码含有换行（常见于从 Windows 文本文件读入的值末尾）；"
        "请去掉换行后再发送，邮件未发送",
        "the password in {name} holds a line break (often at the end of a value read from "
        "a file saved on Windows); remove it and send again. Nothing was sent",
    ),
    "mail.password_not_ascii": (
        "环境变量 {name} 中的密码含有非 ASCII 字符，SMTP 登录无法使用；请改用邮箱提供的授权码",
        "the password in {name} has non-ASCII characters, which SMTP login cannot carry; use "
        "the authorisation code your mail service issues",
    ),
    "mail.deadline": ("{seconds} 秒内没有回答", "no answer within {seconds} s"),
    "mail.phase_timeout": (
        "邮件服务器 {host}:{port} 在{phase}时 {seconds} 秒内没有回答完（{cause}），邮件未发送",
        "the mail server {host}:{port} did not finish answering {phase} within {seconds} s "
        "({cause}). Nothing was sent",
    ),
    "mail.phase.connect": ("连接和问候", "the connection and its greeting"),
    "mail.phase.ehlo": ("EHLO", "EHLO"),
    "mail.phase.starttls": ("STARTTLS", "STARTTLS"),
    "mail.phase.login": ("登录", "the login"),
    "mail.phase.mail": ("MAIL FROM", "MAIL FROM"),
    "mail.phase.rcpt": ("收件人（RCPT TO）", "the recipients (RCPT TO)"),
    "mail.phase.data": ("DATA", "DATA"),
    "mail.cause.connect": (
        "服务器接受了连接却不问候：可能不是邮件服务器端口，或服务器繁忙",
        "it took the connection but never greeted: perhaps not a mail port, or a busy server",
    ),
    "mail.cause.implicit_tls_port": (
        '465 端口要求一开始就加密：请设 security = "ssl"',
        'port 465 expects TLS from the start: set security = "ssl"',
    ),
    "mail.cause.ehlo": ("服务器停止了回答", "the server stopped answering"),
    "mail.cause.starttls": (
        "服务器没有开始加密；检查端口与 security 是否相配",
        "the server did not start TLS; check that the port and security match",
    ),
    "mail.cause.login": ("服务器停止了回答", "the server stopped answering"),
    "mail.cause.mail": ("服务器停止了回答", "the server stopped answering"),
    "mail.cause.rcpt": ("服务器停止了回答", "the server stopped answering"),
    "mail.cause.data": ("服务器停止了回答", "the server stopped answering"),
    "mail.cannot_connect": (
        "无法连接邮件服务器 {host}:{port}（{reason}），已尝试 {attempts} 次；"
        "检查 host、port 和网络，邮件未发送",
        "cannot connect to the mail server {host}:{port} ({reason}) after {attempts} tries; "
        "check host, port and the network. Nothing was sent",
    ),
    "mail.tls_failed": (
        "与邮件服务器 {host}:{port} 的加密连接失败（{reason}）；检查 security 与 port 是否相配，"
        "内部证书请用 ca_file 指定，邮件未发送",
        "the encrypted connection to {host}:{port} failed ({reason}); check that security "
        "and port match, and name an internal certificate authority in ca_file. Nothing was sent",
    ),
    "mail.no_starttls": (
        "服务器不支持 STARTTLS",
        "the server does not offer STARTTLS",
    ),
    "mail.auth_refused": (
        "邮件服务器拒绝了用户 {username} 的登录（{reason}）；检查用户名和环境变量 {name} "
        "中的密码（授权码），邮件未发送",
        "the mail server refused the login of {username} ({reason}); check the user name and "
        "the password in {name}. Nothing was sent",
    ),
    "mail.sender_refused": (
        "邮件服务器拒绝了发件人 {sender}（{reason}）；多数邮箱要求 from 与登录的 username "
        "是同一个地址，邮件未发送",
        "the mail server refused the sender {sender} ({reason}); most services want from to "
        "be the address of username. Nothing was sent",
    ),
    "mail.starttls_required": (
        "邮件服务器 {host}:{port} 要求先加密再发信（{reason}）：在 {path} 中设 "
        'security = "starttls"（587 端口）或 "ssl"（465 端口），邮件未发送',
        "the mail server {host}:{port} wants the connection encrypted before it takes mail "
        '({reason}): set security = "starttls" (port 587) or "ssl" (port 465) in {path}. '
        "Nothing was sent",
    ),
    "mail.login_required": (
        "邮件服务器 {host}:{port} 要求登录后才能发信（{reason}）：在 {path} 中写上 username，"
        "并把密码（授权码）放进环境变量 {name}，邮件未发送",
        "the mail server {host}:{port} wants a login before it takes mail ({reason}): give "
        "username in {path}, and the password (authorisation code) in the environment "
        "variable {name}. Nothing was sent",
    ),
    "mail.result_unknown": (
        "邮件已交给服务器 {host}:{port}，但没有等到它的确认（{reason}）；邮件可能已经送达，"
        "未记为已发送：先向收件人核实，确需重发时加 --force",
        "the message went to {host}:{port} but its answer never came ({reason}); it may have "
        "been delivered, and is not recorded as sent: ask a recipient before sending again "
        "with --force",
    ),
    "mail.recipient_refused": (
        "邮件服务器拒绝了收件人（{recipients}）；检查 to 和 cc，邮件未发送给任何人",
        "the mail server refused recipients ({recipients}); check to and cc. Nothing was "
        "sent to anyone",
    ),
    "mail.try_later": (
        "邮件服务器 {host} 在{phase}时要求稍后再试（{reason}），已尝试 {attempts} 次；"
        "这是暂时的（繁忙、灰名单或一时的限制）：过几分钟再运行，定时任务可在 retry_pauses "
        "中设更长的间隔（如 [60, 300, 900]），邮件未发送",
        "the mail server {host} asked to be tried later at {phase} ({reason}), {attempts} "
        "tries; that is temporary (busy, greylisting, a limit for now): run again in a few "
        "minutes, or give a scheduled run longer pauses in retry_pauses (such as "
        "[60, 300, 900]). Nothing was sent",
    ),
    "mail.no_auth": (
        "邮件服务器 {host}:{port} 在这个连接上不提供登录（AUTH），无法以 {username} 登录：检查 "
        "port 与 security（登录一般在 STARTTLS 之后或 465 端口提供）；服务器无需登录时删去 "
        "username，邮件未发送",
        "the mail server {host}:{port} offers no login (AUTH) on this connection, so "
        "{username} cannot log in: check port and security (logins usually come after "
        "STARTTLS, or on port 465); if the server needs none, remove username. Nothing was sent",
    ),
    "mail.phase.reply": ("回复邮件", "its answer to the message"),
    "mail.greeting_refused": (
        "邮件服务器 {host}:{port} 拒绝了连接（{reason}）；这是服务器的回答，不是网络问题："
        "请按它说的处理，或联系邮件管理员，邮件未发送",
        "the mail server {host}:{port} turned the connection away ({reason}); that is the "
        "server's answer, not the network: do what it says, or ask the mail administrator. "
        "Nothing was sent",
    ),
    "mail.no_smtputf8": (
        "{addresses} 的 @ 之前有中文等非 ASCII 字符，需要邮件服务器支持 SMTPUTF8，而 {host} "
        "不支持；请改用这些邮箱的英文别名（@ 之后的中文域名可以照写），邮件未发送",
        "{addresses} has non-ASCII characters before the @, which needs a server that "
        "speaks SMTPUTF8, and {host} does not; give those mailboxes' ASCII aliases (a domain "
        "in Chinese after the @ is fine). Nothing was sent",
    ),
    "mail.too_big": (
        "邮件有 {size}，超过邮件服务器 {host} 允许的 {limit}：请联系邮件管理员放宽限制，"
        "或减少附件内容，邮件未发送",
        "the message is {size}, more than the {limit} the mail server {host} takes: ask the "
        "mail administrator to raise the limit. Nothing was sent",
    ),
    "mail.server_refused": (
        "邮件服务器拒收这封邮件（{reason}），邮件未发送",
        "the mail server refused the message ({reason}). Nothing was sent",
    ),
    "mail.cannot_write": (
        "无法写入邮件文件 {path}（{reason}）；邮件没有发送",
        "cannot write the message file {path} ({reason}); nothing was sent",
    ),
    "mail.sent_not_recorded": (
        "邮件已发送给 {recipients}，但无法记入 {path}（{reason}）；请勿重发，"
        "先排除问题（磁盘已满、文件被占用）",
        "the report was sent to {recipients} but could not be recorded in {path} ({reason}); "
        "do not send it again: first clear the cause (a full disk, a file held open)",
    ),
    "mail.partly_sent": (
        "邮件服务器每封邮件只收一部分收件人，报告已分批发送给 {served}，之后的一批未能发出："
        "{reason}。未收到的 {missed} 已记入 sent.json：排除原因后再运行 tracker send，"
        "只发给他们，已收到的人不会重复收到",
        "the mail server takes only some recipients per message; the report went in parts to "
        "{served}, then the next part failed: {reason}. Those without it ({missed}) are "
        "recorded in sent.json: clear the cause and run tracker send again, which sends to "
        "them alone; nobody gets it twice",
    ),
    "mail.resumed": (
        "上次发送只送达了部分收件人，这次只发给其余的人",
        "the last send reached only some recipients; this one went to the others alone",
    ),
    "mail.unresolved_attempt": (
        "上次发送（{time}，收件人 {recipients}，Message-ID {message_id}）未能确认是否送达："
        "进程被中断，或没有等到服务器的确认。请先向收件人核实；确未收到时加 --force 重发",
        "an earlier send ({time}, to {recipients}, Message-ID {message_id}) was never "
        "confirmed: it was interrupted, or the server's answer never came. Ask a recipient "
        "first; if it did not arrive, add --force to send it again",
    ),
    "mail.unresolved_part": (
        "上次发送（{time}，Message-ID {message_id}）已确认送达 {confirmed}，但未能确认是否送达 "
        "{unconfirmed}：进程被中断，或没有等到服务器的确认。请先向后者核实；确未收到时加 --force，"
        "只发给他们",
        "an earlier send ({time}, Message-ID {message_id}) reached {confirmed}, but was never "
        "confirmed for {unconfirmed}: it was interrupted, or the server's answer never came. "
        "Ask one of them first; if it did not arrive, add --force to send it to them alone",
    ),
    "mail.only_to": (
        "只发给上次未送达的人：{recipients}",
        "only to those the last send did not reach: {recipients}",
    ),
    "mail.busy": (
        "{path} 所在的报告正由另一个 tracker send 发送，等了 {wait} 秒仍未结束；请等它完成后再运行",
        "the report beside {path} is being sent by another tracker send, which did not "
        "finish within {wait} s; run again when it has finished",
    ),
    "mail.already_sent": (
        "{month} 的报告已于 {time} 发送给 {recipients}；确需再发一次时加 --force",
        "the report for {month} was sent to {recipients} at {time}; add --force to send it again",
    ),
    "mail.sent": (
        "已发送 {month} 的报告：{subject}；收件人 {recipients}",
        "sent the report for {month}: {subject}; to {recipients}",
    ),
    "mail.correction_sent": (
        "报告在上次发送后有改动，标题已标明“更正”",
        "the report changed after it was last sent, so the subject says Correction",
    ),
    "mail.dry_run": (
        "试发送（没有连接服务器）：邮件已写入 {path}",
        "dry run (no server contacted): the message is in {path}",
    ),
    "mail.to": ("收件人：{recipients}", "To: {recipients}"),
    "mail.cc": ("抄送：{recipients}", "Cc: {recipients}"),
    "mail.subject": ("标题：{subject}", "Subject: {subject}"),
    "mail.size": ("大小：{size}", "Size: {size}"),
}
