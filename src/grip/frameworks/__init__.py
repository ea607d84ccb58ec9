"""The harmonised execution framework: modules, the product catalogue, norm hours and tariffs."""
