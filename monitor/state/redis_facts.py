"""Known facts in Redis, shared by every worker.

Observing runs as one Lua script: Redis runs it atomically, so two workers that
see the same fact at the same moment cannot both decide it is new.
``observe_many`` does it for all of an article's facts (and reads each new
figure's history for its actor) in one script: one round trip per article
instead of two or three per fact; ``observe`` is the same script for one fact.
Layout
(``P`` is the configured key prefix)::

    P facts:<fact key>      hash  meta:<fact id> -> "<last_seen ts>|<targets csv or ->"
                                  rec:<fact id>  -> record JSON (as first seen)
    P src:<fact id>         list  source JSON, at most MAX_SOURCES
    P src:<fact id>:ids     set   article ids already counted as sources
    P figs:<actor>          zset  "<fact key>\\t<fact id>" scored by first_seen

Every key expires after the window (refreshed on each sighting), so Redis
memory is bounded without a sweeper.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

import redis

from monitor.analysis.novelty import MAX_SOURCES, FactRecord, Observed, Sighting
from monitor.errors import StateError
from monitor.models import SourceRef

# Observe N sightings in order (each sees the ones before it), atomically.
# KEYS: per sighting, its facts hash and its actor's figures zset (or '').
# ARGV: window, max sources, ttl, sources prefix, facts prefix, N, all sources ('1' or '0'), then a JSON
#       array with per sighting an array of: fact id, targets csv, at, record JSON, source JSON, article
#       id, zset member, history since (or ''), the record's first-article JSON field for this article.
#       (One argument instead of nine per sighting: packing arguments one by one costs the client more.)
# Returns per sighting {is_new, record JSON, sources, last seen, history}; unless all sources are
# asked for, sources and history only for a fact that may alert (new, or first reported by this
# article), else empty.
_OBSERVE_MANY = """
local window = tonumber(ARGV[1])
local max_sources = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local src = ARGV[4]
local facts = ARGV[5]
local n = tonumber(ARGV[6])
local all_sources = ARGV[7] == '1'
-- A script runs at one instant, so refreshing a key's TTL twice in it changes nothing: once per key.
local touched = {}
local function touch(key)
  if not touched[key] then
    redis.call('EXPIRE', key, ttl)
    touched[key] = true
  end
end
local function overlap(a, b)
  if a == '-' or b == '-' then return a == b end
  if a == '' and b == '' then return true end
  for t in string.gmatch(a, '[^,]+') do
    for u in string.gmatch(b, '[^,]+') do
      if t == u then return true end
    end
  end
  return false
