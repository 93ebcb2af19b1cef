"""In-memory search columns: the people's filterable values as numpy arrays, one per column.

The search page needs, for every query, the number of matches, one page of them in order and
counts per value of eight facets. Asked of the database, the counts scan every matching row once
per facet (about a second for a million people on PostgreSQL). Here each worker process keeps the
columns the filters and facets read (commune, sex, birth date, level, ethnicity, sector, status,
organisation, priority-field masks, titles, language levels) as compact arrays, with the folded
names in name order, about 100 bytes a person, and answers the counts with vectorised operations
in milliseconds.

Text stays with the database: the words of a query are matched by SQLite FTS5 or PostgreSQL full
text (registry/search/queries.py), and only the matching ids come here. Reference data (ranks,
minority groups, commune classes, policy parameters, field bits, the organisation tree) is read at
query time, so editing it needs no reload.

The arrays stay current through the search-state row (registry/search/state.py): each search reads
it (one primary-key lookup) and, when other commits happened since, loads only the people those
commits stamped. The evaluation mirrors `queries.filter_clauses` and `queries.search` exactly; a
test compares both on random criteria on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.people.models import Person
from registry.search import state
from registry.search.index import PENDING

NULL_DAY = np.iinfo(np.int32).min
FEW_NAMES = 20_000
FEW_CHANGES = 2_000  # more changed people than this: the name order is read again in full
EPOCH = date(1970, 1, 1)
# Columns of `person` kept in memory: (name, SQL expression, kind). Kinds: "id" and "int" are
# integers (NULL as 0), "code" a string kept as an index into a vocabulary (NULL as 0), "day" a
# date as days since 1970 (NULL as NULL_DAY), "bool" a flag, "mask" a bit mask kept, like a code, as
# an index into the few distinct masks people have (so a facet counts each mask once).
COLUMNS = (
    ("id", "p.id", "id"),
    ("commune", "p.commune_code", "code"),
    ("legacy", "p.legacy_commune_code", "code"),
    ("sex", "p.sex", "code"),
    ("birth", "{day}", "day"),
    ("ethnicity", "p.ethnicity_code", "code"),
    ("sector", "p.sector", "code"),
    ("status", "p.status", "code"),
    ("overseas", "p.is_overseas", "bool"),
    ("foreign", "p.is_foreign_national", "bool"),
    ("level", "p.highest_level_code", "code"),
    ("title", "p.academic_title_code", "code"),
    ("theory", "p.political_theory_code", "code"),
    ("management", "p.state_management_code", "code"),
    ("org", "p.organization_id", "int"),
    ("fields", "COALESCE(p.fields_by_study, 0) | COALESCE(p.fields_by_declared, 0)", "mask"),
)
VOCAB_OF = {"commune": "commune", "legacy": "commune"}  # both commune columns share one vocabulary
DAY_SQL = {
    "sqlite": "CAST(julianday(p.birth_date) - 2440587.5 AS INTEGER)",
    "postgresql": "(p.birth_date - DATE '1970-01-01')",
}


def day_number(day: date) -> int:
    return (day - EPOCH).days


class Vocabulary:
    """Codes of one column as small integers; 0 is NULL. Only grows, so indices stay valid."""

    def __init__(self) -> None:
        self.values: list[str | None] = [None]
        self.index: dict[str | None, int] = {None: 0}

    def encode(self, values: list) -> np.ndarray:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        lookup = np.array([self._add(value) for value in uniques] + [0], dtype=np.int32)
        return lookup[codes]  # the NA sentinel -1 picks the trailing 0

    def _add(self, value) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found

    def members(self, codes) -> np.ndarray:
        """A lookup table: True at the index of each of `codes` (unknown codes are ignored)."""
        table = np.zeros(len(self.values), dtype=bool)
        for code in codes:
            index = self.index.get(code)
            if index:
                table[index] = True
        return table


@dataclass
class Snapshot:
    """The columns of every person, sorted by id, as of `stamp`."""

    stamp: state.Stamp | None
    ids: np.ndarray
    cols: dict[str, np.ndarray]
    vocabularies: dict[str, Vocabulary]
    by_name: np.ndarray  # row numbers in Vietnamese name order (name sort key, then id)
    names: bytes  # folded names in that order, each after a newline
    name_starts: np.ndarray  # offset of the newline before each name; one more at the end
    derived: dict = field(default_factory=dict)  # birth-date orders, computed on first use

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays and the names (for the benchmark's figures)."""
        arrays = [self.ids, self.by_name, self.name_starts, *self.cols.values()]
        return sum(a.nbytes for a in arrays) + len(self.names)

    def rows_of(self, person_ids) -> np.ndarray:
        """Row numbers of those of the given ids that are in the snapshot."""
        wanted = np.asarray(person_ids, dtype=np.int64)
        if not len(wanted) or not self.size:
            return np.zeros(0, dtype=np.int64)
        rows = np.minimum(np.searchsorted(self.ids, wanted), self.size - 1)
        return rows[self.ids[rows] == wanted]

    def mask_of(self, person_ids) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.rows_of(person_ids)] = True
        return mask

    def isin(self, column: str, codes) -> np.ndarray:
        vocabulary = self.vocabularies[VOCAB_OF.get(column, column)]
        return vocabulary.members(codes)[self.cols[column]]

    def bits(self, vocabulary: str, codes) -> int:
        """The bit mask of these codes in a vocabulary of bit positions (language levels)."""
        found = self.vocabularies.get(vocabulary)
        wanted = 0
        for code in codes:
            index = found.index.get(code) if found is not None else None
            if index:
                wanted |= 1 << index
        return wanted

    def masks(self, column: str) -> np.ndarray:
        """The distinct bit masks of a mask column, by their index."""
        return np.array([value or 0 for value in self.vocabularies[column].values], dtype=np.int64)

    def has_bit(self, column: str, bit: int) -> np.ndarray:
        return ((self.masks(column) & (1 << bit)) != 0)[self.cols[column]]

    def birth_order(self, descending: bool) -> np.ndarray:
        """Row numbers by birth date (newest first when `descending`), unknown dates last, then id."""
        key = "birth_desc" if descending else "birth_asc"
        if key not in self.derived:
            birth = self.cols["birth"].astype(np.int64)
            unknown = birth == NULL_DAY
            self.derived[key] = np.lexsort((self.ids, -birth if descending else birth, unknown))
        return self.derived[key]

    def name_ranks(self, phrase: str, places: np.ndarray) -> np.ndarray:
        """For the names at these places in name order, how each folded name matches the folded
        phrase: 0 the whole name, 1 its beginning, 2 the beginning of a later word, 3 not at all
        (the ranks of `queries._order`). A few names are looked at one by one; for many, one scan
        of all the names finds the phrase faster."""
        needle = phrase.encode()
        if len(places) <= FEW_NAMES:
            names, starts = self.names, self.name_starts
            inner = b" " + needle
            ranks = [
                0 if name == needle else 1 if name.startswith(needle) else 2 if inner in name else 3
                for name in (names[starts[i] + 1 : starts[i + 1]] for i in places.tolist())
            ]
            return np.array(ranks, dtype=np.int8)
        ranks = np.full(self.size, 3, dtype=np.int8)
        for prefix, rank in ((b" ", 2), (b"\n", 1)):
            hits = np.fromiter(
                (m.start() for m in re.finditer(re.escape(prefix + needle), self.names)),
                dtype=np.int64,
            )
            if not len(hits):
                continue
            where = np.searchsorted(self.name_starts, hits, side="right") - 1
            ranks[where] = rank
            if rank == 1:
                whole = hits + 1 + len(needle) == self.name_starts[where + 1]
                ranks[where[whole]] = 0
        return ranks[places]


