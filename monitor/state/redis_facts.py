"""Known facts in Redis, shared by every worker.

Observing runs as one Lua script: Redis runs it atomically, so two workers that
see the same fact at the same moment cannot both decide it is new.
``observe_many`` does it for all of an article's facts (and reads each new
figure's history for its actor) in one script: one round trip per article
instead of two or three per fact; ``observe`` is the same script for one fact.
Layout
(``P`` is the configured key prefix)::

    P facts:<fact key>      hash  meta:<fact id> -> "<last_seen ts>|<targets csv or ->\\t<first_seen ts>"
                                                    "\\t<keys' TTL refreshed at, s>\\t<sources>\\t<first article>"
                                                    ["\\t<a figure's qualifier>"]
    P src:<fact id>         list  source JSON, at most MAX_SOURCES
    P src:<fact id>:ids     set   article ids already counted as sources
    P figs:<actor>          zset  "<fact key>\\t<fact id>" scored by first_seen

A fact's key (kind, actor, value or action type and actors), its meta field and
the sighting's candidate say all there is to know about it, so no record is
stored or sent: most sightings are repeats, and a record for each (written,
sent, parsed) cost Redis and the workers more than the rest of the fact step.
Facts stored by earlier versions (meta "<last_seen ts>|<targets>" alone, and a
``rec:<fact id>`` field with the record's JSON) are read as they were.

Every key expires after the window (refreshed on each sighting), so Redis
memory is bounded without a sweeper.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import orjson
import redis

from monitor.analysis.novelty import MAX_SOURCES, FactRecord, Observed, Sighting, figure_value
from monitor.errors import StateError
from monitor.models import SourceRef

# Observe N sightings in order (each sees the ones before it), atomically.
# KEYS: per sighting, its facts hash and its actor's figures zset (or '').
# ARGV: window, max sources, ttl, sources prefix, facts prefix, N, all sources ('1' or '0'), then a JSON
#       array with per sighting an array of: fact id, targets csv, at, source JSON, article id, zset
#       member, history since (or ''), first seen, first article, qualifier (or ''); then the seconds between
#       TTL refreshes.
#       (One argument instead of nine per sighting: packing arguments one by one costs the client more.)
# A repeat's keys get their TTL again only when the last refresh (kept in the meta field, with the
# number of sources, so that neither takes a command to know) is that old.
# Returns per sighting {is_new, record JSON or '', sources, last seen, history, fact id, targets csv,
# first seen, first article, qualifier}: the caller knows the fact from its candidate and these. Unless all
# sources are asked for, sources and history come only for a fact that may alert (new, or first
# reported by this article), else empty. History items are {fact key, fact id, meta}, or a record
# JSON. A fact stored before the meta field carried its first sighting (meta "<last>|<targets>" and a
# rec: field) comes back as {is_new, record JSON, sources, last seen, history}, as it always did.
_OBSERVE_MANY = """
local window = tonumber(ARGV[1])
local max_sources = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local src = ARGV[4]
local facts = ARGV[5]
local n = tonumber(ARGV[6])
local all_sources = ARGV[7] == '1'
local refresh_every = tonumber(ARGV[9])
local now = tonumber(redis.call('TIME')[1])
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
  if a == b then return true end
  for t in string.gmatch(a, '[^,]+') do
    for u in string.gmatch(b, '[^,]+') do
      if t == u then return true end
    end
  end
  return false
end
local function tail(qual)
  if qual == '' then return '' end
  return '\\t' .. qual
