"""Duplicate detection: exact (canonical URL, body hash) and near (MinHash + LSH).

Near-duplicates are one text republished with different framing (a dateline,
a site's trailer): cleaning removes most of that, and MinHash over word
shingles estimates the Jaccard similarity of what is left. Banding (LSH)
finds candidates without comparing against every indexed article.

Fingerprints are deterministic across processes (xxhash with fixed seeds and
numpy arithmetic), so every worker computes the same keys for shared stores.
The index is bounded by a window on published time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import xxhash

from monitor.analysis import native
from monitor.analysis.text import word_tokens
from monitor.models import fast_pickle

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
_MAX32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
# Multiply-add-shift hashing (Dietzfelbinger): h(x) = (a*x + b) mod 2^64 >> 32, a odd.
# Cheaper than a prime modulus and as good for MinHash. The generator is seeded,
# so every process draws the same functions.
_gen = np.random.Generator(np.random.PCG64(1_000_003))
_A = _gen.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _gen.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_", "hsa_", "oly_", "vero_")
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref", "ref_src", "ref_url", "cmpid", "cmp",
     "ito", "ns_mchannel", "ns_source", "ns_campaign", "ocid", "at_medium", "at_campaign", "src", "smid",
     "share", "s_cid", "spm", "_ga", "mbid", "rss", "feed", "output"}
)


def canonical_url(url: str) -> str:
    """A URL's canonical form: lower-case scheme and host without ``www.``, no
    default port, fragment or tracking parameters, sorted query, no trailing slash."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    )
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


# --------------------------------------------------------------------------- fingerprints

_token_hash_cache: dict[str, int] = {}


