from __future__ import annotations

import pytest

from heron.roles.matrix import Role, can_grant


class TestCanGrant:
    @pytest.mark.parametrize(
        "granter, role, allowed",
        [
            ("owner", "owner", True),
            ("admin", "owner", False),
            ("admin", "admin", True),
            ("manager", "sales", True),
            ("manager", "admin", False),
            ("sales", "sales", True),
            ("sales", "support", False),  # same rank, another role: not a promotion sideways
            ("support", "sales", False),
            ("support", "viewer", True),
            ("viewer", "viewer", True),
            ("viewer", "sales", False),
        ],
    )
    def test_own_role_and_lower_ranks_only(self, granter: str, role: str, allowed: bool) -> None:
        assert can_grant(granter, role) is allowed

    def test_every_role_may_grant_itself(self) -> None:
        assert all(can_grant(r.value, r.value) for r in Role)
