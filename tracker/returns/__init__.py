"""Returns from the lead units (牵头单位, issue 10): which unit answers for which goals and
items (``units``), a unit's part of the workbook and the fingerprint its form carries
(``part``), and the three-way merge of its answer (``merge``). Imports ``workbook``,
``inputs``, ``history``, ``template`` and the core; ``report`` and the layers above may
import it."""
