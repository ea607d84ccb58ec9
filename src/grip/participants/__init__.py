"""Participants (deelnemers): the municipalities and the province that own the service."""
