"""German words for the demo business, keyed by the English text they replace (see words.py).

The first and last names, streets and company-name words in vocab.py are German already: the
English demo is a German business too, so both share them (and so draw the same companies). What
differs is here: places with real postal codes, industries, job titles, the catalogue, campaigns
and everything the staff wrote in their own words.
"""

# English city -> (Ort, Land, Vorwahl, real postal codes). The German business sells in the DACH
# region: the three foreign cities of the English demo become German ones in the same territory.
CITIES = {
    "Hamburg": ("Hamburg", "Deutschland", "040",
                ("20095", "20144", "20249", "20354", "20457", "22041", "22297", "22765")),
    "Bremen": ("Bremen", "Deutschland", "0421", ("28195", "28203", "28209", "28217", "28359")),
    "Hannover": ("Hannover", "Deutschland", "0511", ("30159", "30161", "30169", "30173", "30419", "30559")),
    "Kiel": ("Kiel", "Deutschland", "0431", ("24103", "24105", "24114", "24143")),
    "Oldenburg": ("Oldenburg", "Deutschland", "0441", ("26121", "26122", "26123", "26135")),
    "Lübeck": ("Lübeck", "Deutschland", "0451", ("23552", "23554", "23558", "23560")),
    "Berlin": ("Berlin", "Deutschland", "030",
               ("10115", "10117", "10178", "10435", "10623", "10785", "12099", "13353")),
    "Leipzig": ("Leipzig", "Deutschland", "0341", ("04103", "04107", "04109", "04177", "04229")),
    "Dresden": ("Dresden", "Deutschland", "0351", ("01067", "01069", "01097", "01099", "01307")),
    "Potsdam": ("Potsdam", "Deutschland", "0331", ("14467", "14469", "14471", "14482")),
    "Erfurt": ("Erfurt", "Deutschland", "0361", ("99084", "99085", "99086", "99094")),
    "Rostock": ("Rostock", "Deutschland", "0381", ("18055", "18057", "18059", "18069")),
    "Magdeburg": ("Magdeburg", "Deutschland", "0391", ("39104", "39106", "39108", "39112")),
    "Köln": ("Köln", "Deutschland", "0221", ("50667", "50668", "50672", "50823", "50933", "51063")),
    "Düsseldorf": ("Düsseldorf", "Deutschland", "0211", ("40210", "40211", "40213", "40215", "40474", "40549")),
    "Dortmund": ("Dortmund", "Deutschland", "0231", ("44135", "44137", "44139", "44147", "44263")),
    "Essen": ("Essen", "Deutschland", "0201", ("45127", "45128", "45130", "45136", "45145")),
    "Münster": ("Münster", "Deutschland", "0251", ("48143", "48145", "48147", "48153", "48155")),
    "Aachen": ("Aachen", "Deutschland", "0241", ("52062", "52064", "52066", "52068")),
    "Bonn": ("Bonn", "Deutschland", "0228", ("53111", "53113", "53115", "53117", "53227")),
    "Frankfurt am Main": ("Frankfurt am Main", "Deutschland", "069",
                          ("60311", "60313", "60314", "60322", "60486", "60599")),
    "Mainz": ("Mainz", "Deutschland", "06131", ("55116", "55118", "55122", "55131")),
    "München": ("München", "Deutschland", "089",
                ("80331", "80333", "80335", "80469", "80796", "81241", "81669")),
    "Stuttgart": ("Stuttgart", "Deutschland", "0711", ("70173", "70174", "70176", "70178", "70469", "70565")),
    "Nürnberg": ("Nürnberg", "Deutschland", "0911", ("90402", "90403", "90409", "90429", "90461")),
    "Augsburg": ("Augsburg", "Deutschland", "0821", ("86150", "86152", "86153", "86159")),
    "Freiburg": ("Freiburg im Breisgau", "Deutschland", "0761", ("79098", "79100", "79102", "79104", "79110")),
    "Regensburg": ("Regensburg", "Deutschland", "0941", ("93047", "93049", "93053", "93055")),
    "Karlsruhe": ("Karlsruhe", "Deutschland", "0721", ("76131", "76133", "76135", "76137", "76185")),
    "Ulm": ("Ulm", "Deutschland", "0731", ("89073", "89075", "89077", "89079")),
    "Wien": ("Wien", "Österreich", "+43 1", ("1010", "1030", "1040", "1060", "1100", "1150", "1220")),
    "Salzburg": ("Salzburg", "Österreich", "+43 662", ("5020", "5023", "5026")),
    "Graz": ("Graz", "Österreich", "+43 316", ("8010", "8020", "8041", "8045")),
    "Zürich": ("Zürich", "Schweiz", "+41 44", ("8001", "8002", "8004", "8005", "8032", "8050")),
    "Basel": ("Basel", "Schweiz", "+41 61", ("4051", "4052", "4053", "4056", "4057")),
    "Utrecht": ("Bielefeld", "Deutschland", "0521", ("33602", "33604", "33609", "33613", "33615")),
    "Eindhoven": ("Wuppertal", "Deutschland", "0202", ("42103", "42105", "42275", "42283")),
    "Aarhus": ("Flensburg", "Deutschland", "0461", ("24937", "24939", "24941", "24943")),
}
POSTAL_CODES = {city: codes for city, _country, _area, codes in CITIES.values()}
HOME = ("Berlin", "10115", "Deutschland")  # contacts without a company (freelancers)
TERRITORIES = {"North": "Nord", "South": "Süd", "East": "Ost", "West": "West"}

