"""Everyday texts: "I need help" requests, weekly visits, places, notes, thanks and assessments."""

from talkoot.core.demo.activity_texts.kinds import NONE, SLOT, ActionText, TaskText, Text

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
