"""Cleaning: furniture ranges, headline, language, and offsets that stay in the original text."""

from __future__ import annotations

import unicodedata

from coop_extract.extract.cleaning import find_title, furniture_ranges, in_ranges, language_of
from coop_extract.extract.text import nfc_with_map


def furniture_lines(text):
    return [text[s:e] for s, e in furniture_ranges(text)]


def test_disclaimer_feedback_and_menu_lines():
    text = (
        "Disclaimer: You are using Google Translate. We are not responsible.\n"
        "User Feedback\n"
        "- Main page\n"
        "The Institute of Physics signed an agreement with a partner university on Monday.\n"
    )
    cut = " ".join(furniture_lines(text))
    assert "Disclaimer" in cut and "User Feedback" in cut and "Main page" in cut
    assert "Institute of Physics" not in cut


def test_related_articles_tail_is_furniture():
    text = (
        "The Institute of Physics signed an agreement with a partner university on Monday.\n"
        "Latest articles\n"
        "University opens a new lab in Osh with support of the ministry\n"
    )
    assert furniture_lines(text)[-1].endswith("support of the ministry")


def test_counters_phone_and_address_lines():
    text = (
        "+996 (312) 39-23-66;\n"
        "г.Бишкек, просп. Чуй 265а\n"
        "The academy held a joint seminar with the university about renewable energy research.\n"
        "128\nScientists\n24\nDiscoveries\n"
    )
    cut = " ".join(furniture_lines(text))
    assert "39-23-66" in cut and "Чуй" in cut and "Scientists" in cut and "Discoveries" in cut
    assert "seminar" not in cut


def test_cyrillic_line_in_english_page_is_furniture_but_russian_page_is_not():
    english = "The academy held a joint seminar with the university on energy research.\nУктурууга КР академиясынын президенти\n"
    assert furniture_lines(english) == ["Уктурууга КР академиясынын президенти"]
    russian = (
        "Академия наук подписала соглашение о сотрудничестве с университетом в Новосибирске.\n"
    )
    assert furniture_ranges(russian) == []


def test_in_ranges():
    ranges = [(0, 5), (10, 20)]
    assert in_ranges(ranges, 0) and in_ranges(ranges, 15)
    assert not in_ranges(ranges, 5) and not in_ranges(ranges, 25) and not in_ranges([], 3)


def test_title_skips_furniture_and_date_lines():
    text = "- News\n13 September 2022\nAcademies Agree on Joint Research\n\nThe academies agreed..."
    start, end = find_title(text, furniture_ranges(text))
    assert text[start:end] == "Academies Agree on Joint Research"


def test_no_title_when_text_starts_with_a_paragraph():
    text = " date 2018-12-24 A cooperation protocol was signed between the two unions today in the capital."
    assert find_title(text, furniture_ranges(text)) is None


def test_language_from_script():
    assert language_of("The academy signed an agreement.") == "en"
    assert language_of("Академия наук подписала соглашение.") == "ru"
    assert language_of("Қазақстан ғылым академиясы келісімге қол қойды.") == "kk"
    assert language_of("12345 ...") is None


def test_nfc_map_points_back_into_the_original():
    original = "Cafe\u0301 Universite\u0301 signed."
    norm, mapping = nfc_with_map(original)
    assert unicodedata.is_normalized("NFC", norm)
    start = norm.index("Université")
    end = start + len("Université")
    assert original[mapping(start) : mapping(end)] == "Universite\u0301"
    assert mapping(len(norm)) == len(original)


def test_nfc_text_needs_no_map():
    assert nfc_with_map("plain text")[1] is None


def test_a_sentence_is_not_a_title():
    text = "The academy signed an agreement with the university.\nMore text follows here."
    assert find_title(text, furniture_ranges(text)) is None


def test_a_date_alone_on_a_line_is_not_a_phone_number():
    for line in ("12.03.2020", "2018-02-14", "11/17/2021"):
        assert (
            furniture_ranges(f"{line}\nThe academy signed an agreement with the university.") == []
        )
    assert furniture_lines("8 (727) 123-45-67\nThe academy signed it.") == ["8 (727) 123-45-67"]


def test_bar_separated_menu_is_furniture_and_site_name_is_no_title():
    text = (
        "Home | About | News | Contacts\n"
        "KBTU | Kazakh-British Technical University\n"
        "Kazinform International News Agency\n"
        "Summer school opens in Cholpon-Ata\n\n"
        "The summer school was opened by the two universities with forty students.\n"
    )
    assert "Home | About | News | Contacts" in furniture_lines(text)
    start, end = find_title(text, furniture_ranges(text))
    assert text[start:end] == "Summer school opens in Cholpon-Ata"


def test_pipe_gives_what_one_call_per_doc_gives():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("coop_clean")
    texts = [
        "- Main page\nAcademies Agree on Joint Research\n\nThe academies agreed on a project.",
        "Академия наук подписала соглашение о сотрудничестве с университетом.",
        "",
    ]

    def marks(doc):
        return doc._.coop_furniture, doc._.coop_title, doc._.coop_language, doc._.coop_warnings

    assert [marks(d) for d in nlp.pipe(texts, batch_size=2)] == [marks(nlp(t)) for t in texts]


def test_floating_rules_see_letters_that_fold_to_ascii():
    # re.IGNORECASE matches the dotless i with "i": the shortcut on lowercased text must not
    # hide such a line
    assert furniture_lines("How satısfıed are you with this page?\nThe academy signed it.") == [
        "How satısfıed are you with this page?"
    ]
    assert furniture_lines("We use cookies: accept them\nThe academy signed it.") == [
        "We use cookies: accept them"
    ]


def test_cyrillic_share_is_decided_at_the_half():
    from coop_extract.extract.cleaning import cyrillic_share

    assert cyrillic_share("abДД") == 0.5
    assert language_of("abДД") == "ru"  # not below half
    assert language_of("abcДД") == "en"
    text = "The academy held a joint seminar with the university.\nab ДД\nab ДДД\n"
    assert furniture_lines(text) == ["ab ДДД"]  # more than half Cyrillic: only this line


def test_a_single_related_story_line_is_furniture():
    from coop_extract.extract.cleaning import furniture_ranges

    text = (
        "Tashkent, 3 May 2023. The Ministry signed an agreement with the University of Tokyo.\n"
        "Related: Ministry and KOICA discuss the creation of a technopark\n"
        "Читайте также: Казахстанские ученые посетили Сеул\n"
        "The agreement covers joint research in chemistry and physics for the next five years.\n"
        "Related research groups from both sides will meet in June.\n"
    )
    marked = [text[s:e] for s, e in furniture_ranges(text)]
    assert marked == [
        "Related: Ministry and KOICA discuss the creation of a technopark\n"
        "Читайте также: Казахстанские ученые посетили Сеул"
    ]
