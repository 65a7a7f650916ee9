"""The report and admin pages' data: pure functions of a connection and parameters, no widgets."""
