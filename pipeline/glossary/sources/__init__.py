"""Readers of the listing files behind `make glossary-build`, one module per market, and the rules that join
the listings of one company (A, H, ADR, Taiwan) into one entity."""
