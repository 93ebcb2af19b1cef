"""Packages depend one way: no import cycle between the registry's packages (module-level
imports, read from the source by tests/core/import_graph.py), and core/ and reference/ import
no feature."""

from tests.core.import_graph import cycles, package_edges

# The one cycle left: scopes (auth) are rules about people, and people's pages use access checks
# and scopes. Breaking it needs the person and organisation models below auth; until then it may
# not grow: no other package may join it and no other cycle may appear.
KNOWN = [["auth", "people"]]
FOUNDATIONS = ("core", "reference")
FEATURES = ("people", "review", "search", "analytics", "admin", "api", "demo", "auth", "audit")


def test_no_new_import_cycle_between_packages():
    edges = package_edges()
    found = cycles(edges)
    detail = {
        pair: modules for pair, modules in edges.items() if any(set(pair) <= set(c) for c in found)
    }
    assert found == KNOWN, detail


def test_core_and_reference_import_no_feature():
    edges = package_edges()
    wrong = {
        pair: modules
        for pair, modules in edges.items()
        if pair[0] in FOUNDATIONS and pair[1] in FEATURES
    }
    assert wrong == {}


def test_the_checker_sees_a_cycle_when_there_is_one():
    edges = {("a", "b"): ["registry.a.x"], ("b", "c"): ["registry.b.y"], ("c", "a"): ["z"]}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({("a", "b"): ["x"]}) == []
