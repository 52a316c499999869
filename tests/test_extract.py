"""The extractor: grammar pieces, sentences, and sentences read as a careful reader reads them.

``tests/data/extract/sentences.yaml`` holds the sentences (each with its source) and the claims
a careful reader states for them (the annotations of the shared dev texts and of the shipped
fact-sheet claims file), never this code's output.  The drafts must run through the claims
schema unchanged.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from conftest import ROOT, TEST_DATA

from armsdata import extract
from armsdata.claims import schema
from armsdata.errors import ParseError
from armsdata.extract import grammar, phrases, sentences

CASES = yaml.safe_load((TEST_DATA / "extract" / "sentences.yaml").read_text(encoding="utf-8"))["cases"]


def _win(w):
    return {"start": w[0], "end": w[1]}


def _matches(claim, want) -> bool:
    ev = dict(want.get("evidence", {}))
    if "compare_window" in ev:
        ev["compare_window"] = _win(ev["compare_window"])
    return (claim["check"] == want["check"] and float(claim["quantity"]) == float(want["quantity"])
            and claim["comparator"] == want.get("comparator", "about")
            and claim["window"] == _win(want["window"]) and claim["evidence"] == ev
            and claim["extraction"]["confidence"] == want.get("confidence", claim["extraction"]["confidence"]))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_a_sentence_is_read_as_a_careful_reader_reads_it(case):
    x = extract.extract_text(case["text"], case["date"])
    wanted = case["expect"]
    missing = [w for w in wanted if not any(_matches(c, w) for c in x.claims)]
    assert not missing, (missing, x.claims, x.candidates)
    assert len(x.claims) == len(wanted), [c for c in x.claims if not any(_matches(c, w) for w in wanted)]
    for fig in case.get("candidates", []):
        assert fig in [c["figure"] for c in x.candidates], (fig, x.candidates, x.claims)
    for fig in case.get("not_sipri", []):
        assert fig in [c["figure"] for c in x.not_sipri], (fig, x.not_sipri, x.claims)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_every_draft_is_a_claims_file_the_schema_accepts(case, tmp_path):
    x = extract.extract_text(case["text"], case["date"])
    p = tmp_path / "draft.yaml"
    p.write_text(x.to_yaml(), encoding="utf-8")
    cf = schema.load(p)
    assert not cf.problems, cf.problems
    assert [c.id for c in cf.claims] == [c["id"] for c in x.claims]
    assert cf.date == (dt.date.fromisoformat(str(case["date"])) if case["date"] else None)
    for c in x.claims:  # the quote is a verbatim slice of the text, the figure inside it
        assert c["quote"] in case["text"]
        at = c["extraction"]["at"]
        assert case["text"][at:at + len(c["extraction"]["figure"])] == c["extraction"]["figure"]
    for f in x.candidates + x.not_sipri:
        assert case["text"][f["at"]:f["at"] + len(f["figure"])] == f["figure"]
        assert f["why"]


def test_json_is_one_object_with_the_four_keys():
    case = CASES[0]
    d = json.loads(extract.extract_text(case["text"], case["date"]).to_json())
    assert list(d) == ["date", "claims", "candidates", "not_sipri"]
    assert d["date"] == "2022-03-15"
    assert all({"id", "quote", "check", "quantity", "unit", "comparator", "window", "evidence",
                "extraction"} <= set(c) for c in d["claims"])
    assert all(c["extraction"]["confidence"] in ("high", "low") and c["extraction"]["note"]
               for c in d["claims"])


def test_no_date_says_so_and_relative_windows_become_candidates():
    x = extract.extract_text("Russia has supplied 94% of military equipment Armenia has "
                             "obtained in the past five years.")
    assert x.date is None and "unknown" in x.date_line()
    assert not x.claims and "date" in x.candidates[0]["why"]
    assert "date: unknown" in x.to_yaml() and "\ndate:" not in x.to_yaml()


@pytest.mark.parametrize("day, window", [("2024-03-11", (2019, 2023)), ("2024-02-01", (2018, 2022)),
                                         ("2020-10-15", (2015, 2019))])
def test_the_past_five_years_is_read_on_the_release_in_force(day, window):
    x = extract.extract_text("Russia has supplied 94% of military equipment Armenia has "
                             "obtained in the past five years.", day)
    assert (x.claims[0]["window"]["start"], x.claims[0]["window"]["end"]) == window
    assert "release" in x.claims[0]["window_note"]


# --------------------------------------------------------------------------------------------
# the grammar's pieces
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, start, end", [
    ("in 2016–20", 2016, 2020), ("in 2016-2020", 2016, 2020), ("in 2018 22 was", 2018, 2022),
    ("between 2018 and 2022", 2018, 2022), ("From 2011 to 2020,", 2011, 2020),
    ("the period 1993-2022", 1993, 2022), ("in 1998–2002", 1998, 2002)])
def test_windows_as_written(text, start, end):
    ws = [t for t in grammar.tag(text) if t.kind == "W"]
    assert [(w.data["start"], w.data["end"]) for w in ws] == [(start, end)]


@pytest.mark.parametrize("text, value, sign, hedge", [
    ("–16 per cent", 16, -1, None), ("(+19 per cent)", 19, 1, None), ("4.9%", 4.9, 0, None),
    ("at least 94 per cent", 94, 0, "at-least"), ("just under 40 percent", 40, 0, "under"),
    ("Thirty per cent", 30, 0, None), ("almost 6 percent", 6, 0, "under"),
    ("more than 50 per cent", 50, 0, "over"), ("roughly 21%", 21, 0, "about")])
def test_per_cent_figures_with_sign_and_hedge(text, value, sign, hedge):
    [f] = [t for t in grammar.tag(text) if t.kind == "F"]
    assert (f.data["value"], f.data["sign"], f.data["hedge"]) == (value, sign, hedge)


@pytest.mark.parametrize("text, value, hedge", [
    ("more than doubled", 100, "over"), ("almost tripled", 200, "under"), ("halved", -50, None),
    ("increased more than tenfold", 900, "over"), ("by 2.5 times", None, None)])
def test_words_of_change(text, value, hedge):
    [m] = [t for t in grammar.tag(text) if t.kind == "M"]
    assert (m.data["value"], m.data["hedge"]) == (value, hedge)


@pytest.mark.parametrize("text, name, form", [
    ("Russian", "Russia", "demonym"), ("US", "United States", "name"),
    ("Chinese-made", "China", "demonym"), ("Europe's", "Europe", "possessive"),
    ("Turkey", "Turkiye", "name"), ("the Middle East", "Middle East", "name"),
    ("sub-Saharan Africa", "sub-Saharan Africa", "name"), ("European", "Europe", "demonym")])
def test_actors_from_the_actor_map_regions_and_demonyms(text, name, form):
    [a] = [t for t in grammar.tag(text) if t.kind == "A"]
    assert (a.data["name"], a.data["form"]) == (name, form)


@pytest.mark.parametrize("text, kind", [
    ("$300 million", "money"), ("USD 200 million", "money"), ("510 tonnes", "mass"),
    ("nine Russian flights", "flights"), ("more than 40 deaths", "people"),
    ("3,000 Russian soldiers", "people"), ("107 countries", "states"), ("300 kilometres", "distance")])
def test_numbers_that_are_not_sipri_figures(text, kind):
    [n] = [t for t in grammar.tag(text) if t.kind == "N"]
    assert n.data["kind"] == kind


@pytest.mark.parametrize("text, rank, role", [
    ("the world's second-largest arms importer", 2, "importer"),
    ("the 10th-largest importer in the world", 10, "importer"),
    ("India's main arms supplier", 1, "supplier"), ("ranks 23rd among", 23, None),
    ("took the second place among exporters", 2, None)])
def test_ranks(text, rank, role):
    [r] = [t for t in grammar.tag(text) if t.kind == "R"]
    assert (r.data["rank"], r.data["role"]) == (rank, role)


def test_sentences_are_verbatim_slices_and_keep_decimals_initials_and_bullets():
    text = ("Fact Sheet by P. D. Wezeman, March 2022\n\nExports fell by 4.6 per cent in 2017–21. "
            "Imports rose. KEY FACTS w The five largest exporters were A. • The next point.")
    ss = sentences.split(text)
    assert all(text[s.start:s.end] == s.text for s in ss)
    assert [s.text for s in ss] == ["Fact Sheet by P. D. Wezeman, March 2022",
                                    "Exports fell by 4.6 per cent in 2017–21.", "Imports rose.",
                                    "KEY FACTS", "w The five largest exporters were A.",
                                    "• The next point."]
    assert ss[0].heading and not ss[1].heading


def test_phrasings_and_demonyms_are_checked_when_read(monkeypatch):
    assert phrases.demonyms()["Chinese"] == "China"
    phrases.demonyms.cache_clear()
    monkeypatch.setattr(phrases, "_text", lambda name: "word,name\nWakandan,Wakanda\n")
    with pytest.raises(ParseError, match="line 2.*'Wakanda' is neither"):
        phrases.demonyms()
    phrases.demonyms.cache_clear()
    phrases.phrasings.cache_clear()
    bad = (ROOT / "src/armsdata/extract/phrasings.yaml").read_text("utf-8").replace(
        "at least: at-least", "at least: at-leastish")
    monkeypatch.setattr(phrases, "_text", lambda name: bad)
    with pytest.raises(ParseError, match="hedges"):
        phrases.phrasings()
    phrases.phrasings.cache_clear()
