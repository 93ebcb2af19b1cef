import unicodedata

from registry.text import fold, name_parts_in_sort_order, name_sort_key, nfc, title_case_name


def test_nfc_turns_decomposed_input_into_composed_form():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Đào")
    assert decomposed != "Nguyễn Thị Đào"
    assert nfc("  " + decomposed + "  ") == "Nguyễn Thị Đào"
    assert nfc("Đặng   Văn\tÂn") == "Đặng Văn Ân"
    assert nfc(None) is None


def test_fold_is_accent_and_case_insensitive_and_maps_d_bar():
    assert fold("Nguyễn Thị Đào") == "nguyen thi dao"
    assert fold("ĐẶNG VĂN ÂN") == "dang van an"
    assert fold(unicodedata.normalize("NFD", "Đào")) == "dao"
    assert fold("Bru-Vân Kiều") == "bru van kieu"
    assert fold("") == ""


def test_name_sorts_by_given_then_family_then_middle():
    assert name_parts_in_sort_order("Nguyễn Thị Đào") == ["Đào", "Nguyễn", "Thị"]
    names = ["Trần Văn Bình", "Nguyễn Thị Đào", "Lê Văn An", "Nguyễn Văn An", "Đặng Văn Ân"]
    ordered = sorted(names, key=name_sort_key)
    # given names a < ân < b < đ; two "An": family Lê before Nguyễn
    assert ordered == [
        "Lê Văn An",
        "Nguyễn Văn An",
        "Đặng Văn Ân",
        "Trần Văn Bình",
        "Nguyễn Thị Đào",
    ]


def test_vietnamese_letters_follow_the_vietnamese_alphabet():
    # d < đ < e and o < ô < ơ, unlike a plain code-point or accent-stripped sort
    words = ["Ơn", "Đức", "Em", "Dũng", "Ông", "Oanh"]
    assert sorted(words, key=name_sort_key) == ["Dũng", "Đức", "Em", "Oanh", "Ông", "Ơn"]


def test_tones_break_ties_in_dictionary_order():
    words = ["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]
    assert sorted(words, key=name_sort_key) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def test_sort_key_ignores_case_and_normalisation_and_is_digits_only():
    key = name_sort_key("ĐẶNG VĂN ÂN")
    assert (
        key
        == name_sort_key("Đặng Văn Ân")
        == name_sort_key(unicodedata.normalize("NFD", "Đặng Văn Ân"))
    )
    assert key.isdigit()


def test_shorter_given_name_sorts_first():
    assert sorted(["Lê Anh", "Lê An"], key=name_sort_key) == ["Lê An", "Lê Anh"]


def test_title_case_name():
    assert title_case_name("ĐẶNG VĂN ÂN") == "Đặng Văn Ân"
