"""search state for in-memory search columns

Revision ID: c2c67c85a08b
Revises: 874862a12ff5
Create Date: 2026-11-25 12:57:48.140898

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2c67c85a08b'
down_revision = '874862a12ff5'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (no batch rebuild): SQLite keeps the FTS5 triggers on person_search.
    op.create_table('search_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('names_version', sa.BigInteger(), nullable=False),
    sa.Column('epoch', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_state'))
    )
    op.execute(f"INSERT INTO search_state (id, version, names_version, epoch) VALUES (1, 1, 1, {secrets.randbits(62) + 1})")
    op.add_column('person_search', sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False))
    op.create_index(op.f('ix_person_search_rev'), 'person_search', ['rev'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        # Stamping a row with its version must not re-index its words: only a new document does.
        _update_trigger("AFTER UPDATE OF document ON person_search")


def _update_trigger(when: str) -> None:
    op.execute("DROP TRIGGER IF EXISTS person_search_au")
    op.execute(f"CREATE TRIGGER person_search_au {when} BEGIN "
               "INSERT INTO person_fts(person_fts, rowid, document) VALUES ('delete', old.person_id, old.document); "
               "INSERT INTO person_fts(rowid, document) VALUES (new.person_id, new.document); END")


def downgrade():
    op.drop_index(op.f('ix_person_search_rev'), table_name='person_search')
    with op.batch_alter_table('person_search', schema=None) as batch_op:
        batch_op.drop_column('rev')
    if op.get_bind().dialect.name == "sqlite":
        # The batch rebuild of person_search dropped its triggers: put back all three, as the
        # revision before this one made them, or people added later are never found by text.
        op.execute("CREATE TRIGGER IF NOT EXISTS person_search_ai AFTER INSERT ON person_search BEGIN "
                   "INSERT INTO person_fts(rowid, document) VALUES (new.person_id, new.document); END")
        op.execute("CREATE TRIGGER IF NOT EXISTS person_search_ad AFTER DELETE ON person_search BEGIN "
                   "INSERT INTO person_fts(person_fts, rowid, document) VALUES ('delete', old.person_id, old.document); END")
        _update_trigger("AFTER UPDATE ON person_search")
    op.drop_table('search_state')
