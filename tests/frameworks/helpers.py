import copy
from pathlib import Path

import yaml

from bench.load.browser import parse_page

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.yaml"


def small_document() -> dict:
    return yaml.safe_load(SMALL.read_text(encoding="utf-8"))


def write_document(tmp_path: Path, document: dict, name: str = "framework.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml_text(document), encoding="utf-8")
    return path


def broken_document() -> dict:
    """One of each kind of mistake the validator must report."""
    document = copy.deepcopy(small_document())
    group_one, group_two = document["groups"]
    group_one["indicators"][0]["max_points"] = 25  # group 1 now adds up to 35, not 30
    group_one["indicators"][1]["rule"]["type"] = "ratios"  # unknown rule type
    group_one["indicators"][1]["examples"] = [{"inputs": {"chaired": 5, "total": 4}}]
    group_two["indicators"][1]["code"] = "2.1"  # duplicate code
    del group_two["indicators"][0]["name"]  # missing field
    return document


def yaml_text(document: dict) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def admin_form(client, url: str) -> dict[str, str]:
    """A Django admin change form's fields with the values the page shows, as a browser would
    send them back (inline rows included)."""
    page = client.get(url).content.decode()
    return dict(parse_page(page).form_with("_save").submission())
