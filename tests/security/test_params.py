"""The one parameter converter: property tests with hypothesis."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from registry.core import params


@given(st.text())
def test_parse_int_never_raises_and_stays_in_bounds(raw):
    value = params.parse_int(raw, 1, 500)
    assert value is None or 1 <= value <= 500


@given(st.integers(min_value=1, max_value=params.MAX_ID))
def test_ids_round_trip(number):
    assert params.parse_id(str(number)) == number
    assert params.parse_id(f" {number} ") == number


@given(st.integers().filter(lambda n: n < 1 or n > params.MAX_ID))
def test_ids_out_of_range_are_refused(number):
    assert params.parse_id(str(number)) is None


@given(st.text(alphabet=st.characters(categories=("Nd", "No")), min_size=1))
def test_only_ascii_digits_count(raw):
    value = params.parse_int(raw, 0, 10**18)
    assert value is None or raw.strip().isascii()


def test_unicode_digits_are_not_numbers():
    for raw in ("²", "٣", "１２", "1²", "𝟗"):
        assert params.parse_int(raw, 0, 10**9) is None


@given(st.dates(min_value=date(1000, 1, 1)))
def test_dates_round_trip_in_both_writings(day):
    assert params.parse_date(day.isoformat()) == day
    assert params.parse_date(day.strftime("%d/%m/%Y")) == day


@given(st.text())
def test_parse_date_never_raises(raw):
    value = params.parse_date(raw)
    assert value is None or isinstance(value, date)


@given(st.text())
def test_codes_are_short_ascii(raw):
    value = params.parse_code(raw)
    assert value is None or (value.isascii() and 1 <= len(value) <= 40)


@given(st.text())
def test_text_has_no_control_characters(raw):
    value = params.parse_text(raw, 50)
    assert value is None or (len(value) <= 50 and "\x00" not in value)


def test_area_codes():
    assert params.parse_area("44") == "44"
    assert params.parse_area("19363") == "19363"
    assert params.parse_area("4444") is None
    assert params.parse_area("²²") is None
