"""Translators: gloss (offline dictionary fallback) and, when installed, argos (CTranslate2 models)."""
