"""People: honorifics, roles, initials, patronymics, short forms, and who is not a person."""

from __future__ import annotations

from coop_extract.extract.people import is_initials, same_person


def people(run, text):
    return run(text)._.coop_people


def names(run, text):
    return [p.name for p in people(run, text)]


def test_honorifics_are_stripped_and_kept(run):
    (p,) = people(run, "The talks were opened by Prof. Dr. Erlan Sadykov yesterday.")
    assert p.name == "Erlan Sadykov"
    assert p.honorifics == ["Prof.", "Dr."]


def test_role_after_name_and_organisation_link(run):
    text = (
        "Bolat Zhumabekov, Rector of the Karaganda Technical University, "
        "welcomed the guests of Karaganda Technical University."
    )
    (p,) = people(run, text)
    assert p.name == "Bolat Zhumabekov"
    assert p.role == "Rector of the Karaganda Technical University"
    assert p.organisation == "Karaganda Technical University"


def test_role_before_name(run):
    text = "The memorandum was signed by the Rector of the Ural Mining University A. V. Kozlov."
    (p,) = people(run, text)
    assert p.name == "A. V. Kozlov"
    assert p.role == "Rector of the Ural Mining University"


def test_initials_before_and_after_surname(run):
    text = "Present were T.B. Omarova and Ilyin I. V. from the institute."
    assert names(run, text) == ["T.B. Omarova", "Ilyin I. V."]


def test_first_name_patronymic_surname(run):
    text = "The meeting was attended by the acting Vice-Rector Dauren Serikovich Akhmetov."
    (p,) = people(run, text)
    assert p.name == "Dauren Serikovich Akhmetov"


def test_particle_names_and_short_form_merge(run):
    text = (
        "Dr. Omar bin Hamdan, Director of the institute, met Mr. Aibek Tursunov. "
        "Later Mr. Tursunov thanked Dr. bin Hamdan."
    )
    assert names(run, text) == ["Omar bin Hamdan", "Aibek Tursunov"]


def test_initial_and_surname_merge_with_full_name(run):
    text = "Askar Bekovich Seitkali spoke first. Later A. Seitkali signed the plan."
    assert names(run, text) == ["Askar Bekovich Seitkali"]


def test_apposition_with_lowercase_role(run):
    text = "Also present were Ricarda Menotti, special advisor for international affairs."
    assert names(run, text) == ["Ricarda Menotti"]


def test_eponyms_inside_organisation_names_are_not_people(run):
    text = (
        "Researchers of the Gregor Mendel University and the Kazakh University "
        "named after Abai Kunanbayev met."
    )
    assert names(run, text) == []


def test_topic_figures_are_not_people(run):
    text = "A conference dedicated to Chingiz Aitmatov was held."
    assert names(run, text) == []


def test_people_in_furniture_are_not_participants(run):
    text = (
        "The Lomonosov institute hosted a seminar on climate research with many guests "
        "from abroad.\n"
        "Кыргызстандын өнүгүүсүндө Канатбек Абдрахматов\n"
    )
    assert names(run, text) == []


def test_cyrillic_name_with_surname_shape(run):
    text = "Соглашение подписал Иван Петров в Москве."
    assert names(run, text) == ["Иван Петров"]


def test_same_person_rules():
    assert same_person("Sayasat Nurbek", "Nurbek")
    assert same_person("Salim M. Al Malik", "Al-Malik")
    assert same_person("K. Mukanov", "Kanatbek Nurtazinovich Mukanov")
    assert same_person("Kudaiberdi Gaparalievich", "K.G. Kozhobekov")
    assert not same_person("K. Mukanov", "Bolat Mukanov")
    assert not same_person("Peter Liebelt", "Muhammad Usman")


def test_initials_shape():
    assert is_initials("K.") and is_initials("T.A.") and is_initials("Zh.")
    assert not is_initials("Dr") and not is_initials("KNU")


def test_role_with_organisation_acronym_before_it(run):
    text = (
        "The Kazakh Institute of Soil Science (KISS) hosted the talks. "
        "KISS Director Dr. Arman Beisenov spoke."
    )
    (p,) = people(run, text)
    assert p.role == "KISS Director"
    assert p.organisation == "Kazakh Institute of Soil Science"


def test_role_before_a_comma_and_honorific_links_generic_head(run):
    text = (
        "The Tajik Academy of Agricultural Sciences signed it. It was signed by the President "
        "of the Academy, Academician Rustam Nazarov."
    )
    (p,) = people(run, text)
    assert p.role == "President of the Academy"
    assert p.organisation == "Tajik Academy of Agricultural Sciences"


def test_role_does_not_cross_another_person(run):
    text = "The guests met Rector Aidos Karimov and Provost Linda Hartwell in the main hall."
    roles = {p.name: p.role for p in people(run, text)}
    assert roles == {"Aidos Karimov": "Rector", "Linda Hartwell": "Provost"}


