"""Words the generator draws from. Earlier entries are drawn more often (a Zipf-like weight),
so some names are common and most are rare, as in real address books."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
    "Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Paul Emily Andrew "
    "Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy "
    "Stephanie Ronald Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Dorothy Jacob Amy "
    "Gary Kathleen Nicholas Angela Eric Shirley Jonathan Emma Stephen Brenda Larry Pamela Justin "
    "Nicole Scott Anna Brandon Samantha Benjamin Katherine Samuel Christine Gregory Debra "
    "Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia Dennis Heather "
    "Jerry Helen Tyler Catherine Aaron Diane Jose Julie Adam Victoria Nathan Joyce Henry Lauren "
    "Zachary Kelly Douglas Christina Peter Ruth Kyle Joan Noah Virginia Ethan Judith Jeremy "
    "Evelyn Christian Hannah Walter Andrea Keith Megan Austin Cheryl Roger Jacqueline Terry "
    "Madison Sean Teresa Gerald Abigail Carl Sophia Dylan Martha Harold Sara Jordan Gloria "
    "Jesse Janice Bryan Kathryn Lawrence Ann Arthur Isabella Gabriel Judy Bruce Charlotte Logan "
    "Julia Billy Grace Joe Amber Alan Alice Juan Jean Elijah Denise Willie Frances Albert "
    "Danielle Wayne Marilyn Randy Natalie Mason Beverly Vincent Diana Liam Brittany Roy Theresa "
    "Bobby Kayla Caleb Alexis Bradley Doris Russell Lori Lucas Tiffany Amelie Lucas Hugo Louise "
    "Chloe Jules Ines Leon Manon Arthur Camille Lea Mathis Sofia Luca Giulia Marco Francesca "
    "Matteo Chiara Lukas Hanna Felix Lena Jonas Mia Elias Lina Yuki Haruto Sakura Ren Mei Wei "
    "Jun Li Priya Arjun Ananya Rohan Aisha Omar Fatima Youssef Leila Karim Ingrid Lars Astrid"
)

LAST_NAMES = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen "
    "Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez "
    "Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy "
    "Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox "
    "Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price "
    "Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell "
    "Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero "
    "Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes "
    "Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens "
    "Harrison Fernandez Mcdonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb "
    "Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder "
    "Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar "
    "Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver "
    "Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters "
    "Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley "
    "Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Willis "
    "Carpenter Lawrence Sandoval Dubois Lefebvre Moreau Laurent Simon Michel Leroy Roux Fournier "
    "Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Schneider Fischer Weber "
    "Becker Schulz Koch Richter Klein Wolf Neumann Schwarz Zimmermann Rossi Russo Ferrari "
    "Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano "
    "Mancini Rizzo Lombardi Moretti Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura "
    "Kobayashi Wang Zhang Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Sharma Singh Kumar "
    "Gupta Mehta Shah Khan Ali Hassan Hussein Haddad Nilsson Larsson Andersson Johansson Eriksson "
    "Lindqvist Berg Dahl Haugen Hagen Jensen Nielsen Pedersen Kowalski Nowak Wisniewski Horvat "
    "Novak Kovacs Nagy Popescu Ionescu Papadopoulos Oliveira Pereira Almeida Ferreira Rocha"
)

COMPANY_WORDS = _words(
    "Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Wonka Soylent Cyberdyne Tyrell "
    "Aperture Massive Dynamic Oscorp Gringotts Monarch Pied Piper Prestige Sterling Cooper "
    "Blue Sun Nakatomi Weyland Yutani Virtucon Zorg Black Mesa Abstergo Gekko Duff Krusty "
    "Vehement Ollivander Dunder Mifflin Bluth Cogswell Spacely Praxis Genco Kramerica Nordic "
    "Alpine Harbor Summit Orbit Pioneer Keystone Meridian Beacon Cascade Granite Horizon Quantum "
    "Vertex Atlas Nimbus Zenith Lumen Polar Evergreen Redwood Silverline Ironclad Brightwater "
    "Northwind Contoso Fabrikam Tailspin Litware Adventure Wingtip Proseware Lucerne Margie "
    "Fourth Coffee Trey Woodgrove Alpine Ski Coho Vineyard Datum Humongous Wide World Blue Yonder"
)
COMPANY_SUFFIXES = ("Inc", "Ltd", "GmbH", "SA", "Group", "Labs", "Systems", "Partners", "Co", "AG")
INDUSTRIES = (
    "software",
    "manufacturing",
    "retail",
    "finance",
    "healthcare",
    "logistics",
    "energy",
    "education",
    "media",
    "telecom",
    "hospitality",
    "construction",
    "agriculture",
    "insurance",
)
# (city, ISO country): the place of a company and of most of its contacts.
CITIES = (
    ("New York", "US"), ("London", "GB"), ("Paris", "FR"), ("Berlin", "DE"),
    ("San Francisco", "US"), ("Chicago", "US"), ("Madrid", "ES"), ("Milan", "IT"),
    ("Amsterdam", "NL"), ("Toronto", "CA"),
    ("Sydney", "AU"), ("Tokyo", "JP"), ("Singapore", "SG"), ("Munich", "DE"), ("Lyon", "FR"),
    ("Stockholm", "SE"), ("Dublin", "IE"), ("Zurich", "CH"), ("Austin", "US"), ("Boston", "US"),
    ("Seattle", "US"), ("Barcelona", "ES"), ("Vienna", "AT"), ("Copenhagen", "DK"),
    ("Warsaw", "PL"), ("Lisbon", "PT"), ("Oslo", "NO"), ("Brussels", "BE"), ("Prague", "CZ"),
    ("Montreal", "CA"), ("Melbourne", "AU"), ("Osaka", "JP"), ("Bangalore", "IN"),
    ("Sao Paulo", "BR"), ("Mexico City", "MX"), ("Cape Town", "ZA"),
)  # fmt: skip
JOB_TITLES = (
    "Sales Manager",
    "Account Executive",
    "CEO",
    "CTO",
    "CFO",
    "VP Sales",
    "VP Marketing",
    "Head of Procurement",
    "Operations Manager",
    "Software Engineer",
    "Product Manager",
    "Marketing Manager",
    "Office Manager",
    "IT Director",
    "Purchasing Agent",
    "Consultant",
    "Director of Finance",
    "HR Manager",
    "Customer Success Manager",
    "Founder",
    "COO",
    "Business Analyst",
    "Project Manager",
    "Engineering Manager",
    "Buyer",
)
SOURCES = ("website", "referral", "event", "cold_call", "partner", "linkedin", "webinar", "ads")
FREE_MAIL = ("mail.example", "inbox.example", "post.example")

NOTE_SUBJECTS = (
    "Intro call",
    "Follow-up",
    "Pricing questions",
    "Demo feedback",
    "Contract review",
    "Quarterly check-in",
    "Onboarding",
    "Renewal discussion",
    "Support escalation",
    "Budget approved",
    "Sent proposal",
    "Security questionnaire",
    "Reference call",
    "Kick-off meeting",
    "Lunch",
    "Trade show chat",
    "Invoice question",
    "Upsell idea",
)
TASK_SUBJECTS = (
    "Send the proposal",
    "Call back",
    "Prepare the demo",
    "Chase the signature",
    "Book a meeting",
    "Share the case study",
    "Check the invoice",
    "Plan the renewal",
)
BODY_SENTENCES = (
    "They want to start next quarter.",
    "Budget is approved for the first phase.",
    "Asked for a discount on the annual plan.",
    "The legal team reviews the contract this week.",
    "Main concern is the migration of their old data.",
    "Wants to see the reporting features again.",
    "Decision expected by the end of the month.",
    "Their current vendor's contract ends in June.",
    "Loved the board view; asked about the API.",
    "Needs single sign-on before going further.",
    "Introduced us to their head of operations.",
    "Will compare with two other offers.",
)
CALL_OUTCOMES = ("Interested", "Left a voicemail", "Call back later", "Not now", "Meeting booked")
DEAL_WORDS = (
    "Platform licence",
    "Expansion",
    "Renewal",
    "Pilot",
    "Enterprise plan",
    "Onboarding package",
    "Support upgrade",
    "Multi-year deal",
    "New team",
    "Add-on seats",
    "Consulting",
    "Migration",
)
TAGS = (
    ("VIP", "#dc2626"), ("Partner", "#2563eb"), ("Churn risk", "#f59e0b"),
    ("Newsletter", "#10b981"), ("Event 2025", "#8b5cf6"), ("Decision maker", "#0ea5e9"),
    ("Champion", "#22c55e"), ("Competitor", "#64748b"), ("Hot", "#ef4444"),
    ("Reseller", "#14b8a6"), ("Beta tester", "#a855f7"), ("Do not call", "#78716c"),
)  # fmt: skip
