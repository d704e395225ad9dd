"""The work of each command, joining the edges: the monthly ``update``, ``send`` and
``demo``. Imported by the CLI only; imports everything below it."""
