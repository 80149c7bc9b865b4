"""What people read for the codes the app stores (stage, source, role, BANT answer...).

Codes stay English in the database, in JSON and in URLs; pages show these labels, translated
when they are read (lazy strings), so one mapping serves every language. A code without a label
(a value added later, an answer an administrator configured) is shown humanized instead.
"""

from flask_babel import lazy_gettext as _l

STAGES = {
    "contact": _l("Contact"),  # where a new lead's history starts
    "lead": _l("Lead"),
    "prospect": _l("Prospect"),
    "customer": _l("Customer"),
    "debtor": _l("Debtor"),
    "lost": _l("Lost"),
    "disqualified": _l("Disqualified"),
}

# A stage inside a sentence ("cannot go from lead to customer").
STAGE_WORDS = {
    "contact": _l("contact"),
    "lead": _l("lead"),
    "prospect": _l("prospect"),
    "customer": _l("customer"),
    "debtor": _l("debtor"),
    "lost": _l("lost"),
    "disqualified": _l("disqualified"),
}

# What a closed lead came to (models.lead.outcome_of).
OUTCOMES = {"won": _l("Won"), "lost": _l("Lost")}

# The pill shows the word as it is; the filter offers it capitalized.
TEMPERATURES = {"hot": _l("hot"), "warm": _l("warm"), "cold": _l("cold")}
TEMPERATURE_CHOICES = {"hot": _l("Hot"), "warm": _l("Warm"), "cold": _l("Cold")}

SOURCES = {
    "campaign": _l("Campaign"),
    "mailing": _l("Mailing"),
    "trade_fair": _l("Trade fair"),
    "advertisement": _l("Advertisement"),
    "referral": _l("Referral"),
    "web_form": _l("Web form"),
    "cold_call": _l("Cold call"),
    "partner": _l("Partner"),
}

REACTIONS = {"reserved": _l("Reserved"), "sceptical": _l("Sceptical"), "enthusiastic": _l("Enthusiastic"),
             "unknown": _l("Unknown")}

BANT_QUESTIONS = {"budget": _l("Budget"), "authority": _l("Authority"), "need": _l("Need"),
                  "timeline": _l("Timeline"), "reaction": _l("Reaction")}

# Answers by question: "none" reads differently for each in some languages.
BANT_ANSWERS = {
    "budget": {"confirmed": _l("Confirmed"), "planned": _l("Planned"), "none": _l("None")},
    "authority": {"decision_maker": _l("Decision maker"), "influencer": _l("Influencer"), "none": _l("None")},
    "need": {"urgent": _l("Urgent"), "identified": _l("Identified"), "none": _l("None")},
    "timeline": {"within_3_months": _l("Within 3 months"), "within_12_months": _l("Within 12 months"),
                 "later": _l("Later")},
    "reaction": REACTIONS,
}

# Score factors (scoring_model.explain.factor_label): the field, and the answer in lower case as
# the factor shows it.
FACTOR_FIELDS = {**BANT_QUESTIONS, "source": _l("Source"), "campaign_channel": _l("Campaign channel"),
                 "industry": _l("Industry"), "employees": _l("Employees"), "territory": _l("Territory"),
                 "country": _l("Country"), "function": _l("Function"), "expected_value": _l("Expected value"),
                 "created_month": _l("Created month"), "salutation": _l("Salutation"), "email": _l("E-mail"),
                 "calls": _l("Calls"), "emails": _l("E-mails"), "meetings": _l("Meetings"), "notes": _l("Notes"),
                 "materials_sent": _l("Materials sent"), "offers_sent": _l("Offers sent"),
                 "stage": _l("Stage"), "age_days": _l("Age (days)")}
FACTOR_VALUES = {
    "not_answered": _l("not answered"),
    "confirmed": _l("confirmed"), "planned": _l("planned"), "none": _l("none"),
    "decision_maker": _l("decision maker"), "influencer": _l("influencer"),
    "urgent": _l("urgent"), "identified": _l("identified"),
    "within_3_months": _l("within 3 months"), "within_12_months": _l("within 12 months"), "later": _l("later"),
    "reserved": _l("reserved"), "sceptical": _l("sceptical"), "enthusiastic": _l("enthusiastic"),
    "unknown": _l("unknown"),
    "campaign": _l("campaign"), "mailing": _l("mailing"), "trade_fair": _l("trade fair"),
    "advertisement": _l("advertisement"), "referral": _l("referral"), "web_form": _l("web form"),
    "cold_call": _l("cold call"), "partner": _l("partner"),
    "lead": _l("lead"), "prospect": _l("prospect"),
}

ACTIVITY_KINDS = {
    "call": _l("Call"),
    "email": _l("Email"),
    "meeting": _l("Meeting"),
    "note": _l("Note"),
    "material_sent": _l("Material sent"),
    "stage_change": _l("Stage change"),
    "handoff": _l("Handoff"),
    "escalation": _l("Escalation"),
    "merge": _l("Merge"),
}

