"""Credentials and the local access token."""
