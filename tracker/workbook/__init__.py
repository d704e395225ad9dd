"""Reading and writing the tracking workbook: the edge between the core and xlsx files.
One description of the sheets (``layout``) serves the writer (``writer`` and the
``*_sheets`` modules) and the reader (``reader``, ``sheet_scan``, ``formula_scan``); the
hidden history sheets (``history_store``); saving in place (``saving``). Imports
``inputs``, ``history``, ``template`` and the core."""
