"""A process that commits one synthetic run into a dataset, for tests/test_dataset_store.py.

    python tests/dataset_commit_child.py DATASET STAGING MODE FIRST COUNT [KILL_AT]

Stages documents FIRST..FIRST+COUNT-1 and commits them (mode append or update). With KILL_AT the process kills
itself with SIGKILL at that step of the commit (the test's own stand-in for a power cut or `kill -9`; production
code has no hook for it): `tables` (the tables appended, nothing else done), `manifest` (everything but the
manifest). Without it, reads every table back at the pinned versions and prints the row counts as JSON, then
exits normally: the exit status shows whether deltalake aborted at exit.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pyarrow.dataset as pads
from deltalake import DeltaTable

from bench.dataset_synthetic import doc_ids, stage_run
from pipeline.dataset import store
from pipeline.dataset.layout import TABLES, table_dir


def _die(*_args: object, **_kwargs: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(dataset: str, staging: str, mode: str, first: str, count: str, kill_at: str | None = None) -> int:
    ids = doc_ids("d", int(first), int(count))
    if kill_at == "tables":
        store.Dataset._publish_run_files = _die  # type: ignore[method-assign]
    elif kill_at == "manifest":
        store.write_text_atomic = _die  # type: ignore[assignment]
    with store.Dataset.open(Path(dataset), create=True) as opened:
        present = [doc_id for doc_id in ids if opened.ids.contains(doc_id)]
        new = [doc_id for doc_id in ids if doc_id not in set(present)]
        # As the planner does: an append stages only the ids not yet present, an update all of them.
        manifest = stage_run(Path(staging), ids if mode == "update" else new, tag=f"{mode} ")
        result = opened.commit_run(Path(staging), manifest, mode=mode, new_ids=new,
                                   replaced_ids=present if mode == "update" else ())
    rows = {}
    for name in TABLES:
        files = DeltaTable(table_dir(Path(dataset), name), version=result["dataset"]["tables"][name]).file_uris()
        rows[name] = pads.dataset(files, format="parquet").count_rows()
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
