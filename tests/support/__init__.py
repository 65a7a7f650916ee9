"""Helpers the tests share: row and file builders, small databases, shared codes, and the helpers of
the AppTest, command-line, mail, image and browser tests. No test module imports another test module."""
