"""Curated Finnish and Finland-Swedish names for demo members.

Names follow the generation: people in their seventies and eighties were named Sirkka and Pentti,
students are named Venla and Eetu. Swedish-speaking Finns (about one in twenty in Helsinki) get
names and surnames from the Swedish lists.
"""

# One line per row of names, not per name.
# fmt: off
ELDER_WOMEN_FI = [
    "Aila", "Aili", "Anja", "Anna-Liisa", "Anneli", "Aune", "Eeva", "Eila", "Elli", "Elsa", "Elvi", "Helena", "Helka",
    "Helmi", "Hilkka", "Irja", "Irma", "Kaarina", "Kirsti", "Kyllikki", "Lahja", "Laila", "Leena", "Liisa", "Maija",
    "Maire", "Marja", "Marjatta", "Martta", "Orvokki", "Paula", "Pirjo", "Pirkko", "Raija", "Raili", "Riitta",
    "Ritva", "Salme", "Seija", "Sinikka", "Sirkka", "Sirpa", "Terttu", "Toini", "Tuula", "Tyyne", "Ulla", "Vappu",
    "Vieno",
]
ELDER_WOMEN_SV = [
    "Astrid", "Barbro", "Birgitta", "Brita", "Gun", "Gunilla", "Ingrid", "Kerstin", "Margareta", "Marianne", "Siv",
    "Solveig", "Ulla-Britt",
]
ELDER_MEN_FI = [
    "Aarne", "Ahti", "Antero", "Arvo", "Aulis", "Eero", "Eino", "Ensio", "Erkki", "Esko", "Hannu", "Heikki", "Ilkka",
    "Jaakko", "Jorma", "Juhani", "Kalevi", "Kari", "Kauko", "Keijo", "Lauri", "Markku", "Martti", "Matti", "Mauri",
    "Olavi", "Osmo", "Paavo", "Pekka", "Pentti", "Pertti", "Raimo", "Reijo", "Reino", "Risto", "Seppo", "Tapani",
    "Tapio", "Timo", "Toivo", "Tuomo", "Unto", "Veikko", "Viljo", "Väinö", "Yrjö",
]
ELDER_MEN_SV = [
    "Bengt", "Bo", "Gunnar", "Göran", "Håkan", "Lars", "Leif", "Ove", "Rolf", "Sten", "Stig", "Sture", "Torsten",
]

YOUNG_WOMEN_FI = [
    "Aada", "Aino", "Anni", "Elina", "Ella", "Emilia", "Emma", "Essi", "Heidi", "Helmi", "Henna", "Iida", "Jenna",
    "Johanna", "Kaisa", "Katja", "Laura", "Maria", "Milla", "Noora", "Oona", "Pinja", "Riikka", "Saara", "Sanna",
    "Sofia", "Tiia", "Veera", "Venla",
]
YOUNG_WOMEN_SV = [
    "Ebba", "Elin", "Freja", "Ida", "Linnea", "Matilda", "Stina", "Wilma",
]
YOUNG_MEN_FI = [
    "Aleksi", "Antti", "Arttu", "Eemeli", "Eetu", "Elias", "Ilari", "Janne", "Joonas", "Juho", "Jukka", "Jussi",
    "Lauri", "Leevi", "Markus", "Mikko", "Niko", "Olli", "Onni", "Otto", "Petri", "Sami", "Teemu", "Tommi", "Topias",
    "Tuomas", "Valtteri", "Veeti", "Ville",
]
YOUNG_MEN_SV = [
    "Anton", "Axel", "Emil", "Filip", "Jonas", "Kasper", "Max", "Oskar", "Viktor",
]

SURNAMES_FI = [
    "Aaltonen", "Ahonen", "Anttila", "Hakala", "Heikkilä", "Heikkinen", "Heinonen", "Hiltunen", "Hirvonen",
    "Honkanen", "Huttunen", "Hämäläinen", "Jokinen", "Järvinen", "Kallio", "Karjalainen", "Kettunen", "Kinnunen",
    "Kokkonen", "Korhonen", "Koskinen", "Lahtinen", "Laine", "Laitinen", "Lappalainen", "Lehtinen", "Lehtonen",
    "Leinonen", "Manninen", "Mattila", "Miettinen", "Mustonen", "Mäkelä", "Mäkinen", "Niemi", "Nieminen", "Ojala",
    "Peltonen", "Pitkänen", "Rantanen", "Rautio", "Räsänen", "Salminen", "Salo", "Salonen", "Savolainen", "Seppälä",
    "Toivonen", "Tuominen", "Turunen", "Virtanen", "Väisänen",
]
# Many Finnish-speaking families carry these too, so they are drawn for everybody now and then.
SURNAMES_SV = [
    "Andersson", "Blomqvist", "Björklund", "Ekholm", "Eriksson", "Forsman", "Granqvist", "Grönroos", "Holmström",
    "Johansson", "Karlsson", "Lindholm", "Lindqvist", "Lindroos", "Lindström", "Lundqvist", "Nyberg", "Nyström",
    "Sjöberg", "Strandberg", "Sundström", "Westerlund", "Wikström", "Åberg",
]
# fmt: on
