#!/usr/bin/env python3
"""Time to first frame, in a pseudo-terminal: how long until a program first draws, and until
its screen shows a given text, median of several runs.

    python3 scripts/first-frame.py RUNS MARKER -- COMMAND [ARG ...]

Prints `first_ms marker_ms` (medians). The program is killed once the marker is seen. Used by
scripts/bench-vs-fzf.sh for the explorer's first frame against fzf's.
"""
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time


def once(marker: bytes, argv: list[str]) -> tuple[float, float]:
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    # 120 columns by 40 rows, as a terminal window would have.
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    first = None
    deadline = start + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            now = time.monotonic()
            if first is None:
                first = now
            seen += chunk
            if marker in seen:
                return (first - start) * 1e3, (now - start) * 1e3
        raise SystemExit(f"first-frame: {marker!r} never appeared")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        raise SystemExit(__doc__)
    runs, marker, argv = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[4:]
    times = [once(marker, argv) for _ in range(runs)]
    print(f"{statistics.median(t[0] for t in times):.0f} {statistics.median(t[1] for t in times):.0f}")


if __name__ == "__main__":
    main()
