"""Rate limits (the `limits` library): in memory by default, in Redis when configured so every
replica shares the same counters."""

from __future__ import annotations

import hashlib
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from heron.kit.errors import RateLimited


class RateLimiter:
    def __init__(self, redis_url: str | None = None) -> None:
        # redis-py (already a dependency) rather than limits' default async client, coredis.
        self.storage: Storage = (
            RedisStorage("async+" + redis_url, implementation="redispy")
            if redis_url
            else MemoryStorage()
        )
        self.limiter = MovingWindowRateLimiter(self.storage)

    async def hit(self, rule: str, bucket: str, key: str) -> None:
        """Count one attempt of ``key`` in ``bucket``; 429 with Retry-After past ``rule``."""
        item: RateLimitItem = parse(rule)
        ident = hashlib.sha256(key.encode()).hexdigest()[:32]  # no e-mail addresses in Redis keys
        if await self.limiter.hit(item, "heron", bucket, ident):
            return
        stats = await self.limiter.get_window_stats(item, "heron", bucket, ident)
        raise RateLimited(retry_after=max(1, math.ceil(stats.reset_time - time.time())))

    async def reset(self) -> None:
        await self.storage.reset()
