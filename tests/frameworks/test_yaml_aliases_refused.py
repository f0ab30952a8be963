"""Anchors and aliases are refused before they are expanded: a few hundred bytes of nested
aliases ("billion laughs") would otherwise take minutes and gigabytes."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dti.agencies.models import Role
from dti.frameworks.files import FrameworkFileError, read_framework_file
from dti.frameworks.models import Framework
from tests.factories import make_user
from tests.frameworks.helpers import SMALL


def alias_bomb() -> bytes:
    """Nine levels of nine aliases each: 9^9 (387 million) strings once expanded."""
    lines = ["code: BOMB", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines.append("groups: *i")
    return ("\n".join(lines) + "\n").encode()


def test_a_nested_alias_file_is_refused_at_once_with_the_line_of_the_first_anchor():
    started = time.monotonic()
    with pytest.raises(FrameworkFileError) as raised:
        read_framework_file("bomb.yaml", alias_bomb())
    assert time.monotonic() - started < 1
    assert raised.value.lines == [
        "bomb.yaml: line 2, column 4: Các neo và bí danh YAML (& và *) không được dùng trong "
        "tệp này: hãy viết đầy đủ từng giá trị."
    ]


def test_a_single_alias_is_refused_too():
    text = SMALL.read_text(encoding="utf-8").replace(
        "appraising_units: [SKHCN]", "appraising_units: &units [SKHCN]"
    )
    with pytest.raises(FrameworkFileError) as raised:
        read_framework_file("small.yaml", text.encode())
    assert (
        len(raised.value.lines) == 1 and "small.yaml: line 31, column 27: " in raised.value.lines[0]
    )


@pytest.mark.django_db
def test_the_import_page_refuses_the_bomb_and_stores_nothing(client):
    client.force_login(make_user(Role.COORDINATOR))
    upload = SimpleUploadedFile("bomb.yaml", alias_bomb(), content_type="application/yaml")
    response = client.post(reverse("frameworks:import"), {"file": upload})
    assert response.status_code == 200
    assert "(&amp; và *)" in response.content.decode()
    assert not Framework.objects.exists()
