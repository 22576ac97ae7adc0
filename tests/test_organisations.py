"""Organisations: head nouns with qualifiers, acronyms, gazetteer, one entry per organisation."""

from __future__ import annotations

import pytest

from coop_extract.extract.organisations import acronym_fits, is_acronym, lexicon


def orgs(run, text):
    return run(text)._.coop_orgs


def names(run, text):
    return [o.name for o in orgs(run, text)]


def by_name(run, text, name):
    return next(o for o in orgs(run, text) if o.name == name)


def test_head_noun_with_country_qualifier(run):
    text = "The Academy of Sciences of the Republic of Moldova signed an agreement."
    assert names(run, text) == ["Academy of Sciences of the Republic of Moldova"]


def test_named_after_qualifier_and_initial(run):
    text = "Students of the Tajik National University named after R. Rudaki arrived."
    assert names(run, text) == ["Tajik National University named after R. Rudaki"]


def test_hyphenated_place_after_head(run):
    text = "Researchers from Otto Vogel University Halle-Wittenberg took part."
    assert "Otto Vogel University Halle-Wittenberg" in names(run, text)


def test_two_organisations_joined_by_and_stay_apart(run):
    text = (
        "The Mongolian Academy of Sciences and the Khovd State University signed a memorandum. "
        "The Mongolian Academy of Sciences and Khovd State University agreed."
    )
    assert names(run, text) == ["Mongolian Academy of Sciences", "Khovd State University"]


def test_adjectives_joined_by_and_before_head(run):
    text = "The Scientific and Technical Research Council of Oman held a meeting."
    assert names(run, text) == ["Scientific and Technical Research Council of Oman"]


def test_full_name_with_acronym_in_brackets_and_later_mentions(run):
    text = (
        "The Caspian Marine Research Institute (CMRI) hosted the talks. "
        "CMRI will publish the results. CMRI staff agreed."
    )
    (org,) = orgs(run, text)
    assert org.name == "Caspian Marine Research Institute"
    assert org.acronym == "CMRI"
    assert org.mentions == 3


def test_acronym_directly_after_name(run):
    text = (
        "The Union of Geologists of the Altai Region UGAR met in Barnaul. UGAR was founded in 1990."
    )
    (org,) = orgs(run, text)
    assert org.name == "Union of Geologists of the Altai Region"
    assert org.acronym == "UGAR"


def test_undefined_acronym_that_fits_a_name_is_a_mention(run):
    text = "Rector of Naryn State University met guests. The NarSU delegation visited labs."
    (org,) = orgs(run, text)
    assert org.acronym == "NarSU"
    assert org.mentions == 2


def test_generic_back_reference_is_a_mention_not_an_entry(run):
    text = (
        "The Kazakh Agrotechnical University hosted a forum. "
        "The University thanked the guests, and the University will host the next one."
    )
    (org,) = orgs(run, text)
    assert org.mentions == 3


def test_short_form_merges_into_the_full_name(run):
    text = (
        "The National Academy of Sciences of Armenia signed a deal. "
        "Later the National Academy of Sciences opened a lab."
    )
    (org,) = orgs(run, text)
    assert org.name == "National Academy of Sciences of Armenia"
    assert org.mentions == 2


def test_gazetteer_acronym_alone_gives_the_canonical_name(run):
    (org,) = orgs(run, "Grants from DAAD were announced today.")
    assert org.name == "German Academic Exchange Service"
    assert org.acronym == "DAAD"
    assert org.country == "DE"
    assert org.kind == "funding_agency"


def test_gazetteer_full_name_case_insensitive(run):
    text = "experts of the world health organization arrived"
    assert [o.id for o in orgs(run, text)] == ["who"]


def test_ministry_implied_by_minister_role(run):
    text = "Mr. Ivan Petrov, Minister of Education and Science of Georgia, attended."
    assert names(run, text) == ["Ministry of Education and Science of Georgia"]


def test_kind_from_head_noun(run):
    text = "Osh Technological University and the Talas Regional Institute met."
    kinds = {o.name: o.kind for o in orgs(run, text)}
    assert kinds["Osh Technological University"] == "university"
    assert kinds["Talas Regional Institute"] == "research_institute"


@pytest.mark.parametrize(
    "text",
    [
        "The Kyrgyz-Uzbek Science Day opened in Osh.",
        "They signed an Agreement on Scientific Cooperation.",
        "Users of Google Translate agreed.",
        "PRIORITY GIVES TO SCIENTIFIC AND TECHNICAL PROJECTS",
    ],
)
def test_events_documents_tools_and_shouting_headlines_are_not_organisations(run, text):
    assert names(run, text) == []


