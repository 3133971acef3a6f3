#!/usr/bin/env python3
"""Approves drafts the way a seller does: `sellkit review` in a pseudo-terminal (stdin, stdout
and stderr on it, 80x24), "Approve all" from the opening summary, the list paged through,
then "approve N" typed as the prompt asks. sellkit has no flag that approves for you; this
only presses the keys.

usage: approve.py TRANSCRIPT -- SELLKIT [ARGS...]    (runs `SELLKIT ARGS... review`)
Prints the number of drafts approved on stdout; the screen transcript goes to TRANSCRIPT.
Exit 0 when the review ended by itself (with or without drafts), 1 otherwise.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

DOWN = b"\x1b[B"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r")


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    transcript, cmd = args[0], args[2:] + ["review"]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        os.environ.pop("VISUAL", None)
        os.environ.pop("EDITOR", None)
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    raw = bytearray()
    seen = 0  # how much of the cleaned screen text earlier waits consumed

    def text():
        return ANSI.sub(b"", bytes(raw)).decode("utf-8", "replace")

    def read(timeout):
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        raw.extend(chunk)
        return True

    def expect(*patterns, timeout=60):
        """Waits for the first of `patterns` (regexes) after what was already matched."""
        nonlocal seen
        end = time.time() + timeout
        while time.time() < end:
            t = text()
            hits = []
            for i, p in enumerate(patterns):
                m = re.compile(p).search(t, seen)
                if m:
                    hits.append((m.start(), i, m))
            if hits:
                _, i, m = min(hits)
                seen = m.end()
                return i, m
            if not read(0.2):
                break
        return None, None

    def send(b):
        os.write(fd, b)
        time.sleep(0.2)

    approved = 0
    ok = True
    i, m = expect(r"(\d[\d,]*) drafts? waiting", r"No drafts are waiting")
    if i == 0:
        if expect(r"Quit")[0] is None:
            ok = False
        else:
            send(DOWN + b"\r")
            i, m = expect(r'Type "approve (\d+)"', r"-- page \d+ of \d+ --", r"Nothing to do")
            while i == 1:
                send(b"q")
                i, m = expect(r'Type "approve (\d+)"', r"-- page \d+ of \d+ --")
            if i == 0:
                n = m.group(1)
                send(f"approve {n}\r".encode())
                if expect(r"Approved (\d[\d,]*) draft")[0] == 0:
                    approved = int(n)
                else:
                    ok = False
            elif i != 2:
                ok = False
    elif i is None:
        ok = False
    # Let it print its summary and end (EOF on the pty), then reap it.
    end = time.time() + 30
    while time.time() < end and read(0.5):
        pass
    if time.time() >= end:
        os.kill(pid, signal.SIGTERM)
        ok = False
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    with open(transcript, "w") as f:
        f.write(text())
        f.write(f"\n[review exit {code}]\n")
    print(approved)
    return 0 if ok and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
