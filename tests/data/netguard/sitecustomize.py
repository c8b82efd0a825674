"""Loaded by Python at start-up in the tests' subprocesses: any network use is logged and fails."""

import os
import socket
from pathlib import Path

_LOG = os.environ.get("THINKFAMILY_NET_LOG", os.devnull)


def _blocked(*args, **kwargs):
    with Path(_LOG).open("a", encoding="utf-8") as log:
        log.write(f"network use: {args!r} {kwargs!r}\n")
    raise OSError("network use is blocked in thinkfamily's tests")


class _Guard(socket.socket):
    def __init__(self, *args, **kwargs):
        _blocked(*args, **kwargs)


socket.socket = _Guard
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
