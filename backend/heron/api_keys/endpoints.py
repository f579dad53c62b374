"""(being written)"""

from __future__ import annotations

from heron.kit.routing import domain_router

router = domain_router("/api-keys", "api-keys")
