"""tracker: goal-tracking workbooks that compute their own completion against the plan.

The package is a pure core (``template`` → ``model`` → ``progress``) with thin edges
(``workbook`` reads and writes xlsx files, ``cli`` is the command line).
"""

__version__ = "0.1.0"
