"""What demo members and facilitators write: community texts, bios and application answers.

This is user content, not interface text, so it is not translated through gettext: it is written
the way a Helsinki facilitator would write it, Finnish first and then English. Bios come in the
member's own language (Finnish, English, or Swedish for some Swedish-speaking Finns).
"""

from typing import TypedDict


class CommunityTexts(TypedDict):
    slug: str
    name: str
    neighbourhood: str
    postal_codes: list[str]
    centre: tuple[float, float]
    description: str
    norms: str
    questions: list[str]


KALLIO: CommunityTexts = {
    "slug": "kallion-seniorit",
    "name": "Kallion Seniorit – Kallio Seniors Together",
    "neighbourhood": "Kallio",
    "postal_codes": ["00500", "00510", "00530", "00530", "00540", "00550"],
    "centre": (60.18, 24.95),
    "description": (
        "Kallion Seniorit on kalliolaisten ja sörnäisläisten ikäihmisten oma naapuriapu. Autamme "
        "toisiamme arjen pienissä asioissa: kauppareissuissa, saattajana lääkärikäynneillä, puhelimen "
        "ja tietokoneen pulmissa, yhteisillä kävelyillä ja kahvihetkissä. Mukana on myös nuorempia "
        "naapureita, jotka haluavat antaa tunnin silloin tällöin.\n\n"
        "Tapaamme torstaisin kello 10 Kallion kirjastolla. Kahvi on keitetty, ja uudet kasvot ovat "
        "aina tervetulleita.\n\n"
        "Kallio Seniors Together is the neighbourly help of older people in Kallio and Sörnäinen. We "
        "help each other with the small things of daily life: shopping, company on the way to the "
        "doctor, puzzles with phones and computers, walks together and coffee mornings. Younger "
        "neighbours who like to give an hour now and then are part of it too.\n\n"
        "We meet on Thursdays at 10 at Kallio library. The coffee is on, and new faces are always "
        "welcome."
    ),
    "norms": (
        "Näin toimimme täällä:\n"
        "- Pienet tehtävät ovat parhaita: puoli tuntia siellä, tunti täällä.\n"
        "- Kukaan ei ole kenellekään velkaa. Apua saa pyytää, vaikkei olisi vielä itse auttanut.\n"
        "- Kiitos on ilmainen – sitä saa antaa niin paljon kuin haluaa.\n"
        "- Jos et ehdikään, sano se ajoissa. Se on ihan hyvä.\n"
        "- Kysy ryhmän keskustelussa, jos jokin mietityttää. Joku vastaa kyllä.\n"
        "- Emme hoida toisten rahoja, pankkiasioita emmekä lääkkeitä; niistä huolehtivat omaiset "
        "ja kotihoito.\n"
        "- Uudet jäsenet otamme mukaan yhdessä, ja yhteisistä asioista kerromme avoimesti.\n\n"
        "How we work here:\n"
        "- Small tasks are best: half an hour here, an hour there.\n"
        "- Nobody owes anybody. You may ask for help before you have ever helped.\n"
        "- Thanks are free – give as many as you like.\n"
        "- If you can't make it after all, say so in good time. That is fine.\n"
        "- Ask in the group conversation if something puzzles you. Someone will answer.\n"
        "- We don't handle each other's money, banking or medicines; family and home care look "
        "after those.\n"
        "- We welcome new members together, and we talk about shared matters openly."
    ),
    "questions": [
        "Missä voisit auttaa tai missä tarvitset apua? / What would you like to help with, or get help with?",
        "Mistä kuulit meistä? / How did you hear about us?",
    ],
}

VUOSAARI: CommunityTexts = {
    "slug": "vuosaaren-naapurit",
    "name": "Vuosaaren Naapurit – Vuosaari Neighbours",
    "neighbourhood": "Vuosaari",
    "postal_codes": ["00980", "00980", "00990"],
    "centre": (60.21, 25.14),
    "description": (
        "Vuosaarelaisten naapuriapua meren rannalta. Lähdemme yhdessä kävelylle Aurinkolahden "
        "rantaan, käymme kaupassa toistemme puolesta ja juomme kahvia Vuotalolla. Liity vain mukaan, "
        "kaikki ovat tervetulleita.\n\n"
        "Neighbourly help by the sea in Vuosaari. We walk together along the Aurinkolahti beach, do "
        "each other's shopping and have coffee at Vuotalo. Just join, everybody is welcome."
    ),
    "norms": (
        "- Pyydä rohkeasti, auta kun ehdit.\n"
        "- Kiitä vapaasti; kukaan ei pidä kirjaa veloista.\n"
        "- Puhumme suomea, ruotsia ja englantia – ja käsillä.\n\n"
        "- Ask freely, help when you have time.\n"
        "- Thank freely; nobody keeps a tally of debts.\n"
        "- We speak Finnish, Swedish and English – and with our hands."
    ),
    "questions": [],
}

