"""The months recorded: goal and item records and the changes between months
(``records``), run-rate and pipeline forecasts (``forecast``), a month's figures in time
(``timeline``), ``snapshot.json`` (``snapshots``), and the one codec both it and the
workbook's hidden sheets are read and written with (``codec``). Imports ``template`` and the
core."""
