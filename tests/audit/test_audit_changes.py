"""Before → after is shown key by key, as indented JSON, whatever shape the values have."""

from dti.audit.selectors import Change, changes


def test_keys_are_marked_changed_added_removed_or_unchanged_in_their_order():
    result = changes(
        {"status": "draft", "note": "x", "gone": 1},
        {"status": "submitted", "note": "x", "new": True},
    )
    assert [(change.key, change.status) for change in result] == [
        ("status", "changed"),
        ("note", "unchanged"),
        ("gone", "removed"),
        ("new", "added"),
    ]


def test_values_are_indented_json_with_vietnamese_kept_readable():
    [change] = changes(None, {"values": {"tên": "Sở Y tế", "n": 2}})
    assert change == Change(key="values", before=None, after='{\n  "n": 2,\n  "tên": "Sở Y tế"\n}')
    assert change.status == "added"


def test_a_creation_lists_every_key_as_added_and_a_deletion_as_removed():
    assert {change.status for change in changes(None, {"a": 1, "b": 2})} == {"added"}
    assert {change.status for change in changes({"a": 1}, None)} == {"removed"}


def test_values_that_are_not_objects_are_compared_whole():
    [change] = changes(["1.1→SKHCN"], ["1.1→VPUB"])
    assert (change.key, change.before, change.after) == (
        "",
        '[\n  "1.1→SKHCN"\n]',
        '[\n  "1.1→VPUB"\n]',
    )
    assert change.status == "changed"


def test_nothing_before_or_after_means_no_change_to_show():
    assert changes(None, None) == []
