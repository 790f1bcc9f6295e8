"""newsbridge: Chinese → English financial-news normalization, linking and translation pipeline."""

__version__ = "0.1.0"
