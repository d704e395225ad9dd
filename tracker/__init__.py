"""tracker: goal-tracking workbooks that compute their own completion against the plan.

The core, at this level, imports no edge: ``model`` (what the workbook holds, read), ``progress``
(completion against the plan), ``excel`` (cell values as spreadsheets have them), ``dates``,
``places`` (cell addresses for messages), ``errors``, ``i18n`` with ``texts/`` (every sentence
in Chinese and English) and ``safefile`` (files written whole, a workbook held by one run).

The packages, each importing only those below it (``lint-imports`` checks it):

* ``cli``: the command line, the only place errors become messages and exit codes;
* ``commands``: the work of each command, joining the edges (``update``, ``send``, ``demo``);
* ``mail``: the brief as a message, and its delivery;
* ``report``: a month's report folder: the brief, the report workbook, the record of sends;
* ``workbook``: reading and writing the tracking workbook;
* ``inputs``: what people typed, checked and brought to its normal form; item numbers;
* ``history``: month-by-month records of goals and items, changes, forecasts, snapshots;
* ``template``: goal templates: the dataclasses, the TOML file, revisions, the catalogue.

``docs/architecture.md`` walks through them.
"""

__version__ = "0.1.0"
