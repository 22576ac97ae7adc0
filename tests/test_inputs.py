"""Finding inputs and turning their bytes into text: encodings, binary files, HTML, limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop_extract import inputs
from coop_extract.decoding import declared_charset, decode, html_to_text, sniff_html
from coop_extract.inputs import Input, InputError, discover, read_input, walk

RU = "Национальная академия наук и Кыргызский национальный университет подписали соглашение."
KK = "Қазақстан ғылым академиясы мен Түркия университеті ынтымақтастық туралы келісімге қол қойды."
KY = "Кыргыз улуттук университети менен Түркия илимий кеңеши өнүгүү боюнча келишимге кол коюшту."
FR = "L'Académie des sciences et l'Université de Genève ont signé un accord de coopération."
TR = "Türkiye Bilimsel ve Teknolojik Araştırma Kurumu ile işbirliği anlaşması imzalandı. İstanbul."
EN_QUOTES = "The “Joint Research Centre” — opened in Astana — hosts researchers’ visits."


# ---------------------------------------------------------------------------
# encodings


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (RU, "utf-8", None),
        (RU, "utf-8-sig", None),
        (RU, "utf-16", "utf_16_le"),  # Python writes a little-endian BOM
        (RU, "utf-16-be", "utf_16_be"),  # no BOM
        (RU, "utf-16-le", "utf_16_le"),  # no BOM
        (FR, "utf-16-be", "utf_16_be"),
        (RU, "cp1251", "cp1251"),
        (RU, "koi8_r", "koi8_r"),
        ("Привет, мир! Встреча в Москве.", "koi8_r", "koi8_r"),  # short: needs the case check
        (KK, "kz1048", "kz1048"),
        (KY, "kz1048", "kz1048"),  # Kyrgyz ө ү share bytes with Ukrainian ґ ї
        (FR, "latin_1", "iso8859_1"),
        (EN_QUOTES, "cp1252", "cp1252"),
        (TR, "iso8859_9", "iso8859_9"),
    ],
)
def test_encodings_are_detected_and_named(text, codec, expected):
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == expected
    assert not decoded.html


def test_utf16_bom_both_byte_orders():
    for bom, codec, name in (
        (b"\xff\xfe", "utf-16-le", "utf_16_le"),
        (b"\xfe\xff", "utf-16-be", "utf_16_be"),
    ):
        decoded = decode(bom + RU.encode(codec))
        assert (decoded.text, decoded.encoding) == (RU, name)


def test_ukrainian_stays_cp1251():
    text = "Київський університет і Львівська політехніка підписали угоду про співпрацю. Ґрунт є."
    assert decode(text.encode("cp1251")).encoding == "cp1251"


def test_mostly_utf8_keeps_utf8_and_warns():
    data = ("Приглашение на конференцию в Алматы. " * 3).encode() + b"\x93bad\x94"
    decoded = decode(data)
    assert decoded.encoding is None
    assert decoded.text.startswith("Приглашение")
    assert "\ufffd" in decoded.text
    assert decoded.warnings and "invalid UTF-8" in decoded.warnings[0]


# ---------------------------------------------------------------------------
# binary and empty


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (bytes(range(256)) * 8, "NUL"),
        (b"x\x00\x01\x02\x03binary", "binary file"),
        (bytes(range(1, 32)) * 50, "control"),
    ],
)
def test_binary_data_is_refused_with_its_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode(data)


def test_a_stray_nul_in_a_text_is_replaced_with_a_warning():
    decoded = decode(b"Agreement signed in Astana.\x00 Next sentence." + b" More text." * 20)
    assert decoded.text.startswith("Agreement signed in Astana.\ufffd Next")
    assert "NUL" in decoded.warnings[-1]


def test_empty_input_is_empty_text():
    decoded = decode(b"")
    assert decoded.text == "" and decoded.encoding is None


# ---------------------------------------------------------------------------
# HTML

PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1251"><title>Соглашение | Новости</title>
<style>p { color: red }</style><script>var tracking = "script text";</script></head>
<body>
<header>Site logo and slogan</header>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<div class="story">
  <h1>Университеты   подписали <b>соглашение</b></h1>
  <p>Бишкек, 12 марта 2024 года. Стороны договорились &amp; обменяться
     студентами.<br>Вторая строка.</p>
  <ul><li>Первый пункт</li><li>Второй пункт</li></ul>
  <form><input name="q"> Search the site</form>
</div>
<aside>Related news</aside>
<footer>Copyright 2024</footer>
</body></html>
"""


def test_html_page_becomes_text_with_its_declared_charset():
    decoded = decode(PAGE.encode("cp1251"), html=True)
    assert decoded.html and decoded.encoding == "cp1251"
    assert decoded.text == (
        "Университеты подписали соглашение\n"
        "\n"
        "Бишкек, 12 марта 2024 года. Стороны договорились & обменяться студентами.\n"
        "Вторая строка.\n"
        "Первый пункт\n"
        "Второй пункт\n"
    )
    for dropped in ("tracking", "color", "logo", "Home", "Search", "Related", "Copyright"):
        assert dropped not in decoded.text


def test_html_is_sniffed_without_a_suffix():
    page = "<html><body><p>First paragraph.</p><p>Second one.</p></body></html>"
    decoded = decode(page.encode())
    assert decoded.html and decoded.text == "First paragraph.\nSecond one.\n"


def test_text_mentioning_tags_is_not_html():
    text = "Press release\n\nThe <b> tag was discussed at the meeting.\n"
    assert decode(text.encode()).text == text
    assert not sniff_html(text)


