"""Event date: every written form, ranges, day/month order, relative dates and the choice."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coop_extract.extract import dates
from coop_extract.extract.dates import (
    date_zones,
    event_date,
    find_mentions,
    find_word_mentions,
    lowered,
    order_numeric,
    parse_date,
)

D = dt.date


def result(run, text):
    r = run(text)._.coop_date
    assert r.text is None or text[r.start : r.end] == r.text  # evidence offsets are exact
    return r


# --------------------------------------------------------------------------- pure functions


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("December 26, 2023", D(2023, 12, 26), None),
        ("13 September 2022", D(2022, 9, 13), None),
        ("December 20th, 2018", D(2018, 12, 20), None),
        ("(September 13, 2022)", D(2022, 9, 13), None),
        ("11/17/2021Al-Farabi", D(2021, 11, 17), None),
        ("29.06.18", D(2018, 6, 29), None),
        ("2021-11-17", D(2021, 11, 17), None),
        ("2022-09-20 13:45:00", D(2022, 9, 20), None),
        ("19 Aug 2024", D(2024, 8, 19), None),
        ("15-Mar-2023", D(2023, 3, 15), None),
        ("2023年3月15日", D(2023, 3, 15), None),
        ("2023년 3월 15일", D(2023, 3, 15), None),
        ("2022.02.21", D(2022, 2, 21), None),
        ("Sept. 3, 2020", D(2020, 9, 3), None),
        ("the 5th of May, 2022", D(2022, 5, 5), None),
        ("20 июля 2023 года", D(2023, 7, 20), None),
        ("2023 жылғы 20 шілдеде", D(2023, 7, 20), None),
        ("12-13 October, 2023", D(2023, 10, 12), D(2023, 10, 13)),
        ("October 12th and 13th, 2023", D(2023, 10, 12), D(2023, 10, 13)),
        ("25 — 27 October 2017", D(2017, 10, 25), D(2017, 10, 27)),
        ("from 3 to 5 May 2021", D(2021, 5, 3), D(2021, 5, 5)),
        ("с 3 по 5 мая 2021 года", D(2021, 5, 3), D(2021, 5, 5)),
        ("13-16 September 2022", D(2022, 9, 13), D(2022, 9, 16)),
        ("October 15-17, 2014", D(2014, 10, 15), D(2014, 10, 17)),
        ("from 28 June to 3 July 2019", D(2019, 6, 28), D(2019, 7, 3)),
        ("30 December - 2 January 2024", D(2023, 12, 30), D(2024, 1, 2)),
        ("12-13.10.2023", D(2023, 10, 12), D(2023, 10, 13)),
        ("12.10.2023 - 13.10.2023", D(2023, 10, 12), D(2023, 10, 13)),
    ],
)
def test_parse_date_forms(text, start, end):
    assert parse_date(text) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "we may 5 2023 see",  # the verb "may"
        "created in 2011",  # a bare year
        "in October 2023",  # no day
        "+996 (312) 39-23-66",  # a phone number
        "version 1.2.23",
        "the 2022-2025 plan",
        "May 5 and 20",  # no year: not complete
    ],
)
def test_parse_date_rejects(text):
    assert parse_date(text) == (None, None)


def test_two_days_joined_by_and_are_not_a_span():
    assert parse_date("May 5 and 20, 2023") == (D(2023, 5, 5), None)


def test_mentions_carry_exact_offsets_and_lead_in():
    text = "The forum met. On December 26, 2023, it closed; from 3 to 5 May 2021 too."
    found = [(text[m.start : m.end], text[m.core[0] : m.core[1]]) for m in find_mentions(text)]
    assert found == [
        ("On December 26, 2023", "December 26, 2023"),
        ("from 3 to 5 May 2021", "3 to 5 May 2021"),
    ]


def test_glued_date_keeps_its_offsets():
    text = "x\n11/17/2021Al-Farabi KazNU"
    (m,) = find_mentions(text)
    assert text[m.start : m.end] == "11/17/2021"


def test_weekday_joins_the_date_evidence():
    text = "The meeting, held on Tuesday (September 13, 2022), went well."
    (m,) = find_mentions(text)
    assert text[m.start : m.end] == "on Tuesday (September 13, 2022)"
    assert m.weekday == 1


def test_word_mentions_need_a_preposition_or_are_relative():
    text = "Yesterday they met; on Friday they sign. Tuesday was cold. On Tuesday (10/14) no."
    found = [(text[m.start : m.end], m.kind) for m in find_word_mentions(text)]
    assert found == [("Yesterday", "relative"), ("on Friday", "weekday")]


def test_word_scan_from_anchors_finds_what_a_full_scan_finds():
    v = dates.vocab()
    low = lowered(
        "The day before yesterday they met on Monday; earlier today,  on Tuesday this  morning, "
        "вчера и в пятницу. " + "x" * 60 + " the day before\nyesterday, Sundays"
    )
    found = [m.group() for m in dates._word_matches(low, v)]
    assert found == [m.group() for m in v.words.finditer(low)]
    assert found[:3] == ["the day before yesterday", "monday", "earlier today"]


def test_zones_cover_every_digit_with_room_for_month_names():
    text = "a" * 50 + "September 13, 2022" + "b" * 80 + "7"
    zones = date_zones(text)
    assert zones[0][0] <= text.index("September") and zones[0][1] >= text.index("2022") + 4
    assert len(zones) == 2


def test_lowered_keeps_length():
    text = "İstanbul, 12 May 2023"
    assert len(lowered(text)) == len(text)
    assert parse_date(text) == (D(2023, 5, 12), None)


def test_numeric_order_from_a_part_above_twelve():
    mentions = find_mentions("on 05/06/2021 and on 11/17/2021")
    order_numeric(mentions)
    assert [(m.month, m.day) for m in mentions] == [(5, 6), (11, 17)]
    assert not mentions[0].warnings


def test_numeric_order_from_other_dates_in_the_text():
    mentions = find_mentions("Held 05/06/2021, that is 5 June 2021.")
    order_numeric(mentions, "en")
    assert (mentions[0].month, mentions[0].day) == (6, 5)
    assert not mentions[0].warnings


def test_ambiguous_numeric_order_warns():
    mentions = find_mentions("Held 05/06/2021.")
    order_numeric(mentions, "en")
    assert (mentions[0].month, mentions[0].day) == (5, 6)
    assert mentions[0].warnings == ["ambiguous numeric date 5/6: read as month/day"]


def test_dotted_numeric_dates_are_day_first_without_warning():
    mentions = find_mentions("Held 05.06.2021.")
    order_numeric(mentions, "en")
    assert (mentions[0].month, mentions[0].day) == (6, 5)
    assert not mentions[0].warnings


def test_closest_year_prefers_the_past_and_the_weekday():
    assert dates._closest_year(12, 18, D(2024, 1, 5), None, True) == D(2023, 12, 18)
    assert dates._closest_year(10, 14, D(2014, 6, 1), 1, False) == D(2014, 10, 14)  # a Tuesday


def test_trie_matches_exactly_its_words():
    rx = re.compile(rf"(?:{dates._trie(['may', 'march', 'mar', 'this morning'])})$")
    for word in ("may", "march", "mar", "this  morning"):
        assert rx.match(word)
    for word in ("ma", "marc", "mays"):
        assert not rx.match(word)


def test_vocabulary_has_every_month_in_three_languages():
    v = dates.vocab()
    assert {v.months[w] for w in ("january", "января", "қаңтар")} == {1}
    assert v.months["декабря"] == v.months["желтоқсанда"] == 12
    assert "may" in v.cased


def test_event_date_pure_function_skips_furniture():
    text = "Menu\n5 May 2023\nOn 3 March 2023 the universities signed an agreement on research."
    assert event_date(text).date == D(2023, 3, 3)
    start = text.index("On 3 March")
    assert event_date(text, furniture=[(start, len(text))]).date == D(2023, 5, 5)


def test_date_field_of_a_furniture_line_is_the_publication_date():
    line = "2021-11-17 | 10:42 | Views: 215"
    text = f"{line}\n\nToday the Deputy Minister received a delegation of the Institute."
    r = event_date(text, furniture=[(0, len(line))])
    assert (r.date, r.text) == (D(2021, 11, 17), "Today")


def test_no_digits_no_date():
    assert event_date("Yesterday the rectors met in Almaty.").date is None


# --------------------------------------------------------------------------- through the pipeline


def test_lead_date_with_on(run):
    r = result(
        run, "Turkic Academy meets TÜBITAK\n\nOn December 26, 2023, a working meeting was convened."
    )
    assert (r.date, r.date_end, r.text) == (D(2023, 12, 26), None, "On December 26, 2023")


def test_header_range_line(run):
    text = (
        "German - Kazakh Science Day\n\n12-13 October, 2023, Almaty Kazakhstan\n\n"
        "The Science Day, jointly organized by the Ministry and the Academy, "
        "gathered researchers from both countries in Almaty."
    )
    r = result(run, text)
    assert (r.date, r.date_end, r.text) == (D(2023, 10, 12), D(2023, 10, 13), "12-13 October, 2023")


def test_partial_range_takes_the_year_of_the_header_range(run):
    text = (
        "Science Day\n\n12-13 October, 2023\n\n"
        "The Science Day of the Ministry and the Academy convened in Almaty, Kazakhstan "
        "on October 12th and 13th with many guests."
    )
    r = result(run, text)
    assert (r.date, r.date_end) == (D(2023, 10, 12), D(2023, 10, 13))


def test_glued_header_date(run):
    text = (
        "- News\nPRIORITY TO PROJECTS\n11/17/2021Al-Farabi KazNU "
        "took part in the meeting of the commission."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2021, 11, 17), "11/17/2021")


def test_leading_date_line_is_the_fallback(run):
    text = (
        " date 2020-07-12 Shares\n\nThe University of Nairobi and the "
        "University of Liverpool have signed an agreement."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2020, 7, 12), "2020-07-12")


def test_date_time_counter_line_is_the_fallback(run):
    text = (
        "Rector visits Osh State University\n\n2022-09-20 13:45:00 82\n\n"
        "The rector visited Osh State University. He recalled that this year the school "
        "took the 801st place in the rating."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2022, 9, 20), "2022-09-20 13:45:00")


def test_event_verb_beats_the_labelled_publication_date(run):
    text = (
        " date 2018-12-24 A cooperation protocol was signed between TURKSOY and the Union.\n\n"
        "The protocol was signed during the General Assembly "
        "meeting held in Ankara on December 20th, 2018."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2018, 12, 20), "on December 20th, 2018")


def test_dateline_with_relative_day(run):
    text = (
        "ASTANA, 12 May 2023 (Kazinform) - Kazakh and Turkish scientists yesterday signed "
        "an agreement on joint research in seismology."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2023, 5, 11), "yesterday")


def test_dateline_without_year_is_found_but_not_guessed(run):
    text = (
        "ASTANA, 12 May (Kazinform) - Kazakh and Turkish "
        "scientists signed an agreement on seismology."
    )
    (m,) = find_mentions(text)
    assert text[m.core[0] : m.core[1]] == "12 May" and m.year is None
    assert result(run, text).date is None  # never this year's date


def test_dateline_without_year_takes_a_year_from_the_text(run):
    text = (
        "ASTANA, 12 May (Kazinform) - Kazakh and Turkish scientists yesterday signed an agreement "
        "under the programme approved in March 2023."
    )
    assert result(run, text).date == D(2023, 5, 11)


def test_russian_month_name_and_event_verb(run):
    text = (
        "Подписано соглашение\n20 июля 2023 года в Бишкеке состоялось подписание соглашения "
        "о научном сотрудничестве. Соглашение действует до 31 декабря 2025 года."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2023, 7, 20), "20 июля 2023 года")


def test_nakanune_without_a_publication_date_stays_null(run):
    text = "Академии накануне в Новосибирске подписали соглашение о сотрудничестве на 14 лет."
    assert result(run, text).date is None


def test_nakanune_with_a_publication_date(run):
    text = "Дата публикации: 14.02.2018\nАкадемии накануне в Новосибирске подписали соглашение."
    assert result(run, text).date == D(2018, 2, 13)


def test_on_weekday_resolved_against_publication_date(run):
    text = (
        "Kazakhstan and Korea sign memorandum\n12 May 2023 14:20\n"
        "The Ministry and the Korean National Research Foundation "
        "signed a memorandum on Tuesday in Astana."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2023, 5, 9), "on Tuesday")


def test_last_weekday_is_a_week_back_on_that_weekday():
    head = "Thursday, 16 March 2023\n\n"
    tail = " Thursday the academy and the institute signed a memorandum on joint research."
    assert event_date(head + "Last" + tail).date == D(2023, 3, 9)
    assert event_date(head + "On" + tail).date == D(2023, 3, 16)


@pytest.mark.parametrize(
    "story, found",
    [
        ("The rectors signed the agreement Tuesday in Almaty.", "Tuesday"),
        ("The office is open Monday to Friday.", None),
        ("from Monday, and Black Friday sales.", None),
        ("Tuesday was cold, and they met every Tuesday.", None),
    ],
)
def test_news_style_bare_weekday(story, found):
    text = "Thursday, 16 March 2023\n\n" + story
    assert [text[m.start : m.end] for m in find_word_mentions(text)] == ([found] if found else [])
    if found:
        assert event_date(text).date == D(2023, 3, 14)


def test_on_weekday_without_publication_date_stays_null(run):
    text = "The Ministry and the Foundation signed a memorandum on Tuesday in Astana."
    assert result(run, text).date is None


def test_weekday_with_partial_numeric_date_takes_year_from_elsewhere(run):
    text = (
        "Fraunhofer signs agreement with FAPESP\n\n"
        "On Tuesday (10/14) Fraunhofer-Gesellschaft signed a "
        "cooperation agreement with FAPESP in Munich.\n\n"
        "The meeting was held in parallel to FAPESP Week "
        "Munich, the symposium, October 15-17, 2014."
    )
    r = result(run, text)
    assert (r.date, r.date_end, r.text) == (D(2014, 10, 14), None, "On Tuesday (10/14)")


def test_partial_range_resolved_against_header_date(run):
    text = (
        "Two conferences were held in Lerik\n  • 19 Aug 2024\n\n"
        "The conferences were jointly organized by the University. At the opening ceremony of the "
        "event organized in Lerik on August 16-17, the chairman spoke."
    )
    r = result(run, text)
    assert (r.date, r.date_end, r.text) == (D(2024, 8, 16), D(2024, 8, 17), "on August 16-17")


def test_partial_date_resolved_against_publication_date(run):
    text = (
        "Universities sign memorandum\nPublished: 15.03.2022\nOn March "
        "14, the two universities signed a memorandum."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2022, 3, 14), "On March 14")


def test_partial_date_in_january_text_is_last_december(run):
    text = (
        "Winter school\ndate 2024-01-05\nThe winter school held on "
        "December 18-20 gathered 50 young researchers."
    )
    r = result(run, text)
    assert (r.date, r.date_end) == (D(2023, 12, 18), D(2023, 12, 20))


def test_partial_date_without_any_year_stays_null(run):
    assert result(run, "The universities signed the agreement on April 14 in Baku.").date is None


def test_this_year_gives_no_date(run):
    assert result(run, "This year the universities signed 14 agreements in Baku.").date is None


def test_meeting_date_beats_a_future_congress_range(run):
    text = (
        "ICESCO and Kazakhstan Agree on Cooperation\n\n    13 September 2022\n\n"
        "    The Director-General and the Minister discussed ways "
        "to enhance cooperation in science.\n\n"
        "    The meeting, held on Tuesday (September 13, 2022), "
        "at the Ministry's headquarters, is part "
        "of the visit to participate in the 7th Congress, due to be "
        "held in Nur-Sultan, on 13-16 September 2022."
    )
    r = result(run, text)
    assert (r.date, r.date_end, r.text) == (D(2022, 9, 13), None, "on Tuesday (September 13, 2022)")


def test_announced_conference_range(run):
    text = (
        "International conference on water resources\n"
        "The International Conference will be held on 5-7 June 2024 "
        "in Almaty at the Agrarian University.\n"
        "The deadline for abstracts is 1 April 2024."
    )
    r = result(run, text)
    assert (r.date, r.date_end) == (D(2024, 6, 5), D(2024, 6, 7))


def test_deadline_is_not_the_event(run):
    text = (
        "Call for joint projects\nThe Fund and the Foundation announced a joint call. "
        "Applications are accepted until 15 March 2024. The call was launched on 10 January 2024."
    )
    assert result(run, text).date == D(2024, 1, 10)


def test_founding_date_is_not_the_event(run):
    text = (
        "The Joint Institute for Nuclear Research, founded on 26 March 1956, and the Academy "
        "held a meeting on 14 April 2016 in Dubna."
    )
    assert result(run, text).date == D(2016, 4, 14)


def test_past_agreement_far_before_publication_is_not_the_event(run):
    text = (
        "Delegation visits KazNU\ndate 2023-03-12\n"
        "The memorandum, signed on 5 May 2019, provides for "
        "joint supervision of doctoral students. "
        "The delegation of the Technical University visited Al-Farabi Kazakh National University."
    )
    assert result(run, text).date == D(2023, 3, 12)


def test_related_articles_tail_is_ignored(run):
    text = (
        "Universities sign agreement\n"
        "Baku State University and Ankara University signed an "
        "agreement on joint doctoral programmes.\n"
        "Related news\nConference held on 15 April 2021\n12.04.2021"
    )
    assert result(run, text).date is None


def test_date_only_line_at_the_bottom_is_the_publication_date(run):
    text = (
        "Joint laboratory opened in Tashkent\n"
        "A joint laboratory of the Uzbek Academy and the Chinese Academy was opened in Tashkent "
        "to work on renewable energy research.\n12.03.2020"
    )
    assert result(run, text).date == D(2020, 3, 12)


def test_header_field_between_separators_is_the_publication_date():
    text = (
        "Bulletin of the Research Council No. 4 | 14 February 2023\n\n"
        "Joint call with the National Research Foundation\n\n"
        "The Council and the Foundation invite proposals for joint research projects in physics "
        "and chemistry. The deadline for proposals is 30 June 2023."
    )
    r = event_date(text)  # no headline found: the field is the only publication date
    assert (r.date, r.text) == (D(2023, 2, 14), "14 February 2023")


def test_lead_opening_on_weekday_is_no_dateline(run):
    text = (
        "University news\n\n2022.02.21\n\nEngineers arrive for training\n\n"
        "On Friday, 18 February 2022, a welcome ceremony was held at the campus "
        "for three engineers from the space agency."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2022, 2, 18), "On Friday, 18 February 2022")


def test_dotted_publication_date_stays_day_first_near_a_later_deadline(run):
    text = (
        "Joint Call 2020 is open\n\nPublished: 05.02.2020\n\n"
        "The Council and the Foundation invite researchers to submit joint project proposals.\n"
        "Deadline for applications: 17 April 2020."
    )
    r = result(run, text)
    assert (r.date, r.text) == (D(2020, 2, 5), "05.02.2020")
    assert not r.warnings


def test_update_date_is_the_publication_date_of_last_resort(run):
    story = (
        "Universities sign research pact\n\n"
        "The rectors of the two universities on Tuesday signed an agreement on joint research "
        "in seismology and geophysics.\n\n"
    )
    r = result(run, "Last updated: 27 March 2023\n\n" + story + "16 March 2023")
    assert (r.date, r.text) == (D(2023, 3, 14), "on Tuesday")  # the Tuesday before 16 March
    r = result(run, story + "Last updated: 27 March 2023")
    assert r.date == D(2023, 3, 21)  # nothing else: the update date anchors "on Tuesday"


def test_created_label_beats_modified_label(run):
    text = (
        "Universities sign research pact\n\nThe rectors of the two universities signed "
        "an agreement on joint research in seismology and geophysics.\n\n"
        "Modified: 20.03.2023\nCreated: 14.03.2023"
    )
    assert result(run, text).date == D(2023, 3, 14)


@pytest.mark.parametrize(
    "dateline",
    [
        "WASHINGTON, D.C., 3/15/2023 –",
        "Almaty, Kazakhstan, 15 March 2023 –",
        "ST. PETERSBURG, March 15, 2023 –",
        "Tokyo, Japan – March 15, 2023 –",
        "BERLIN/ALMATY, 15.03.2023 –",
    ],
)
def test_datelines_anchor_relative_days(dateline):
    text = (
        f"Partnership news\n\n{dateline} The foundation and the agency yesterday signed "
        "a partnership on quantum research and training for students from both countries."
    )
    r = event_date(text, title=(0, 16))
    assert (r.date, r.text) == (D(2023, 3, 14), "yesterday")


def _reasons(text):
    candidates, _ = dates.analyse(text)
    return {c.text: " ".join(c.reasons) for c in candidates}


def test_founding_nouns_count_before_the_date_in_lower_case_only():
    why = _reasons(
        "The celebration of the foundation of the institute on 26 March 1956 was recalled. "
        "The Science Foundation and the University on 15 March 2023 launched a programme. "
        "On 16 March 2023 the institute celebrated its 90th anniversary."
    )
    assert "founding 'foundation'" in why["on 26 March 1956"]
    assert "founding" not in why["on 15 March 2023"]
    assert "founding" not in why["On 16 March 2023"]


def test_deadline_before_the_date_counts_against_it():
    why = _reasons(
        "The deadline for the submission of proposals is 30 June 2023. "
        "The information meeting was held on 2 May 2023."
    )
    assert "deadline 'deadline'" in why["30 June 2023"]
    assert "deadline" not in why["on 2 May 2023"]


@pytest.mark.parametrize(
    "byline", ["Posted by admin on March 16, 2023", "Published by the Press Office on 16.03.2023"]
)
def test_byline_with_a_label_gives_the_publication_date(byline):
    text = (
        f"Universities sign research pact\n{byline}\n\nThe rectors of the two universities "
        "on Tuesday signed an agreement on joint research in seismology."
    )
    r = event_date(text, title=(0, 31))
    assert (r.date, r.text) == (D(2023, 3, 14), "on Tuesday")  # the Tuesday before 16 March


def test_founding_year_alone_gives_no_date(run):
    text = (
        "The consortium of universities of Kazakhstan and Belarus "
        "was created in 2011 and has 50 members."
    )
    assert result(run, text).date is None


def test_ambiguous_numeric_date_warns_in_the_result(run):
    text = (
        "Universities agree on exchange\n05/06/2021\nThe University "
        "of Arizona and Nazarbayev University met."
    )
    r = result(run, text)
    assert r.date == D(2021, 5, 6)
    assert r.warnings == ["ambiguous numeric date 5/6: read as month/day"]


def test_weekday_that_does_not_fit_the_date_warns(run):
    r = result(run, "The meeting was held on Monday, 13 September 2022 in Baku.")
    assert r.date == D(2022, 9, 13)
    assert r.warnings == ["2022-09-13 is not a Monday"]


def test_record_carries_date_and_evidence(record):
    rec = record(
        "Universities meet\n\nOn July 20, 2023 the Academy and the University signed an agreement."
    )
    assert (str(rec.date), rec.date_end, rec.date_text) == ("2023-07-20", None, "On July 20, 2023")
    (ev,) = [e for e in rec.evidence if e.field == "date"]
    assert ev.text == "On July 20, 2023"


def test_explain_lists_the_reasons(nlp):
    doc = nlp("Meeting\ndate 2023-03-12\nOn 10 March 2023 the delegation visited the University.")
    text = dates.explain(doc)
    assert "publication date 2023-03-12" in text
    assert "event verb 'visited'" in text


def test_year_first_dotted_dates_with_spaces(run):
    """Hungarian and Korean pages write '2023. 09. 13.' (year, month, day)."""
    doc = run("News\n\n2023. 09. 13.\n\nStudents were welcomed at the university on Tuesday.")
    result = doc._.coop_date
    assert result.date == dt.date(2023, 9, 12)


def test_date_zones_agree_with_the_cluster_regex():
    """The numpy zones equal those of the regex they replaced (digits at most 40 characters
    apart make a cluster), also for a table of figures and for text around the edges."""
    import random
    import re

    from coop_extract.extract import dates

    cluster = re.compile(r"[0-9](?:[^0-9]{0,40}+[0-9])*")

    def expected(text):
        n = len(text)
        return [
            (max(0, m.start() - dates.ZONE_BEFORE), min(n, m.end() + dates.ZONE_AFTER))
            for m in cluster.finditer(text)
        ]

    rng = random.Random(7)
    texts = ["", "no digits", "7", "Ref. 12", "١٢ Arabic-Indic digits only", "x" * 41 + "1"]
    for size in (30, 300, 3000):
        for _ in range(20):
            texts.append(
                "".join(
                    rng.choice("0123456789 abc.\n–й") if rng.random() < 0.3 else " " * 30
                    for _ in range(size)
                )
            )
    texts.append(" ".join(str(n) for n in range(400)))  # over 256 digits: the numpy branch
    for text in texts:
        assert dates.date_zones(text) == expected(text), text[:60]


def test_dates_regex_equals_one_ordered_alternation():
    """The expression split by how a form opens (a digit or a name) finds what one alternation
    of every form in order, behind a test of the first character, found."""
    from pathlib import Path

    v = dates.vocab()
    names = list(v.months) + list(v.weekdays)
    forms = dates._date_forms(dates._trie(list(v.months)), dates._trie(list(v.weekdays)))
    assert set(dates.DIGIT_FORMS) < set(forms)
    initials = re.escape("".join(sorted({w[0] for w in names})))
    alternation = "|".join(f"(?P<{name}>{rx})" for name, rx in forms.items())
    single = re.compile(rf"(?=\d|(?<![^\W\d_])[{initials}])(?:{alternation})")
    root = Path(__file__).resolve().parent.parent
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for folder in ("samples", "tests/data", "eval/probe", "eval/probe2")
        for p in sorted((root / folder).rglob("*.txt"))
    ]
    texts += [
        "Tuesday (10/14) and wed. 3/4, on Mon 12-13 October, 2023; 2023 жылғы 20 шілдеде",
        "2023年3月15日 12023年3月15日 2021-11-17 22.02.2021 29.06.18 15-Mar-2023 may 5",
        "December 26, 2023, October 12th and 13th, August 16-17, sept 2014, 30 May - 2 June",
        "25 — 27 октября 2017 г., с 3 по 5 мая 2021 года, в понедельник 1 сентября",
    ]
    assert len(texts) > 20
    for text in texts:
        low = dates.lowered(text)
        found = [(m.span(), m.lastgroup, m.groupdict()) for m in v.dates.finditer(low)]
        assert found == [(m.span(), m.lastgroup, m.groupdict()) for m in single.finditer(low)]
