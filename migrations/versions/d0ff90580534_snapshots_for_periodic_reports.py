"""Snapshots for periodic reports: snapshot, snapshot_person, snapshot_achievement

Revision ID: d0ff90580534
Revises: e4d3e44d2e3f
Create Date: 2026-11-26 08:55:57.475455

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d0ff90580534"
down_revision = "e4d3e44d2e3f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("area_code", sa.String(length=5), nullable=True),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("gaps", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_snapshot_created_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot")),
    )
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshot_as_of"), ["as_of"], unique=False)

    op.create_table(
        "snapshot_achievement",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=15), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshot.id"],
            name=op.f("fk_snapshot_achievement_snapshot_id_snapshot"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "snapshot_id",
            "kind",
            "achievement_id",
            "person_id",
            name=op.f("pk_snapshot_achievement"),
        ),
    )
    op.create_table(
        "snapshot_person",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=True),
        sa.Column("study_field", sa.String(length=2), nullable=True),
        sa.Column("fields_by_study", sa.Integer(), nullable=False),
        sa.Column("fields_by_declared", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=6), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("ethnicity_code", sa.String(length=2), nullable=True),
        sa.Column("commune_code", sa.String(length=5), nullable=True),
        sa.Column("legacy_commune_code", sa.String(length=5), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("sector", sa.String(length=20), nullable=True),
        sa.Column("title", sa.String(length=30), nullable=True),
        sa.Column("theory", sa.String(length=30), nullable=True),
        sa.Column("management", sa.String(length=30), nullable=True),
        sa.Column("language", sa.String(length=30), nullable=True),
        sa.Column("it", sa.String(length=30), nullable=True),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("compliant", sa.Boolean(), nullable=True),
        sa.Column("groups", sa.SmallInteger(), nullable=False),
        sa.Column("achievements", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshot.id"],
            name=op.f("fk_snapshot_person_snapshot_id_snapshot"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "person_id", name=op.f("pk_snapshot_person")),
        sqlite_with_rowid=False,
    )


def downgrade():
    op.drop_table("snapshot_person")
    op.drop_table("snapshot_achievement")
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshot_as_of"))

    op.drop_table("snapshot")
