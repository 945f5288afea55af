"""Text analysis: the spellings people mix up fold together, in Arabic and English."""

import pytest

from search import text


@pytest.mark.parametrize(
    "written, typed",
    [
        ("الإيجار", "الايجار"),
        ("أُجْرَة", "اجره"),
        ("آمنة", "امنه"),
        ("ٱلمدينة", "المدينه"),
        ("مبنى", "مبني"),
        ("رخصة", "رخصه"),
        ("مـــوعـــد", "موعد"),
        ("مکافحة", "مكافحه"),
        ("کبار", "كبار"),
        ("الفاتوری", "الفاتوري"),
        ("مسؤول", "مسئول"),
        ("١٢٣", "123"),
        ("۴۵۶", "456"),
    ],
)
def test_arabic_spellings_fold_to_one_form(written, typed):
    assert text.tokens(written) == text.tokens(typed)


@pytest.mark.parametrize(
    "one, other",
    [
        ("الرخصة", "رخص"),
        ("شهادة", "شهادات"),
        ("تجارية", "تجاري"),
        ("للعاملين", "العامل"),
        ("والإيجار", "ايجار"),
        ("المستهلكين", "مستهلك"),
    ],
)
def test_arabic_light_stemming_joins_articles_plurals_and_feminine(one, other):
    assert text.stems(one) == text.stems(other)


@pytest.mark.parametrize(
    "british, american",
    [
        ("licence", "license"),
        ("colour", "color"),
        ("organisation", "organization"),
        ("organise", "organize"),
        ("centre", "center"),
        ("catalogue", "catalog"),
        ("cancelled", "canceled"),
        ("programme", "program"),
    ],
)
def test_british_and_american_spellings_match(british, american):
    assert text.stems(british) == text.stems(american)


def test_english_stemming_and_stop_words():
    assert text.stems("Renewing the licences") == text.stems("renew license")
    assert text.stems("the") == ["the"]  # a query of only stop words still searches for them


def test_edge_ngrams_cover_what_someone_has_typed_so_far():
    grams = text.edge_ngrams(text.tokens("الرخصة"))
    assert {"ال", "الر", "الرخ", "رخ", "رخص"} <= set(grams)


def test_highlight_positions_keep_the_original_spelling():
    spans = text.surface_spans("تجديد رُخْصَة تجارية")
    assert [word for _s, _e, word in spans] == ["تجديد", "رخصه", "تجاريه"]
    start, end, _word = spans[1]
    assert "تجديد رُخْصَة تجارية"[start:end] == "رُخْصَة"


def test_edit_distance_counts_typos():
    assert text.edit_distance("apointment", "appointment") == 1
    assert text.edit_distance("demolision", "demolition") == 1
    assert text.edit_distance("form", "from") == 1  # a transposition is one typo
    assert text.edit_distance("abc", "xyzuvw") > 2
