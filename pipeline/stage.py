"""The Stage protocol: cheap construction, explicit setup(), batch processing, and a signature."""

from __future__ import annotations

from pipeline.records import Document


class Stage:
    """Base class for transforms. `__init__` stores options only; `setup()` loads heavy resources once
    per worker, so stage lists pickle into process pools."""

    name = "stage"

    def setup(self) -> None:
        """Load dictionaries, automata and models; called once before the first batch."""

    def process(self, docs: list[Document]) -> list[Document]:
        raise NotImplementedError

    def signature(self) -> str:
        """Exactly what this stage is: name, options and resource hashes."""
        return self.name
