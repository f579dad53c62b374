# ruff: noqa: E501
# (Tables, one record a line: easier to read and compare than wrapped.)
"""What the demo organization sells and to whom: fixed tables, no randomness, so every demo looks
the same. Owners are the demo members' keys (see ``OWNERS`` in sales.py); companies and
contacts are named by their keys; days are counted from the day of seeding (negative: past)."""

from __future__ import annotations

from dataclasses import dataclass

# The demo members who own records, as keys (their e-mail addresses are in demo.py).
MEMBER_KEYS = ("owner", "manager", "sales", "sales2")

# Domains and addresses under the reserved .example top-level domain (RFC 2606): realistic to
# read, never anyone's real mailbox.


@dataclass(frozen=True)
class DemoCompany:
    key: str
    name: str
    domain: str
    industry: str
    city: str
    country: str
    employees: int
    owner: str
    tier: str
    renewal_in_days: int | None
    tags: tuple[str, ...] = ()


COMPANIES = (
    DemoCompany("northwind", "Northwind Trading", "northwind.example", "Wholesale", "Seattle",
                "US", 420, "sales", "gold", 45, ("VIP",)),
    DemoCompany("bluebird", "Bluebird Logistics", "bluebird-logistics.example", "Logistics",
                "Rotterdam", "NL", 1200, "manager", "silver", 120, ("Partner",)),
    DemoCompany("cedarpine", "Cedar & Pine Furniture", "cedarpine.example", "Manufacturing",
                "Portland", "US", 85, "sales2", "bronze", 20, ("Churn risk",)),
    DemoCompany("helios", "Helios Solar", "helios-solar.example", "Energy", "Lyon", "FR", 230,
                "sales", "silver", None),
    DemoCompany("juniper", "Juniper Health", "juniperhealth.example", "Healthcare", "Boston",
                "US", 3400, "owner", "gold", 200, ("VIP",)),
    DemoCompany("kestrel", "Kestrel Analytics", "kestrel.example", "Software", "Berlin", "DE",
                60, "sales2", "silver", 75, ("Partner",)),
    DemoCompany("marlow", "Marlow & Finch Legal", "marlowfinch.example", "Legal services",
                "London", "GB", 150, "manager", "bronze", None),
    DemoCompany("orchid", "Orchid Hospitality", "orchid-hotels.example", "Hospitality",
                "Barcelona", "ES", 900, "sales", "gold", 10, ("Churn risk", "VIP")),
)  # fmt: skip

TIERS = (
    ("gold", "Gold", "#f59e0b"),
    ("silver", "Silver", "#94a3b8"),
    ("bronze", "Bronze", "#b45309"),
)
TAGS = (("VIP", "#7c3aed"), ("Partner", "#0ea5e9"), ("Churn risk", "#ef4444"))


@dataclass(frozen=True)
class DemoContact:
    key: str
    first: str
    last: str
    company: str
    title: str
    phone: str
    tags: tuple[str, ...] = ()

    def email(self, domain: str) -> str:
        return f"{self.first.lower()}.{self.last.lower()}@{domain}"


