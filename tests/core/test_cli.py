from sqlalchemy import func, select

from registry.auth.models import User
from registry.people.models import Person


def _runner(app):
    return app.test_cli_runner()


def test_init_twice_changes_nothing(app, db):
    result = _runner(app).invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "Reference data already up to date." in result.output


def test_users_create_reads_the_password_from_stdin(app, db):
    result = _runner(app).invoke(
        args=["users", "create", "--role", "officer", "--username", "canbo.xa", "--scope", "19363"],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "canbo.xa"))
    assert user.role == "officer" and user.scope_area_code == "19363"
    assert user.check_password("a-long-enough-password")


def test_users_create_refuses_bad_scope_with_a_message(app, db):
    result = _runner(app).invoke(
        args=["users", "create", "--role", "officer", "--username", "canbo.xa", "--scope", "12345"],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 2
    assert "12345" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_users_create_has_no_password_option(app, db):
    result = _runner(app).invoke(
        args=["users", "create", "--role", "admin", "--username", "x1", "--password", "secret"]
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_creates_people_and_logins_and_respects_if_empty(app, db):
    result = _runner(app).invoke(args=["demo", "--people", "120", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Person.id))) == 120
    assert {"admin", "canbo.tinh", "canbo.vinhlinh", "tuyendung", "canhan"} <= set(
        db.session.scalars(select(User.username))
    )
    assert "admin" in result.output
    from registry.reference.models import CommuneClass
    from registry.review.models import ChangeRequest

    assert db.session.scalar(select(func.count()).select_from(ChangeRequest)) == 1
    assert db.session.scalar(select(func.count()).select_from(CommuneClass)) == 2
    again = _runner(app).invoke(args=["demo", "--people", "50", "--if-empty"])
    assert "already holds people" in again.output
    assert db.session.scalar(select(func.count(Person.id))) == 120


def test_demo_counts_declared_expertise_and_reindex_keeps_numbers(app, db):
    from registry.people.fields import field_bits
    from registry.people.models import PersonExpertise

    _runner(app).invoke(args=["demo", "--people", "400", "--seed", "5"])
    declared = db.session.execute(
        select(PersonExpertise.person_id, PersonExpertise.field_code)
    ).all()
    assert declared
    bits = field_bits(db.session)
    for person_id, field_code in declared[:20]:
        assert db.session.get(Person, person_id).fields_by_declared & (1 << bits[field_code])
    before = db.session.execute(
        select(Person.id, Person.fields_by_study, Person.fields_by_declared).order_by(Person.id)
    ).all()
    result = _runner(app).invoke(args=["reindex"])
    assert result.exit_code == 0 and "Rebuilt" in result.output
    db.session.expire_all()
    assert (
        db.session.execute(
            select(Person.id, Person.fields_by_study, Person.fields_by_declared).order_by(Person.id)
        ).all()
        == before
    )


def test_demo_plan_shows_gaps(app, db):
    _runner(app).invoke(args=["demo", "--people", "600", "--seed", "9"])
    result = _runner(app).invoke(
        args=["gaps", "--area", "464", "--year", "2030", "--format", "json"]
    )
    import json

    totals = json.loads(result.output)["totals"]
    assert totals["required"] > totals["supply"] > 0 and totals["gap"] > 0