# (Finnish, English, Swedish) for every sentence a bio is made of.
OCCUPATIONS_ELDER = [
    ("raitiovaununkuljettaja", "tram driver", "spårvagnsförare"),
    ("sairaanhoitaja", "nurse", "sjuksköterska"),
    ("kansakoulunopettaja", "primary school teacher", "folkskollärare"),
    ("kirjanpitäjä", "bookkeeper", "bokförare"),
    ("ompelija", "dressmaker", "sömmerska"),
    ("sähköasentaja", "electrician", "elmontör"),
    ("postinkantaja", "postal worker", "brevbärare"),
    ("kirjastonhoitaja", "librarian", "bibliotekarie"),
    ("linja-autonkuljettaja", "bus driver", "busschaufför"),
    ("myyjä", "shop assistant", "butiksbiträde"),
    ("kokki", "cook", "kock"),
    ("insinööri", "engineer", "ingenjör"),
    ("sihteeri", "secretary", "sekreterare"),
    ("kirjapainon latoja", "typesetter", "sättare"),
    ("satamatyöntekijä", "dock worker", "hamnarbetare"),
    ("kotitalousopettaja", "home economics teacher", "lärare i huslig ekonomi"),
    ("farmaseutti", "pharmacist", "farmaceut"),
    ("poliisi", "police officer", "polis"),
    ("puuseppä", "carpenter", "snickare"),
    ("puhelunvälittäjä", "telephone operator", "telefonist"),
    ("lähihoitaja", "care worker", "närvårdare"),
    ("toimittaja", "journalist", "journalist"),
    ("laivan konemestari", "ship's engineer", "maskinmästare"),
    ("pankkivirkailija", "bank clerk", "banktjänsteman"),
    ("kampaaja", "hairdresser", "frisör"),
    ("taksinkuljettaja", "taxi driver", "taxichaufför"),
    ("rakennusmies", "builder", "byggnadsarbetare"),
    ("lastentarhanopettaja", "kindergarten teacher", "barnträdgårdslärare"),
]
OCCUPATIONS_STUDENT = [
    ("sairaanhoitajaopiskelija", "nursing student", "sjuksköterskestuderande"),
    ("sosionomiopiskelija", "social services student", "socionomstuderande"),
    ("yliopisto-opiskelija", "university student", "universitetsstuderande"),
    ("fysioterapeuttiopiskelija", "physiotherapy student", "fysioterapistuderande"),
    ("kokkiopiskelija", "catering student", "kockstuderande"),
]
OCCUPATIONS_WORKING = [
    ("ohjelmistokehittäjä", "software developer", "programutvecklare"),
    ("graafinen suunnittelija", "graphic designer", "grafisk formgivare"),
    ("lähihoitaja", "practical nurse", "närvårdare"),
    ("opettaja", "teacher", "lärare"),
    ("fysioterapeutti", "physiotherapist", "fysioterapeut"),
    ("kirjastovirkailija", "library assistant", "biblioteksassistent"),
    ("bussinkuljettaja", "bus driver", "busschaufför"),
    ("kauppias", "shopkeeper", "handlare"),
    ("sähköasentaja", "electrician", "elmontör"),
    ("projektipäällikkö", "project manager", "projektchef"),
]

