"""The Dutch user interface: server-rendered pages over the domain apps' selectors and services."""
