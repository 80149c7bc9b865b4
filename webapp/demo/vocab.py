"""Word lists for the demo business: a small IT service company selling to European SMEs."""

FIRST_NAMES_F = (
    "Anna", "Birgit", "Carla", "Claudia", "Daniela", "Elena", "Eva", "Franziska", "Hanna", "Ines",
    "Jana", "Johanna", "Julia", "Karin", "Katharina", "Laura", "Lea", "Lisa", "Marie", "Martina",
    "Melanie", "Miriam", "Nadine", "Nina", "Petra", "Sandra", "Sara", "Silke", "Simone", "Sophie",
    "Stefanie", "Susanne", "Tanja", "Ute", "Vanessa", "Verena", "Anke", "Greta", "Ilse", "Emma",
)
FIRST_NAMES_M = (
    "Alexander", "Andreas", "Bernd", "Christian", "Daniel", "David", "Dennis", "Dirk", "Florian",
    "Frank", "Georg", "Hans", "Jan", "Jens", "Jörg", "Kai", "Klaus", "Lars", "Lukas", "Marco",
    "Martin", "Matthias", "Max", "Michael", "Niklas", "Oliver", "Patrick", "Paul", "Peter", "Ralf",
    "Sebastian", "Stefan", "Sven", "Thomas", "Tim", "Torsten", "Uwe", "Volker", "Wolfgang", "Yusuf",
)
LAST_NAMES = (
    "Albrecht", "Arnold", "Bauer", "Baumann", "Beck", "Berger", "Böhm", "Brandt", "Braun", "Busch",
    "Dietrich", "Engel", "Fischer", "Frank", "Friedrich", "Fuchs", "Graf", "Groß", "Günther", "Haas",
    "Hahn", "Hartmann", "Heinrich", "Herrmann", "Hoffmann", "Hofmann", "Horn", "Huber", "Jäger",
    "Jung", "Kaiser", "Keller", "Klein", "Koch", "König", "Köhler", "Krause", "Krüger", "Kuhn",
    "Kühn", "Lange", "Lehmann", "Lorenz", "Ludwig", "Maier", "Mayer", "Meyer", "Möller", "Müller",
    "Neumann", "Otto", "Peters", "Pohl", "Richter", "Roth", "Sauer", "Schäfer", "Scholz", "Schmid",
    "Schmidt", "Schmitt", "Schneider", "Schreiber", "Schröder", "Schubert", "Schulte", "Schulz",
    "Schwarz", "Seidel", "Simon", "Sommer", "Stein", "Thomas", "Vogel", "Vogt", "Walter", "Weber",
    "Weiß", "Werner", "Winkler", "Wolf", "Yilmaz", "Zimmermann", "Kowalski", "Novak", "de Vries",
    "Jansen", "Nielsen", "Costa", "Rossi",
)

# (industry, effect on the close chance in logits, words that make a company name)
INDUSTRIES = (
    ("Manufacturing", 0.35, ("Metallbau", "Maschinenbau", "Kunststofftechnik", "Präzisionsteile")),
    ("Trades & Construction", -0.25, ("Bau", "Haustechnik", "Elektro", "Dachdecker")),
    ("IT & Software", 0.15, ("Software", "Systemhaus", "Digital", "Data")),
    ("Retail", -0.4, ("Moden", "Handel", "Feinkost", "Fahrradladen")),
    ("Wholesale", 0.05, ("Großhandel", "Vertrieb", "Import", "Agrarhandel")),
    ("Logistics", 0.25, ("Logistik", "Spedition", "Transporte", "Lagertechnik")),
    ("Healthcare", 0.45, ("Praxis", "Pflegedienst", "Medizintechnik", "Dental")),
    ("Hospitality", -0.55, ("Hotel", "Gastronomie", "Catering", "Brauhaus")),
    ("Professional Services", 0.1, ("Steuerberatung", "Kanzlei", "Consulting", "Ingenieurbüro")),
    ("Real Estate", -0.1, ("Immobilien", "Hausverwaltung", "Wohnbau", "Projektentwicklung")),
)
LEGAL_FORMS = ("GmbH", "GmbH", "GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.", "UG")
NAME_WORDS = ("Nord", "Süd", "Rhein", "Alpen", "Elbe", "Main", "Isar", "Harz", "Spree", "Weser",
              "Blau", "Grün", "Sonnen", "Stern", "Linden", "Eichen", "Falken", "Adler", "Berg", "Tal")

