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


def test_a_blank_place_is_quoted_from_the_steps_never_made_up(kb):
    """Where the portal's place fields are blank, where to submit is what a step says,
    quoted: over the whole catalogue, each is a step's own words and names an office, and
    a record with a place of its own is never given one from its steps."""
    quoted = 0
    for procedure in kb.procedures.values():
        facts = dict(facts_for(procedure, "place").focus)
        said = facts.get("steps_place")
        if procedure.agency or procedure.address:
            assert said is None, procedure.code
            continue
        if said is None:
            continue
        quoted += 1
        steps = [" ".join(step.split()) for step in procedure.steps]
        assert any(str(said) in step for step in steps), procedure.code
        assert " đến " in f" {said} " or " tại " in f" {said} " or " tới " in f" {said} "
    assert quoted >= 90  # of the 222 records with neither field, 105 say it in a step
    business = dict(facts_for(kb.procedures["1.001612"], "place").focus)
    assert "đến Cơ quan đăng ký kinh doanh cấp xã" in str(business["steps_place"])
