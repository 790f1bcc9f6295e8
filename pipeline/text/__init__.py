"""Text rules shared by `pipeline/` and `stages/`: the normalizer, character classes, the flag vocabulary.

They sit below both packages so that the glossary compiler and the writers never import `stages/`."""
