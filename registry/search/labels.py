"""Display names for facet values (reference names in the current language)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.contributions.countries import country_names
from registry.contributions.people_queries import contribution_filter_label
from registry.core.template_helpers import localized
from registry.people.forms import LABELS
from registry.people.profile import GROUP_LABELS
from registry.reference import models as ref
from registry.search.filters import FILTERS


class ContributionLabels(dict):
    """The "has a contribution" filter's values in words, whatever their combination."""

    def get(self, key, default=None):
        return contribution_filter_label(key)


def facet_labels(session: Session, facets: dict) -> dict[str, dict]:
    def names(model):
        order = getattr(model, "rank", None)  # ranked levels: highest first (natural order)
        rows = session.scalars(select(model).order_by(order.desc() if order is not None else None))
        return {row.code: localized(row) for row in rows}

    return {
        "field": names(ref.PriorityField),
        "level": names(ref.QualificationLevel),
        "min_level": names(ref.QualificationLevel),
        "ethnicity": dict(
            session.execute(select(ref.EthnicGroup.code, ref.EthnicGroup.name_vi)).all()
        ),
        "area": dict(
            session.execute(
                select(ref.Commune.code, ref.Commune.name).where(
                    ref.Commune.code.in_(list(facets.get("area", {})))
                )
            ).all()
        ),
        "group": {k: str(v) for k, v in GROUP_LABELS.items()},
        "sex": {k: str(v) for k, v in LABELS["sex"].items()},
        "sector": {k: str(v) for k, v in LABELS["sector"].items()},
        "status": {k: str(v) for k, v in LABELS["status"].items()},
        "contribution": ContributionLabels(),
        "country": country_names("vi"),
        "titles": {item.name: str(item.label) for item in FILTERS},
    }
