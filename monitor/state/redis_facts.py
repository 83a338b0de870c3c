"""Known facts in Redis, shared by every worker.

``observe`` is one Lua script: Redis runs it atomically, so two workers that
see the same fact at the same moment cannot both decide it is new. Layout
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
from datetime import datetime, timedelta
from typing import Any, cast

import redis

from monitor.analysis.novelty import MAX_SOURCES, FactRecord
from monitor.errors import StateError
from monitor.models import SourceRef, parse_time

_OBSERVE = """
local at = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local ttl = tonumber(ARGV[8])
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
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local f = fields[i]
  if string.sub(f, 1, 5) == 'meta:' then
    local fid = string.sub(f, 6)
    local last, targets = string.match(fields[i + 1], '^([^|]*)|(.*)$')
    last = tonumber(last)
    if at - last > window and last < at then
      redis.call('HDEL', KEYS[1], f, 'rec:' .. fid)
    elseif overlap(targets, ARGV[2]) then
      if at > last then
        redis.call('HSET', KEYS[1], f, ARGV[3] .. '|' .. targets)
        last = at
      end
      local skey = ARGV[9] .. fid
      if redis.call('SADD', skey .. ':ids', ARGV[10]) == 1 and redis.call('LLEN', skey) < tonumber(ARGV[7]) then
        redis.call('RPUSH', skey, ARGV[6])
      end
      redis.call('EXPIRE', KEYS[1], ttl)
      redis.call('EXPIRE', skey, ttl)
      redis.call('EXPIRE', skey .. ':ids', ttl)
      return {0, redis.call('HGET', KEYS[1], 'rec:' .. fid), redis.call('LRANGE', skey, 0, -1), tostring(last)}
    end
  end
end
redis.call('HSET', KEYS[1], 'meta:' .. ARGV[1], ARGV[3] .. '|' .. ARGV[2], 'rec:' .. ARGV[1], ARGV[5])
redis.call('EXPIRE', KEYS[1], ttl)
local skey = ARGV[9] .. ARGV[1]
redis.call('RPUSH', skey, ARGV[6])
redis.call('SADD', skey .. ':ids', ARGV[10])
redis.call('EXPIRE', skey, ttl)
redis.call('EXPIRE', skey .. ':ids', ttl)
if KEYS[2] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[11])
  redis.call('EXPIRE', KEYS[2], ttl)
end
return {1, ARGV[5], {ARGV[6]}, ARGV[3]}
"""


def _targets_csv(targets: tuple[str, ...] | None) -> str:
    return "-" if targets is None else ",".join(sorted(targets))


class RedisFactStore:
    """:class:`~monitor.analysis.novelty.FactStore` on Redis (sync client; run it off the event loop)."""

    def __init__(self, client: redis.Redis, *, prefix: str = "monitor:", ttl: timedelta = timedelta(days=15)) -> None:
        self._r = client
        self._prefix = prefix
        self._ttl = max(1, int(ttl.total_seconds()))
        self._observe = client.register_script(_OBSERVE)

    def observe(self, candidate: FactRecord, source: SourceRef, window: timedelta) -> tuple[FactRecord, bool]:
        p = self._prefix
        figs_key = f"{p}figs:{candidate.actor}" if candidate.kind == "troop_figure" and candidate.actor else ""
        try:
            raw = cast(list[Any], self._observe(
                keys=[f"{p}facts:{candidate.key}", figs_key],
                args=[
                    candidate.fact_id,
                    _targets_csv(candidate.targets),
                    repr(candidate.last_seen.timestamp()),
                    repr(window.total_seconds()),
                    json.dumps(candidate.to_dict()),
                    json.dumps(source.to_dict()),
                    MAX_SOURCES,
                    max(self._ttl, int(window.total_seconds()) + 3600),
                    f"{p}src:",
                    source.article_id,
                    f"{candidate.key}\t{candidate.fact_id}",
                ],
            ))
        except redis.RedisError as exc:
            raise StateError(f"redis fact store: {exc}") from exc
        is_new, rec_json, sources, last = int(raw[0]), raw[1], raw[2], raw[3]
        record = FactRecord.from_dict(json.loads(rec_json))
        record.sources = [_source(json.loads(s)) for s in sources]
        record.last_seen = datetime.fromtimestamp(float(last), tz=record.first_seen.tzinfo)
        return record, bool(is_new)

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


def _source(data: dict[str, Any]) -> SourceRef:
    return SourceRef(data["article_id"], data.get("url"), data.get("source"), parse_time(data.get("published")))
