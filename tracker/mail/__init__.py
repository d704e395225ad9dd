"""The report as an email: the mail settings (``settings``), the message (``message``) and
its delivery to an SMTP server (``smtp``). Imports ``report``, the TOML reader of
``template`` and the core."""
