"""The REST API (/api/v1/): a thin layer over the domain apps' services and selectors."""
