"""Actions for one person: what an elderly member, or a neighbour on their behalf, asks help with."""

from talkoot.core.demo.activity_texts.kinds import DEADLINE, NONE, SLOT, ActionText, TaskText

FOR_ONE: tuple[ActionText, ...] = (
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
)
