"""Pure reshaping between the query layer and the pages: filters, orderings, labelled tables."""
