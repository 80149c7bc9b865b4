"""When each BANT answer and the reaction became known, learned in the lead's conversations.

Nobody knows a lead's answers when it arrives. A web form may state the need and the timeline at
once; the first real conversation shows how the contact reacts; the qualification call asks the
BANT questions; later calls and meetings fill the gaps and now and then correct an early answer.
The lead's true answers (drawn in `outcome.qualify`) are what can be learned: one whose
conversation never happened (the lead closed first, or has not got that far yet) stays unknown,
and the lead row keeps it empty.
"""

import random

from webapp.demo.words import Words
from webapp.models import BANT_ANSWERS

FIELDS = (*BANT_ANSWERS, "reaction")
OPTIONS = BANT_ANSWERS | {"reaction": ("enthusiastic", "reserved", "sceptical")}  # best first
# Conversations the history marks (`_talk`), and the chance each learns an answer still unknown.
LEARNS = {
    "form": {"need": 0.6, "timeline": 0.5, "budget": 0.3, "authority": 0.25},  # the form asks
    "enquiry": {"need": 0.25},  # a reply to a mailing or an advertisement
    "partner": {"need": 0.5, "timeline": 0.3, "budget": 0.2},  # passed on with the lead
    "first": {"need": 0.45, "timeline": 0.25, "authority": 0.3},  # cold call, referral, fair stand
    # Need and timeline come first; budget and authority often wait for a meeting or the CFO.
    "qualification": {"budget": 0.6, "authority": 0.6, "need": 0.85, "timeline": 0.65},
    "call": {"budget": 0.4, "authority": 0.35, "need": 0.5, "timeline": 0.4},
    "budget_call": {"budget": 0.9, "authority": 0.35, "need": 0.5, "timeline": 0.9},
    "meeting": {"budget": 0.6, "authority": 0.8, "need": 0.7, "timeline": 0.6},
    "decision_meeting": {"budget": 0.8, "authority": 0.95, "need": 0.7, "timeline": 0.7},
}
WRITTEN = {"form", "enquiry", "partner"}
TALKS = {"first", "qualification", "call", "budget_call", "meeting", "decision_meeting"}  # people spoke
# Chance that the first answer given is one step off and a later conversation corrects it.
REVISED = {"budget": 0.12, "authority": 0.05, "need": 0.08, "timeline": 0.2, "reaction": 0.1}


def learn(rng: random.Random, plan, acts: list[dict], words: Words) -> None:
    """Set plan.answers (what is known now) and plan.answer_changes (at, user, field, old, new);
    the conversations that learned something say so in their body."""
    truth = {f: getattr(plan.q, f) for f in FIELDS}
    talks = sorted((a for a in acts if a.get("_talk")), key=lambda a: (a["occurred_at"], a["_order"]))
    known: dict[str, str] = {}
    corrections: dict[str, dict] = {}  # field -> the later conversation that corrects it
    changes = []
    for i, act in enumerate(talks):
        told = []
        for field in FIELDS:
            if corrections.get(field) is act:
                told.append(_record(changes, act, field, known[field], truth[field], words))
                known[field] = truth[field]
                continue
            if truth[field] is None or field in known or rng.random() >= _chance(act, field, truth[field]):
                continue
            value = truth[field]
            later = [t for t in talks[i + 1:] if t["_talk"] in TALKS]
            if later and rng.random() < REVISED[field]:
                wrong = _neighbour(rng, OPTIONS[field], value)
                if _chance(act, field, wrong) > 0:  # an answer this conversation could have given
                    meetings = [t for t in later if "meeting" in t["_talk"]]
                    corrections[field], value = rng.choice(meetings or later), wrong
            told.append(_record(changes, act, field, None, value, words))
            known[field] = value
        if told or act["_talk"] == "qualification":
            said = " ".join(told) or words("BANT not clarified yet.")
            act["body"] = f"{act['body']} {said}" if act["body"] else said
    plan.answers = {f: known.get(f) for f in FIELDS}
    plan.answer_changes = changes


def _chance(act: dict, field: str, value: str) -> float:
    if field == "reaction":  # the first time anybody speaks with the contact
        return 1.0 if act["_talk"] in TALKS else 0.0
    if field == "need" and value == "none" and act["_talk"] in WRITTEN:
        return 0.0  # whoever writes in has some need; that there is none comes out in a talk
    return LEARNS[act["_talk"]].get(field, 0.0)


def _neighbour(rng: random.Random, options: tuple[str, ...], value: str) -> str:
    k = options.index(value)
    steps = [j for j in (k - 1, k + 1) if 0 <= j < len(options)]
    return options[rng.choice(steps)]


def _record(changes: list, act: dict, field: str, old: str | None, new: str, words: Words) -> str:
    """What the rep wrote into the conversation's entry: the answer, and the one it corrects."""
    changes.append((act["occurred_at"], act["user_id"], field, old, new))
    name, value = words(field.title()), words.answer(field, new)
    if old:
        return words("{field}: {value} (was {old}).").format(field=name, value=value, old=words.answer(field, old))
    return words("{field}: {value}.").format(field=name, value=value)