# (city, postal code prefix, country, territory, phone area code)
CITIES = (
    ("Hamburg", "20", "Germany", "North", "040"), ("Bremen", "28", "Germany", "North", "0421"),
    ("Hannover", "30", "Germany", "North", "0511"), ("Kiel", "24", "Germany", "North", "0431"),
    ("Oldenburg", "26", "Germany", "North", "0441"), ("Lübeck", "23", "Germany", "North", "0451"),
    ("Berlin", "10", "Germany", "East", "030"), ("Leipzig", "04", "Germany", "East", "0341"),
    ("Dresden", "01", "Germany", "East", "0351"), ("Potsdam", "14", "Germany", "East", "0331"),
    ("Erfurt", "99", "Germany", "East", "0361"), ("Rostock", "18", "Germany", "East", "0381"),
    ("Magdeburg", "39", "Germany", "East", "0391"), ("Köln", "50", "Germany", "West", "0221"),
    ("Düsseldorf", "40", "Germany", "West", "0211"), ("Dortmund", "44", "Germany", "West", "0231"),
    ("Essen", "45", "Germany", "West", "0201"), ("Münster", "48", "Germany", "West", "0251"),
    ("Aachen", "52", "Germany", "West", "0241"), ("Bonn", "53", "Germany", "West", "0228"),
    ("Frankfurt am Main", "60", "Germany", "West", "069"), ("Mainz", "55", "Germany", "West", "06131"),
    ("München", "80", "Germany", "South", "089"), ("Stuttgart", "70", "Germany", "South", "0711"),
    ("Nürnberg", "90", "Germany", "South", "0911"), ("Augsburg", "86", "Germany", "South", "0821"),
    ("Freiburg", "79", "Germany", "South", "0761"), ("Regensburg", "93", "Germany", "South", "0941"),
    ("Karlsruhe", "76", "Germany", "South", "0721"), ("Ulm", "89", "Germany", "South", "0731"),
    ("Wien", "1", "Austria", "South", "+43 1"), ("Salzburg", "5", "Austria", "South", "+43 662"),
    ("Graz", "8", "Austria", "South", "+43 316"), ("Zürich", "8", "Switzerland", "South", "+41 44"),
    ("Basel", "4", "Switzerland", "South", "+41 61"), ("Utrecht", "35", "Netherlands", "West", "+31 30"),
    ("Eindhoven", "56", "Netherlands", "West", "+31 40"), ("Aarhus", "8", "Denmark", "North", "+45"),
)
STREETS = ("Hauptstraße", "Bahnhofstraße", "Industriestraße", "Gartenweg", "Lindenallee",
           "Am Markt", "Mühlenweg", "Schillerstraße", "Goethestraße", "Hafenstraße", "Ringstraße",
           "Kirchplatz", "Gewerbepark", "Feldstraße", "Am Sportplatz", "Rosenweg", "Parkstraße")

# (function, weight, chance of being the decision maker)
FUNCTIONS = (
    ("Managing Director", 16, 0.8), ("CEO", 6, 0.85), ("Owner", 8, 0.9), ("CFO", 4, 0.6),
    ("Head of Purchasing", 12, 0.45), ("IT Lead", 14, 0.35), ("Head of Operations", 8, 0.35),
    ("Head of Marketing", 6, 0.25), ("Office Manager", 10, 0.1), ("Project Manager", 8, 0.15),
    ("Assistant to Management", 8, 0.05),
)

# Projects the company sells, with the catalogue products an offer for them is made of.
PROJECTS = (
    ("ERP rollout", ("consulting", "licence_pro", "workshop", "pm")),
    ("Website relaunch", ("consulting", "pm", "support_std")),
    ("CRM introduction", ("licence_basic", "workshop", "consulting")),
    ("Network upgrade", ("hardware", "consulting", "support_std")),
    ("Cloud migration", ("consulting", "pm", "support_premium")),
    ("Managed workplace", ("hardware", "support_premium", "licence_basic")),
    ("IT security audit", ("consulting", "workshop", "handbook")),
    ("Backup and recovery", ("hardware", "support_std", "consulting")),
    ("Document management", ("licence_pro", "workshop", "consulting")),
    ("Online shop", ("consulting", "pm", "licence_basic")),
    ("Time tracking system", ("licence_basic", "training", "handbook")),
    ("Staff training programme", ("training", "handbook", "workshop")),
    ("Telephone system renewal", ("hardware", "consulting", "support_std")),
    ("Annual support contract", ("support_std", "support_premium")),
)

