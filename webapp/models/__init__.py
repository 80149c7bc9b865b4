"""All models, imported here so Alembic sees every table."""

from webapp.models.activity import LOGGABLE_KINDS, Activity, ActivityKind, Material
from webapp.models.activity_day import ActivityDay
from webapp.models.campaign import Campaign, CampaignMember
from webapp.models.contact import Contact, Organization
from webapp.models.custom_field import CustomField
from webapp.models.data_import import Import, ImportMapping
from webapp.models.data_request import DataRequest
from webapp.models.duplicate import DuplicateDismissal, DuplicatePair, DuplicatePairCount
from webapp.models.field_change import FieldChange
from webapp.models.idempotency import IdempotencyKey
from webapp.models.lead_day import LeadDay
from webapp.models.job import Job, JobLock, ModelVersion
from webapp.models.lead import (
    BANT_ANSWERS,
    STAGE_OWNER_ROLE,
    CLOSED_LOST_STAGES,
    FUNNEL_STAGES,
    OPEN_STAGES,
    WON_STAGES,
    Lead,
    LostReason,
    Reaction,
    Source,
    Stage,
)
from webapp.models.lead_batch import LeadBatch, LeadBatchItem
from webapp.models.notification import Notification
from webapp.models.offer import (
    Invoice,
    InvoiceStatus,
    NumberSequence,
    Offer,
    OfferLine,
    OfferStatus,
    Payment,
    Product,
)
from webapp.models.setting import Setting
from webapp.models.user import ApiToken, Role, User
from webapp.models.window_breach import WindowBreach

__all__ = [
    "BANT_ANSWERS", "STAGE_OWNER_ROLE", "Activity", "ActivityDay", "ActivityKind", "ApiToken", "Campaign", "CampaignMember", "CLOSED_LOST_STAGES", "FUNNEL_STAGES",
    "Contact", "CustomField", "DataRequest", "DuplicateDismissal", "DuplicatePair", "DuplicatePairCount", "FieldChange", "IdempotencyKey", "Import", "ImportMapping", "Invoice", "InvoiceStatus", "Job", "JobLock", "Lead", "LeadBatch", "LeadBatchItem", "LeadDay", "LOGGABLE_KINDS", "LostReason",
    "Material", "ModelVersion", "Notification", "NumberSequence", "Offer", "OfferLine", "OfferStatus",
    "OPEN_STAGES", "Organization", "Payment", "Product", "Reaction", "Role", "Setting",
    "Source", "Stage", "User", "WindowBreach", "WON_STAGES",
]