LIKES_ELDER = [
    ("Ratkon mielelläni ristikoita.", "I love crosswords.", "Jag löser gärna korsord."),
    ("Käyn uimassa Yrjönkadulla.", "I go swimming at Yrjönkatu.", "Jag simmar på Yrjönkatu."),
    (
        "Leivon pullaa ja karjalanpiirakoita.",
        "I bake cinnamon buns and Karelian pies.",
        "Jag bakar bullar och karelska piroger.",
    ),
    ("Laulan kirkkokuorossa.", "I sing in a church choir.", "Jag sjunger i kyrkokör."),
    ("Neulon sukkia lapsenlapsille.", "I knit socks for my grandchildren.", "Jag stickar sockor åt barnbarnen."),
    ("Pelaan shakkia ja teen sudokuja.", "I play chess and do sudoku.", "Jag spelar schack och löser sudoku."),
    (
        "Kuuntelen radiosta klassista musiikkia.",
        "I listen to classical music on the radio.",
        "Jag lyssnar på klassisk musik på radion.",
    ),
    ("Kasvatan parvekkeella tomaatteja.", "I grow tomatoes on my balcony.", "Jag odlar tomater på balkongen."),
    ("Luen dekkareita.", "I read detective novels.", "Jag läser deckare."),
    ("Kesäisin käyn lavatansseissa.", "In summer I go to the dance pavilions.", "På sommaren går jag på dans."),
    ("Kirjoitan muistelmiani.", "I'm writing my memoirs.", "Jag skriver mina memoarer."),
    (
        "Kävelen joka aamu rantaan.",
        "I walk down to the shore every morning.",
        "Jag promenerar till stranden varje morgon.",
    ),
]
OFFERS_ELDER = [
    ("Voin tulla seuraksi kävelylle.", "Happy to come along for a walk.", "Jag följer gärna med på promenad."),
    ("Autan mielelläni lomakkeiden kanssa.", "Glad to help with forms.", "Jag hjälper gärna till med blanketter."),
    ("Voin lukea ääneen.", "I can read aloud to someone.", "Jag kan läsa högt för någon."),
    ("Leivon kahvihetkiin.", "I bake for the coffee mornings.", "Jag bakar till kaffestunderna."),
    ("Korjaan pieniä vikoja.", "I can fix small things around the home.", "Jag fixar småsaker i hemmet."),
    ("Juttuseuraa saa aina.", "Always up for a chat.", "Alltid redo för en pratstund."),
]
NEEDS_ELDER = [
    (
        "Kauppakassien kantamisessa apu olisi tervetullutta.",
        "Help with carrying the shopping would be welcome.",
        "Hjälp med att bära matkassarna vore välkommen.",
    ),
    (
        "Puhelimen kanssa tarvitsen välillä apua.",
        "I sometimes need help with my phone.",
        "Ibland behöver jag hjälp med telefonen.",
    ),
    (
        "Polvi ei enää pidä portaista.",
        "My knee doesn't like the stairs any more.",
        "Knät tycker inte om trapporna längre.",
    ),
    (
        "Näkö on heikentynyt, joten ääneen lukeminen olisi ihanaa.",
        "My eyesight is going, so someone reading aloud would be lovely.",
        "Synen har blivit sämre, så högläsning vore fint.",
    ),
    (
        "Lääkärikäynneille kaipaan joskus saattajaa.",
        "Sometimes I'd like company on the way to the doctor.",
        "Ibland vill jag ha sällskap till läkaren.",
    ),
]
SENTENCES_YOUNG = [
    ("Ehdin auttaa arki-iltaisin.", "I can help on weekday evenings.", "Jag kan hjälpa till på vardagskvällar."),
    ("Viikonloppuisin olen yleensä vapaa.", "Usually free at weekends.", "Oftast ledig på veckosluten."),
    (
        "Autan mielelläni puhelimien ja tietokoneiden kanssa.",
        "Good with phones and computers.",
        "Hjälper gärna till med telefoner och datorer.",
    ),
    ("Minulla on auto, joten voin kuljettaa.", "I have a car and can give lifts.", "Jag har bil och kan skjutsa."),
    (
        "Isovanhempani asuvat kaukana, joten autan mielelläni täällä.",
        "My grandparents live far away, so I like helping here.",
        "Mina morföräldrar bor långt borta, så jag hjälper gärna till här.",
    ),
    ("Ulkoilutan mielelläni koiria.", "Happy to walk dogs.", "Rastar gärna hundar."),
]

# Free tags as members type them (the curated skills live in talkoot/members/skills.py).
FREE_TAGS_ELDER = ["karjalanpiirakat", "sudoku", "ristikot", "bridge", "kantele", "sienestys", "marjastus", "shakki"]
FREE_TAGS_YOUNG = ["mölkky", "ukulele", "valokuvaus", "sudoku", "pyöräily"]

# Curated skill slugs with weights: what people of each age group tend to offer.
SKILL_WEIGHTS_ELDER = {
    "company": 10, "cooking": 6, "crafts": 6, "reading": 5, "music": 4, "walking": 7, "gardening": 4,
    "exercise": 3, "languages": 2, "paperwork": 3, "repairs": 3, "pets": 2, "first_aid": 1,
}  # fmt: skip
SKILL_WEIGHTS_YOUNG = {
    "computers": 9, "shopping": 8, "driving": 4, "transport": 6, "cleaning": 3, "exercise": 3,
    "languages": 3, "first_aid": 2, "pets": 3, "music": 2, "walking": 5, "company": 4, "repairs": 2,
}  # fmt: skip

# Answers to the two questions of Kallion Seniorit, per language of the applicant: (first, second).
APPLICATION_ANSWERS = {
    "fi": (
        [
            "Voisin käydä kaupassa muiden puolesta, ja itse tarvitsisin välillä apua kännykän kanssa.",
            "Leivon mielelläni ja voisin tulla kahvihetkiin.",
            "Kävelyseuraa kaipaisin, yksin en enää uskalla liukkailla.",
            "Osaan korjata pieniä asioita, jos työkalut löytyvät.",
            "Olen hyvä kuuntelija. Itse tarvitsisin apua lomakkeiden kanssa.",
            "Voisin lukea ääneen niille, joiden näkö on heikentynyt.",
            "Opiskelen lähellä ja ehdin auttaa iltaisin kaupassakäynnissä.",
        ],
        [
            "Naapurini kertoi teistä rappukäytävässä.",
            "Näin ilmoituksen kirjaston ilmoitustaululla.",
            "Tyttäreni löysi teidät netistä.",
            "Seurakunnan kerhossa puhuttiin teistä.",
            "Kotihoidon hoitaja suositteli.",
            "Aino kertoi teistä torstain kahvihetkellä.",
        ],
    ),
    "en": (
        [
            "I'm a student nearby and can help with phones and shopping on weekday evenings.",
            "I'd like company for walks, and I can read aloud in English.",
            "I moved here from abroad; I can cook and would love to practise my Finnish.",
        ],
        [
            "A friend from my course helps here.",
            "The home-care nurse mentioned you.",
            "I saw the poster at Kallio library.",
        ],
    ),
}
