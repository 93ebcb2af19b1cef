"""full-text index for search on PostgreSQL

Revision ID: 874862a12ff5
Revises: d55ea0d7c090
Create Date: 2026-11-24 17:13:25.899854

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '874862a12ff5'
down_revision = 'd55ea0d7c090'
branch_labels = None
depends_on = None


def upgrade():
    # Word-prefix queries ("dao:*") on PostgreSQL use full text, ten times faster than trigram
    # substring matches at a million people; SQLite keeps its FTS5 table.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_person_search_document_trgm")
        op.execute("CREATE INDEX IF NOT EXISTS ix_person_search_document_fts ON person_search "
                   "USING gin (to_tsvector('simple', document))")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_person_search_document_fts")
        op.execute("CREATE INDEX IF NOT EXISTS ix_person_search_document_trgm ON person_search "
                   "USING gin (document gin_trgm_ops)")
