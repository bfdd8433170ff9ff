from __future__ import annotations

import io
import json

import pytest

from audit.errors import InputError
from audit.ingest import decode, read_inputs


def _read(paths, stdin=None, stdin_jsonl=False):
    return list(read_inputs([str(p) for p in paths], stdin=stdin, stdin_jsonl=stdin_jsonl))


def test_utf8_with_bom_drops_the_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffÜber Nacht.".encode())
    (article,) = _read([path])
    assert article.text == "Über Nacht."
    assert article.encoding == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_are_decoded_and_reported(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes("Größere Übungen – „ja“".encode(encoding, errors="replace"))
    (article,) = _read([path])
    assert "Größere Übungen" in article.text
    assert article.encoding in ("cp1252", "latin-1")


def test_crlf_is_kept_so_offsets_index_the_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Erste Zeile.\r\nZweite Zeile.\r\n")
    (article,) = _read([path])
    assert article.text == "Erste Zeile.\r\nZweite Zeile.\r\n"
    second = article.paragraphs[1]
    assert article.text[second.start : second.end] == "Zweite Zeile."


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty input"),
        (b"   \n\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_bad_text_files_give_one_error_each(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (error,) = _read([path])
    assert isinstance(error, InputError)
    assert reason in str(error)
    assert str(path) in str(error)


def test_missing_file_does_not_stop_the_others(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Ein Satz.", encoding="utf-8")
    items = _read([tmp_path / "missing.txt", good])
    assert isinstance(items[0], InputError) and "no such file" in str(items[0])
    assert items[1].text == "Ein Satz."


def test_directories_are_searched_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("Zwei.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Eins.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Versteckt.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert [a.text for a in _read([tmp_path])] == ["Eins.", "Zwei."]


def test_jsonl_records_keep_unknown_keys_and_report_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Hallo Welt.", "source": "Hello world.", "lang": "de"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a4"}),
        "",
        json.dumps({"id": 5, "text": "Noch ein Satz."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path])
    assert items[0].id == "a1" and items[0].source == "Hello world." and items[0].extra == {"lang": "de"}
    assert [str(e) for e in items[1:4]] == [
        f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes)",
        f"{path}:3: a JSONL record must be a JSON object",
        f'{path}:4: a JSONL record needs a string "text"',
    ]
    assert items[4].id == "5"


def test_stdin_text_and_jsonl():
    (article,) = _read(["-"], stdin=io.BytesIO(b"Ein Text."))
    assert article.text == "Ein Text." and article.id == "<stdin>"
    (record,) = _read(["-"], stdin=io.BytesIO(b'{"id": "x", "text": "Satz."}\n'), stdin_jsonl=True)
    assert record.id == "x"


def test_decode_refuses_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def", "f")


def test_control_characters_counted_as_defined():
    """``_looks_binary`` counts by one search the characters below U+0020 other than tab, line feed,
    form feed and carriage return: the same set, over every code point."""
    from audit.ingest import _CONTROL_RE

    every = [chr(i) for i in range(0x110000)]
    assert [c for c in every if _CONTROL_RE.fullmatch(c)] == [
        c for c in every if ord(c) < 32 and c not in "\t\n\r\f"
    ]
