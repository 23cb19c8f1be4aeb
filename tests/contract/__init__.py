"""Contract tests: every operation of every generated client, called against a Prism mock of its spec."""
