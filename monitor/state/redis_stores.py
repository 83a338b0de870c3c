"""Redis implementations of the core's stores, shared by every worker.

* :class:`RedisDedupStore` — exact keys, LSH band buckets and signatures; the
  lookup-and-add runs as one Lua script, so two workers that receive a
  near-duplicate pair at the same moment cannot both index it as original.
* :class:`RedisStoryStore` — stories, their term index and article links.
* :class:`RedisDeliveredStore` — per-sink delivery claims (SET NX with a lease)
  and delivered marks, so a crash, rebalance or replay never sends twice.

Every key has a TTL of the window (plus a margin): memory is bounded without a
sweeper. Redis errors surface as :class:`~monitor.errors.StateError`, which the
agents answer by waiting and retrying the same message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

import redis

from monitor.analysis.dedup import NUM_PERM, Candidates, DedupItem
from monitor.analysis.stories import StorySnapshot, StoryState
from monitor.errors import StateError

T = TypeVar("T")

# Checks N articles in order (each sees the ones indexed before it), atomically.
# KEYS: per article its exact keys (url, or "" when it has none; body), then its band keys, all prefixed.
# ARGV: threshold, ttl, prefix, N, then per article: id, signature, at, number of keys, evict-before ('' or a
# time: drop index entries older than it once the article is done, as the caller's eviction clock says).
# Returns per article {kind, duplicate of, similarity} ({'', '', '0'} when it was indexed as an original).
_DEDUP = """
local threshold = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local p = ARGV[3]
local n = tonumber(ARGV[4])
local unpacked = {}  -- signatures as numbers, by article id: a batch meets the same candidates again
local formats = {}
local function values(id, sig)
  local v = unpacked[id]
  if not v or v.sig ~= sig then
    local count = string.len(sig) / 4
    local fmt = formats[count]
    if not fmt then fmt = '<' .. string.rep('I4', count) formats[count] = fmt end
    -- One C call reads every 4-byte value (string.byte or string.sub would make one Lua value per byte
    -- or allocate one string per value).
    v = {struct.unpack(fmt, sig)}
    v.sig = sig
    unpacked[id] = v
  end
  return v
end
local function check(me, sig, at, k0, k1)
  local nperm = string.len(sig) / 4
  local function exact(key)
    if key == '' then return nil end
    local v = redis.call('GET', key)
    if v and v ~= me then return v end
    return nil
  end
  local by_url = exact(KEYS[k0])
  if by_url then return {'url', by_url, '1'} end
  local by_body = exact(KEYS[k0 + 1])
  if by_body then return {'exact', by_body, '1'} end
  local best, best_sim = nil, -1
  local tried = {}
  local mine = nil
  local owners = k1 > k0 + 1 and redis.call('MGET', unpack(KEYS, k0 + 2, k1)) or {}
  for _, other in ipairs(owners) do
    if other and other ~= me and not tried[other] then
      tried[other] = true
      local osig = redis.call('GET', p .. 'ds:' .. other)
      if osig and string.len(osig) == string.len(sig) then
        local same = nperm
        if osig ~= sig then
          mine = mine or values(me, sig)
          local theirs = values(other, osig)
          same = 0
          for j = 1, nperm do
            if mine[j] == theirs[j] then same = same + 1 end
          end
        end
        local sim = same / nperm
        if sim >= threshold and sim > best_sim then
          best, best_sim = other, sim
        elseif sim >= threshold and sim == best_sim then
          -- Equally similar: the earliest published (then the smaller id) is the original, as in every store.
          local a = tonumber(redis.call('ZSCORE', p .. 'dindex', other))
          local b = tonumber(redis.call('ZSCORE', p .. 'dindex', best))
          if a and b and (a < b or (a == b and other < best)) then best = other end
        end
      end
    end
  end
  if best then return {'near', best, tostring(best_sim)} end
  if KEYS[k0] ~= '' then redis.call('SET', KEYS[k0], me, 'EX', ttl) end
  redis.call('SET', KEYS[k0 + 1], me, 'EX', ttl)
  for i = k0 + 2, k1 do redis.call('SET', KEYS[i], me, 'EX', ttl) end
  redis.call('SET', p .. 'ds:' .. me, sig, 'EX', ttl)
  redis.call('ZADD', p .. 'dindex', at, me)
  return {'', '', '0'}
