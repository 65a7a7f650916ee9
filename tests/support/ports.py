"""A free local port for the servers the tests start (SMTP, Streamlit, static site)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing listens on at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
