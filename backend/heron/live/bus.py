"""The live bus: messages published by jobs (and later by requests) reach every stream that
listens for the organization, in this process or, through Redis pub/sub, in any process.

- In memory (no Redis): a message published by a job running in a consumer thread is handed to
  each subscriber's event loop with ``call_soon_threadsafe``; only streams of this process see it.
- With ``HERON_REDIS_URL``: ``publish`` sends to the Redis channel ``heron:live:<org id>``; each
  process that has subscribers runs one listener (pattern ``heron:live:*``) that hands messages
  to its local subscribers. A worker process on another machine reaches a stream held by any API
  process.

Messages are JSON objects with at least ``type`` and ``org_id``. The bus is best effort: a
subscriber whose queue is full loses its oldest messages, and a stream re-reads the record it
follows from the database now and then, so a lost message costs latency, not correctness.
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import structlog

log = structlog.get_logger(__name__)

CHANNEL_PREFIX = "heron:live:"
QUEUE_SIZE = 256
# Last message per subject key (e.g. a job id), for a stream that connects after it was sent.
LATEST_SIZE = 2048

Message = dict[str, Any]


class Subscription:
    """One listener's queue of the messages of one organization, filled from any thread."""

    def __init__(self, org_id: uuid.UUID, loop: asyncio.AbstractEventLoop) -> None:
        self.org_id = org_id
        self.loop = loop
        self.queue: asyncio.Queue[Message] = asyncio.Queue(QUEUE_SIZE)

    def _put(self, message: Message) -> None:
        if self.queue.full():  # a slow reader loses the oldest, never blocks the publisher
            self.queue.get_nowait()
        self.queue.put_nowait(message)

    def deliver(self, message: Message) -> None:
        """Hand ``message`` to the subscriber's loop (safe from any thread)."""
        with suppress(RuntimeError):  # the subscriber's loop has closed
            self.loop.call_soon_threadsafe(self._put, message)

    async def next(self, seconds: float) -> Message | None:
        """The next message, or None after ``seconds`` without one."""
        try:
            return await asyncio.wait_for(self.queue.get(), seconds)
        except TimeoutError:
            return None


class LiveBus:
    """The subscribers of this process, and the way messages reach them."""

    def __init__(self, redis_url: str | None = None) -> None:
        self.redis_url = redis_url
        self._lock = threading.Lock()
        self._subscribers: dict[uuid.UUID, set[Subscription]] = {}
        self._latest: OrderedDict[str, Message] = OrderedDict()
        self._listener: asyncio.Task[None] | None = None
        self._listener_loop: asyncio.AbstractEventLoop | None = None
        self._redis: Any = None

    # Publishing (any thread, any loop)

    def publish(self, message: Message) -> None:
        """Send ``message`` (JSON-ready, with ``org_id``) to every subscriber of its
        organization, in every process when Redis is configured."""
        if self.redis_url:
            try:
                self._sync_redis().publish(
                    CHANNEL_PREFIX + str(message["org_id"]), json.dumps(message)
                )
                return
            except Exception:  # Redis away: this process's streams still get it
                log.warning("live_publish_failed", exc_info=True)
        self.dispatch(message)

    def _sync_redis(self) -> Any:
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(self.redis_url or "", socket_timeout=5)
        return self._redis

    def dispatch(self, message: Message) -> None:
        """Hand ``message`` to this process's subscribers of its organization."""
        key = message.get("key")
        with self._lock:
            if isinstance(key, str):
                self._latest[key] = message
                self._latest.move_to_end(key)
                while len(self._latest) > LATEST_SIZE:
                    self._latest.popitem(last=False)
            try:
                org_id = uuid.UUID(str(message["org_id"]))
            except (KeyError, ValueError):
                return
            targets = list(self._subscribers.get(org_id, ()))
        for subscription in targets:
            subscription.deliver(message)

    def latest(self, key: str) -> Message | None:
        """The last message this process saw for ``key`` (a job id), if any."""
        with self._lock:
            return self._latest.get(key)

    # Subscribing (in an event loop)

    @asynccontextmanager
    async def subscribe(self, org_id: uuid.UUID) -> AsyncIterator[Subscription]:
        """Receive the organization's messages for the duration of the block."""
        subscription = Subscription(org_id, asyncio.get_running_loop())
        with self._lock:
            self._subscribers.setdefault(org_id, set()).add(subscription)
        try:
            if self.redis_url:
                await self._ensure_listener()
            yield subscription
        finally:
            with self._lock:
                subscribers = self._subscribers.get(org_id)
                if subscribers is not None:
                    subscribers.discard(subscription)
                    if not subscribers:
                        del self._subscribers[org_id]

    async def _ensure_listener(self) -> None:
        loop = asyncio.get_running_loop()
        if self._listener is not None and not self._listener.done() and self._listener_loop is loop:
            return
        ready = asyncio.Event()
        self._listener_loop = loop
        self._listener = loop.create_task(self._listen(ready))
        try:
            await asyncio.wait_for(ready.wait(), 5)
        except TimeoutError:
            log.warning("live_listener_slow_to_start")

    async def stop_listening(self) -> None:
        """Stop this loop's Redis listener (the app's shutdown); the next subscriber restarts it."""
        listener = self._listener
        if listener is None or self._listener_loop is not asyncio.get_running_loop():
            return
        self._listener = None
        listener.cancel()
        with suppress(asyncio.CancelledError):
            await listener

    async def _listen(self, ready: asyncio.Event) -> None:
        """Relay the Redis channels to this process's subscribers, reconnecting after errors."""
        import redis.asyncio as aioredis

        while True:
            client = aioredis.Redis.from_url(self.redis_url or "")
            try:
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                ready.set()
                while True:
                    item = await pubsub.get_message(timeout=30)
                    if item is None or item.get("type") != "pmessage":
                        continue
                    try:
                        self.dispatch(json.loads(item["data"]))
                    except (ValueError, TypeError):
                        log.warning("live_message_unreadable")
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("live_listener_reconnecting", exc_info=True)
                await asyncio.sleep(1)
            finally:
                await client.aclose()  # type: ignore[attr-defined]


_buses: dict[str | None, LiveBus] = {}
_buses_lock = threading.Lock()


def bus_for(redis_url: str | None) -> LiveBus:
    """The process's bus for ``redis_url`` (one per process: the API's streams and the jobs
    running in its consumer threads must share it)."""
    with _buses_lock:
        bus = _buses.get(redis_url)
        if bus is None:
            bus = _buses[redis_url] = LiveBus(redis_url)
        return bus
