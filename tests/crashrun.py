"""``newsmirror run``, killed with SIGKILL at a point of its own progress.

Usage: python tests/crashrun.py POINT N --dir MIRROR

POINT is where the Nth time it comes the process dies, as a power cut or the OOM killer
would end it: ``stored`` (just after the Nth article was saved), ``transaction`` (inside
the Nth store transaction, its statements made and not committed), ``publish`` (the Nth
published file written to its temporary name, not yet renamed). The points are where a
crash could do harm; choosing them from the run's progress, not from the clock, tests
them on every machine, at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsmirror import files
from newsmirror.cli import main
from newsmirror.store import Store


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def countdown(n: int) -> Any:
    left = [n]

    def reached() -> bool:
        left[0] -= 1
        return left[0] == 0

    return reached


def arm(point: str, n: int) -> None:
    reached = countdown(n)
    if point == "stored":
        save = Store.save_article

        def save_then_die(self: Store, *args: Any, **kwargs: Any) -> Any:
            outcome = save(self, *args, **kwargs)
            if reached():
                die()
            return outcome

        Store.save_article = save_then_die  # type: ignore[method-assign]
    elif point == "transaction":
        transaction = Store.transaction

        @contextlib.contextmanager
        def transaction_dying(self: Store) -> Iterator[Any]:
            with transaction(self) as db:
                yield db
                if reached():
                    die()  # before COMMIT

        Store.transaction = transaction_dying  # type: ignore[method-assign,assignment]
    elif point == "publish":
        write = files.write_atomic

        def write_dying(path: Path, data: bytes, *, durable: bool = True) -> None:
            if reached():
                temporary = path.with_name(f".{path.name}.crash.tmp")
                temporary.write_bytes(data[:len(data) // 2])
                die()
            write(path, data, durable=durable)

        files.write_atomic = write_dying
    else:
        raise SystemExit(f"unknown point {point!r}")


if __name__ == "__main__":
    arm(sys.argv[1], int(sys.argv[2]))
    sys.argv = ["newsmirror", "run", *sys.argv[3:]]
    main()
