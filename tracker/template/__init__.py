"""Goal templates: what a template says (``spec``), read from TOML (``file``, ``goals``,
``toml_reader``), carried over to a revised template (``revision``), and the built-in
ones (``catalog``). Imports only the core below it."""
