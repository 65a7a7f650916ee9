"""pandera models of the status report."""