# Owned by their company's owner, as an account's people usually are.
CONTACTS = (
    DemoContact("anna", "Anna", "Lindqvist", "northwind", "Head of Purchasing", "+1 206 555 0101", ("VIP",)),
    DemoContact("marcus", "Marcus", "Reed", "northwind", "CFO", "+1 206 555 0102"),
    DemoContact("li", "Li", "Wei", "northwind", "IT Manager", "+1 206 555 0103"),
    DemoContact("joost", "Joost", "Bakker", "bluebird", "Operations Director", "+31 10 555 0104", ("Partner",)),
    DemoContact("fenna", "Fenna", "Visser", "bluebird", "Fleet Planner", "+31 10 555 0105"),
    DemoContact("grace", "Grace", "Holloway", "cedarpine", "Owner", "+1 503 555 0106"),
    DemoContact("tom", "Tom", "Becker", "cedarpine", "Office Manager", "+1 503 555 0107"),
    DemoContact("claire", "Claire", "Morel", "helios", "Procurement Lead", "+33 4 72 55 01 08"),
    DemoContact("julien", "Julien", "Roux", "helios", "Project Engineer", "+33 4 72 55 01 09"),
    DemoContact("priya", "Priya", "Natarajan", "juniper", "VP Operations", "+1 617 555 0110", ("VIP",)),
    DemoContact("daniel", "Daniel", "Okafor", "juniper", "Head of IT", "+1 617 555 0111"),
    DemoContact("emily", "Emily", "Carter", "juniper", "Compliance Officer", "+1 617 555 0112"),
    DemoContact("lukas", "Lukas", "Hoffmann", "kestrel", "CEO", "+49 30 5550113"),
    DemoContact("mia", "Mia", "Schulz", "kestrel", "Partner Manager", "+49 30 5550114", ("Partner",)),
    DemoContact("oliver", "Oliver", "Finch", "marlow", "Managing Partner", "+44 20 7946 0115"),
    DemoContact("hannah", "Hannah", "Price", "marlow", "Practice Manager", "+44 20 7946 0116"),
    DemoContact("sofia", "Sofia", "Vidal", "orchid", "General Manager", "+34 93 555 0117", ("VIP",)),
    DemoContact("pablo", "Pablo", "Serra", "orchid", "Revenue Manager", "+34 93 555 0118"),
    DemoContact("nora", "Nora", "Jensen", "orchid", "Guest Experience Lead", "+34 93 555 0119"),
    DemoContact("ravi", "Ravi", "Menon", "kestrel", "Head of Data", "+49 30 5550120"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoLead:
    name: str
    company_name: str
    email: str
    title: str
    source: str
    status: str
    score: int
    owner: str


LEADS = (
    DemoLead("Ines Carvalho", "Atlas Freight", "ines@atlasfreight.example", "Logistics Manager",
             "website", "new", 35, "sales"),
    DemoLead("George Blake", "Blake Dental Group", "george@blakedental.example", "Practice Owner",
             "referral", "new", 20, "sales2"),
    DemoLead("Yuki Tanaka", "Sakura Foods", "yuki@sakurafoods.example", "Purchasing Director",
             "trade show", "contacted", 55, "sales"),
    DemoLead("Amara Diallo", "Baobab Microfinance", "amara@baobab.example", "COO",
             "webinar", "contacted", 48, "manager"),
    DemoLead("Henrik Nilsson", "Fjord Outdoor", "henrik@fjordoutdoor.example", "E-commerce Lead",
             "website", "qualified", 82, "sales2"),
    DemoLead("Chloe Martin", "Lumen Architects", "chloe@lumenarch.example", "Partner",
             "referral", "qualified", 90, "sales"),
    DemoLead("Rafael Gomez", "Verde Farms", "rafael@verdefarms.example", "Owner",
             "cold call", "unqualified", 10, "sales2"),
    DemoLead("Olga Petrova", "Polar Labs", "olga@polarlabs.example", "CTO",
             "website", "new", 60, "owner"),
    DemoLead("Samuel Adeyemi", "Harbor Insurance", "samuel@harborins.example", "IT Director",
             "partner", "contacted", 70, "manager"),
    DemoLead("Lea Dubois", "Atelier Dubois", "lea@atelierdubois.example", "Founder",
             "social", "unqualified", 15, "sales"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoDeal:
    name: str
    pipeline: str  # "sales" (the default pipeline) or "renewals"
    stage: str
    amount: int
    company: str
    contact: str
    owner: str
    close_in_days: int
    stale_days: int | None = None  # in its stage for this many days (older than the limit)
    lost_reason: str | None = None
    tags: tuple[str, ...] = ()


SALES, RENEWALS = "sales", "renewals"
DEALS = (
    DemoDeal("Northwind warehouse rollout", SALES, "Prospect", 48_000, "northwind", "anna", "sales", 60),
    DemoDeal("Helios field-service pilot", SALES, "Prospect", 12_500, "helios", "claire", "sales2", 75),
    DemoDeal("Kestrel data platform", SALES, "Qualified", 36_000, "kestrel", "lukas", "sales2", 45),
    DemoDeal("Marlow document workflows", SALES, "Qualified", 18_000, "marlow", "oliver", "manager", 50),
    DemoDeal("Juniper clinics expansion", SALES, "Proposal", 120_000, "juniper", "priya", "owner", 30, tags=("VIP",)),
    DemoDeal("Orchid front-desk upgrade", SALES, "Proposal", 27_000, "orchid", "pablo", "sales", 21, stale_days=30),
    DemoDeal("Bluebird route planning", SALES, "Negotiation", 64_000, "bluebird", "joost", "manager", 14),
    DemoDeal("Northwind analytics add-on", SALES, "Negotiation", 22_000, "northwind", "marcus", "sales", 10, stale_days=25),
    DemoDeal("Cedar & Pine webshop", SALES, "Closed Won", 9_500, "cedarpine", "grace", "sales2", -12),
    DemoDeal("Juniper compliance module", SALES, "Closed Won", 54_000, "juniper", "emily", "owner", -30),
    DemoDeal("Helios installer portal", SALES, "Closed Lost", 31_000, "helios", "julien", "sales", -20,
             lost_reason="Chose a competitor with a lower price."),
    DemoDeal("Marlow client intake", SALES, "Closed Lost", 8_000, "marlow", "hannah", "manager", -40,
             lost_reason="No budget this year."),
    DemoDeal("Northwind renewal 2026", RENEWALS, "Discovery", 40_000, "northwind", "anna", "sales", 45, tags=("VIP",)),
    DemoDeal("Kestrel partner renewal", RENEWALS, "Discovery", 15_000, "kestrel", "mia", "sales2", 75),
    DemoDeal("Orchid renewal", RENEWALS, "Renewal proposal", 33_000, "orchid", "sofia", "sales", 10,
             stale_days=40, tags=("Churn risk",)),
    DemoDeal("Bluebird renewal", RENEWALS, "Renewal proposal", 58_000, "bluebird", "fenna", "manager", 120),
    DemoDeal("Juniper renewal", RENEWALS, "Closed Won", 96_000, "juniper", "daniel", "owner", -5),
    DemoDeal("Helios support renewal", RENEWALS, "Closed Won", 7_200, "helios", "claire", "sales", -60),
    DemoDeal("Cedar & Pine renewal", RENEWALS, "Closed Lost", 6_000, "cedarpine", "tom", "sales2", -15,
             lost_reason="Moving to a cheaper tool.", tags=("Churn risk",)),
    DemoDeal("Marlow renewal", RENEWALS, "Closed Lost", 11_000, "marlow", "hannah", "manager", -90,
             lost_reason="Firm merged; the new owner has its own CRM."),
)  # fmt: skip

# (name, probability, kind, days before a deal counts as stale)
RENEWAL_STAGES = (
    ("Discovery", 20, "open", None),
    ("Renewal proposal", 60, "open", 21),
    ("Closed Won", 100, "won", None),
    ("Closed Lost", 0, "lost", None),
)
# Staleness limits given to stages of the default pipeline, so stale deals show.
SALES_STAGE_LIMITS = (("Proposal", 14), ("Negotiation", 14))


@dataclass(frozen=True)
class DemoActivity:
    kind: str  # note, call, meeting, task
    subject: str
    owner: str  # who logged it (and, for a task, who asked for it)
    about: tuple[str, str]  # (record kind, key: a company or contact key, or a deal name)
    days: float  # when it happened (done), or is due (task); negative: in the past
    body: str | None = None
    assignee: str | None = None  # tasks: who should do it (the owner when None)
    minutes: int | None = None
    outcome: str | None = None
    done: bool = False  # tasks: already done


# Tasks due "today" are placed between now and midnight by the seed (``days`` is ignored).
TODAY = 0.0
ACTIVITIES = (
    DemoActivity("note", "Budget approved for Q3", "sales", ("company", "northwind"), -3,
                 body="Marcus confirmed the **warehouse budget** is approved."),
    DemoActivity("call", "Discovery call", "sales2", ("contact", "lukas"), -6, minutes=30,
                 outcome="Interested; wants a demo with their data team"),
    DemoActivity("meeting", "Quarterly business review", "owner", ("company", "juniper"), -10,
                 minutes=60, body="Reviewed adoption in the 12 clinics; expansion next."),
    DemoActivity("call", "Pricing follow-up", "sales", ("deal", "Orchid front-desk upgrade"), -28,
                 minutes=15, outcome="Left a voicemail"),
    DemoActivity("note", "Renewal at risk", "sales", ("deal", "Orchid renewal"), -2,
                 body="Sofia mentioned a competitor's offer. Prepare a retention proposal."),
    DemoActivity("meeting", "Route planning workshop", "manager", ("deal", "Bluebird route planning"),
                 -4, minutes=90, outcome="Agreed on scope; legal review next"),
    DemoActivity("call", "Check-in with Grace", "sales2", ("contact", "grace"), -1, minutes=10,
                 outcome="Unhappy with delivery times"),
    DemoActivity("note", "Partner referral", "sales2", ("company", "kestrel"), -15,
                 body="Kestrel referred two prospects this quarter."),
    DemoActivity("task", "Send the revised quote", "owner", ("deal", "Juniper clinics expansion"),
                 -2, body="Include the volume discount for 12 clinics."),
    DemoActivity("task", "Prepare the QBR deck", "owner", ("company", "juniper"), TODAY),
    DemoActivity("task", "Review the renewal forecast", "owner", ("company", "bluebird"), 3),
    DemoActivity("task", "Call Sofia about the renewal", "owner", ("deal", "Orchid renewal"), -1,
                 assignee="sales"),
    DemoActivity("task", "Send the warehouse case study", "sales", ("contact", "anna"), TODAY),
    DemoActivity("task", "Book a demo with Northwind IT", "sales", ("contact", "li"), 4),
    DemoActivity("task", "Follow up on the pricing call", "sales",
                 ("deal", "Orchid front-desk upgrade"), -5, done=True),
    DemoActivity("task", "Plan the Kestrel data demo", "sales2", ("deal", "Kestrel data platform"), 2),
    DemoActivity("task", "Retention offer for Cedar & Pine", "manager", ("company", "cedarpine"),
                 -3, assignee="sales2"),
    DemoActivity("task", "Legal review of the Bluebird contract", "manager",
                 ("deal", "Bluebird route planning"), 5),
)  # fmt: skip
