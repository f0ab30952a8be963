"""Searching the public ranking ignores diacritics, "đ", case and word order."""

import pytest
from django.urls import reverse

from dti.agencies.models import Tier
from dti.core.search import matches, normalise, words_of
from tests.factories import make_agency
from tests.results.portal_helpers import results_campaign, small_framework, write_result

NAMES = {
    "P-HADONG": "Phường Hà Đông",
    "X-DONGANH": "Xã Đông Anh",
    "P-THANHXUAN": "Phường Thanh Xuân",
    "P-HOANKIEM": "Phường Hoàn Kiếm",
}


def test_normalising_drops_marks_turns_d_with_stroke_into_d_and_folds_case():
    assert normalise("  Phường  HÀ ĐÔNG ") == "phuong ha dong"
    assert normalise("Đống Đa") == normalise("dong da")


def test_words_are_found_at_word_starts_in_any_order():
    assert matches(words_of("dong ha"), "Phường Hà Đông")
    assert matches(words_of("DONG ANH"), "Xã Đông Anh")
    assert matches(words_of("an"), "Xã Đông Anh")
    assert not matches(words_of("an"), "Phường Thanh Xuân")
    assert not matches(words_of("ha dong x"), "Phường Hà Đông")


def test_a_code_is_searched_word_by_word():
    assert matches(words_of("hoankiem"), "Phường Hoàn Kiếm", "P-HOANKIEM")


@pytest.fixture
def communes(db):
    agencies = [make_agency(code, Tier.COMMUNE, name=name) for code, name in NAMES.items()]
    campaign = results_campaign(agencies, framework=small_framework("TEST-XA", tier="commune"))
    for rank, agency in enumerate(agencies, start=1):
        write_result(campaign, agency, rank=rank, group_points=(30 - rank, 20))
    return campaign


def search(client, campaign, query):
    url = reverse("portal:ranking", args=[campaign.pk, "commune"])
    response = client.get(url, {"q": query})
    return [row.agency_name for row in response.context["rows"]]


@pytest.mark.django_db
def test_ha_dong_finds_phuong_ha_dong(client, communes):
    assert search(client, communes, "ha dong") == ["Phường Hà Đông"]


@pytest.mark.django_db
def test_capitals_without_marks_find_dong_anh(client, communes):
    assert search(client, communes, "DONG ANH") == ["Xã Đông Anh"]


@pytest.mark.django_db
def test_one_word_finds_every_agency_having_it(client, communes):
    assert search(client, communes, "đông") == ["Phường Hà Đông", "Xã Đông Anh"]


@pytest.mark.django_db
def test_a_search_without_match_shows_no_row_and_an_empty_search_shows_all(client, communes):
    assert search(client, communes, "ba vi") == []
    assert len(search(client, communes, "  ")) == len(NAMES)