INDUSTRIES = {
    "Manufacturing": "Maschinenbau", "Trades & Construction": "Handwerk & Bau",
    "IT & Software": "IT & Software", "Retail": "Einzelhandel", "Wholesale": "Großhandel",
    "Logistics": "Logistik & Spedition", "Healthcare": "Gesundheitswesen",
    "Hospitality": "Hotellerie & Gastronomie", "Professional Services": "Steuerberatung & Kanzleien",
    "Real Estate": "Immobilien",
}

# English function -> (his title, her title): German job titles have both forms.
FUNCTIONS = {
    "Managing Director": ("Geschäftsführer", "Geschäftsführerin"),
    "CEO": ("Vorstandsvorsitzender", "Vorstandsvorsitzende"),
    "Owner": ("Inhaber", "Inhaberin"),
    "CFO": ("Kaufmännischer Leiter", "Kaufmännische Leiterin"),
    "Head of Purchasing": ("Leiter Einkauf", "Leiterin Einkauf"),
    "IT Lead": ("IT-Leiter", "IT-Leiterin"),
    "Head of Operations": ("Betriebsleiter", "Betriebsleiterin"),
    "Head of Marketing": ("Marketingleiter", "Marketingleiterin"),
    "Office Manager": ("Büroleiter", "Büroleiterin"),
    "Project Manager": ("Projektleiter", "Projektleiterin"),
    "Assistant to Management": ("Assistent der Geschäftsführung", "Assistentin der Geschäftsführung"),
    "Freelancer": ("Freiberufler", "Freiberuflerin"),
}

CONTACT_NOTES = {
    "Prefers e-mail over phone.": "Bevorzugt E-Mail statt Telefon.",
    "Long-standing contact, friendly.": "Langjähriger Kontakt, sehr freundlich.",
    "Met at the regional business breakfast.": "Beim Unternehmerfrühstück der IHK kennengelernt.",
    "Reachable mornings only.": "Nur vormittags erreichbar.",
    "Asked not to be called on Fridays.": "Bittet darum, freitags nicht angerufen zu werden.",
    "Speaks English and German.": "Spricht Deutsch und Englisch.",
}
# A contact's custom fields: labels and values (the keys stay as they are).
CUSTOM = {
    "Preferred channel": "Bevorzugter Kanal", "Newsletter": "Newsletter", "Language": "Sprache",
    "phone": "Telefon", "email": "E-Mail", "meeting": "Persönliches Gespräch", "en": "Englisch",
    "yes": "ja", "no": "nein",
}

