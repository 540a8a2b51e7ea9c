"""How search folds standard codes and words (search_terms.py): the rules the browser receives as data."""

from __future__ import annotations

import re

from mathhub.search_terms import BROWSER_RULES, keys_by_standard, load_synonyms, parse_synonyms, search_key, spelling_index
from mathhub.standards import load_catalogue


def test_every_search_key_names_the_standard_the_catalogue_resolves() -> None:
    catalogue = load_catalogue()
    index = spelling_index(catalogue)
    assert index["6RP3"] == index["6RPA3"] == "6.RP.A.3"
    for spelling in ("6.RP.3", "6.RP.A.3", "6rp3", "CCSS.MATH.CONTENT.6.RP.A.3", " 6.rp.a.3 "):
        assert index[search_key(spelling)] == "6.RP.A.3", spelling
    assert index[search_key("K.CC.4")] == catalogue.resolve("K.CC.4").code
    assert all(key == search_key(key) and re.fullmatch(r"[A-Z0-9]+", key) for key in index)
    keys = keys_by_standard(catalogue)
    assert {"6RP3", "6RPA3"} <= set(keys["6.RP.A.3"]) and "6RPA3C" in keys["6.RP.A.3c"]


def test_the_browser_rules_are_the_python_patterns() -> None:
    assert re.sub(BROWSER_RULES["notKey"], "", re.sub(BROWSER_RULES["prefixes"], "", "CCSS.MATH.CONTENT.6.RP.A.3")) == "6RPA3"
    assert re.findall(BROWSER_RULES["word"], "dividing fractions, 6rp3") == ["dividing", "fractions", "6rp3"]


def test_synonyms_expand_to_their_group_and_bad_lines_are_named() -> None:
    synonyms, problems = load_synonyms()
    assert problems == []
    assert {"divide", "division"} <= set(synonyms.expand("Dividing fractions"))
    assert "ratio" not in synonyms.expand("rational numbers")  # whole words only
    _, problems = parse_synonyms("# comment\nadd, addition\nlonely\ndivide, two words\n", "synonyms.txt")
    assert [(p.line, p.message) for p in problems] == [(3, "a group needs at least two words"), (4, "'two words' is not one word")]
    assert all(p.hint for p in problems)