_cache: dict[str, Snapshot] = {}
_lock = threading.Lock()  # held only to swap a snapshot in
_loading = threading.Lock()  # one full load at a time; others use the old columns meanwhile


def forget() -> None:
    """Drop every process-wide snapshot (tests that rewrite a database under the same URL)."""
    with _lock:
        _cache.clear()


def preload(app) -> threading.Thread:
    """Load the columns in a background thread (REGISTRY_SEARCH_PRELOAD); errors are only logged,
    the first search then loads them itself."""

    def run():
        from registry.extensions import db

        with app.app_context():
            try:
                snapshot(db.session)
            except Exception:  # noqa: BLE001 (a failed preload must not stop the worker)
                app.logger.exception("Preloading the search columns failed")
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name="search-columns-preload", daemon=True)
    thread.start()
    return thread


def snapshot(session: Session) -> Snapshot:
    """The current columns for this session's database, loading what changed since last time.

    Loads are built outside the lock and swapped in; while one thread reloads everything (a new
    epoch), the others keep answering from the columns they have rather than wait."""
    stamp = state.current(session)
    key = str(session.get_bind().url)
    found = _cache.get(key)
    if stamp is not None and found is not None and found.stamp == stamp:
        return found
    if stamp is None:  # no state row (an emptied database): nothing to follow, so keep nothing
        return _load_all(session, None, {})
    if session.info.get(PENDING) or session.new or session.dirty or session.deleted:
        # This session has changes of its own not yet committed (and perhaps never): what it reads
        # must not be kept for other requests.
        return _brought_up_to(session, found, stamp)
    full = found is None or found.stamp.epoch != stamp.epoch
    if full and found is not None and not _loading.acquire(blocking=False):
        return found  # another thread is reading everything again: answer from the old columns
    elif full and found is None:
        _loading.acquire()
    try:
        fresh = _brought_up_to(session, _cache.get(key), stamp)
    finally:
        if full:
            _loading.release()
    with _lock:
        kept = _cache.get(key)
        if kept is None or _newer(fresh.stamp, kept.stamp):
            _cache[key] = fresh
    return fresh


