"""Who may report and administer: access tokens, browser sessions and the sign-in throttle, kept in the store."""