def test_organisations_only_in_furniture_are_left_out(run):
    text = (
        "The Gobi Research Institute signed an agreement with partners in Ulaanbaatar on Monday.\n"
        "Related articles\n"
        "Altai State University opens a museum\n"
    )
    assert names(run, text) == ["Gobi Research Institute"]


def test_person_after_organisation_is_not_part_of_its_name(run):
    text = "signed by the President of the Tuvan Academy of Sciences K. B. Ondar yesterday."
    assert names(run, text) == ["Tuvan Academy of Sciences"]


def test_acronym_shapes():
    assert is_acronym("UNESCO") and is_acronym("KazNU") and is_acronym("TÜBITAK")
    assert not is_acronym("Ministry") and not is_acronym("A") and not is_acronym("2023")


def test_acronym_fits_word_prefixes():
    assert acronym_fits("OshSU", "Osh State University")
    assert acronym_fits("KazNU", "Al-Farabi Kazakh National University")
    assert acronym_fits("UoN", "University of Nairobi")
    assert not acronym_fits("UoL", "University of Nairobi")


def test_gazetteer_is_loaded_and_consistent():
    lex = lexicon()
    assert lex.acronyms["UNESCO"] == "unesco"
    assert lex.entries["tubitak"].country == "TR"
    assert lex.heads["University"] == "university"


def test_title_case_headline_span_needs_confirmation_in_the_body(run):
    text = (
        "Polytechnic Signs Agreement With Korean Institute\n\n"
        "The Tashkent Polytechnic signed an agreement with the Korea Institute of Energy Research."
    )
    assert names(run, text) == ["Tashkent Polytechnic", "Korea Institute of Energy Research"]


def test_headline_organisation_repeated_in_body_is_kept(run):
    text = (
        "Baku State University Hosts Delegation\n\n"
        "A delegation visited Baku State University on Monday to discuss joint research."
    )
    assert names(run, text) == ["Baku State University"]


def test_street_names_are_not_organisations(run):
    assert names(run, "The office is at 12 University Street in the centre.") == []
    assert names(run, "Meet us at Academy Avenue 5.") == []


def test_words_of_an_all_caps_line_are_not_acronyms(run):
    text = (
        "MINISTRY OF EDUCATION AND SCIENCE OF ARMENIA\n"
        "The Ministry of Education and Science of Armenia hosted the guests."
    )
    (org,) = orgs(run, text)
    assert org.acronym is None


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Объединённый институт ядерных исследований провёл семинар.",
            "Объединённый институт ядерных исследований",
            "research_institute",
        ),
        (
            "Приказом Министерства науки и высшего образования Российской Федерации "
            "утверждён план.",
            "Министерства науки и высшего образования Российской Федерации",
            "ministry",
        ),
        (
            "Директором Физико-технического института им. А.Ф. Иоффе назначен учёный.",
            "Физико-технического института им. А.Ф. Иоффе",
            "research_institute",
        ),
    ],
)
def test_russian_names_with_lower_case_heads(run, text, name, kind):
    (org,) = orgs(run, text)
    assert (org.name, org.kind) == (name, kind)


def test_russian_bare_compound_is_not_an_organisation(run):
    assert names(run, "Пресс-центр сообщает о встрече.") == []


def test_foreign_language_heads_and_connectors(run):
    text = "Politecnico di Milano, Karolinska Institutet and Technische Universität Berlin signed."
    assert names(run, text) == [
        "Politecnico di Milano",
        "Karolinska Institutet",
        "Technische Universität Berlin",
    ]


def test_same_body_in_two_languages_is_one_entry(run):
    text = "Universidad de Granada news. The University of Granada (UGR) welcomed students."
    (org,) = orgs(run, text)
    assert org.acronym == "UGR"


def test_descriptor_in_brackets_is_not_another_organisation(run):
    text = (
        "Gubkin Russian State University of Oil and Gas (National Research University) hosted it."
    )
    assert names(run, text) == ["Gubkin Russian State University of Oil and Gas"]


def test_units_are_not_bodies_but_regional_departments_are(run):
    text = (
        "Guests from the School of Public Health met the Department of Science and Technology "
        "of the Xinjiang Uygur Autonomous Region."
    )
    assert names(run, text) == [
        "Department of Science and Technology of the Xinjiang Uygur Autonomous Region"
    ]


def test_acronym_with_unit_head_is_a_mention(run):
    text = "The Economic Cooperation Organization (ECO) met. The ECO Secretariat agreed."
    (org,) = orgs(run, text)
    assert org.acronym == "ECO" and org.mentions == 2  # the name, and "ECO Secretariat"


