"""Actions for several people (groups, a named person) and for the commons (design and organising)."""

from talkoot.core.demo.activity_texts.kinds import DEADLINE, GROWING, NONE, WINTER, ActionText, TaskText

FOR_MANY: tuple[ActionText, ...] = (
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
