"""Output forms: ``json_doc`` builds the JSON contract; ``human`` (Rich) is imported lazily."""
