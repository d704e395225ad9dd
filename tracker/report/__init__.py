"""A month's report folder, and every file name in it (``folder``): the brief in HTML and
text (``brief``, ``render``), the report workbook (``report_workbook``), ``run.log``
(``run_log``) and the record of sends (``sends``). Imports ``workbook`` (its styles and
writer), ``history`` and the core."""
