"""The organisation named in the interface comes from the CITY_NAME setting, so another city
can run the platform under its own name."""

from __future__ import annotations

import pytest

from .browser import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_header_title_and_footer_name_the_configured_city(people, steps, settings):
    settings.CITY_NAME = "Thành phố Đà Nẵng"
    visitor = people.visitor()
    with steps.step(visitor, "Trang chủ mang tên thành phố được cấu hình"):
        visitor.goto("/")
        expect(visitor.locator(".site-title__city")).to_have_text("Thành phố Đà Nẵng")
        expect(visitor.locator(".site-footer")).to_contain_text("Thành phố Đà Nẵng")
        expect(visitor).to_have_title("Chỉ số chuyển đổi số · Thành phố Đà Nẵng")
    assert "Hà Nội" not in visitor.locator("body").inner_text()