def _newer(stamp: state.Stamp, than: state.Stamp | None) -> bool:
    return than is None or stamp.epoch != than.epoch or stamp.version > than.version


def _brought_up_to(session: Session, found: Snapshot | None, stamp: state.Stamp) -> Snapshot:
    """`found` as of `stamp`: the changed people loaded, or everything when they cannot be followed."""
    if found is not None and found.stamp == stamp:
        return found
    if found is None or found.stamp.epoch != stamp.epoch or stamp.version < found.stamp.version:
        return _load_all(session, stamp, {})
    return _load_changes(session, found, stamp)


def _frame(
    session: Session, columns: list[tuple[str, str]], text_columns: list[str], tail: str, order: str
) -> pd.DataFrame:
    """`SELECT <columns> <tail> ORDER BY <order>` (constant SQL) as a data frame. On PostgreSQL the
    rows come back as one CSV text aggregated by the server and parsed by pandas: a million rows in
    about two seconds instead of building a million Python tuples."""
    names = [name for name, _ in columns]
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        sql = f"SELECT {', '.join(expression for _, expression in columns)} {tail} ORDER BY {order}"  # noqa: S608
        rows = connection.connection.driver_connection.execute(sql).fetchall()
        return pd.DataFrame.from_records(rows, columns=names)
    fields = ", ".join(f"COALESCE(({expression})::text, '')" for _, expression in columns)
    sql = f"SELECT string_agg(concat_ws(',', {fields}), E'\\n' ORDER BY {order}) {tail}"  # noqa: S608 (constants)
    blob = connection.exec_driver_sql(sql).scalar()
    if not blob:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in names})
    return pd.read_csv(
        io.StringIO(blob),
        names=names,
        header=None,
        dtype=dict.fromkeys(text_columns, str),
        true_values=["true"],
        false_values=["false"],
    )


def _read(
    session: Session,
    vocabularies: dict[str, Vocabulary],
    tail: str = "FROM person p",
    order: str = "p.id",
) -> dict[str, np.ndarray]:
    day = DAY_SQL[session.get_bind().dialect.name]
    columns = [(name, expression.format(day=day)) for name, expression, _ in COLUMNS]
    frame = _frame(
        session, columns, [name for name, _, kind in COLUMNS if kind == "code"], tail, order
    )
    return {
        name: _convert(
            kind,
            frame[name],
            vocabularies.setdefault(VOCAB_OF.get(name, name), Vocabulary())
            if kind in ("code", "mask")
            else None,
        )
        for name, _, kind in COLUMNS
    }