def test_role_after_name_does_not_start_with_and(run):
    text = "It was signed by Dr. Nurlan Abenov, and Prof. Gulnara Seitova attended."
    roles = {p.name: p.role for p in people(run, text)}
    assert roles == {"Nurlan Abenov": None, "Gulnara Seitova": None}


def test_hyphenated_given_name_with_lower_case_part(run):
    text = "The ceremony was attended by Ambassador of the Republic of Korea Kim Hee-sang."
    (p,) = people(run, text)
    assert p.name == "Kim Hee-sang"
    assert p.role == "Ambassador of the Republic of Korea"


def test_minister_links_to_the_implied_ministry(run):
    text = "Minister of Education and Science of Georgia Nino Beridze met the guests."
    (p,) = people(run, text)
    assert p.organisation == "Ministry of Education and Science of Georgia"


def test_middle_initial(run):
    text = "The rector, professor Rauf G. Hasanov, noted it. Later R.G. Hasanov signed."
    assert names(run, text) == ["Rauf G. Hasanov"]


def test_initial_split_from_its_dot_and_digraph_initials(run):
    text = "The talks were led by Rector Sukhrob Kh. Nazarzoda and Ch. Altangerel."
    assert names(run, text) == ["Sukhrob Kh. Nazarzoda", "Ch. Altangerel"]


def test_patronymic_before_surname_in_russian(run):
    text = "Семинар открыл Игорь Владимирович Ильин. Затем Ильин И. В. выступил с докладом."
    assert names(run, text) == ["Игорь Владимирович Ильин"]


def test_family_name_in_capitals_first(run):
    (p,) = people(run, "The delegation was led by Professor TANAKA Yoshiko from Japan.")
    assert p.name == "TANAKA Yoshiko"


def test_family_name_first_after_a_comma(run):
    text = (
        "The Vietnamese delegation included Deputy Minister Le Van Minh, "
        "Nguyen Thi Lan and experts."
    )
    assert "Nguyen Thi Lan" in names(run, text)


def test_particles_in_a_row(run):
    (p,) = people(run, "The expedition was led by Dr. José Luis de la Fuente of the institute.")
    assert p.name == "José Luis de la Fuente"


def test_founders_streets_and_places_are_not_participants(run):
    text = (
        "The laboratory was founded in 1943 by the brothers Abram Alikhanov and Tigran Petrosov. "
        "The office is at Ch. Aitmatov Ave. 66. Scientists from Punta Arenas joined."
    )
    assert names(run, text) == []


def test_acronym_before_a_first_name_is_not_a_family_name(run):
    text = (
        "The National Academy of Sciences of Tajikistan (NAST) was represented by "
        "NAST Farrukh Rahimzoda."
    )
    assert names(run, text) == ["Farrukh Rahimzoda"]


def test_programmes_and_awards_named_like_people_are_not_people(run):
    text = "Students joined the CERN Summer Student Programme and won the Young Scientist Award."
    assert names(run, text) == []


def test_demonyms_and_documents_are_not_names(run):
    text = "Joint Russian-Mongolian Expedition Ends\n\nThe Riyadh Declaration was adopted."
    assert names(run, text) == []


def test_capitalised_family_name_with_any_given_name(run):
    text = "Prof. LIU Jianmin and WANG Lihua attended the opening."
    assert names(run, text) == ["LIU Jianmin", "WANG Lihua"]


def test_name_with_middle_initial_ends_an_organisation_name(run):
    text = (
        "It was attended by the Deputy Chair of the Science Committee of the Republic of "
        "Armenia Lilit R. Mkrtchyan."
    )
    (p,) = people(run, text)
    assert p.name == "Lilit R. Mkrtchyan"


def test_each_person_in_a_list_gets_their_own_role(run):
    text = (
        "It drew Prof. Dr. Emre Kaya, President of the Turkic Academy, Bolot Asanov, Secretary "
        "General of the Organization of Turkic States, and others."
    )
    roles = {p.name: p.role for p in people(run, text)}
    assert roles == {
        "Emre Kaya": "President of the Turkic Academy",
        "Bolot Asanov": "Secretary General of the Organization of Turkic States",
    }


def test_role_runs_through_an_organisation_name_with_commas_and_and(run):
    text = (
        "Dr. Omar Haddad, Director-General of the Islamic World Educational, Scientific and "
        "Cultural Organization (ICESCO), and Mr. Ivan Orlov, Minister of Science and Higher "
        "Education of the Republic of Kazakhstan, met."
    )
    roles = {p.name: p.role for p in people(run, text)}
    assert roles == {
        "Omar Haddad": "Director-General of the Islamic World Educational, Scientific and "
        "Cultural Organization",
        "Ivan Orlov": "Minister of Science and Higher Education of the Republic of Kazakhstan",
    }
