"""Progress while shards run in worker processes: the records they have done so far (read from their progress
files) count before the shard ends, instead of 0% until the first shard ends and then jumps of a shard; and a
run that stops says "stopped after", never "done". A StringIO stream and a clock the test moves."""

from __future__ import annotations

import contextlib
import io

import pytest

from pipeline.progress import Progress

from .test_progress import INTERVAL, Clock


class Running:
    """Records done so far per running shard, as the runner reads them from the shards' progress files."""

    def __init__(self) -> None:
        self.done: dict[int, int] = {}

    def __call__(self, finished: set[int]) -> dict[int, int]:
        return {i: n for i, n in self.done.items() if i not in finished}


# (records done in running shards at each poll, shard finishing before the line as (index, records) or None,
#  the line written at 10 s)
POLLS = [
    ({0: 40, 1: 25}, None, "newsbridge: 65/1,000 records (6%), 0/2 shards, 6.5 records/s, about 2 min left"),
    ({0: 500, 1: 25}, (0, 500), "newsbridge: 525/1,000 records (52%), 1/2 shards, 52 records/s, about 9.0 s left"),
    ({0: 500, 1: 300}, (0, 500), "newsbridge: 800/1,000 records (80%), 1/2 shards, 80 records/s, about 2.5 s left"),
]


@pytest.mark.parametrize(("running", "finished", "line"), POLLS)
def test_records_of_running_shards_count_before_the_shard_ends(running: dict[int, int],
                                                               finished: tuple[int, int] | None, line: str) -> None:
    clock, stream, source = Clock(), io.StringIO(), Running()
    progress = Progress(1_000, 2, interval=INTERVAL, stream=stream, clock=clock, partial=source)
    source.done = running
    progress.poll()
    if finished is not None:
        index, records = finished
        progress.advance(records, 1, shard=index)  # its records now count as finished, not twice
    clock.now = INTERVAL
    progress.advance(0)
    assert stream.getvalue().splitlines() == [line]


def test_a_bar_follows_the_running_shards() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    source = Running()
    progress = Progress(1_000, 2, stream=Terminal(), partial=source)
    source.done = {0: 64, 1: 128}
    progress.poll()
    assert progress._bar.n == 192
    progress.advance(500, 1, shard=0)
    assert progress._bar.n == 628  # 500 finished + 128 running
    progress.close()


# (what ended the run, the word the last line must have, the word it must not)
ENDINGS = [
    (None, "done in", "stopped"),
    (KeyboardInterrupt, "stopped after", "done"),
    (RuntimeError, "stopped after", "done"),
]


@pytest.mark.parametrize(("error", "has", "lacks"), ENDINGS)
def test_the_last_line_says_done_only_when_the_run_finished(error: type[BaseException] | None, has: str,
                                                            lacks: str) -> None:
    clock, stream = Clock(), io.StringIO()
    with pytest.raises(error) if error else contextlib.nullcontext():
        with Progress(100, 4, interval=INTERVAL, stream=stream, clock=clock) as progress:
            progress.advance(50, 2)
            clock.now = 5.0
            if error:
                raise error()
    last = stream.getvalue().splitlines()[-1]
    assert has in last and lacks not in last, last
