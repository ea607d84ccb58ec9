"""Account management pages: the cockpit, the interaction log, follow-ups, account plans."""
