"""The command line (``main``, with click): options, languages, exit codes, and the one
place errors become messages; ``console`` writes to a terminal that may not speak UTF-8;
``status_view`` prints ``tracker status``. Nothing imports it."""
