"""The months recorded: goal and item records and the changes between months
(``records``), run-rate and pipeline forecasts (``forecast``), a month's figures in time
(``timeline``), and ``snapshot.json`` (``snapshots``). Imports ``template`` and the
core."""
