"""A full rescore stores, for every open lead, exactly what scoring that lead alone gives."""

from sqlalchemy import select, update

from webapp.extensions import db as _db
from webapp.models import OPEN_STAGES, Lead
from webapp.scoring.service import lead_features, rescore_all, score_lead


def test_a_full_rescore_stores_what_each_lead_scored_alone_gives(db, trained_model, history):
    _db.session.execute(update(Lead).values(probability=-1.0, abc_class="X", bant_points=-1, model_version="old",
                                            score_factors=[], scored_at=None, top_factor="old",
                                            top_factor_weight=0.0, is_sales_opportunity=True))
    _db.session.commit()
    done = rescore_all()
    leads = _db.session.scalars(select(Lead).where(Lead.stage.in_(OPEN_STAGES)).order_by(Lead.id)).all()
    assert done == len(leads) > 100
    assert {lead.scored_at for lead in leads} != {None} and len({lead.scored_at for lead in leads}) == 1
    modelled = bant_only = 0
    for lead in leads:
        alone = score_lead(lead, lead_features(lead, now=lead.scored_at))  # at the rescore's moment
        top_factor, top_weight = alone.top
        stored = (lead.bant_points, lead.abc_class, lead.probability, lead.model_version, lead.score_factors,
                  lead.is_sales_opportunity, lead.top_factor, lead.top_factor_weight)
        expected = (alone.points, alone.abc_class, alone.probability, alone.model_version,
                    alone.factors if alone.model_version else None, alone.abc_class == "A", top_factor, top_weight)
        assert stored == expected, lead.id
        modelled += alone.model_version is not None
        bant_only += alone.model_version is None
    assert modelled > 50 and bant_only > 0  # both paths compared: the model's and BANT only (opted out)