def _convert(kind: str, values: pd.Series, vocabulary: Vocabulary | None) -> np.ndarray:
    if kind == "code":
        return vocabulary.encode(values)
    if kind == "mask":
        return vocabulary.encode(pd.to_numeric(values).fillna(0).astype(np.int64))
    if kind == "day":
        return pd.to_numeric(values).fillna(NULL_DAY).to_numpy(dtype=np.int32)
    if kind == "bool":
        return values.fillna(False).to_numpy(dtype=np.bool_)
    return pd.to_numeric(values).fillna(0).to_numpy(dtype=np.int64)


def _languages(
    session: Session, vocabularies, where: str = "", join: str = "", order: str = "pl.person_id"
) -> tuple[np.ndarray, np.ndarray]:
    """(person ids, bit mask of the language levels each holds) for people with languages."""
    vocabulary = vocabularies.setdefault("language", Vocabulary())
    frame = _frame(
        session,
        [("person_id", "pl.person_id"), ("level", "pl.level_code")],
        ["level"],
        f"FROM person_language pl {join} {where}",
        order,
    )
    if frame.empty:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    person_ids = frame["person_id"].to_numpy(dtype=np.int64)
    bits = np.left_shift(np.int64(1), vocabulary.encode(frame["level"]).astype(np.int64))
    order = np.argsort(person_ids, kind="stable")
    person_ids, bits = person_ids[order], bits[order]
    unique, starts = np.unique(person_ids, return_index=True)
    return unique, np.bitwise_or.reduceat(bits, starts)


def _names(session: Session, ids: np.ndarray) -> tuple[np.ndarray, bytes, np.ndarray]:
    frame = _frame(
        session,
        [("id", "id"), ("name", "name_folded")],
        ["name"],
        "FROM person",
        "name_sort_key, id",
    )
    person_ids = frame["id"].to_numpy(dtype=np.int64)
    # Only the people of these columns: a session's own uncommitted people are not among them.
    keep = np.isin(person_ids, ids)
    encoded = [name.encode() for name in frame["name"].fillna("")[keep]]
    by_name = np.searchsorted(ids, person_ids[keep])
    return by_name.astype(np.int64), *_name_blob(encoded)


def _name_blob(encoded: list[bytes]) -> tuple[bytes, np.ndarray]:
    blob = b"\n" + b"\n".join(encoded) + b"\n"
    lengths = np.fromiter((len(name) + 1 for name in encoded), dtype=np.int64, count=len(encoded))
    return blob, np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)


def _load_all(session: Session, stamp, vocabularies: dict[str, Vocabulary]) -> Snapshot:
    cols = _read(session, vocabularies)
    ids = cols.pop("id")
    language_ids, language_bits = _languages(session, vocabularies)
    cols["languages"] = np.zeros(len(ids), dtype=np.int64)
    cols["languages"][np.searchsorted(ids, language_ids)] = language_bits
    by_name, names, starts = _names(session, ids)
    return Snapshot(stamp, ids, cols, vocabularies, by_name, names, starts)