def test_html_suffix_without_tags_reads_as_text():
    decoded = decode(b"Plain text saved as .html\nsecond line\n", html=True)
    assert not decoded.html and decoded.text == "Plain text saved as .html\nsecond line\n"


def test_html_title_used_when_there_is_no_h1():
    page = "<html><head><title>Agreement signed</title></head><body><p>Body text.</p></body></html>"
    assert html_to_text(page) == "Agreement signed\n\nBody text.\n"


def test_article_header_with_headline_is_kept():
    page = (
        "<html><body><header>Site banner</header><article><header><h1>Headline</h1></header>"
        "<p>Story.</p></article><div>Sidebar</div></body></html>"
    )
    assert html_to_text(page) == "Headline\n\nStory.\n"


def test_declared_charset_forms():
    assert declared_charset(b'<meta charset="KOI8-R">') == "koi8_r"
    assert (
        declared_charset(
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        )
        == "cp1251"
    )
    assert declared_charset(b'<meta charset="iso-8859-1">') == "cp1252"  # as browsers do
    assert declared_charset(b'<meta charset="no-such-codec">') is None
    assert declared_charset(b"<p>no declaration</p>") is None


def test_lying_meta_charset_falls_back_to_detection():
    page = (
        '<html><head><meta charset="utf-8"></head>'
        "<body><p>Привет, мир! Встреча в Москве.</p></body></html>"
    )
    decoded = decode(page.encode("cp1251"))
    assert decoded.encoding == "cp1251"
    assert decoded.text == "Привет, мир! Встреча в Москве.\n"


# ---------------------------------------------------------------------------
# finding and reading files


def test_walk_is_sorted_recursive_and_skips_hidden_and_other_suffixes(tmp_path):
    for name in ("b.txt", "a.TXT", "c.html", "d.pdf", ".hidden.txt", "sub/z.txt", ".git/x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)]
    assert found == ["a.TXT", "b.txt", "c.html", "sub/z.txt"]


def test_walk_follows_a_link_loop_only_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    found = list(walk(tmp_path))
    assert [p.name for p in found] == ["a.txt"]


def test_discover_reports_missing_and_dangling(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    items = list(discover([str(tmp_path / "missing.txt"), str(tmp_path / "link.txt")]))
    assert [(src.endswith("missing.txt"), str(err)) for src, err in items] == [
        (True, "no such file or folder"),
        (False, "dangling symbolic link"),
    ]


def test_dangling_link_found_by_a_walk_is_reported(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    (item,) = discover([str(tmp_path)])
    with pytest.raises(InputError, match="dangling symbolic link"):
        read_input(item)


def test_fifo_in_a_folder_is_reported_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (item,) = discover([str(tmp_path)])
    with pytest.raises(InputError, match="not a regular file"):
        read_input(item)  # would block forever if it were opened


def test_folder_named_like_a_file_is_reported(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        read_input(Input("dir.txt", tmp_path / "dir.txt"))


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # tests run as root: chmod 000 would not stop reads
    with pytest.raises(InputError, match="permission denied"):
        read_input(Input(str(path), path))


def test_input_over_the_byte_limit_is_cut_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_BYTES", 10)
    path = tmp_path / "long.txt"
    path.write_text("абвгдежзийклмн")  # 2 bytes a letter: the cut falls inside no letter
    decoded = read_input(Input(str(path), path))
    assert decoded.text == "абвгд"
    assert "only its first 10" in decoded.warnings[-1]
    path.write_text("a" + "абвгдежзийклмн")  # the 10-byte cut splits a letter: it is dropped
    decoded = read_input(Input(str(path), path))
    assert decoded.text == "aабвг" and decoded.encoding is None


def test_html_suffix_files_become_text(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(PAGE.encode("cp1251"))
    decoded = read_input(Input(str(path), path))
    assert decoded.html and decoded.text.startswith("Университеты подписали соглашение\n")


# ---------------------------------------------------------------------------
# properties: nothing crashes, evidence offsets stay valid

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check_evidence(record, text):
    for evidence in record.evidence:
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.text


@pytest.fixture(scope="module")
def shared_extractor():
    from coop_extract.pipeline import get_extractor

    return get_extractor()


WORDS = st.sampled_from(
    [
        "University",
        "Academy",
        "of",
        "Sciences",
        "signed",
        "an",
        "agreement",
        "on",
        "12",
        "March",
        "2024",
        "in",
        "Bishkek",
        "Kazakhstan",
        "Prof.",
        "Dr.",
        "Ivanov",
        "(",
        ")",
        ",",
        ".",
        "\n",
        "\n\n",
        "KNU",
        "memorandum",
        "İstanbul",
        "Алматы",
        "e\u0301",
        "\u2028",
        "\x00",
        "  ",
        "-",
        "–",
        "“",
        "”",
    ]
)


@SETTINGS
@given(st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join)))
def test_any_text_gives_a_record_with_valid_evidence(shared_extractor, text):
    record = shared_extractor.extract(text, source="prop.txt")
    assert record.source == "prop.txt"
    _check_evidence(record, text)


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_are_refused_and_never_crash(shared_extractor, data):
    try:
        decoded = decode(data)
    except InputError:
        return
    assert isinstance(decoded.text, str)
    record = shared_extractor.extract(decoded.text, source="bytes.txt", encoding=decoded.encoding)
    _check_evidence(record, decoded.text)
