"""Which publisher a record comes from, as the story index stores it per document (rule 9's `same_publisher`).

A hot list re-lists its own topic under the old wording and one feed sends a flash and then the full item, while
two publishers' copies of one story are reposts: the learned rule weighs a pair by whether one publisher wrote both.
The key is read from the record itself: its `source` field when set, else its URL's host, else an id prefix that
names a feed (cls-2451670), else nothing (""), which pair_features reads as "one publisher" (where the model
joins least: it was trained on the judged pairs, whose publishers are all known).
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

# A document id's feed is the part before its first "-" (cls-2451670, eastmoney-2026..., toutiao-2024-07-14-00,
# cnyes_headlines_202501-2 for a file without ids). Only a prefix that reads as a feed's name counts (a letter, then
# letters, digits, "_" or "."; not a UUID's first group): 123456, a URL or a UUID names no feed.
ID_SEPARATOR = "-"
ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")
UUID_GROUP = re.compile(r"[0-9a-fA-F]{8}")
WWW = "www."


@cache
def _suffixes() -> PublicSuffixList:
    """The Public Suffix List as the `publicsuffixlist` package ships it (a dated copy inside the package, read from
    disk; never fetched): com.cn, com.hk, co.uk and github.io are suffixes, so news.sina.com.cn's publisher is
    sina.com.cn. Parsed once per process (~0.1 s), when the first URL is read."""
    return PublicSuffixList()


def id_publisher(doc_id: str) -> str:
    """The feed an id names by its prefix (ID_SEPARATOR, ID_PREFIX), or "" when it names none."""
    prefix, separator, _ = doc_id.partition(ID_SEPARATOR)
    if not separator or not ID_PREFIX.fullmatch(prefix) or UUID_GROUP.fullmatch(prefix):
        return ""
    return prefix


def url_publisher(url: object) -> str:
    """The registrable part of a URL's host, lowercased, without "www." (api3.cls.cn -> cls.cn, news.sina.com.cn
    -> sina.com.cn; an IP address stays whole), or "" when the value is no URL with a host."""
    if not isinstance(url, str) or "." not in url:
        return ""
    try:
        host = (urlsplit(url.strip() if "//" in url else f"//{url.strip()}").hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    host = host.removeprefix(WWW)
    if "." not in host:
        return ""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    # a host that is a public suffix itself (com.cn) or under no known one stays whole
    return _suffixes().privatesuffix(host) or host


def source_publisher(source: object) -> str:
    """A `source` field as a key: its words, casefolded ("" when it is not a non-empty string)."""
    return " ".join(source.split()).casefold() if isinstance(source, str) else ""


def publisher_key(doc_id: str, source: object = None, url: object = None) -> str:
    """A record's publisher: its `source`, else its URL's host, else its id's feed prefix, else "" (unknown)."""
    return source_publisher(source) or url_publisher(url) or id_publisher(doc_id)


def same_publisher(a: str, b: str) -> bool:
    """Whether two stored keys are one publisher's; an unknown key ("") on either side reads as one (see the
    module's docstring)."""
    return not a or not b or a == b