def _load_changes(session: Session, old: Snapshot, stamp) -> Snapshot:
    """The old snapshot with the people stamped after it replaced (and new people added)."""
    join, where = (
        "JOIN person_search ps ON ps.person_id = {alias}",
        f"WHERE ps.rev > {int(old.stamp.version)}",
    )
    # ordered by stamp first, so that the database walks the index on stamps, not every person
    changed = _read(
        session,
        old.vocabularies,
        f"FROM person p {join.format(alias='p.id')} {where}",
        "ps.rev, p.id",
    )
    changed_ids = changed.pop("id")
    cols = {name: array.copy() for name, array in old.cols.items()}
    ids = old.ids
    new_ids = np.setdiff1d(
        changed_ids, old.ids[old.rows_of(changed_ids)]
    )  # small arrays: the changes
    if len(new_ids):
        # New people usually have the highest ids: appended in order, nothing to sort.
        order = (
            None
            if not len(ids) or new_ids[0] > ids[-1]
            else np.argsort(np.concatenate([ids, new_ids]), kind="stable")
        )
        ids = np.concatenate([ids, new_ids])
        ids = ids if order is None else ids[order]
        for name, array in cols.items():
            grown = np.concatenate([array, np.zeros(len(new_ids), dtype=array.dtype)])
            cols[name] = grown if order is None else grown[order]
    rows = np.searchsorted(ids, changed_ids)
    for name, values in changed.items():
        cols[name][rows] = values
    language_ids, language_bits = _languages(
        session, old.vocabularies, where, join.format(alias="pl.person_id"), "ps.rev, pl.person_id"
    )
    cols["languages"][rows] = 0
    cols["languages"][np.searchsorted(ids, language_ids)] = language_bits
    if stamp.names_version > old.stamp.names_version and len(changed_ids) > FEW_CHANGES:
        by_name, names, starts = _names(session, ids)
    elif len(new_ids) or stamp.names_version > old.stamp.names_version:
        by_name, names, starts = _placed(session, old, ids, changed_ids)
    else:
        by_name, names, starts = old.by_name, old.names, old.name_starts
    return replace(
        old,
        stamp=stamp,
        ids=ids,
        cols=cols,
        by_name=by_name,
        names=names,
        name_starts=starts,
        derived={},
    )


def _placed(session: Session, old: Snapshot, ids: np.ndarray, changed: np.ndarray):
    """The name order with the changed people taken out and put back where their (possibly new)
    names go: a binary search over the kept order, asking the database the sort keys of the
    people probed (a few dozen primary-key reads), instead of reading every name again. The
    folded names are spliced as byte slices, so the cost is a copy of the names, not a parse."""
    order_ids = old.ids[old.by_name]
    removed = np.flatnonzero(np.isin(order_ids, np.asarray(changed, dtype=np.int64)))
    kept_ids = np.delete(order_ids, removed)
    starts = old.name_starts
    bounds = [0, *[int(starts[p]) for p in removed for p in (p, p + 1)], int(starts[-1])]
    kept_body = b"".join(old.names[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2))
    kept_lengths = np.delete(np.diff(starts), removed)
    rows = session.execute(
        select(Person.id, Person.name_sort_key, Person.name_folded)
        .where(Person.id.in_([int(i) for i in changed]))
        .order_by(Person.name_sort_key, Person.id)
    ).all()
    places = _insertion_points(session, kept_ids, [(key or "", pid) for pid, key, _ in rows])
    added = [b"\n" + (name or "").encode() for _, _, name in rows]
    offsets = np.concatenate([[0], np.cumsum(kept_lengths)]).astype(np.int64)
    pieces, at = [], 0
    for place, piece in zip(places, added, strict=True):
        pieces += [kept_body[at : offsets[place]], piece]
        at = int(offsets[place])
    pieces += [kept_body[at:], b"\n"]
    lengths = np.insert(kept_lengths, places, [len(piece) for piece in added])
    merged_ids = np.insert(kept_ids, places, [pid for pid, _, _ in rows])
    new_starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return np.searchsorted(ids, merged_ids).astype(np.int64), b"".join(pieces), new_starts


def _insertion_points(session: Session, kept_ids: np.ndarray, wanted: list[tuple[str, int]]):
    """For each (sort key, id), how many of the kept people (in name order) come before it."""
    low = [0] * len(wanted)
    high = [len(kept_ids)] * len(wanted)
    while any(lo < hi for lo, hi in zip(low, high, strict=True)):
        probes = {
            i: (lo + hi) // 2 for i, (lo, hi) in enumerate(zip(low, high, strict=True)) if lo < hi
        }
        probe_ids = {int(kept_ids[mid]) for mid in probes.values()}
        keys = dict(
            session.execute(
                select(Person.id, Person.name_sort_key).where(Person.id.in_(probe_ids))
            ).all()
        )
        for i, mid in probes.items():
            probe = int(kept_ids[mid])
            if (keys.get(probe) or "", probe) < wanted[i]:
                low[i] = mid + 1
            else:
                high[i] = mid
    return low