PROJECTS = {
    "ERP rollout": "ERP-Einführung", "Website relaunch": "Relaunch der Website",
    "CRM introduction": "CRM-Einführung", "Network upgrade": "Modernisierung des Netzwerks",
    "Cloud migration": "Umzug in die Cloud", "Managed workplace": "Arbeitsplatz als Managed Service",
    "IT security audit": "IT-Sicherheitsaudit", "Backup and recovery": "Datensicherung und Wiederherstellung",
    "Document management": "Dokumentenmanagement (DMS)", "Online shop": "Onlineshop",
    "Time tracking system": "Zeiterfassung", "Staff training programme": "Schulungsprogramm für die Belegschaft",
    "Telephone system renewal": "Erneuerung der Telefonanlage",
    "Annual support contract": "Jährlicher Wartungsvertrag",
}

PRODUCTS = {
    "Consulting day": "Beratungstag", "Project management day": "Projektmanagement-Tag",
    "Onboarding workshop (half day)": "Einführungsworkshop (halbtägig)",
    "Software licence Basic, per user and year": "Softwarelizenz Basic, je Nutzer und Jahr",
    "Software licence Professional, per user and year": "Softwarelizenz Professional, je Nutzer und Jahr",
    "Workplace hardware package": "Hardwarepaket Arbeitsplatz",
    "Support contract Standard, per month": "Wartungsvertrag Standard, monatlich",
    "Support contract Premium, per month": "Wartungsvertrag Premium, monatlich",
    "Training course, per participant": "Schulung, je Teilnehmer",
    "Printed user handbook": "Benutzerhandbuch, gedruckt",
    "Fax server maintenance (discontinued)": "Wartung Faxserver (ausgelaufen)",
}
UNITS = {"day": "Tag", "pc": "Stk.", "user": "Nutzer", "month": "Monat", "person": "Teilnehmer"}

MATERIALS = {
    "Company brochure": "Unternehmensbroschüre", "Price list": "Preisliste",
    "Case study: manufacturing": "Fallstudie: Maschinenbau",
    "Case study: healthcare": "Fallstudie: Gesundheitswesen",
    "Product data sheet": "Produktdatenblatt", "Reference customer list": "Referenzkundenliste",
    "Whitepaper: IT security for small businesses": "Whitepaper: IT-Sicherheit für kleine Unternehmen",
}

LOST_REASONS = {
    "Price too high": "Preis zu hoch", "Chose a competitor": "Wettbewerber beauftragt",
    "No budget": "Kein Budget", "No response": "Keine Rückmeldung", "Timing": "Zeitpunkt passt nicht",
    "Not a fit": "Passt nicht zu unserem Angebot", "Project stopped": "Projekt gestoppt",
    "Requirements not met": "Anforderungen nicht erfüllt",
}
LOST_NOTES = {
    "Went with the incumbent supplier.": "Bleibt beim bisherigen Dienstleister.",
    "Budget moved to next year.": "Budget ins nächste Jahr verschoben.",
    "Project on hold after a management change.": "Projekt nach Wechsel in der Geschäftsführung auf Eis gelegt.",
    "Wanted on-premise only.": "Will die Lösung nur im eigenen Haus betreiben, keine Cloud.",
    "Never called back after the first contact.": "Nach dem Erstkontakt nie zurückgerufen.",
}

# Campaign names may name the year the campaign started in.
CAMPAIGNS = {
    "Spring mailing: digital invoicing": "Frühjahrsmailing {year}: E-Rechnung",
    "Webinar series: IT security basics": "Webinarreihe IT-Sicherheit kompakt",
    "Trade fair follow-up: Hannover Messe": "Nachfassaktion Hannover Messe {year}",
    "Newsletter: cloud for craftsmen": "Newsletter: Cloud fürs Handwerk",
    "Practice IT check for clinics": "IT-Check für Arztpraxen und Kliniken",
    "LinkedIn: managed workplace": "LinkedIn: Arbeitsplatz als Service",
    "Autumn mailing: backup check": "Herbstmailing {year}: Datensicherungs-Check",
    "Webinar: ERP for growing companies": "Webinar: ERP für wachsende Unternehmen",
    "Spring trade fair invitation": "Einladung Frühjahrsmesse {year}",
}
CAMPAIGN_TEXTS = {
    "Mailing campaign": "Mailing-Kampagne", "Webinar campaign": "Webinar-Kampagne",
    "Phone campaign": "Telefonkampagne", "Email campaign": "E-Mail-Kampagne",
    "Social campaign": "Social-Media-Kampagne", "Event campaign": "Event-Kampagne",
    "{campaign} for {industries}.": "{campaign} für {industries}.",
    "{campaign} for all customers.": "{campaign} für alle Kunden.",
    "Reply to campaign": "Antwort auf Kampagne",
    "Interested, but not this year.": "Interessiert, aber nicht mehr in diesem Jahr.",
    "Asked to stay on the list.": "Möchte im Verteiler bleiben.",
    "Forwarded to a colleague.": "An eine Kollegin weitergeleitet.",
    "Wants the webinar recording.": "Bittet um die Aufzeichnung des Webinars.",
}

