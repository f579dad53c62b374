"""How much each data set holds. The proportions follow a B2B sales team's CRM: about ten
contacts per company (a few huge accounts, most tiny), one lead for every five contacts, one
deal for every five contacts, a couple of logged activities per contact."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    contacts: int
    companies: int
    leads: int
    # Deals of the default pipeline: the board benchmark reads this one pipeline.
    board_deals: int
    # Deals of the three other pipelines.
    other_deals: int
    # Mean activities per contact and per deal (the spread is skewed: most have few).
    activities_per_contact: float = 1.5
    activities_per_deal: float = 0.5


SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size("tiny", contacts=1_000, companies=100, leads=200, board_deals=500, other_deals=300),
        Size("small", contacts=10_000, companies=1_000, leads=2_000, board_deals=10_000,
             other_deals=2_000),
        Size("medium", contacts=100_000, companies=10_000, leads=20_000, board_deals=10_000,
             other_deals=20_000),
        Size("large", contacts=1_000_000, companies=100_000, leads=200_000, board_deals=10_000,
             other_deals=190_000),
    )
}  # fmt: skip
