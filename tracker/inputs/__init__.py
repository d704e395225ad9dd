"""What people typed: the checks of a column's cells, each declared once (``rules``);
every input cell checked (``checks``) and brought to its normal form (``normal_form``),
统一社会信用代码 check characters (``uscc``), item numbers issued and guarded
(``item_numbers``). Imports ``history`` (an item's past numbers), ``template`` and the
core."""
