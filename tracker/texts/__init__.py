"""Sentences in Chinese and English for the report and the mail, kept apart from
``tracker.i18n`` by subject; only ``i18n`` imports them."""