# What the staff wrote in the contact history (the app's own entries stay as the app writes them).
HISTORY = {
    "Web form enquiry": "Anfrage über das Kontaktformular", "Cold call": "Kaltakquise per Telefon",
    "Met at our trade fair stand": "Auf unserem Messestand kennengelernt",
    "Called on a customer's recommendation": "Anruf auf Empfehlung eines Kunden",
    "Reply to mailing": "Antwort auf Mailing", "Enquiry after advertisement": "Anfrage auf unsere Anzeige",
    "Passed on by our sales partner": "Vom Vertriebspartner vermittelt",
    "Interested in: {title}.": "Interesse an: {title}.",
    "Qualification call": "Qualifizierungsgespräch", "Follow-up call": "Nachfassanruf",
    "Clarified requirements": "Anforderungen geklärt", "Left a voicemail": "Auf die Mailbox gesprochen",
    "Discussed budget and timing": "Budget und Zeitplan besprochen",
    "Call about the offer": "Telefonat zum Angebot",
    "Answered technical questions": "Technische Fragen beantwortet",
    "Demo meeting": "Vorführtermin", "On-site visit": "Besuch vor Ort",
    "Video call with the decision makers": "Videokonferenz mit den Entscheidern",
    "Requirements workshop": "Anforderungsworkshop",
    "Sent requested information": "Gewünschte Informationen zugeschickt",
    "Follow-up e-mail": "Nachfass-E-Mail", "Meeting summary": "Gesprächsprotokoll",
    "Answered open questions": "Offene Fragen beantwortet",
    "Proposed meeting dates": "Terminvorschläge geschickt",
    "Note": "Notiz",
    "Competitor is also invited to pitch.": "Ein Wettbewerber ist ebenfalls zur Präsentation eingeladen.",
    "Decision expected at the next board meeting.":
        "Entscheidung fällt voraussichtlich in der nächsten Sitzung der Geschäftsleitung.",
    "Contact changes department next quarter.": "Ansprechpartner wechselt im nächsten Quartal die Abteilung.",
    "Wants references from the region.": "Möchte Referenzen aus der Region.",
    "Newsletter with customer story": "Newsletter mit Kundenbericht",
    "Invitation to our webinar": "Einladung zu unserem Webinar",
    "Seasonal check-in": "Kurze Nachfrage zum Quartalsbeginn",
    "Product update e-mail": "Neuigkeiten aus unserem Angebot",
    "Partner visit agreed": "Besuchstermin beim Kunden vereinbart",
    "{field}: {value}.": "{field}: {value}.",
    "{field}: {value} (was {old}).": "{field}: {value} (vorher: {old}).",
    "BANT not clarified yet.": "BANT noch nicht geklärt.",
}
# The BANT questions and the reaction as a rep notes them, and their answers per question.
ANSWER_FIELDS = {"Budget": "Budget", "Authority": "Entscheidungsbefugnis", "Need": "Bedarf",
                 "Timeline": "Zeitrahmen", "Reaction": "Reaktion"}
