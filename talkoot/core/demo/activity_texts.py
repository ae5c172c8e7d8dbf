"""What demo members write when they start actions, describe tasks, record help, thank and assess.

User content, not interface text: written as Helsinki pensioners and their younger neighbours would
write it. Every text is a (Finnish, English) pair; the writer's language picks one. Nothing here
speaks of balances, debts or hours owed: help is a gift recorded, and thanks are free.
"""

from typing import NamedTuple

Text = tuple[str, str]  # (Finnish, English)

# Timings a task may have: "slot" = starts and ends, "deadline" = by a time, "none" = whenever.
SLOT, DEADLINE, NONE = "slot", "deadline", "none"


class TaskText(NamedTuple):
    title: Text
    description: Text
    effort: tuple[int, int]  # minutes, low and high
    slots: tuple[int, int]
    skills: tuple[str, ...]  # curated skill slugs
    category: str  # contributions.Category value
    timing: tuple[str, ...] = (SLOT,)


class ActionText(NamedTuple):
    # "need": for one person; "group": for several (or a named person); "commons": for nobody in particular.
    kind: str
    title: Text
    problem: Text
    tasks: tuple[TaskText, ...]
    months: tuple[int, ...] = ()  # in season only; empty means all year
    public_chance: float = 0.05


WINTER = (11, 12, 1, 2, 3)
GROWING = (4, 5, 6, 7, 8, 9, 10)

