"""Personal data under the personal-data protection rules: which fields each role may see."""

from __future__ import annotations

# Fields of a person that are personal data and are masked for recruiters.
PERSONAL_FIELDS = frozenset(
    {
        "national_id",
        "birth_date",
        "phone",
        "email",
        "hometown",
        "ethnicity_code",
        "party_member",
        "party_joined_on",
        "address",
    }
)
MASK = "•••"


def sees_personal_data(user, person_id: int | None = None) -> bool:
    """Admins and officers see personal data (within scope); an individual sees their own."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role in ("admin", "officer"):
        return True
    return user.role == "individual" and person_id is not None and user.person_id == person_id


def masked(user, person_id: int | None, field: str, value):
    """The value, or a mask when `field` is personal data the user may not see."""
    if field in PERSONAL_FIELDS and not sees_personal_data(user, person_id):
        return MASK if value not in (None, "") else value
    return value
