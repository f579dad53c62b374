"""Print Heron's OpenAPI document. Settings are pinned so the output never depends on a .env
file or on the caller's HERON_* variables, and nothing touches a database or the network."""

import json

from heron.config import Settings
from heron.main import create_app

settings = Settings(_env_file=None, env="test", database_url="sqlite+aiosqlite://")  # type: ignore[call-arg]
print(json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True))