ACTIONS: tuple[ActionText, ...] = (
    ActionText(
        "need",
        ("Kauppareissu ja kassit kotiin", "Shopping trip and bags carried home"),
        (
            "Polvi ei kestä portaita kassien kanssa. Kaupassa käyn mielelläni itse, mutta kantoapu "
            "kolmanteen kerrokseen olisi suuri helpotus.",
            "My knee can't manage the stairs with heavy bags. I like to choose my own groceries, but "
            "help carrying them up to the third floor would make a big difference.",
        ),
        (
            TaskText(
                ("Mukaan kauppaan ja kassit ylös", "Come along to the shop and carry the bags up"),
                ("Lähikauppa on kulman takana. Noin tunti.", "The corner shop is just round the block. About an hour."),
                (45, 75),
                (1, 1),
                ("shopping", "transport"),
                "household",
                (SLOT, DEADLINE),
            ),
        ),
    ),
    ActionText(
        "need",
        ("Saattaja apteekkiin", "Company on the walk to the pharmacy"),
        (
            "Liukkailla en uskalla lähteä yksin. Hoidan ostokset itse, kaipaan vain käsipuolta matkalle.",
            "I don't dare go out alone when it's icy. I do my own errands, I'd just like an arm to hold on the way.",
        ),
        (
            TaskText(
                ("Kävely apteekkiin ja takaisin", "Walk to the pharmacy and back"),
                ("Hidas tahti, apteekki on Hakaniemessä.", "A slow pace; the pharmacy is in Hakaniemi."),
                (30, 50),
                (1, 1),
                ("walking",),
                "care",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Saattaja terveysasemalle", "Accompanying to the health centre"),
        (
            "Minulla on aika terveysasemalla, ja bussimatkat jännittävät. Seuraa odotushuoneeseen ja kotiin.",
            "I have an appointment at the health centre and the bus journey makes me nervous. Company "
            "there, in the waiting room and home again.",
        ),
        (
            TaskText(
                ("Mukaan terveysasemalle ja kotiin", "Go with me to the health centre and home"),
                (
                    "Odottaminen voi venyä, varaa aikaa. Kahvi tarjotaan.",
                    "The wait can be long, so allow time. Coffee is on me.",
                ),
                (90, 200),
                (1, 1),
                ("walking", "company"),
                "care",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Tabletti ja videopuhelut lapsenlapsille", "Help with a tablet and video calls to the grandchildren"),
        (
            "Sain tabletin lahjaksi, mutta en osaa soittaa videopuhelua. Tyttärentytär asuu Tampereella.",
            "I was given a tablet but can't make a video call. My granddaughter lives in Tampere.",
        ),
        (
            TaskText(
                ("Tabletin käyttöönotto", "Set up the tablet"),
                ("Wifi, isommat kirjaimet ja sovellus videopuheluille.", "Wi-fi, larger letters and a video-call app."),
                (45, 90),
                (1, 1),
                ("computers",),
                "tech_help",
                (SLOT, NONE),
            ),
            TaskText(
                ("Harjoitellaan videopuhelua yhdessä", "Practise a video call together"),
                ("Soitetaan ensin toisillemme, sitten Tampereelle.", "We call each other first, then Tampere."),
                (30, 60),
                (1, 1),
                ("computers", "company"),
                "tech_help",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Viikoittainen kyläily", "Weekly company visit"),
        (
            "Vaimon kuoltua päivät ovat pitkiä. Kahvi ja juttuseura kerran viikossa toisi rytmiä.",
            "Since my wife died the days are long. Coffee and a chat once a week would give the week a shape.",
        ),
        (
            TaskText(
                ("Kahvit ja juttuseuraa", "Coffee and a chat"),
                ("Tunti tai vähän yli. Ristikkoa voi ratkoa yhdessä.", "An hour or so. We can do the crossword."),
                (45, 90),
                (1, 1),
                ("company",),
                "company",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Ääneen lukemista", "Reading aloud"),
        (
            "Näkö on heikentynyt enkä jaksa äänikirjoja. Helsingin Sanomat ja vähän dekkaria olisi ihanaa.",
            "My eyesight is going and I don't get on with audiobooks. The newspaper and a bit of a "
            "detective novel would be lovely.",
        ),
        (
            TaskText(
                ("Lehden ja kirjan lukeminen ääneen", "Read the paper and a chapter aloud"),
                ("", ""),
                (45, 60),
                (1, 1),
                ("reading", "company"),
                "company",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Verhot ja lamppu paikoilleen", "Curtains up and a lamp fixed"),
        (
            "Muutin pienempään asuntoon. Tikkaille en enää nouse.",
            "I moved to a smaller flat. I don't climb ladders any more.",
        ),
        (
            TaskText(
                ("Verhotankojen kiinnitys", "Put up the curtain rods"),
                ("Porakone on naapurilta lainassa.", "The neighbour lends a drill."),
                (30, 60),
                (1, 1),
                ("repairs",),
                "household",
                (SLOT, NONE),
            ),
            TaskText(
                ("Kattolampun vaihto", "Change the ceiling lamp"),
                ("Uusi lamppu on jo ostettu.", "The new lamp is already bought."),
                (20, 40),
                (1, 1),
                ("repairs",),
                "household",
                (NONE, DEADLINE),
            ),
        ),
    ),
    ActionText(
        "need",
        ("Kevätsiivous ja ikkunat", "Spring clean and windows"),
        (
            "Ikkunat ovat olleet pesemättä kaksi vuotta. Yksin en selviä, mutta pyyhkeitä osaan kyllä ojentaa.",
            "The windows haven't been washed for two years. I can't do it alone, but I can hand over the cloths.",
        ),
        (
            TaskText(
                ("Ikkunanpesu", "Wash the windows"),
                ("Neljä ikkunaa ja parvekkeen lasit.", "Four windows and the balcony glazing."),
                (150, 210),
                (1, 2),
                ("cleaning",),
                "household",
            ),
            TaskText(
                ("Mattojen tuuletus pihalla", "Air the rugs in the yard"),
                ("", ""),
                (30, 45),
                (1, 2),
                ("transport",),
                "household",
                (SLOT, NONE),
            ),
        ),
        months=(3, 4, 5, 6),
    ),
    ActionText(
        "need",
        ("Rappujen ja oven edustan lumityöt", "Snow clearing by the front door"),
        (
            "Taloyhtiön aura ei ulotu omakotitalon portaille. Lapiointi on lääkärin mukaan nyt kielletty.",
            "The plough doesn't reach my front steps, and the doctor has told me not to shovel any more.",
        ),
        (
            TaskText(
                ("Lumityöt aamulla", "Clear the snow in the morning"),
                ("Lapio ja hiekka ovat eteisessä.", "The shovel and the grit are in the porch."),
                (30, 60),
                (1, 1),
                ("transport",),
                "garden",
                (SLOT, DEADLINE),
            ),
        ),
        months=(12, 1, 2, 3),
    ),
    ActionText(
        "need",
        ("Kävelyseuraa rantaan", "Company for a walk by the shore"),
        (
            "Lonkkaleikkauksen jälkeen pitäisi kävellä joka päivä, mutta yksin ei tule lähdettyä.",
            "After my hip operation I should walk every day, but on my own I never go.",
        ),
        (
            TaskText(
                ("Kävely rannassa", "A walk by the shore"),
                ("Rauhallinen tahti, penkeillä levähdetään.", "A gentle pace, with rests on the benches."),
                (40, 75),
                (1, 2),
                ("walking",),
                "company",
            ),
        ),
    ),
    ActionText(
        "group",
        ("Tuolijumppa kirjastolla", "Chair exercise group at the library"),
        (
            "Moni meistä ei enää pääse kuntosalille. Tuolijumppa pitää nivelet liikkeessä ja tuo porukan yhteen.",
            "Many of us can't get to a gym any more. Chair exercise keeps the joints moving and brings us together.",
        ),
        (
            TaskText(
                ("Jumpan vetäminen", "Lead the chair exercise"),
                ("Helppoja liikkeitä istuen, musiikki mukaan.", "Easy moves sitting down, with music."),
                (45, 60),
                (1, 2),
                ("exercise",),
                "care",
            ),
            TaskText(
                ("Tuolit ja kahvit valmiiksi", "Set out the chairs and the coffee"),
                ("", ""),
                (20, 30),
                (1, 2),
                (),
                "organising",
            ),
        ),
        public_chance=0.4,
    ),
    ActionText(
        "group",
        ("Yhteinen sunnuntailounas", "Shared Sunday lunch"),
        (
            "Sunnuntait ovat yksin asuville pisimpiä. Kokataan yhdessä ja syödään kerhohuoneella.",
            "Sundays are the longest day for people living alone. Let's cook together and eat in the club room.",
        ),
        (
            TaskText(
                ("Ruokaostokset", "Buy the groceries"),
                ("Lista on keskustelussa.", "The list is in the conversation."),
                (45, 75),
                (1, 1),
                ("shopping",),
                "meals",
                (DEADLINE,),
            ),
            TaskText(
                ("Lohikeiton ja jälkiruoan valmistus", "Cook the salmon soup and the pudding"),
                ("Keittiö on kerhohuoneen takana.", "The kitchen is behind the club room."),
                (120, 200),
                (1, 3),
                ("cooking",),
                "meals",
            ),
            TaskText(
                ("Kattaminen ja tiskit", "Lay the tables and wash up"),
                ("", ""),
                (45, 60),
                (2, 3),
                ("cleaning",),
                "meals",
            ),
        ),
        public_chance=0.3,
    ),
    ActionText(
        "group",
        ("Kahviaamu ja uudet naapurit", "Coffee morning for new neighbours"),
        (
            "Moni uusi jäsen ei vielä tunne ketään. Pidetään kahviaamu, jossa ehtii jutella rauhassa.",
            "Many new members don't know anybody yet. A coffee morning with time to talk.",
        ),
        (
            TaskText(
                ("Pullan leipominen", "Bake the cinnamon buns"),
                ("Kaksi pellillistä riittää.", "Two trays will do."),
                (90, 150),
                (1, 2),
                ("cooking",),
                "meals",
                (DEADLINE,),
            ),
            TaskText(
                ("Vastaanotto ovella", "Welcome people at the door"),
                ("", ""),
                (30, 60),
                (1, 2),
                ("company",),
                "company",
            ),
        ),
        public_chance=0.5,
    ),
    ActionText(
        "group",
        ("Taloyhtiön pihatalkoot", "Co-housing yard work day"),
        (
            "Piha on jäänyt hoitamatta, eikä moni asukas jaksa haravoida. Yhdessä se käy puolessa päivässä.",
            "The yard has been neglected and many residents can't rake any more. Together it takes half a day.",
        ),
        (
            TaskText(
                ("Haravointi ja kukkapenkit", "Rake and weed the flower beds"),
                ("Haravat ja hanskat löytyvät varastosta.", "Rakes and gloves are in the shed."),
                (120, 240),
                (2, 3),
                ("gardening",),
                "garden",
            ),
            TaskText(
                ("Talkookahvit", "Coffee for the workers"),
                ("", ""),
                (30, 45),
                (1, 1),
                ("cooking",),
                "meals",
            ),
        ),
        months=GROWING,
        public_chance=0.3,
    ),
    ActionText(
        "group",
        ("Lumityöt yhteispihalla", "Snow clearing in the shared yard"),
        (
            "Huoltoyhtiö auraa vain ajotien. Ovien edustat ja roskakatoksen polku jäävät liukkaiksi.",
            "The maintenance company only ploughs the driveway. The doorsteps and the path to the bins stay icy.",
        ),
        (
            TaskText(
                ("Lapiointi ja hiekoitus", "Shovel and grit"),
                ("Aamulla ennen kymmentä.", "In the morning, before ten."),
                (45, 90),
                (1, 3),
                ("transport",),
                "garden",
            ),
        ),
        months=WINTER,
    ),
    ActionText(
        "commons",
        ("Kesäretken suunnitelma", "Drafting the summer excursion plan"),
        (
            "Viime kesän Suomenlinnan retki oli kaikkien mieleen. Suunnitellaan tämän kesän retki niin, "
            "että rollaattorillakin pääsee mukaan.",
            "Last summer's trip to Suomenlinna was loved by everyone. Let's plan this summer's excursion so "
            "that people with a walker can come too.",
        ),
        (
            TaskText(
                ("Vaihtoehtojen kokoaminen", "Collect three options"),
                ("Esteettömyys ja hinta mukaan.", "Include accessibility and cost."),
                (60, 120),
                (1, 2),
                ("paperwork",),
                "ideas",
                (DEADLINE, NONE),
            ),
            TaskText(
                ("Tilausbussin hinnan selvitys", "Find out what a chartered bus costs"),
                ("", ""),
                (30, 45),
                (1, 1),
                ("paperwork",),
                "organising",
                (DEADLINE,),
            ),
            TaskText(
                ("Suunnitelma keskusteluun", "Write the plan up for the conversation"),
                ("", ""),
                (60, 150),
                (1, 1),
                ("paperwork",),
                "ideas",
                (DEADLINE, NONE),
            ),
        ),
        months=(1, 2, 3, 4, 5),
        public_chance=0.2,
    ),
    ActionText(
        "commons",
        ("Kerhohuoneen siivousvuorolistan luonnos", "A cleaning rota draft for the club room"),
        (
            "Kerhohuone on jäänyt muutaman ihmisen siivottavaksi. Tehdään vuorolista, jossa kukin ottaa "
            "vain pienen osan.",
            "The club room gets cleaned by the same few people. A rota where everyone takes just a small turn.",
        ),
        (
            TaskText(
                ("Luonnos vuorolistaksi", "Draft the rota"),
                ("Puoli tuntia per vuoro, kerran kuussa.", "Half an hour a turn, once a month."),
                (30, 60),
                (1, 1),
                ("paperwork",),
                "organising",
                (NONE, DEADLINE),
            ),
            TaskText(
                ("Ensimmäinen siivousvuoro", "The first cleaning turn"),
                ("", ""),
                (30, 60),
                (1, 2),
                ("cleaning",),
                "household",
            ),
        ),
    ),
    ActionText(
        "commons",
        ("Soittorinki yksin asuville", "A phone circle for people living alone"),
        (
            "Kaikki eivät pääse kahviaamuihin. Soittorinki, jossa jokainen saa puhelun kerran viikossa.",
            "Not everybody can come to the coffee mornings. A phone circle so that everyone gets a call each week.",
        ),
        (
            TaskText(
                ("Soittolistan kokoaminen", "Put together the call list"),
                ("Vain niiden numerot, jotka ovat antaneet luvan.", "Only the numbers of people who said yes."),
                (30, 60),
                (1, 1),
                ("paperwork",),
                "organising",
                (NONE,),
            ),
            TaskText(
                ("Viikon soitot", "This week's calls"),
                ("Viisi puhelua, kukin noin kymmenen minuuttia.", "Five calls of about ten minutes each."),
                (45, 75),
                (1, 3),
                ("company",),
                "company",
                (DEADLINE,),
            ),
        ),
    ),
    ActionText(
        "commons",
        ("Ilmoitukset kirjastolle ja terveysasemalle", "Posters for the library and the health centre"),
        (
            "Moni yksin asuva ei tiedä meistä. Isokirjaiminen ilmoitus kirjastolle ja terveysasemalle.",
            "Many people who live alone don't know about us. A large-print poster for the library and health centre.",
        ),
        (
            TaskText(
                ("Ilmoituksen teksti ja taitto", "Write and lay out the poster"),
                ("", ""),
                (45, 90),
                (1, 1),
                ("computers",),
                "ideas",
                (NONE, DEADLINE),
            ),
            TaskText(
                ("Ilmoitusten vienti", "Take the posters round"),
                ("", ""),
                (30, 60),
                (1, 2),
                ("walking",),
                "organising",
                (DEADLINE,),
            ),
        ),
        public_chance=0.3,
    ),
)

# "I need help": one person asks, one task, started in the initiate stage.
NEED_HELP: tuple[ActionText, ...] = (
    ActionText(
        "need",
        ("Tarvitsen apua: kauppakassit kotiin", "I need help: carrying the shopping home"),
        ("Kassit ovat liian painavia portaisiin.", "The bags are too heavy for my stairs."),
        (
            TaskText(
                ("Kauppakassien kantaminen", "Carry the shopping bags"),
                ("", ""),
                (30, 60),
                (1, 1),
                ("shopping", "transport"),
                "household",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Tarvitsen apua: puhelimen asetukset", "I need help: settings on my phone"),
        ("Kirjaimet ovat liian pieniä ja soittoääni hukassa.", "The letters are too small and the ringtone is gone."),
        (
            TaskText(
                ("Puhelimen kirjaimet isommiksi", "Make the phone's letters bigger"),
                ("", ""),
                (20, 45),
                (1, 1),
                ("computers",),
                "tech_help",
                (SLOT, NONE),
            ),
        ),
    ),
    ActionText(
        "need",
        ("Tarvitsen apua: saattaja hammaslääkäriin", "I need help: someone to go with me to the dentist"),
        ("Ajanvaraus on Kalasataman terveysasemalla.", "The appointment is at Kalasatama health centre."),
        (
            TaskText(
                ("Saattaja hammaslääkäriin", "Go with me to the dentist"),
                ("", ""),
                (90, 150),
                (1, 1),
                ("walking",),
                "care",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Tarvitsen apua: verhojen vaihto", "I need help: changing the curtains"),
        ("En enää nouse jakkaralle.", "I don't climb on a stool any more."),
        (
            TaskText(
                ("Verhojen vaihto", "Change the curtains"),
                ("", ""),
                (30, 45),
                (1, 1),
                ("repairs",),
                "household",
            ),
        ),
    ),
    ActionText(
        "need",
        ("Tarvitsen apua: seuraa kävelylle", "I need help: company for a walk"),
        ("Yksin en uskalla lähteä ulos.", "I don't dare go out on my own."),
        (
            TaskText(
                ("Kävely korttelin ympäri", "A walk around the block"),
                ("", ""),
                (30, 60),
                (1, 1),
                ("walking", "company"),
                "company",
            ),
        ),
    ),
)

# Recurring visits and groups: (title, description, rrule, effort, slots, skills, category, place key).
SERIES: tuple[tuple[Text, Text, str, int, int, tuple[str, ...], str], ...] = (
    (
        ("Tiistain kyläily ja ristikot", "Tuesday visit and crossword"),
        ("Kahvit, juttuseura ja päivän ristikko.", "Coffee, a chat and the day's crossword."),
        "FREQ=WEEKLY;BYDAY=TU",
        60,
        1,
        ("company",),
        "company",
    ),
    (
        ("Keskiviikon tuolijumppa", "Wednesday chair exercise"),
        ("Jumppa istuen, kaikki tasot tervetulleita.", "Exercise sitting down, every level welcome."),
        "FREQ=WEEKLY;BYDAY=WE",
        60,
        2,
        ("exercise",),
        "care",
    ),
    (
        ("Perjantain kauppareissu", "Friday shopping trip"),
        ("Yhteinen kauppareissu ja kassit kotiin.", "Shopping together and the bags carried home."),
        "FREQ=WEEKLY;BYDAY=FR",
        75,
        1,
        ("shopping", "transport"),
        "household",
    ),
    (
        ("Maanantain rantakävely", "Monday walk by the shore"),
        ("Rauhallinen kävely, penkeillä levähdetään.", "A gentle walk with rests on the benches."),
        "FREQ=WEEKLY;BYDAY=MO",
        60,
        2,
        ("walking",),
        "company",
    ),
    (
        ("Torstain lukutuokio", "Thursday reading hour"),
        ("Lehti ja kirjan luku ääneen.", "The newspaper and a chapter read aloud."),
        "FREQ=WEEKLY;BYDAY=TH",
        45,
        1,
        ("reading",),
        "company",
    ),
)

PLACES = {
    "kallio": (
        "Kallion kirjasto",
        "Kerhohuone, Helsinginkatu",
        "Hakaniemen tori",
        "Kallion terveysasema",
        "Sörnäisten rantatie",
        "Karhupuisto",
    ),
    "vuosaari": ("Vuotalo", "Aurinkolahden ranta", "Kauppakeskus Columbus", "Vuosaaren terveysasema", "Mustakivi"),
}
HOME = ("Kotona", "At home")

# Help recorded without an action: (text of the note, category, to a person?).
UNPLANNED: tuple[tuple[Text, str, bool, tuple[int, int]], ...] = (
    (("Kävin kylässä ja juotiin kahvit.", "Dropped in for coffee."), "company", True, (30, 90)),
    (("Soitin ja juteltiin pitkään.", "Phoned and we had a long chat."), "company", True, (15, 45)),
    (("Toin postit ja roskat alas.", "Brought up the post and took the rubbish down."), "household", True, (10, 20)),
    (("Neuvoin puhelimen kanssa.", "Helped with the phone."), "tech_help", True, (15, 40)),
    (("Lainasin porakonetta ja kiinnitin hyllyn.", "Lent my drill and put up a shelf."), "household", True, (30, 60)),
    (("Leivoin pullat torstain kahviaamuun.", "Baked buns for Thursday's coffee morning."), "meals", False, (60, 120)),
    (("Luonnostelin siivousvuorolistan.", "Drafted the cleaning rota."), "organising", False, (30, 60)),
    (("Kirjoitin ideoita kevään ohjelmaan.", "Wrote down ideas for the spring programme."), "ideas", False, (30, 90)),
    (("Keräsin kahvikupit ja tiskasin.", "Collected the coffee cups and washed up."), "household", False, (20, 40)),
    (("Päivitin kerhon ilmoitustaulun.", "Updated the club noticeboard."), "organising", False, (20, 45)),
)

CLAIM_NOTES: tuple[Text, ...] = (
    ("Mukava reissu, sovittiin jo seuraavasta.", "A nice outing, we already agreed on the next one."),
    ("Meni hyvin, vähän kauemmin kuin luulin.", "Went well, took a bit longer than I thought."),
    ("Juotiin vielä kahvit päälle.", "We had coffee afterwards."),
    ("Kaikki valmista.", "All done."),
    ("Hyvä porukka!", "A good crowd!"),
)

THANKS: tuple[Text, ...] = (
    ("Kiitos, olit suurena apuna!", "Thank you, that was a great help!"),
    ("Kiitos seurasta, päivä piristyi.", "Thanks for the company, it brightened my day."),
    ("Ihanaa, että tulit.", "So lovely that you came."),
    ("Kiitos! Ensi kerralla minä keitän kahvit.", "Thank you! Next time the coffee is on me."),
    ("Tämä oli juuri sitä mitä tarvittiin.", "Just what was needed."),
    ("Suuri kiitos kärsivällisyydestä.", "Many thanks for your patience."),
)

DIFFERENCE: tuple[Text, ...] = (
    ("Pääsin taas ulos, yksin en olisi lähtenyt.", "I got out of the house again; on my own I wouldn't have gone."),
    ("Viikko tuntui vähemmän yksinäiseltä.", "The week felt less lonely."),
    ("Nyt osaan soittaa tyttärelle itse.", "Now I can call my daughter myself."),
    ("Moni uusi ihminen tuli mukaan.", "Many new people joined in."),
    ("Asunto on taas turvallinen liikkua.", "The flat is safe to move around in again."),
    ("Tutustuin naapureihin, joita en ollut ennen tavannut.", "I met neighbours I had never met before."),
)

CHANGE_NEXT_TIME: tuple[Text, ...] = (
    ("Aikaisempi aloitus, iltapäivällä väsyttää.", "An earlier start; I get tired in the afternoon."),
    ("Enemmän tekijöitä, niin kukaan ei väsy.", "More people, so nobody gets worn out."),
    ("Isompi fontti ilmoitukseen.", "Bigger letters on the notice."),
    ("Ei mitään, juuri hyvä näin.", "Nothing, it was just right."),
    ("Tehtävät pienemmiksi paloiksi.", "Smaller tasks."),
)

NAMED_BENEFICIARIES = (
    "Helmi Korhonen",
    "Toivo Mäkelä",
    "Sirkka Laaksonen",
    "Veikko Hämäläinen",
    "Elli Saarinen",
    "Ester Holmberg",
)