def test_executive_agency_keeps_its_words(run):
    text = "A representative of the European Research Executive Agency (REA) spoke."
    assert names(run, text) == ["European Research Executive Agency"]


def test_initials_of_an_eponym_belong_to_the_name(run):
    text = (
        "ENU and KAIST launch a programme. L.N. Gumilyov Eurasian National University signed it. "
        "Gumilyov Eurasian National University students will go."
    )
    (org,) = orgs(run, text)
    assert org.name == "L.N. Gumilyov Eurasian National University"
    assert org.acronym == "ENU"


def test_acronym_led_name_before_the_full_name_is_one_entry(run):
    text = (
        "TIIAME National Research University\n\n"
        "The meeting took place at the Tashkent Institute of Irrigation and Agricultural "
        "Mechanization Engineers (TIIAME) in May."
    )
    (org,) = orgs(run, text)
    assert org.acronym == "TIIAME"


def test_department_of_a_known_body_is_a_unit(run):
    text = (
        "The Scientific and Technological Research Council of Turkey (TÜBİTAK) and the "
        "International Cooperation Department of TÜBİTAK announced a call."
    )
    assert names(run, text) == ["Scientific and Technological Research Council of Turkey"]


def test_parent_body_after_of_the_is_an_organisation_too(run):
    text = (
        "The lab opened at the Institute of Water Problems and Hydropower of the National "
        "Academy of Sciences of the Kyrgyz Republic."
    )
    assert names(run, text) == [
        "Institute of Water Problems and Hydropower of the National Academy of Sciences "
        "of the Kyrgyz Republic",
        "National Academy of Sciences of the Kyrgyz Republic",
    ]


def test_unit_of_a_named_body_is_that_body(run):
    text = (
        "Students of the Physics Faculty of the Moscow State University named after M.V. Lomonosov."
    )
    assert names(run, text) == ["Moscow State University named after M.V. Lomonosov"]


def test_qualifier_lists_and_in(run):
    text = (
        "Guests visited the Rudaki Institute of Language, Literature, Oriental Studies and "
        "Written Heritage, the Arab Network for Quality Assurance in Higher Education and the "
        "University in Dakar."
    )
    assert names(run, text)[:2] == [
        "Rudaki Institute of Language, Literature, Oriental Studies and Written Heritage",
        "Arab Network for Quality Assurance in Higher Education",
    ]


def test_body_words_name_an_entry_first_seen_in_a_title_case_headline(run):
    text = (
        "Joint Laboratory On Glaciers Unveiled\n\n"
        "The China-Kyrgyzstan Joint Laboratory on Glaciers was unveiled on Tuesday."
    )
    assert names(run, text) == ["China-Kyrgyzstan Joint Laboratory on Glaciers"]


def test_common_abbreviations_are_not_acronyms_of_a_body(run):
    text = "The Centre of Excellence in Information Technologies opened. IT students came."
    (org,) = orgs(run, text)
    assert org.acronym is None


def test_russian_minister_implies_the_ministry_and_eponyms(run):
    text = (
        "В форуме участвовали вице-министр науки и высшего образования Республики Казахстан "
        "Т. С. Бектурганова, ректор Торайгыров университета и Павлодарский педагогический "
        "университет имени Әлкей Марғұлан."
    )
    assert names(run, text) == [
        "Министерство науки и высшего образования Республики Казахстан",
        "Торайгыров университета",
        "Павлодарский педагогический университет имени Әлкей Марғұлан",
    ]


def test_acronym_led_name_is_another_body_unless_only_status_words_follow(run):
    text = (
        "The Economic Cooperation Organization (ECO) and the ECO Science Foundation (ECOSF) "
        "held a workshop."
    )
    assert names(run, text) == ["Economic Cooperation Organization", "ECO Science Foundation"]


def test_a_country_is_not_an_organisation(run):
    text = "It signed a memorandum with Kazan Federal University (KFU) of the Russian Federation."
    assert names(run, text) == ["Kazan Federal University"]


def test_mixed_case_acronym_used_twice_names_a_body(run):
    text = (
        "Students of Al-Zhamal NarSU took part in the forum.\n"
        "Press service of Al-Zhamal NarSU"
    )
    (org,) = orgs(run, text)
    assert (org.name, org.acronym, org.kind) == ("Al-Zhamal NarSU", "NarSU", "university")


def test_mixed_case_acronym_used_once_is_no_body(run):
    assert names(run, "A NarSU student won.") == []
