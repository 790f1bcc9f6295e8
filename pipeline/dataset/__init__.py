"""A dataset: one output that grows run after run (`newsbridge run --append`), its tables in Delta Lake."""
