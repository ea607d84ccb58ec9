"""Grip: a firm grip on the collaboration between an omgevingsdienst and its participants."""