# key, name, unit, unit price, tax rate (books are taxed at the reduced German rate)
PRODUCTS = (
    ("consulting", "Consulting day", "day", "1150.00", "19.00"),
    ("pm", "Project management day", "day", "980.00", "19.00"),
    ("workshop", "Onboarding workshop (half day)", "pc", "690.00", "19.00"),
    ("licence_basic", "Software licence Basic, per user and year", "user", "240.00", "19.00"),
    ("licence_pro", "Software licence Professional, per user and year", "user", "480.00", "19.00"),
    ("hardware", "Workplace hardware package", "pc", "1390.00", "19.00"),
    ("support_std", "Support contract Standard, per month", "month", "290.00", "19.00"),
    ("support_premium", "Support contract Premium, per month", "month", "650.00", "19.00"),
    ("training", "Training course, per participant", "person", "420.00", "19.00"),
    ("handbook", "Printed user handbook", "pc", "34.90", "7.00"),
    ("legacy_fax", "Fax server maintenance (discontinued)", "month", "45.00", "19.00"),
)

MATERIALS = (
    ("Company brochure", "brochure"), ("Price list", "price_list"),
    ("Case study: manufacturing", "case_study"), ("Case study: healthcare", "case_study"),
    ("Product data sheet", "data_sheet"), ("Reference customer list", "reference"),
    ("Whitepaper: IT security for small businesses", "whitepaper"),
)

# Lost reasons and where they typically happen: disqualified, lost before offer, lost after offer.
LOST_REASONS = ("Price too high", "Chose a competitor", "No budget", "No response", "Timing",
                "Not a fit", "Project stopped", "Requirements not met")
DISQUALIFY_REASONS = (("Not a fit", 5), ("No budget", 3), ("No response", 3))
LOST_EARLY_REASONS = (("No response", 4), ("Timing", 3), ("No budget", 2), ("Chose a competitor", 2))
LOST_OFFER_REASONS = (("Price too high", 5), ("Chose a competitor", 4), ("Timing", 2),
                      ("Project stopped", 2), ("Requirements not met", 2), ("No response", 1))

# (name, channel, start offset in days before today, length in days, target industries)
CAMPAIGNS = (
    ("Spring mailing: digital invoicing", "mailing", 700, 45, ("Wholesale", "Retail", "Logistics")),
    ("Webinar series: IT security basics", "webinar", 610, 60, ()),
    ("Trade fair follow-up: Hannover Messe", "phone", 530, 30, ("Manufacturing", "Logistics")),
    ("Newsletter: cloud for craftsmen", "email", 420, 40, ("Trades & Construction",)),
    ("Practice IT check for clinics", "email", 330, 50, ("Healthcare",)),
    ("LinkedIn: managed workplace", "social", 220, 60, ("IT & Software", "Professional Services")),
    ("Autumn mailing: backup check", "mailing", 120, 45, ()),
    ("Webinar: ERP for growing companies", "webinar", 40, 50, ("Manufacturing", "Wholesale")),
    ("Spring trade fair invitation", "event", -25, 30, ()),
)

# (source, share of leads, effect on the close chance in logits)
SOURCES = (
    ("referral", 0.10, 1.0), ("trade_fair", 0.12, 0.7), ("partner", 0.06, 0.4),
    ("web_form", 0.20, 0.15), ("campaign", 0.14, 0.0), ("mailing", 0.10, -0.3),
    ("advertisement", 0.12, -0.75), ("cold_call", 0.16, -0.9),
)

NEXT_STEPS = ("Call back about the offer", "Send case study", "Schedule demo meeting",
              "Clarify budget with the CFO", "Confirm decision date", "Send revised offer",
              "Ask for feedback on the proposal", "Invite to webinar", "Qualify BANT by phone",
              "Meet on site")
REQUESTS = ("Reference customers in the same industry", "A price for 20 users", "On-site demo",
            "Data protection documentation", "A phased rollout plan", "Training for the team",
            "Hosting in Germany", "Interface to the accounting software")
OPEN_QUESTIONS = ("Who signs the order?", "Is the budget approved for this year?",
                  "Which system is in use today?", "How many sites are involved?",
                  "Does the works council need to agree?", "Is a pilot phase wanted?")
# How a rep notes a BANT answer or the reaction (the codes with underscores).
ANSWER_LABELS = {"decision_maker": "decision maker", "within_3_months": "within 3 months",
                 "within_12_months": "within 12 months"}
NOTES = ("Prefers e-mail over phone.", "Long-standing contact, friendly.",
         "Met at the regional business breakfast.", "Reachable mornings only.",
         "Asked not to be called on Fridays.", "Speaks English and German.")
