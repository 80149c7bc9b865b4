"""What a campaign brought: members and how far they got, its leads through the funnel, won deals,
revenue and what each lead and deal cost. One query with SQL aggregates serves the list (sorted
by any figure) and the campaign page alike.

Revenue is the net total of the accepted offers of the campaign's won leads (customer or debtor):
the deal is counted when it is won, not months later when the invoice is paid.
Return on spend is revenue divided by actual cost (2.0 = every euro spent brought two).
A figure whose divisor is zero or unknown is None, shown as "—".
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Numeric, and_, case, cast, func, literal, or_, select
from sqlalchemy.sql import Select

from webapp.extensions import db
from webapp.models import WON_STAGES, Campaign, CampaignMember, Lead, Offer, OfferStatus, Role, Stage, User

CONTACTED = ("contacted", "responded", "lead")
RESPONDED = ("responded", "lead")
CLOSED = (*WON_STAGES, *(Stage.LOST, Stage.DISQUALIFIED))
REACHED_SQL = (Stage.PROSPECT, *WON_STAGES)  # a won lead went through the offer stage


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _member_counts():
    m = CampaignMember
    return (select(m.campaign_id.label("campaign_id"), func.count().label("members"),
                   _count_if(m.status.in_(CONTACTED)).label("contacted"),
                   _count_if(m.status.in_(RESPONDED)).label("responded"))
            .group_by(m.campaign_id).subquery("member_counts"))


def _lead_counts():
    by_sales = User.role == Role.SALES
    return (select(Lead.campaign_id.label("campaign_id"), func.count().label("leads"),
                   _count_if(and_(Lead.stage == Stage.LEAD, Lead.abc_class == "A",
                                  or_(User.id.is_(None), ~by_sales))).label("mql"),
                   _count_if(and_(Lead.stage == Stage.LEAD, by_sales)).label("sal"),
                   _count_if(Lead.stage == Stage.PROSPECT).label("sql"),
                   _count_if(Lead.stage.in_(REACHED_SQL)).label("reached_sql"),
                   _count_if(Lead.stage.in_(WON_STAGES)).label("won"),
                   _count_if(Lead.stage.in_(CLOSED)).label("closed"))
            .outerjoin(User, User.id == Lead.owner_id)
            .where(Lead.campaign_id.is_not(None)).group_by(Lead.campaign_id).subquery("lead_counts"))


def _revenue():
    return (select(Lead.campaign_id.label("campaign_id"), func.sum(Offer.total_net).label("revenue"))
            .join(Offer, Offer.lead_id == Lead.id)
            .where(Lead.campaign_id.is_not(None), Lead.stage.in_(WON_STAGES), Offer.status == OfferStatus.ACCEPTED)
            .group_by(Lead.campaign_id).subquery("revenue"))


def _ratio(numerator, denominator):
    """numerator / denominator in SQL, NULL when the divisor is 0 or NULL (for sorting)."""
    return cast(numerator, Numeric(18, 4)) / func.nullif(denominator, 0)


def results_query() -> Select:
    """Campaign, then every figure, one row per campaign; the sort keys are labelled columns."""
    members, leads, revenue = _member_counts(), _lead_counts(), _revenue()
    zero = literal(0)
    n_members = func.coalesce(members.c.members, zero)
    n_leads = func.coalesce(leads.c.leads, zero)
    n_won = func.coalesce(leads.c.won, zero)
    money = func.coalesce(revenue.c.revenue, zero)
    columns = [
        n_members.label("members"),
        func.coalesce(members.c.contacted, zero).label("contacted"),
        func.coalesce(members.c.responded, zero).label("responded"),
        n_leads.label("leads"),
        *(func.coalesce(leads.c[name], zero).label(name) for name in ("mql", "sal", "sql", "reached_sql", "closed")),
        n_won.label("won"),
        money.label("revenue"),
        _ratio(Campaign.actual_cost, n_leads).label("cost_per_lead"),
        _ratio(Campaign.actual_cost, n_won).label("cost_per_won"),
        _ratio(money, Campaign.actual_cost).label("return_on_spend"),
    ]
    return (select(Campaign, *columns)
            .outerjoin(members, members.c.campaign_id == Campaign.id)
            .outerjoin(leads, leads.c.campaign_id == Campaign.id)
            .outerjoin(revenue, revenue.c.campaign_id == Campaign.id))


def _divide(numerator, denominator) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Results:
    campaign: Campaign
    members: int
    contacted: int
    responded: int
    leads: int
    mql: int
    sal: int
    sql: int
    reached_sql: int
    closed: int
    won: int
    revenue: Decimal

    @property
    def cost(self) -> Decimal | None:
        return self.campaign.actual_cost

    @property
    def cost_per_lead(self) -> Decimal | None:
        return _money(_divide(self.cost, self.leads))

    @property
    def cost_per_won(self) -> Decimal | None:
        return _money(_divide(self.cost, self.won))

    @property
    def return_on_spend(self) -> Decimal | None:
        ratio = _divide(self.revenue, self.cost)
        return None if ratio is None else ratio.quantize(Decimal("0.01"))

    @property
    def win_rate(self) -> float | None:
        """Won share of the campaign's decided leads."""
        return _rate(self.won, self.closed)

    def conversions(self) -> list[tuple[str, str, float | None]]:
        """(from, to, share) along the way: member → contacted → responded, lead → offer → won."""
        return [("members", "contacted", _rate(self.contacted, self.members)),
                ("contacted", "responded", _rate(self.responded, self.contacted)),
                ("members", "leads", _rate(self.leads, self.members)),
                ("leads", "reached_sql", _rate(self.reached_sql, self.leads)),
                ("reached_sql", "won", _rate(self.won, self.reached_sql))]


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def from_row(row) -> Results:
    return Results(campaign=row[0], members=int(row.members), contacted=int(row.contacted),
                   responded=int(row.responded), leads=int(row.leads), mql=int(row.mql), sal=int(row.sal),
                   sql=int(row.sql), reached_sql=int(row.reached_sql), closed=int(row.closed), won=int(row.won),
                   revenue=Decimal(str(row.revenue or 0)).quantize(Decimal("0.01")))


def results_for(campaign_id: int) -> Results | None:
    row = db.session.execute(results_query().where(Campaign.id == campaign_id)).first()
    return None if row is None else from_row(row)
