"""The one vocabulary: every code the project uses with its (Japanese, English) label, and the label helpers."""
