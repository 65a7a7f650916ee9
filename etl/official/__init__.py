"""The official releases: read as published, kept like submissions, reconciled with the reports."""
