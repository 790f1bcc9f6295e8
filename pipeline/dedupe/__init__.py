"""The same story told twice: content fingerprints (fingerprint.py) and the on-disk story index (story_index.py)."""
