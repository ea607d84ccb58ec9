"""Settings: ``base`` has safe defaults read from the environment; the rest are thin."""