# The stored salutation is the English code; a German reader sees "Frau", "Herr".
SALUTATIONS = {"Ms": _l("Ms"), "Mr": _l("Mr"), "Mx": _l("Mx"), "Dr": _l("Dr")}

# Roles read in running text ("Anna (sales)"), hence lower case.
ROLES = {
    "admin": _l("admin"),
    "marketing": _l("marketing"),
    "sales": _l("sales"),
    "service": _l("service"),
    "accounting": _l("accounting"),
    "partner": _l("partner"),
}

# Lead fields named in messages ("fill in: budget, authority"), lower case for the same reason.
LEAD_FIELDS = {
    "budget": _l("budget"),
    "authority": _l("authority"),
    "need": _l("need"),
    "timeline": _l("timeline"),
    "reaction": _l("reaction"),
    "title": _l("project"),
    "source": _l("source"),
    "expected_value": _l("expected value"),
    "description": _l("description"),
    "requested": _l("what they asked for"),
    "open_questions": _l("open questions"),
    "next_step": _l("next step"),
    "follow_up_on": _l("follow-up date"),
    "campaign_id": _l("campaign"),
}

# Campaigns (webapp/campaigns): the channel it runs on, where it stands, how far each member got.
CHANNELS = {
    "mailing": _l("Mailing"),
    "trade_fair": _l("Trade fair"),
    "advertisement": _l("Advertisement"),
    "web": _l("Web"),
    "referral": _l("Referral"),
    "event": _l("Event"),
    "other": _l("Other"),
}
CAMPAIGN_STATUSES = {"planned": _l("Planned"), "active": _l("Active"), "done": _l("Done")}
MEMBER_STATUSES = {"targeted": _l("Targeted"), "contacted": _l("Contacted"), "responded": _l("Responded"),
                   "lead": _l("Lead"), "unsubscribed": _l("Unsubscribed")}

# What a material is (webapp/materials); a kind not listed here is shown humanized.
MATERIAL_KINDS = {
    "brochure": _l("Brochure"),
    "price_list": _l("Price list"),
    "case_study": _l("Case study"),
    "data_sheet": _l("Data sheet"),
    "reference": _l("Reference list"),
    "whitepaper": _l("Whitepaper"),
    "presentation": _l("Presentation"),
    "sample": _l("Sample"),
}


def humanize(value: str | None) -> str:
    return (value or "").replace("_", " ").capitalize()


def _from(mapping: dict, code: str | None, fallback=humanize) -> str:
    label = mapping.get(code) if code is not None else None
    return str(label) if label is not None else fallback(code)


def stage_label(code: str | None) -> str:
    return _from(STAGES, code)


def stage_word(code: str | None) -> str:
    return _from(STAGE_WORDS, code, lambda value: value or "")


def outcome_label(code: str | None) -> str:
    return _from(OUTCOMES, code)


def temperature_label(code: str | None) -> str:
    return _from(TEMPERATURES, code, lambda value: value or "")


def temperature_choice(code: str | None) -> str:
    return _from(TEMPERATURE_CHOICES, code)


def source_label(code: str | None) -> str:
    return _from(SOURCES, code)


def reaction_label(code: str | None) -> str:
    return _from(REACTIONS, code)


def bant_question(code: str | None) -> str:
    return _from(BANT_QUESTIONS, code)


def bant_answer(code: str | None, question: str | None = None) -> str:
    return _from(BANT_ANSWERS.get(question, {}), code)


def activity_kind(code: str | None) -> str:
    return _from(ACTIVITY_KINDS, code)


def salutation(code: str | None) -> str:
    return _from(SALUTATIONS, code, lambda value: value or "")


def role_label(code: str | None) -> str:
    return _from(ROLES, code, lambda value: value or "")


def channel_label(code: str | None) -> str:
    return _from(CHANNELS, code, lambda value: humanize(value) if value else "—")


def campaign_status(code: str | None) -> str:
    return _from(CAMPAIGN_STATUSES, code)


def member_status(code: str | None) -> str:
    return _from(MEMBER_STATUSES, code)


def material_kind(code: str | None) -> str:
    return _from(MATERIAL_KINDS, code)


def lead_field(name: str) -> str:
    return _from(LEAD_FIELDS, name, lambda value: value.replace("_", " "))


def factor_text(label: str | None) -> str:
    """A score factor as scoring_model words it ("Budget: decision maker", "Source: trade fair",
    "Calls: 3"), in the reader's language when its field is one a model reads; the value is
    translated when it is a code (an answer, a source, a stage), else shown as it is."""
    name, colon, value = (label or "").partition(": ")
    field = name.lower().replace(" ", "_")  # scoring_model names a field by its code, spaced
    if not colon or field not in FACTOR_FIELDS:
        return label or ""
    shown = FACTOR_VALUES.get(value.replace(" ", "_"))
    return f"{FACTOR_FIELDS[field]}: {shown if shown is not None else value}"


def choices_of(mapping: dict, codes) -> list[tuple[str, object]]:
    """(code, lazy label) pairs for a select, in the order of `codes`."""
    return [(code, mapping.get(code) or humanize(code)) for code in codes]
