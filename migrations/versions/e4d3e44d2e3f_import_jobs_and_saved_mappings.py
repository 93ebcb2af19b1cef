"""Import jobs (history, progress) and saved column mappings

Revision ID: e4d3e44d2e3f
Revises: c2c67c85a08b
Create Date: 2026-11-26 08:57:00.556508

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4d3e44d2e3f'
down_revision = 'c2c67c85a08b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=False),
    sa.Column('sheet', sa.String(length=120), nullable=True),
    sa.Column('options', sa.JSON(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=True),
    sa.Column('processed', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('message', sa.String(length=1000), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'running', 'done', 'failed', 'interrupted')", name=op.f('ck_import_job_state')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_import_job_user_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_job'))
    )
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_job_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_job_file_hash'), ['file_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_job_user_id'), ['user_id'], unique=False)

    op.create_table('import_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_import_mapping_user_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mapping'))
    )
    with op.batch_alter_table('import_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_mapping_signature'), ['signature'], unique=False)



def downgrade():
    with op.batch_alter_table('import_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_mapping_signature'))

    op.drop_table('import_mapping')
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_job_user_id'))
        batch_op.drop_index(batch_op.f('ix_import_job_file_hash'))
        batch_op.drop_index(batch_op.f('ix_import_job_created_at'))

    op.drop_table('import_job')