end
local function history(figs, since)
  local out = {}
  if figs == '' or since == '' then return out end
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', figs, since, '+inf')) do
    local key, fid = string.match(member, '^([^\t]*)\t(.*)$')
    local rec = redis.call('HGET', facts .. key, 'rec:' .. fid)
    if rec then out[#out + 1] = rec end
  end
  return out
end
local function observe(hash, figs, fid, targets, at_s, rec, source, article, member, needle)
  local at = tonumber(at_s)
  local fields = redis.call('HGETALL', hash)
  for i = 1, #fields, 2 do
    local f = fields[i]
    if string.sub(f, 1, 5) == 'meta:' then
      local kid = string.sub(f, 6)
      local last, ktargets = string.match(fields[i + 1], '^([^|]*)|(.*)$')
      last = tonumber(last)
      if at - last > window and last < at then
        redis.call('HDEL', hash, f, 'rec:' .. kid)
      elseif overlap(ktargets, targets) then
        if at > last then
          redis.call('HSET', hash, f, at_s .. '|' .. ktargets)
          last = at
        end
        local skey = src .. kid
        if redis.call('SADD', skey .. ':ids', article) == 1 and redis.call('LLEN', skey) < max_sources then
          redis.call('RPUSH', skey, source)
        end
        touch(hash)
        touch(skey)
        touch(skey .. ':ids')
        -- The record came with the hash: no need to ask for it again.
        local rkey, known = 'rec:' .. kid, nil
        for j = 1, #fields, 2 do
          if fields[j] == rkey then known = fields[j + 1] break end
        end
        -- A repeat alerts only when this article first reported it (a re-delivery); only then does
        -- the caller need its sources and history. Records are written by this code, so the
        -- first article's JSON field can be matched as text.
        if all_sources or string.find(known, needle, 1, true) then
          return {0, known, redis.call('LRANGE', skey, 0, -1), tostring(last), true}
        end
        return {0, known, {}, tostring(last), false}
      end
    end
  end
  redis.call('HSET', hash, 'meta:' .. fid, at_s .. '|' .. targets, 'rec:' .. fid, rec)
  touch(hash)
  local skey = src .. fid
  redis.call('RPUSH', skey, source)
  redis.call('SADD', skey .. ':ids', article)
  touch(skey)
  touch(skey .. ':ids')
  if figs ~= '' then
    redis.call('ZADD', figs, at_s, member)
    touch(figs)
  end
  return {1, rec, {source}, at_s, true}
end
local items = cjson.decode(ARGV[8])
local out = {}
for i = 1, n do
  local s = items[i]
  local figs = KEYS[i * 2]
  local r = observe(KEYS[i * 2 - 1], figs, s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[9])
  -- Read after the observation, the history also holds this figure's own fact (same value),
  -- which the caller drops as it does any figure of the same value.
  if r[5] then r[5] = history(figs, s[8]) else r[5] = {} end
  out[i] = r
end
return out
"""


def _targets_csv(targets: tuple[str, ...] | None) -> str:
    return "-" if targets is None else ",".join(sorted(targets))


class RedisFactStore:
    """:class:`~monitor.analysis.novelty.FactStore` on Redis (sync client; run it off the event loop)."""

    def __init__(self, client: redis.Redis, *, prefix: str = "monitor:", ttl: timedelta = timedelta(days=15)) -> None:
        self._r = client
        self._prefix = prefix
        self._ttl = max(1, int(ttl.total_seconds()))
        self._observe_many = client.register_script(_OBSERVE_MANY)

    def observe_many(self, sightings: Sequence[Sighting], window: timedelta) -> list[Observed]:
        """All of an article's facts in one atomic script (see :func:`~monitor.analysis.novelty.observe_all`)."""
        return self._observe_all(sightings, window, all_sources=False)

    def observe(self, candidate: FactRecord, source: SourceRef, window: timedelta) -> tuple[FactRecord, bool]:
        seen = self._observe_all([Sighting(candidate, source)], window, all_sources=True)[0]
        return seen.record, seen.is_new

    def _observe_all(self, sightings: Sequence[Sighting], window: timedelta, *, all_sources: bool) -> list[Observed]:
        if not sightings:
            return []
        p = self._prefix
        keys: list[str] = []
        ttl = max(self._ttl, int(window.total_seconds()) + 3600)
        args: list[Any] = [repr(window.total_seconds()), MAX_SOURCES, ttl, f"{p}src:", f"{p}facts:", len(sightings),
                           "1" if all_sources else "0"]
        items: list[list[str]] = []
        per_source: dict[int, tuple[str, str]] = {}  # an article's facts share its source: encode it once
        for s in sightings:
            c = s.candidate
            keys += [f"{p}facts:{c.key}", f"{p}figs:{c.actor}" if c.kind == "troop_figure" and c.actor else ""]
            source = per_source.get(id(s.source))
            if source is None:
                source = per_source[id(s.source)] = (json.dumps(s.source.to_dict()),
                                                     '"first_article": ' + json.dumps(s.source.article_id))
            items.append([c.fact_id, _targets_csv(c.targets), repr(c.last_seen.timestamp()), json.dumps(c.to_dict()),
                          source[0], s.source.article_id, f"{c.key}\t{c.fact_id}",
                          repr(s.history_since.timestamp()) if s.history_since is not None else "", source[1]])
        args.append(json.dumps(items, ensure_ascii=False))
        try:
            raw = cast(list[list[Any]], self._observe_many(keys=keys, args=args))
        except redis.RedisError as exc:
            raise StateError(f"redis fact store: {exc}") from exc
        # A batch sees one fact in many articles and one source in many facts: each text is parsed once.
        parsed: dict[bytes, Any] = {}
        refs: dict[bytes, SourceRef] = {}

        def load(text: bytes) -> Any:
            data = parsed.get(text)
            if data is None:
                data = parsed[text] = json.loads(text)
            return data

        def ref(text: bytes) -> SourceRef:
            found = refs.get(text)
            if found is None:
                found = refs[text] = SourceRef.from_dict(json.loads(text))
            return found

        out = []
        for is_new, rec_json, sources, last, history in raw:
            record = FactRecord.from_dict(load(rec_json))  # a record of its own (from_dict copies what it reads)
            record.sources = [ref(x) for x in sources]
            record.last_seen = datetime.fromtimestamp(float(last), tz=record.first_seen.tzinfo)
            out.append(Observed(record, bool(is_new), [FactRecord.from_dict(load(h)) for h in history]))
        return out

    def figures_for(self, actor: str, since: datetime) -> list[FactRecord]:
        p = self._prefix
        try:
            members = cast(list[bytes], self._r.zrangebyscore(f"{p}figs:{actor}", since.timestamp(), "+inf"))
            pipe = self._r.pipeline(transaction=False)
            for member in members:
                key, fid = member.decode().split("\t", 1)
                pipe.hget(f"{p}facts:{key}", f"rec:{fid}")
            recs = pipe.execute()
        except redis.RedisError as exc:
            raise StateError(f"redis fact store: {exc}") from exc
        return [FactRecord.from_dict(json.loads(r)) for r in recs if r is not None]

    def evict(self, before: datetime) -> int:
        # Keys expire on their own (TTL refreshed on every sighting); nothing to sweep.
        return 0


