"""server-side sessions and the possible-duplicate queue

Revision ID: e5a1c0de5e55
Revises: 13b2b9d67b0b
Create Date: 2026-11-26 09:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5a1c0de5e55'
down_revision = "13b2b9d67b0b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_user_session_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_user_session_key_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('possible_duplicate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=True),
    sa.Column('national_id', sa.String(length=12), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['holder_id'], ['person.id'], name=op.f('fk_possible_duplicate_holder_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_possible_duplicate_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['app_user.id'], name=op.f('fk_possible_duplicate_reported_by_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['app_user.id'], name=op.f('fk_possible_duplicate_resolved_by_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_possible_duplicate'))
    )
    with op.batch_alter_table('possible_duplicate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_possible_duplicate_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_possible_duplicate_reported_by_id'), ['reported_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('possible_duplicate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_possible_duplicate_reported_by_id'))
        batch_op.drop_index(batch_op.f('ix_possible_duplicate_person_id'))
    op.drop_table('possible_duplicate')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
