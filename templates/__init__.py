"""The built-in goal templates (TOML files), installed as ``tracker.templates``."""
