"""Reading and writing tracking workbooks: the edge between the core and xlsx files."""
