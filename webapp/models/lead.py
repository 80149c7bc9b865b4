"""A lead is one contact's project file: its stage, owner, BANT answers and score."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.locking import VersionedMixin
from webapp.models._base import TimestampMixin


class Stage(StrEnum):
    LEAD = "lead"
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    DEBTOR = "debtor"
    LOST = "lost"
    DISQUALIFIED = "disqualified"


OPEN_STAGES = (Stage.LEAD, Stage.PROSPECT)
WON_STAGES = (Stage.CUSTOMER, Stage.DEBTOR)
CLOSED_LOST_STAGES = (Stage.LOST, Stage.DISQUALIFIED)
# The funnel's steps in order; a lead's furthest step reached stays when it is lost later.
FUNNEL_STAGES = (Stage.LEAD, Stage.PROSPECT, Stage.CUSTOMER, Stage.DEBTOR)


def furthest_of(*stages: str | None) -> str:
    """The furthest funnel step among `stages` (lost, disqualified and unknown ones count as a lead)."""
    reached = [FUNNEL_STAGES.index(stage) for stage in stages if stage in FUNNEL_STAGES]
    return FUNNEL_STAGES[max(reached, default=0)].value


class Source(StrEnum):
    CAMPAIGN = "campaign"
    MAILING = "mailing"
    TRADE_FAIR = "trade_fair"
    ADVERTISEMENT = "advertisement"
    REFERRAL = "referral"
    WEB_FORM = "web_form"
    COLD_CALL = "cold_call"
    PARTNER = "partner"


class Reaction(StrEnum):
    RESERVED = "reserved"
    SCEPTICAL = "sceptical"
    ENTHUSIASTIC = "enthusiastic"


def outcome_of(stage: str | None) -> str | None:
    """What a closed lead came to ("won" or "lost"); None while it is open."""
    if stage in WON_STAGES:
        return "won"
    return "lost" if stage in CLOSED_LOST_STAGES else None


# BANT answers a rep can record; None means "not answered yet". Order: best first.
BANT_ANSWERS: dict[str, tuple[str, ...]] = {
    "budget": ("confirmed", "planned", "none"),
    "authority": ("decision_maker", "influencer", "none"),
    "need": ("urgent", "identified", "none"),
    "timeline": ("within_3_months", "within_12_months", "later"),
}

# Which role owns a lead in each stage (the brief's responsibility table).
STAGE_OWNER_ROLE = {
    "lead": "marketing",
    "prospect": "sales",
    "customer": "service",
    "debtor": "accounting",
}


class LostReason(db.Model):
    """Editable list of reasons a lead is lost or disqualified."""

    __tablename__ = "lost_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Lead(VersionedMixin, TimestampMixin, db.Model):
    locking_noun = "lead"
    __tablename__ = "leads"
    # Field history (webapp.field_history): the fields that describe the lead or feed its score.
    tracked_as = "lead"
    tracked_fields = ("budget", "authority", "need", "timeline", "reaction", "source", "campaign_id",
                      "expected_value", "stage", "owner_id", "partner_id")
    __table_args__ = (
        # Lists by stage and probability; with the value it also covers the portfolio's sums.
        Index("ix_leads_stage_probability_value", "stage", "probability", "expected_value"),
        Index("ix_leads_probability", "probability"),  # open leads (two stages) by probability
        Index("ix_leads_owner_stage", "owner_id", "stage"),
        # Reports count the leads created in a period from this index alone, never reading the table.
        Index("ix_leads_created_report", "created_at", "owner_id", "first_contact_at", "furthest_stage", "stage",
              "source", "campaign_id", "abc_class", "probability", "handoff_count", "lost_reason_id"),
        # ... and the open leads now (pipeline, overdue, MQL/SAL/SQL) from this one.
        Index("ix_leads_stage_owner_report", "stage", "owner_id", "abc_class", "due_at", "escalated_at",
              "expected_value", "probability"),
        Index("ix_leads_first_contact_stage", "first_contact_at", "stage"),  # open leads nobody contacted yet
        # Target groups ask for the contacts with a lead of some source or stage: read from the index alone.
        Index("ix_leads_source_contact", "source", "contact_id"),
        Index("ix_leads_stage_contact", "stage", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(20), default=Stage.LEAD)
    # The furthest funnel step the lead has reached (webapp.leads.furthest keeps it), so the funnel
    # counts a prospect that was lost later as a prospect without reading the history.
    furthest_stage: Mapped[str] = mapped_column(String(20), server_default="lead")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    partner_id: Mapped[int | None] = mapped_column(  # external partner the lead is handed to
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[str | None] = mapped_column(String(40), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    expected_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    description: Mapped[str | None] = mapped_column(Text)

    # Qualification: BANT answers and the prospect's reaction.
    budget: Mapped[str | None] = mapped_column(String(20))
    authority: Mapped[str | None] = mapped_column(String(20))
    need: Mapped[str | None] = mapped_column(String(20))
    timeline: Mapped[str | None] = mapped_column(String(20))
    reaction: Mapped[str | None] = mapped_column(String(20))
    requested: Mapped[str | None] = mapped_column(Text)  # what the prospect asked for
    open_questions: Mapped[str | None] = mapped_column(Text)

    # Score: BANT points, blended probability, class and its explanation.
    bant_points: Mapped[int | None] = mapped_column(Integer)
    probability: Mapped[float | None] = mapped_column(Float)
    abc_class: Mapped[str | None] = mapped_column(String(1), index=True)
    score_factors: Mapped[list | None] = mapped_column(JSON)
    # The strongest factor as shown on lists (label and signed weight), so lists need no JSON.
    top_factor: Mapped[str | None] = mapped_column(String(160))
    top_factor_weight: Mapped[float | None] = mapped_column(Float)
    model_version: Mapped[str | None] = mapped_column(String(40))
    scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_sales_opportunity: Mapped[bool] = mapped_column(Boolean, default=False)

    # Working the lead: time windows, follow-up, hand-offs.
    temperature: Mapped[str | None] = mapped_column(String(10))
    next_step: Mapped[str | None] = mapped_column(String(200))
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_contact_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The first call, e-mail or meeting by a person (webapp.leads.first_contact keeps it), so reports
    # measure the time to the first callback without reading the activities.
    first_contact_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handoff_count: Mapped[int] = mapped_column(Integer, default=0)

    # Closing.
    lost_reason_id: Mapped[int | None] = mapped_column(ForeignKey("lost_reasons.id"))
    lost_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the project's invoices were paid in full: its end state, out of every open worklist.
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    contact: Mapped["Contact"] = relationship(back_populates="leads")  # noqa: F821
    owner: Mapped["User | None"] = relationship(foreign_keys=[owner_id])  # noqa: F821
    partner: Mapped["User | None"] = relationship(foreign_keys=[partner_id])  # noqa: F821
    campaign: Mapped["Campaign | None"] = relationship()  # noqa: F821
    lost_reason: Mapped[LostReason | None] = relationship()

    @property
    def owner_role(self) -> str | None:
        return self.owner.role if self.owner else None

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def outcome(self) -> str | None:
        return outcome_of(self.stage)
