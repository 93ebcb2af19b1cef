"""scopes of commune groups: named sets of communes an administrator defines, usable as a
user's scope (app_user.scope_group_id)

Revision ID: a6e37f1c0901
Revises: d0ff90580534
Create Date: 2026-11-26 08:51:03.119277

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6e37f1c0901'
down_revision = "d0ff90580534"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('commune_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commune_group')),
    sa.UniqueConstraint('name', name=op.f('uq_commune_group_name'))
    )
    op.create_table('commune_group_member',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['commune_code'], ['commune.code'], name=op.f('fk_commune_group_member_commune_code_commune')),
    sa.ForeignKeyConstraint(['group_id'], ['commune_group.id'], name=op.f('fk_commune_group_member_group_id_commune_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'commune_code', name=op.f('pk_commune_group_member'))
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_group_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_app_user_scope_group_id_commune_group'), 'commune_group', ['scope_group_id'], ['id'])



def downgrade():
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_app_user_scope_group_id_commune_group'), type_='foreignkey')
        batch_op.drop_column('scope_group_id')

    op.drop_table('commune_group_member')
    op.drop_table('commune_group')
