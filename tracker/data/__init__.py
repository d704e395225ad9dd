"""The data out of a tracking workbook: tables for pandas, files for BI tools.

``tables`` turns a workbook, read and checked as the update reads it, into plain tables
(named, typed columns and rows of Python values); ``frames`` makes pandas DataFrames of
them (``tracker.open_workbook``); ``export`` writes them as CSV, JSON or a workbook. pandas
is imported by ``frames`` and ``export`` only, never on the command line's start-up path.
"""
