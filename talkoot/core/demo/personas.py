"""The fixed demo people: the same e-mails and password whatever --members and --seed say.

`manage.py seed_demo` creates them and `manage.py demo_logins` prints them, both from here.
"""

from dataclasses import dataclass

# Documented in the README and printed by `manage.py demo_logins`; passes the password validators.
DEMO_PASSWORD = "talkoot-demo-2026"  # noqa: S105 - a published demo password, never a real one


@dataclass(frozen=True)
class DemoPersona:
    email: str
    display_name: str
    role: str  # who they are in the demo, as `demo_logins` shows it
    age: int
    language: str
    text_size: str
    neighbourhood: str  # key of the community whose area they live in
    bio: str
    skills: tuple[str, ...]  # curated slugs and free tags (as typed)
    availability: tuple[str, ...]  # slots of talkoot/members/availability.py
    founds: str | None = None  # community key
    joins: tuple[tuple[str, int], ...] = ()  # (community key, days ago)
    applies_to: tuple[str, int] | None = None  # (community key, days ago), left pending


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")

STEWARD_TO_BE = DemoPersona(
    email="aino.virtanen@example.org",
    display_name="Aino Virtanen",
    role="steward-to-be: started Kallion Seniorit a year ago",
    age=68,
    language="fi",
    text_size="large",
    neighbourhood="kallio",
    bio=(
        "Eläkkeellä oleva sairaanhoitaja, 68. Perustin Kallion Seniorit, koska talossamme moni jäi "
        "yksin. Kysy minulta mitä vain – ja kahvia on aina."
    ),
    skills=("company", "first_aid", "paperwork", "walking", "cooking"),
    availability=tuple(f"{day}-{part}" for day in _WEEKDAYS for part in ("morning", "afternoon")),
    founds="kallio",
)
ELDERLY_MEMBER = DemoPersona(
    email="eino.laine@example.org",
    display_name="Eino Laine",
    role="elderly member, 84, uses extra large text",
    age=84,
    language="fi",
    text_size="extra_large",
    neighbourhood="kallio",
    bio=(
        "Eläkkeellä oleva raitiovaununkuljettaja, 84. Ratkon mielelläni ristikoita. Kauppakassien "
        "kantamisessa apu olisi tervetullutta, polvi ei enää pidä portaista."
    ),
    skills=("company", "repairs", "ristikot"),
    availability=("tue-morning", "thu-morning", "thu-afternoon"),
    joins=(("kallio", 300),),
)
YOUNG_VOLUNTEER = DemoPersona(
    email="saara.nieminen@example.org",
    display_name="Saara Nieminen",
    role="young volunteer, 24, nursing student; Eino's companion (acts for him)",
    age=24,
    language="fi",
    text_size="normal",
    neighbourhood="kallio",
    bio=(
        "Sairaanhoitajaopiskelija, 24. Ehdin auttaa arki-iltaisin ja viikonloppuisin. Autan mielelläni "
        "puhelimien ja tietokoneiden kanssa."
    ),
    skills=("computers", "shopping", "walking", "first_aid"),
    availability=(
        *(f"{day}-evening" for day in _WEEKDAYS),
        "sat-afternoon",
        "sun-afternoon",
    ),
    joins=(("kallio", 120),),
)
OTHER_COMMUNITY_MEMBER = DemoPersona(
    email="bjorn.lindqvist@example.org",
    display_name="Björn Lindqvist",
    role="member of the other community only (Vuosaaren Naapurit)",
    age=71,
    language="en",
    text_size="large",
    neighbourhood="vuosaari",
    bio=(
        "Retired ship's engineer, 71. I started Vuosaari Neighbours after moving here from Porvoo. "
        "Happy to fix small things. Jag talar också svenska."
    ),
    skills=("repairs", "driving", "transport", "veneily"),
    availability=tuple(f"{day}-morning" for day in (*_WEEKDAYS, "sat", "sun")),
    founds="vuosaari",
)
APPLICANT = DemoPersona(
    email="raili.heikkinen@example.org",
    display_name="Raili Heikkinen",
    role="applicant waiting for a decision from Kallion Seniorit",
    age=77,
    language="fi",
    text_size="large",
    neighbourhood="kallio",
    bio="Eläkkeellä oleva kirjastonhoitaja, 77. Muutin juuri Kallioon tyttäreni lähelle.",
    skills=("reading", "crafts"),
    availability=("mon-afternoon", "wed-afternoon", "fri-morning"),
    applies_to=("kallio", 2),
)

# (member, companion): agreed links, so the demo shows acting on someone's behalf.
COMPANIONS = ((ELDERLY_MEMBER, YOUNG_VOLUNTEER),)

# The four logins the demo promises, then everybody fixed (the applicant is a useful fifth).
DEMO_LOGINS = (STEWARD_TO_BE, ELDERLY_MEMBER, YOUNG_VOLUNTEER, OTHER_COMMUNITY_MEMBER)
FIXED_PERSONAS = (*DEMO_LOGINS, APPLICANT)