ANSWERS = {
    "budget": {"confirmed": "bestätigt", "planned": "geplant", "none": "keins"},
    "authority": {"decision_maker": "Entscheider", "influencer": "beeinflusst die Entscheidung",
                  "none": "keine"},
    "need": {"urgent": "dringend", "identified": "erkannt", "none": "keiner"},
    "timeline": {"within_3_months": "innerhalb von 3 Monaten", "within_12_months": "innerhalb von 12 Monaten",
                 "later": "später"},
    "reaction": {"enthusiastic": "begeistert", "reserved": "zurückhaltend", "sceptical": "skeptisch"},
}

LEAD_TEXTS = {
    "{title} for about {staff} staff.": "{title} für rund {staff} Mitarbeiter.",
    "Call back and qualify": "Zurückrufen und qualifizieren",
}
NEXT_STEPS = {
    "Call back about the offer": "Wegen des Angebots nachtelefonieren",
    "Send case study": "Fallstudie zuschicken", "Schedule demo meeting": "Vorführtermin vereinbaren",
    "Clarify budget with the CFO": "Budget mit der kaufmännischen Leitung klären",
    "Confirm decision date": "Entscheidungstermin bestätigen lassen",
    "Send revised offer": "Überarbeitetes Angebot schicken",
    "Ask for feedback on the proposal": "Rückmeldung zum Angebot einholen",
    "Invite to webinar": "Zum Webinar einladen", "Qualify BANT by phone": "BANT telefonisch klären",
    "Meet on site": "Termin vor Ort",
}
REQUESTS = {
    "Reference customers in the same industry": "Referenzkunden aus der eigenen Branche",
    "A price for 20 users": "Preis für 20 Nutzer", "On-site demo": "Vorführung vor Ort",
    "Data protection documentation": "Unterlagen zum Datenschutz (AV-Vertrag)",
    "A phased rollout plan": "Plan für eine schrittweise Einführung",
    "Training for the team": "Schulung für das Team", "Hosting in Germany": "Hosting in Deutschland",
    "Interface to the accounting software": "Schnittstelle zur Buchhaltung (DATEV)",
}
OPEN_QUESTIONS = {
    "Who signs the order?": "Wer unterschreibt den Auftrag?",
    "Is the budget approved for this year?": "Ist das Budget für dieses Jahr freigegeben?",
    "Which system is in use today?": "Welches System ist heute im Einsatz?",
    "How many sites are involved?": "Wie viele Standorte sind betroffen?",
    "Does the works council need to agree?": "Muss der Betriebsrat zustimmen?",
    "Is a pilot phase wanted?": "Ist eine Pilotphase gewünscht?",
}

TERMS = ("Zahlbar innerhalb von 14 Tagen nach Rechnungsdatum ohne Abzug. "
         "Alle Preise zuzüglich der gesetzlichen Umsatzsteuer.")
OFFER_TEXTS = {
    "Payment within 14 days of invoice, net. Prices plus statutory VAT.": TERMS,
    "Thank you for the good conversation. We look forward to working with you.":
        "Vielen Dank für das angenehme Gespräch. Wir freuen uns auf die Zusammenarbeit.",
    "Bank transfer": "Überweisung", "Instalment": "Teilzahlung",
}

# Company settings of the German demo (merged over the defaults key by key).
SETTINGS = {
    "company": {
        "name": "Nordlicht IT-Service GmbH",
        "logo_text": "NIS",
        "address": "Am Sandtorkai 12\n20457 Hamburg\nDeutschland",
        "contact": "040 3861245-0 · info@nordlicht-it.example",
        "bank": "Hamburger Sparkasse\nIBAN DE34 2005 0550 1234 5678 90\nBIC HASPDEHHXXX",
        "tax_id": "USt-IdNr. DE123456789",
        "language": "de",
        "timezone": "Europe/Berlin",
    },
    "offers": {"terms": TERMS},
}

# Every English text -> German, one table (words.py checks that no text has two translations).
TABLES = (TERRITORIES, INDUSTRIES, CONTACT_NOTES, CUSTOM, PROJECTS, PRODUCTS, UNITS, MATERIALS,
          LOST_REASONS, LOST_NOTES, CAMPAIGNS, CAMPAIGN_TEXTS, HISTORY, ANSWER_FIELDS, LEAD_TEXTS,
          NEXT_STEPS, REQUESTS, OPEN_QUESTIONS, OFFER_TEXTS)
