from __future__ import annotations

import uuid

import pytest

from heron.kit.errors import RateLimited
from heron.kit.ratelimit import RateLimiter

pytestmark = pytest.mark.anyio


class TestRateLimiter:
    async def test_refuses_past_the_limit_with_retry_after(self) -> None:
        limiter = RateLimiter()
        for _ in range(3):
            await limiter.hit("3/minute", "test", "someone")
        with pytest.raises(RateLimited) as refused:
            await limiter.hit("3/minute", "test", "someone")
        assert 1 <= refused.value.retry_after <= 60
        assert refused.value.headers["Retry-After"] == str(refused.value.retry_after)

    async def test_keys_and_buckets_count_separately(self) -> None:
        limiter = RateLimiter()
        await limiter.hit("1/minute", "test", "a")
        await limiter.hit("1/minute", "test", "b")
        await limiter.hit("1/minute", "other", "a")
        with pytest.raises(RateLimited):
            await limiter.hit("1/minute", "test", "a")


class TestSharedThroughRedis:
    async def test_two_replicas_share_one_budget(self, redis_url: str) -> None:
        """Two API processes with the same Redis count the same attempts."""
        first, second = RateLimiter(redis_url), RateLimiter(redis_url)
        key = f"shared-{uuid.uuid4()}"
        await first.hit("2/minute", "test", key)
        await second.hit("2/minute", "test", key)
        with pytest.raises(RateLimited):
            await first.hit("2/minute", "test", key)
        with pytest.raises(RateLimited):
            await second.hit("2/minute", "test", key)