def _token_hashes(tokens: Sequence[str]) -> np.ndarray:
    cache = _token_hash_cache
    if len(cache) > 500_000:  # bounded: the vocabulary of news is large but not endless
        cache.clear()
    for tok in set(tokens).difference(cache):
        cache[tok] = xxhash.xxh32_intdigest(tok.encode())
    return np.fromiter(map(cache.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _shingles(body: str | Sequence[str]) -> np.ndarray:
    """32-bit hashes of the word 3-shingles of ``body``, repeats included."""
    t = _token_hashes(word_tokens(body) if isinstance(body, str) else body)
    if len(t) < SHINGLE:
        return t if len(t) else np.zeros(1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        shingles: np.ndarray = (t[:-2] * np.uint64(0x9E3779B1) + t[1:-1] * np.uint64(0x85EBCA77) + t[2:]) & _MAX32
    return shingles


def minhash(body: str | Sequence[str]) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a body (text, or its :func:`word_tokens`)."""
    h = _shingles(body)  # a minimum does not care about repeats: no need to make them distinct
    with np.errstate(over="ignore"):
        values = (_A[:, None] * h[None, :] + _B[:, None]) >> _SHIFT
    return np.asarray(values.min(axis=1), dtype=np.uint32)


def band_keys(signature: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band (the band number is mixed in, so one table holds all bands)."""
    rows = signature.reshape(BANDS, ROWS)
    return [xxhash.xxh64_intdigest(rows[b].tobytes(), seed=b) for b in range(BANDS)]


def similarity(a: bytes, b: bytes, *, use_native: bool = True) -> float:
    """Estimated Jaccard similarity of two packed signatures (the native kernel when installed counts
    the same matches without building arrays)."""
    if use_native and _NATIVE_MATCHES is not None and len(a) == len(b):
        return _NATIVE_MATCHES(a, b) / (len(a) // 4)
    x = np.frombuffer(a, dtype=np.uint32)
    y = np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(x == y)) / len(x)


_NATIVE_HASHER = native.kernels.MinHasher(_A.tolist(), _B.tolist()) if native.kernels is not None else None
_NATIVE_MATCHES = native.kernels.signature_matches if native.kernels is not None else None


def fingerprint(url: str | None, body: str, *, use_native: bool = True) -> Fingerprint:
    """The keys of an article: canonical URL, body hash, LSH bands and signature. Needs no state.

    The native kernel gives the same keys as the Python code below (it is tested
    against it); ``use_native=False`` runs the Python code.
    """
    ukey = url_key(url) if url else None
    if use_native and _NATIVE_HASHER is not None:
        bkey, bands, packed = _NATIVE_HASHER.fingerprint(body.lower())
        return Fingerprint(ukey, bkey, bands, packed)
    tokens = word_tokens(body)  # once, for both the exact key and the signature
    sig = minhash(tokens)
    return Fingerprint(ukey, body_key(tokens), band_keys(sig), sig.tobytes())


def body_key(body: str | Sequence[str]) -> int:
    tokens = word_tokens(body) if isinstance(body, str) else body
    return xxhash.xxh64_intdigest(" ".join(tokens).encode())


def url_key(url: str) -> int:
    return xxhash.xxh64_intdigest(canonical_url(url).encode())


# --------------------------------------------------------------------------- store


@dataclass(frozen=True, slots=True)
class DedupResult:
    duplicate_of: str | None
    kind: str | None  # "url" | "exact" | "near" | None
    similarity: float | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's dedup keys, computed without state (see :meth:`Deduplicator.fingerprint`)."""

    url_key: int | None
    body_key: int
    bands: list[int]
    signature: bytes  # packed MinHash signature


@dataclass(frozen=True, slots=True)
class Candidates:
    """What one lookup found: exact matches and near-duplicate candidates with signatures."""

    by_url: str | None
    by_body: str | None
    near: list[tuple[str, bytes]]  # earliest indexed (published) first, then by id: ties go to the first


# One article for a store that checks a batch at once: id, url key, body key, band keys, signature,
# published time, and the eviction time due after it (or None).
DedupItem = tuple[str, int | None, int, Sequence[int], bytes, datetime, datetime | None]


class DedupStore(Protocol):
    """The index behind :class:`Deduplicator`: one lookup and one add per article."""

    def lookup(self, url_key: int | None, body_key: int, bands: Sequence[int]) -> Candidates: ...

    def add(self, article_id: str, url_key: int | None, body_key: int, bands: Sequence[int], signature: bytes,
            at: datetime) -> None: ...

    def evict(self, before: datetime) -> int: ...

    def size(self) -> int: ...


class _KeyIndex:
    """key -> newest sequence number; recent keys in a dict, older ones in sorted numpy arrays.

    Python dicts cost ~80 bytes per int key; the arrays cost 16. Recent keys are merged into the
    arrays every ``merge_every`` insertions (amortised O(n log n)); stale sequence numbers (evicted
    articles) are ignored on lookup and dropped at the next merge.
    """

    def __init__(self, merge_every: int) -> None:
        self.recent: dict[int, int] = {}
        self.keys = np.zeros(0, dtype=np.uint64)
        self.seqs = np.zeros(0, dtype=np.int64)
        self.merge_every = merge_every

    def put(self, key: int, seq: int, base: int) -> None:
        self.recent[key] = seq
        if len(self.recent) >= self.merge_every:
            self.merge(base)

    def merge(self, base: int) -> None:
        keys = np.concatenate([self.keys, np.fromiter(self.recent.keys(), dtype=np.uint64, count=len(self.recent))])
        seqs = np.concatenate([self.seqs, np.fromiter(self.recent.values(), dtype=np.int64, count=len(self.recent))])
        order = np.lexsort((seqs, keys))
        keys, seqs = keys[order], seqs[order]
        last = np.ones(len(keys), dtype=bool)
        last[:-1] = keys[1:] != keys[:-1]  # the newest article per key
        keep = last & (seqs >= base)
        self.keys, self.seqs = keys[keep], seqs[keep]
        self.recent = {}

    def get_many(self, keys: Sequence[int], base: int) -> list[int]:
        """Live sequence numbers for ``keys`` (each at most once)."""
        found: list[int] = []
        missing: list[int] = []
        for k in keys:
            seq = self.recent.get(k)
            if seq is None:
                missing.append(k)
            elif seq >= base:
                found.append(seq)
        if missing and len(self.keys):
            probe = np.array(missing, dtype=np.uint64)
            idx = np.searchsorted(self.keys, probe)
            idx[idx >= len(self.keys)] = 0
            hit = self.keys[idx] == probe
            found.extend(int(s) for s in self.seqs[idx[hit]] if s >= base)
        return found


class MemoryDedupStore:
    """In-memory index bounded by time, compact (well under 1 KB per indexed article).

    Articles get increasing sequence numbers; their id, time and signature sit in
    lists in time order, from ``_head`` on. Eviction moves ``_head`` forward (letting go
    of what the evicted slots held, and dropping the slots in bulk now and then), and
    keys pointing at an evicted article simply stop matching. Lists, not deques: a
    lookup reads candidates anywhere in the window, and a deque reads its middle in
    time proportional to its length.
    """

    _COMPACT_FROM = 4096  # evicted slots kept before the lists are cut (when they are half the lists)

    def __init__(self, *, merge_every: int = 32_768) -> None:
        self._base = 0  # sequence number of the oldest live article, which sits at index _head
        self._head = 0
        self._ids: list[str] = []
        self._times: list[float] = []
        self._sigs: list[bytes] = []
        self._exact = _KeyIndex(merge_every // 8)
        self._bands = _KeyIndex(merge_every)

    def _id(self, seq: int) -> str:
        return self._ids[seq - self._base + self._head]

    def lookup(self, url_key: int | None, body_key: int, bands: Sequence[int]) -> Candidates:
        base = self._base
        at = self._head - base  # list index of sequence number q: q + at
        ids, times, sigs = self._ids, self._times, self._sigs
        by_url = self._exact.get_many([url_key], base) if url_key is not None else []
        by_body = self._exact.get_many([body_key], base)
        # Earliest first (then by id), as every store returns them: equally similar candidates resolve
        # to the same original whichever store holds the index.
        seqs = sorted(set(self._bands.get_many(bands, base)), key=lambda q: (times[q + at], ids[q + at]))
        return Candidates(ids[by_url[0] + at] if by_url else None, ids[by_body[0] + at] if by_body else None,
                          [(ids[q + at], sigs[q + at]) for q in seqs])

    def add(self, article_id: str, url_key: int | None, body_key: int, bands: Sequence[int], signature: bytes,
            at: datetime) -> None:
        seq = self._base + len(self._ids) - self._head
        self._ids.append(article_id)
        self._times.append(at.timestamp())
        self._sigs.append(signature)
        if url_key is not None:
            self._exact.put(url_key, seq, self._base)
        self._exact.put(body_key, seq, self._base)
        for key in bands:
            self._bands.put(key, seq, self._base)

    def evict(self, before: datetime) -> int:
        cutoff = before.timestamp()
        ids, times, sigs = self._ids, self._times, self._sigs
        head = first = self._head
        while head < len(times) and times[head] < cutoff:
            ids[head], sigs[head] = "", b""  # let go of the id and signature now
            head += 1
        removed = head - first
        self._base += removed
        if head >= self._COMPACT_FROM and head * 2 >= len(times):
            del ids[:head], times[:head], sigs[:head]
            head = 0
        self._head = head
        return removed

    def size(self) -> int:
        return len(self._ids) - self._head


class Deduplicator:
    """Decides whether an article duplicates one indexed in the window; indexes originals."""

    def __init__(self, store: DedupStore | None = None, *, threshold: float = 0.5,
                 window: timedelta = timedelta(days=14), native: bool = True) -> None:
        self.store: DedupStore = store if store is not None else MemoryDedupStore()
        self.threshold = threshold
        self.window = window
        self.native = native  # the native kernel when installed (same keys)
        self._last_evict: datetime | None = None

    def check(self, article_id: str, url: str | None, body: str, published: datetime) -> DedupResult:
        return self.check_fingerprint(article_id, self.fingerprint(url, body), published)

    def fingerprint(self, url: str | None, body: str) -> Fingerprint:
        """The keys of an article (see :func:`fingerprint`). Needs no state."""
        return fingerprint(url, body, use_native=self.native)

    def check_fingerprint(self, article_id: str, fp: Fingerprint, published: datetime) -> DedupResult:
        """Whether a fingerprinted article duplicates one in the window; indexes it when it does not."""
        ukey, bkey, bands, packed = fp.url_key, fp.body_key, fp.bands, fp.signature
        atomic = getattr(self.store, "check_and_add", None)
        if atomic is not None:
            # Shared stores decide and index in one atomic step (two workers, one near-duplicate pair).
            kind, other, sim = atomic(article_id, ukey, bkey, bands, packed, published)
            self._evict(published)
            return DedupResult(other, kind, sim)
        self._evict(published)  # before the lookup: nothing outside the window may match
        found = self.store.lookup(ukey, bkey, bands)
        # An article never duplicates itself: a redelivered message is re-analysed, not suppressed.
        result = DedupResult(None, None)
        if found.by_url and found.by_url != article_id:
            result = DedupResult(found.by_url, "url", 1.0)
        elif found.by_body and found.by_body != article_id:
            result = DedupResult(found.by_body, "exact", 1.0)
        else:
            best: tuple[float, str] | None = None
            for other, other_sig in found.near:
                if other == article_id:
                    continue
                sim = similarity(packed, other_sig, use_native=self.native)
                if sim >= self.threshold and (best is None or sim > best[0]):
                    best = (sim, other)
            if best is not None:
                result = DedupResult(best[1], "near", best[0])
        if result.duplicate_of is None:
            self.store.add(article_id, ukey, bkey, bands, packed, published)
        return result

    def check_many(self, items: Sequence[tuple[str, Fingerprint, datetime]]) -> list[DedupResult]:
        """:meth:`check_fingerprint` for (article id, fingerprint, time) in order: the same results.

        A store with ``check_and_add_many`` (Redis) takes the whole batch in one atomic step.
        """
        many = getattr(self.store, "check_and_add_many", None)
        if many is None:
            return [self.check_fingerprint(article_id, fp, at) for article_id, fp, at in items]
        rows: list[DedupItem] = [(article_id, fp.url_key, fp.body_key, fp.bands, fp.signature, at, self._evict_due(at))
                                 for article_id, fp, at in items]
        return [DedupResult(other, kind, sim) for kind, other, sim in many(rows)]

    def _evict_due(self, now: datetime) -> datetime | None:
        # Evict at most every minute of stream time: cheap, and never lets a stale match through
        # by more than that.
        if self._last_evict is None or now - self._last_evict >= timedelta(minutes=1):
            self._last_evict = now
            return now - self.window
        return None

    def _evict(self, now: datetime) -> None:
        before = self._evict_due(now)
        if before is not None:
            self.store.evict(before)

    def size(self) -> int:
        return self.store.size()
