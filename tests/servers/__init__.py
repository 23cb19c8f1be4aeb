"""Test servers: real HTTP apps served on loopback by fixtures in tests/conftest.py."""