end
local out = {}
local k = 1
for i = 1, n do
  local a = 4 + (i - 1) * 5
  local nkeys = tonumber(ARGV[a + 4])
  out[i] = check(ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], k, k + nkeys - 1)
  k = k + nkeys
  if ARGV[a + 5] ~= '' then redis.call('ZREMRANGEBYSCORE', p .. 'dindex', '-inf', ARGV[a + 5]) end
end
return out
"""


def _guard(op: str, fn: Callable[[], T]) -> T:
    try:
        return fn()
    except redis.RedisError as exc:
        raise StateError(f"redis {op}: {exc}") from exc


class RedisDedupStore:
    """:class:`~monitor.analysis.dedup.DedupStore` with an atomic ``check`` (see :meth:`check_and_add`)."""

    def __init__(self, client: redis.Redis, *, prefix: str = "monitor:", window: timedelta = timedelta(days=14),
                 threshold: float = 0.5) -> None:
        self._r = client
        self._p = prefix
        self._ttl = int(window.total_seconds()) + 3600
        self.threshold = threshold
        self._script = client.register_script(_DEDUP)

    def check_and_add(self, article_id: str, url_key: int | None, body_key: int, bands: Sequence[int],
                      signature: bytes, at: datetime) -> tuple[str | None, str | None, float | None]:
        """Atomically find a duplicate or index the article; returns (kind, duplicate_of, similarity)."""
        return self.check_and_add_many([(article_id, url_key, body_key, bands, signature, at, None)])[0]

    def check_and_add_many(self, items: Sequence[DedupItem]) -> list[tuple[str | None, str | None, float | None]]:
        """:meth:`check_and_add` for articles in order, each seeing those before it: one round trip.

        Each item may carry an eviction time: index entries older than it are dropped once that
        article is done, as evicting between articles one at a time would.
        """
        keys: list[str] = []
        args: list[Any] = [self.threshold, self._ttl, self._p, len(items)]
        for article_id, url_key, body_key, bands, signature, at, evict_before in items:
            p = self._p
            ids = ["" if url_key is None else f"{p}dx:{url_key}", f"{p}dx:{body_key}", *(f"{p}db:{b}" for b in bands)]
            keys += ids
            args += [article_id, signature, at.timestamp(), len(ids),
                     "" if evict_before is None else evict_before.timestamp()]
        raw = cast(list[list[bytes]], _guard("dedup", lambda: self._script(keys=keys, args=args)))
        out: list[tuple[str | None, str | None, float | None]] = []
        for row in raw:
            kind, other, sim = (x.decode() if isinstance(x, bytes) else str(x) for x in row)
            out.append((kind or None, other or None, float(sim) if kind else None))
        return out

    # The two-step protocol is implemented too, for generic callers (not atomic across workers).
    def lookup(self, url_key: int | None, body_key: int, bands: Sequence[int]) -> Candidates:
        p = self._p

        def run() -> Candidates:
            pipe = self._r.pipeline(transaction=False)
            pipe.get(f"{p}dx:{url_key}" if url_key is not None else f"{p}dx:-")
            pipe.get(f"{p}dx:{body_key}")
            for b in bands:
                pipe.get(f"{p}db:{b}")
            res = pipe.execute()
            ids = sorted({r.decode() for r in res[2:] if r})
            sigs = cast(list[bytes | None], self._r.mget([f"{p}ds:{i}" for i in ids])) if ids else []
            return Candidates(res[0].decode() if res[0] else None, res[1].decode() if res[1] else None,
                              [(i, s) for i, s in zip(ids, sigs, strict=True) if s is not None])

        return _guard("dedup lookup", run)

    def add(self, article_id: str, url_key: int | None, body_key: int, bands: Sequence[int], signature: bytes,
            at: datetime) -> None:
        p, ttl = self._p, self._ttl

        def run() -> None:
            pipe = self._r.pipeline(transaction=True)
            for k in ([url_key] if url_key is not None else []) + [body_key]:
                pipe.set(f"{p}dx:{k}", article_id, ex=ttl)
            for b in bands:
                pipe.set(f"{p}db:{b}", article_id, ex=ttl)
            pipe.set(f"{p}ds:{article_id}", signature, ex=ttl)
            pipe.zadd(f"{p}dindex", {article_id: at.timestamp()})
            pipe.execute()

        _guard("dedup add", run)

    def evict(self, before: datetime) -> int:
        return int(_guard("dedup evict", lambda: self._r.zremrangebyscore(f"{self._p}dindex", "-inf",
                                                                         before.timestamp())))

    def size(self) -> int:
        return int(_guard("dedup size", lambda: self._r.zcard(f"{self._p}dindex")))


assert NUM_PERM * 4 < 512  # signatures are small strings for the script


# ARGV: prefix, article id; KEYS: the term index sets to look in. The article's story if it already has
# one ({1, story}), else the stories sharing a term with it ({0, story, story, ...}).
_STORY_LOOKUP = """
local p = ARGV[1]
local sid = redis.call('GET', p .. 'sart:' .. ARGV[2])
if sid then
  local raw = redis.call('GET', p .. 'story:' .. sid)
  if raw then return {1, raw} end
