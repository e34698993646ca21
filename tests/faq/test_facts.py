from faq.facts import facts_for


def test_fee_question_leads_with_the_fee(kb):
    facts = facts_for(kb.procedures["1.001193"], "fee")
    assert facts.focus[0][0] == "fee_rows"
    assert (facts.code, facts.level) == ("1.001193", "Cấp xã")
    assert facts.url.startswith("https://")


def test_online_question_shows_only_online_rows(kb):
    facts = dict(facts_for(kb.procedures["1.014061"], "online").focus)
    assert "Trực tuyến" in facts["channels"]
    assert {row.channel for row in facts["online_time_rows"]} == {"Trực tuyến"}


def test_empty_facts_are_left_out(kb):
    facts = dict(facts_for(kb.procedures["1.001193"], "eligibility").focus)
    assert "eligibility" not in facts  # the catalogue gives none for this procedure


def test_two_facts_asked_say_each_row_once(kb):
    """«nộp online được không, mất bao lâu»: every channel's rows say the online one's too;
    the time and the fee are not said twice."""
    facts = facts_for(kb.procedures["1.001193"], "online", ("time",))
    names = [name for name, _ in facts.focus]
    assert "time_rows" in names and "online_time_rows" not in names
    assert len(names) == len(set(names))
