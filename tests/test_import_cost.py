"""What a process pays at import: datasketch's package imports scipy.integrate (~0.5 s of CPU), so it is imported
where a story is first hashed (pipeline/dedupe/fingerprint.py), not with the runner: a run's shard workers, which
never hash a story, and commands such as `inspect` no longer pay it."""

from __future__ import annotations

import subprocess
import sys

from pipeline.paths import PROJECT_ROOT


def test_the_runner_and_the_cli_import_no_datasketch() -> None:
    probe = ("import sys, pipeline.cli, pipeline.runner, pipeline.shards; "
             "print(sorted({'datasketch', 'scipy'} & set(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    assert loaded.stdout.strip() == "[]"