end
local out = {0}
if #KEYS == 0 then return out end
for _, id in ipairs(redis.call('SUNION', unpack(KEYS))) do
  local raw = redis.call('GET', p .. 'story:' .. id)
  if raw then out[#out + 1] = raw end
end
return out
"""

# ARGV: prefix, N, N article ids; KEYS: term index sets. Returns {story id per article ('' if none), members
# per term set, ids of the stories named (that exist), their JSON}.
_STORY_SNAPSHOT = """
local p = ARGV[1]
local n = tonumber(ARGV[2])
local want, order = {}, {}
local function named(id)
  if not want[id] then want[id] = true; order[#order + 1] = id end
end
local links = {}
for i = 1, n do
  local sid = redis.call('GET', p .. 'sart:' .. ARGV[2 + i])
  links[i] = sid or ''
  if sid then named(sid) end
end
local members = {}
for i = 1, #KEYS do
  local m = redis.call('SMEMBERS', KEYS[i])
  members[i] = m
  for _, id in ipairs(m) do named(id) end
end
local ids, raws = {}, {}
for _, id in ipairs(order) do
  local raw = redis.call('GET', p .. 'story:' .. id)
  if raw then ids[#ids + 1] = id; raws[#raws + 1] = raw end
end
return {links, members, ids, raws}
"""


class RedisStoryStore:
    """:class:`~monitor.analysis.stories.StoryStore` on Redis."""

    def __init__(self, client: redis.Redis, *, prefix: str = "monitor:", ttl: timedelta = timedelta(days=7)) -> None:
        self._r = client
        self._p = prefix
        self._ttl = int(ttl.total_seconds())
        self._indexed: dict[str, tuple[str, set[str]]] = {}
        self._lookup = client.register_script(_STORY_LOOKUP)
        self._snapshot = client.register_script(_STORY_SNAPSHOT)

    def story_or_candidates(self, article_id: str, terms: Sequence[str],
                            since: datetime) -> tuple[StoryState | None, list[StoryState]]:
        """:meth:`story_of` and, when that is None, :meth:`candidates`: one round trip."""
        raw = cast(list[Any], _guard("story lookup", lambda: self._lookup(
            keys=[f"{self._p}sterm:{t}" for t in terms], args=[self._p, article_id])))
        if int(raw[0]) == 1:
            return StoryState.from_json(raw[1]), []
        stories = [StoryState.from_json(r) for r in raw[1:]]
        return None, [s for s in stories if s.last_seen >= since]

    def candidates(self, terms: Sequence[str], since: datetime) -> list[StoryState]:
        if not terms:
            return []
        p = self._p

        def run() -> list[StoryState]:
            ids = cast(set[bytes], self._r.sunion([f"{p}sterm:{t}" for t in terms]))
            if not ids:
                return []
            raws = cast(list[bytes | None], self._r.mget([f"{p}story:{i.decode()}" for i in ids]))
            stories = [StoryState.from_json(r) for r in raws if r is not None]
            return [s for s in stories if s.last_seen >= since]

        return _guard("story candidates", run)

    def save(self, story: StoryState, article_id: str) -> None:
        self.save_many([(story, article_id)])

    def save_many(self, saves: Sequence[tuple[StoryState, str]]) -> None:
        """Save stories (each as it is now) and link their articles, in one MULTI round trip."""
        if not saves:
            return
        p, ttl = self._p, self._ttl
        pipe = self._r.pipeline(transaction=True)
        indexed: list[tuple[set[str], list[str]]] = []
        written: set[str] = set()
        for story, article_id in saves:
            if story.story_id not in written:  # a story saved twice in a batch: its last state, once
                written.add(story.story_id)
                pipe.set(f"{p}story:{story.story_id}", story.to_json(), ex=ttl)
            # Index only the terms this worker has not indexed for the story yet: a story that gains an
            # article mostly repeats its terms, and each indexed term costs an SADD and an EXPIRE.
            # Once per day (of story time) everything is re-indexed, refreshing the term keys' TTLs.
            day = story.last_seen.date().isoformat()
            seen_day, done = self._indexed.get(story.story_id, ("", set()))
            if seen_day != day:
                done = set()
                self._indexed[story.story_id] = (day, done)
            fresh = [t for t in story.terms if t not in done]
            for t in fresh:
                pipe.sadd(f"{p}sterm:{t}", story.story_id)
                pipe.expire(f"{p}sterm:{t}", ttl)
            indexed.append((done, fresh))
            done.update(fresh)  # a later save of the same story in this batch needs only its new terms
            pipe.set(f"{p}sart:{article_id}", story.story_id, ex=ttl)
        try:
            _guard("story save", pipe.execute)
        except StateError:
            for done, fresh in indexed:  # not written: index them again next time
                done.difference_update(fresh)
            raise
        if len(self._indexed) > 50_000:  # bounded: forgetting only means re-indexing (idempotent)
            self._indexed.clear()

    def snapshot(self, article_ids: Sequence[str], terms: Sequence[str]) -> StorySnapshot:
        """The story links of ``article_ids``, the index entries of ``terms`` and the stories they name:
        one round trip for a batch of articles (see :meth:`StoryGrouper.batched`)."""
        raw = cast(list[Any], _guard("story snapshot", lambda: self._snapshot(
            keys=[f"{self._p}sterm:{t}" for t in terms], args=[self._p, len(article_ids), *article_ids])))
        links_raw, members, ids, stories = raw
        links = {a: sid.decode() for a, sid in zip(article_ids, links_raw, strict=True) if sid}
        index = {t: {m.decode() for m in ms} for t, ms in zip(terms, members, strict=True)}
        found = {i.decode(): StoryState.from_json(r) for i, r in zip(ids, stories, strict=True)}
        return StorySnapshot(links, index, found)

    def story_of(self, article_id: str) -> StoryState | None:
        def run() -> StoryState | None:
            sid = self._r.get(f"{self._p}sart:{article_id}")
            if sid is None:
                return None
            raw = self._r.get(f"{self._p}story:{cast(bytes, sid).decode()}")
            return StoryState.from_json(cast(bytes, raw)) if raw is not None else None

        return _guard("story lookup", run)

    def evict(self, before: datetime) -> int:
        return 0  # keys expire on their own


_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


class RedisDeliveredStore:
    """Delivery claims and marks in Redis (async client): at most once per (sink, alert id)."""

    def __init__(self, client: Any, *, prefix: str = "monitor:", keep: timedelta = timedelta(days=30)) -> None:
        self._r = client  # redis.asyncio.Redis
        self._p = prefix
        self._keep = int(keep.total_seconds())

    def _key(self, sink: str, alert_id: str) -> str:
        return f"{self._p}delivered:{sink}:{alert_id}"

    async def claim(self, sink: str, alert_id: str, lease_s: float) -> bool:
        try:
            return bool(await self._r.set(self._key(sink, alert_id), "lease", nx=True, ex=max(1, int(lease_s))))
        except redis.RedisError as exc:
            raise StateError(f"redis claim: {exc}") from exc

    async def release(self, sink: str, alert_id: str) -> None:
        try:
            await self._r.eval(_RELEASE, 1, self._key(sink, alert_id), "lease")
        except redis.RedisError as exc:
            raise StateError(f"redis release: {exc}") from exc

    async def mark_delivered(self, sink: str, alert_id: str) -> None:
        try:
            await self._r.set(self._key(sink, alert_id), "done", ex=self._keep)
        except redis.RedisError as exc:
            raise StateError(f"redis mark: {exc}") from exc

    async def is_delivered(self, sink: str, alert_id: str) -> bool:
        try:
            return bool(await self._r.get(self._key(sink, alert_id)) == b"done")
        except redis.RedisError as exc:
            raise StateError(f"redis get: {exc}") from exc