end
local function history(figs, since)
  local out = {}
  if figs == '' or since == '' then return out end
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', figs, since, '+inf')) do
    local key, fid = string.match(member, '^([^\\t]*)\\t(.*)$')
    local found = redis.call('HMGET', facts .. key, 'meta:' .. fid, 'rec:' .. fid)
    if found[2] then out[#out + 1] = found[2]
    elseif found[1] then out[#out + 1] = {key, fid, found[1]} end
  end
  return out
end
local function observe(hash, figs, fid, targets, at_s, source, article, member, first_s, first_a, qual)
  local at = tonumber(at_s)
  local fields = redis.call('HGETALL', hash)
  -- The known same fact: of those in the window whose targets overlap, the first seen (then the smallest
  -- id), as in every store. Facts stored before the meta field carried the first sighting count as the
  -- earliest (they are older than any fact stored since).
  local best_f, kid, best_first, last_s, ktargets, rest = nil, nil, nil, nil, nil, nil
  for i = 1, #fields, 2 do
    local f = fields[i]
    if string.byte(f, 1) == 109 and string.sub(f, 1, 5) == 'meta:' then  -- 109: 'm'
      local f_last, f_targets, f_rest = string.match(fields[i + 1], '^([^|]*)|([^\\t]*)(.*)$')
      local last = tonumber(f_last)
      if at - last > window and last < at then
        redis.call('HDEL', hash, f, 'rec:' .. string.sub(f, 6))
      elseif overlap(f_targets, targets) then
        local first = tonumber(string.match(f_rest, '^\\t([^\\t]*)')) or -math.huge
        local f_kid = string.sub(f, 6)
        if not best_f or first < best_first or (first == best_first and f_kid < kid) then
          best_f, kid, best_first, last_s, ktargets, rest = f, f_kid, first, f_last, f_targets, f_rest
        end
      end
    end
  end
  if not best_f then
    redis.call('HSET', hash, 'meta:' .. fid,
               at_s .. '|' .. targets .. '\\t' .. first_s .. '\\t' .. now .. '\\t1\\t' .. first_a .. tail(qual))
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
    return {1, '', {source}, at_s, true, fid, targets, first_s, first_a, qual}
  end
  local skey = src .. kid
  local known_s, refreshed, count, known_a = string.match(rest, '^\\t([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)\\t(.*)$')
  if not known_s then  -- stored by an earlier version: as it was then
    -- Times go back as the text they came in: Lua's tostring keeps 14 digits, not the microseconds.
    if at > tonumber(last_s) then
      redis.call('HSET', hash, best_f, at_s .. '|' .. ktargets)
      last_s = at_s
    end
    if redis.call('SADD', skey .. ':ids', article) == 1 and redis.call('LLEN', skey) < max_sources then
      redis.call('RPUSH', skey, source)
    end
    touch(hash)
    touch(skey)
    touch(skey .. ':ids')
    local known = redis.call('HGET', hash, 'rec:' .. kid)
    if all_sources or cjson.decode(known).first_article == article then
      return {0, known, redis.call('LRANGE', skey, 0, -1), last_s, true}
    end
    return {0, known, {}, last_s, false}
  end
  -- A figure's qualifier follows its first article (facts stored before it was kept have none).
  local kq = ''
  local a_only, q_only = string.match(known_a, '^([^\\t]*)\\t(.*)$')
  if a_only then known_a, kq = a_only, q_only end
  -- The fact's keys get their TTL again once they are due (see refresh_every), not on every sighting.
  refreshed, count = tonumber(refreshed), tonumber(count)
  local stale = now - refreshed >= refresh_every
  local changed = stale
  if at > tonumber(last_s) then
    last_s = at_s
    changed = true
  end
  if redis.call('SADD', skey .. ':ids', article) == 1 and count < max_sources then
    redis.call('RPUSH', skey, source)
    count = count + 1
    changed = true
  end
  if stale then
    refreshed = now
    touch(hash)
    touch(skey)
    touch(skey .. ':ids')
  end
  if changed then
    redis.call('HSET', hash, best_f, last_s .. '|' .. ktargets .. '\\t' .. known_s .. '\\t' .. refreshed .. '\\t'
               .. count .. '\\t' .. known_a .. tail(kq))
  end
  -- A repeat alerts only when this article first reported it (a re-delivery); only then does
  -- the caller need its sources and history.
  if all_sources or known_a == article then
    return {0, '', redis.call('LRANGE', skey, 0, -1), last_s, true, kid, ktargets, known_s, known_a, kq}
  end
  return {0, '', {}, last_s, false, kid, ktargets, known_s, known_a, kq}
end
local items = cjson.decode(ARGV[8])
local out = {}
for i = 1, n do
  local s = items[i]
  local figs = KEYS[i * 2]
  local r = observe(KEYS[i * 2 - 1], figs, s[1], s[2], s[3], s[4], s[5], s[6], s[8], s[9], s[10] or '')
  -- Read after the observation, the history also holds this figure's own fact (same value),
  -- which the caller drops as it does any figure of the same value.
  if r[5] then r[5] = history(figs, s[7]) else r[5] = {} end
  out[i] = r
end
return out
"""


def _targets_csv(targets: tuple[str, ...] | None) -> str:
    return "-" if targets is None else ",".join(sorted(targets))


def _targets_of(csv: str) -> tuple[str, ...] | None:
    return None if csv == "-" else tuple(csv.split(",")) if csv else ()


def _time(ts: bytes) -> datetime:
    return datetime.fromtimestamp(float(ts), tz=UTC)


def _history_record(item: bytes | list[bytes], actor: str | None) -> FactRecord:
    """A troop figure from an actor's history: a record JSON (stored by an earlier version) or
    ``[fact key, fact id, meta]``."""
    if isinstance(item, bytes):
        return FactRecord.from_dict(json.loads(item))
    key, fid, meta = (x.decode() for x in item)
    head, first_s, _, _, first_a, *qual = meta.split("\t")
    return FactRecord(fid, "troop_figure", key, None, _time(first_s.encode()),
                      _time(head.split("|", 1)[0].encode()), first_a, actor, figure_value(key),
                      qualifier=qual[0] if qual else None)


class RedisFactStore:
    """:class:`~monitor.analysis.novelty.FactStore` on Redis (sync client; run it off the event loop)."""

    def __init__(self, client: redis.Redis, *, prefix: str = "monitor:", ttl: timedelta = timedelta(days=15)) -> None:
        self._r = client
        self._prefix = prefix
        self._ttl = max(1, int(ttl.total_seconds()))
        self._observe_many = client.register_script(_OBSERVE_MANY)

    @staticmethod
    def _refresh_every(ttl: int, window: timedelta) -> int:
        """Seconds between TTL refreshes of a fact's keys. Refreshed at most this long ago, a key still
        outlives the window after the fact's last sighting (the TTL exceeds the window by at least an
        hour): one refresh an hour instead of three EXPIREs per sighting."""
        return max(0, min(3600, (ttl - int(window.total_seconds())) // 2))

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
        per_source: dict[int, str] = {}  # an article's facts share its source: encode it once
        for s in sightings:
            c = s.candidate
            keys += [f"{p}facts:{c.key}", f"{p}figs:{c.actor}" if c.kind == "troop_figure" and c.actor else ""]
            source = per_source.get(id(s.source))
            if source is None:
                source = per_source[id(s.source)] = json.dumps(s.source.to_dict())
            at = repr(c.last_seen.timestamp())
            items.append([c.fact_id, _targets_csv(c.targets), at, source, s.source.article_id, f"{c.key}\t{c.fact_id}",
                          repr(s.history_since.timestamp()) if s.history_since is not None else "",
                          at if c.first_seen is c.last_seen else repr(c.first_seen.timestamp()), c.first_article,
                          c.qualifier or ""])
        args += [orjson.dumps(items), self._refresh_every(ttl, window)]
        try:
            raw = cast(list[list[Any]], self._observe_many(keys=keys, args=args))
        except redis.RedisError as exc:
            raise StateError(f"redis fact store: {exc}") from exc
        # A batch sees one source in many facts: each text is parsed once.
        refs: dict[bytes, SourceRef] = {}

        def ref(text: bytes) -> SourceRef:
            found = refs.get(text)
            if found is None:
                found = refs[text] = SourceRef.from_dict(json.loads(text))
            return found

        out = []
        for s, row in zip(sightings, raw, strict=True):
            is_new, rec_json, sources, last, history = row[:5]
            c = s.candidate
            if rec_json:  # stored by an earlier version
                record = FactRecord.from_dict(json.loads(rec_json))
                record.last_seen = _time(last)
            else:
                kid, ktargets, first_s, first_a = row[5:9]
                qual = row[9].decode() if len(row) > 9 else ""
                record = FactRecord(kid.decode(), c.kind, c.key, _targets_of(ktargets.decode()), _time(first_s),
                                    _time(last), first_a.decode(), c.actor, c.value, qualifier=qual or None)
            record.sources = [ref(x) for x in sources]
            out.append(Observed(record, bool(is_new), [_history_record(h, c.actor) for h in history]))
        return out

    def figures_for(self, actor: str, since: datetime) -> list[FactRecord]:
        p = self._prefix
        try:
            members = cast(list[bytes], self._r.zrangebyscore(f"{p}figs:{actor}", since.timestamp(), "+inf"))
            pipe = self._r.pipeline(transaction=False)
            for member in members:
                key, fid = member.split(b"\t", 1)
                pipe.hmget(b"%sfacts:%s" % (p.encode(), key), b"meta:" + fid, b"rec:" + fid)
            found = cast(list[list[bytes | None]], pipe.execute())
        except redis.RedisError as exc:
            raise StateError(f"redis fact store: {exc}") from exc
        out = []
        for member, (meta, rec) in zip(members, found, strict=True):
            if rec is not None:
                out.append(_history_record(rec, actor))
            elif meta is not None:
                out.append(_history_record([*member.split(b"\t", 1), meta], actor))
        return out

    def evict(self, before: datetime) -> int:
        # Keys expire on their own (TTL refreshed on every sighting); nothing to sweep.
        return 0


