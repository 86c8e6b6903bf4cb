"""Pagefind's bundle made the same for the same records, and trimmed to what the search page loads.

Pagefind 1.5 writes each filter's chunk with its values in the order of a hash table, which changes
from run to run, and names the chunk, the index's meta file and the entry file's reference after
what they hold. So the same records gave different files on every build. Here every filter chunk
is decoded (they are gzip-compressed CBOR behind a `pagefind_dcd` signature), its values are put
in order, and it is encoded again and named after its bytes; the meta file lists the filters in
order under their new names and is named after its own bytes; pagefind-entry.json points at it.
Pagefind's stock interface (its UI scripts and styles) is left out: the search page has its own.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from typing import Any

SIGNATURE = b"pagefind_dcd"
# What the search page loads; the rest of the bundle (the stock interface) is not published.
KEPT = re.compile(
    r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[a-z-]+\.pagefind"
    r"|pagefind\.[^/]+\.pf_meta|(fragment|index|filter)/[^/]+"
)


class Unreadable(ValueError):
    """The bundle is not laid out as this module knows Pagefind 1.5 lays it out."""


def normalised(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle `files` (paths relative to the bundle's folder) with its filter chunks in order
    and named after their bytes, and without the stock interface."""
    kept = {path: data for path, data in files.items() if KEPT.fullmatch(path)}
    entry = json.loads(kept["pagefind-entry.json"])
    renamed: dict[str, str] = {}  # old filter chunk name -> new
    out: dict[str, bytes] = {}
    for path, data in kept.items():
        match = re.fullmatch(r"filter/(([a-z-]+_)[0-9a-f]+)\.pf_filter", path)
        if match is None:
            out[path] = data
            continue
        name, values = _read(data)
        values = sorted(values, key=lambda value: value[0])
        body = _pack([name, values])
        new = match[2] + hashlib.sha256(body).hexdigest()[:7]
        renamed[match[1]] = new
        out[f"filter/{new}.pf_filter"] = _compress(body)
    for language in entry["languages"].values():
        old = language["hash"]
        meta_path = f"pagefind.{old}.pf_meta"
        meta = _decode_meta(out.pop(meta_path))
        filters = sorted([name, renamed.get(chunk, chunk)] for name, chunk in meta[3])
        meta[3] = filters
        body = _pack(meta)
        new = old.split("_")[0] + "_" + hashlib.sha256(body).hexdigest()[:10]
        out[f"pagefind.{new}.pf_meta"] = _compress(body)
        language["hash"] = new
    out["pagefind-entry.json"] = json.dumps(
        entry, separators=(",", ":"), ensure_ascii=False
    ).encode()
    return dict(sorted(out.items()))


def _read(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise Unreadable("a Pagefind file without its signature")
    value, end = _unpack(raw, len(SIGNATURE))
    if end != len(raw):
        raise Unreadable("a Pagefind file with bytes after its value")
    return value


def _decode_meta(data: bytes) -> list[Any]:
    meta = _read(data)
    if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
        raise Unreadable("a Pagefind meta file of another shape")
    return meta


def _compress(body: bytes) -> bytes:
    return gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)


# -- the part of CBOR (RFC 8949) Pagefind's files use: integers, byte and text strings, arrays ----


def _unpack(raw: bytes, at: int) -> tuple[Any, int]:
    major, info = raw[at] >> 5, raw[at] & 0x1F
    at += 1
    if info < 24:
        number = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        number = int.from_bytes(raw[at : at + size], "big")
        at += size
    else:
        raise Unreadable(f"CBOR item {raw[at - 1]:#x} is not one Pagefind writes")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = raw[at : at + number]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _unpack(raw, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(number):
            name, at = _unpack(raw, at)
            pairs[name], at = _unpack(raw, at)
        return pairs, at
    raise Unreadable(f"CBOR major type {major} is not one Pagefind writes")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise Unreadable("a number too large for CBOR")


def _pack(value: Any) -> bytes:
    if isinstance(value, bool):
        raise Unreadable("CBOR true and false are not written by Pagefind")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_pack(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_pack(k) + _pack(v) for k, v in value.items())
    raise Unreadable(f"cannot write {type(value).__name__} as CBOR")
