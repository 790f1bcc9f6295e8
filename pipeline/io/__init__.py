"""Readers and writers for corpora and outputs."""
