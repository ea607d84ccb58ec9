"""The participant portal: a municipality's own view, its requests and comments."""
