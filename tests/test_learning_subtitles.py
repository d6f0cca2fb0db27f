"""Subtitles as found in the wild: WebVTT and SRT, BOM, CRLF/CR, tags, settings, NOTE, overlaps."""

from pathlib import Path

import pytest

from cc2desktop.core.learning import subtitles as st

DATA = Path(__file__).parent / "data" / "subtitles"


def test_vtt_with_bom_crlf_notes_styles_settings_tags_and_overlaps():
    cues = st.load(DATA / "crlf_bom_styles.vtt")
    assert [c.text for c in cues] == [
        "Bonjour à toutes et à tous !", "La civic tech, c’est quoi ?", "zéro", "Une ligne\npuis une autre"]
    assert (cues[0].start, cues[0].end) == (0.0, 2.5)
    assert (cues[3].start, cues[3].end) == (5.0, 7.25)
    track = st.Track(cues)
    # overlapping cues are both on screen
    assert track.text_at(2.2) == "Bonjour à toutes et à tous !\nLa civic tech, c’est quoi ?"
    # a zero-length cue is kept and still shown briefly
    assert cues[2].start == cues[2].end == 4.0 and "zéro" in track.text_at(4.1)
    assert track.text_at(4.6) == "" and track.text_at(8) == ""


def test_srt_latin1_ass_tags_numbering_gaps_reversed_and_no_trailing_blank():
    cues = st.load(DATA / "latin1_gaps.srt")
    assert [c.text for c in cues] == ["Données ouvertes", "Deuxième ligne\nsur deux lignes", "fin"]
    assert [(c.start, c.end) for c in cues] == [(1.0, 3.0), (3.5, 5.0), (7.0, 8.0)]


def test_srt_crlf_bom_hours_and_missing_blank_line():
    cues = st.load(DATA / "crlf_bom_hours.srt")
    assert [(c.start, c.text) for c in cues] == [(3600.0, "One hour in"), (3602.0, "Next")]


def test_vtt_cr_only_and_short_fractions():
    cues = st.load(DATA / "cr_only.vtt")
    assert [(c.start, c.end, c.text) for c in cues] == [(1.5, 2.25, "short ms"), (3.0, 4.0, "ok")]


def test_format_is_sniffed_not_taken_from_the_extension(tmp_path):
    blob = tmp_path / "3f9a0c"  # as stored by hash in the pack store
    blob.write_bytes((DATA / "crlf_bom_styles.vtt").read_bytes())
    assert len(st.load(blob)) == 4


def test_garbage_is_refused_with_a_reason(tmp_path):
    bad = tmp_path / "x.vtt"
    bad.write_text("this is not\na subtitle file\n")
    with pytest.raises(st.SubtitleError):
        st.load(bad)


def test_search_ignores_case_and_accents():
    cues = st.load(DATA / "crlf_bom_styles.vtt")
    assert st.search(cues, "CIVIC tech") == [1]
    assert st.search(cues, "zero") == [2]
    assert st.search(cues, "bonjour tous") == [0]
    assert st.search(cues, "  ") == []


# --- files as they come from the field: each one a regression ------------------------------------
def test_text_between_lt_and_gt_is_kept():
    cues = st.load(DATA / "lt_gt_text.srt")
    assert [c.text for c in cues] == ["Si x < 5 et y > 2", "a<b et 3 <4>"]


def test_one_stray_byte_does_not_turn_a_utf8_file_into_cp1252():
    cues = st.load(DATA / "utf8_stray_byte.srt")
    assert [c.text for c in cues] == ["Élections à venir", "C’est déjà là"]


def test_ass_line_break_and_hard_space():
    assert [c.text for c in st.load(DATA / "ass_breaks.srt")] == ["Première ligne\nseconde ligne"]


def test_a_bare_ampersand_is_text_and_entities_with_semicolons_are_decoded():
    cues = st.load(DATA / "bare_ampersand.vtt")
    assert [c.text for c in cues] == ["Les élus, &notamment les maires & adjoints", "R&D, café été AT&T"]


def test_tag_debris_is_not_shown():
    assert [c.text for c in st.load(DATA / "tag_debris.srt")] == ["Bonjour", "Texte en haut", "Fin"]


def test_a_cue_id_starting_with_note_is_a_cue_and_note_blocks_are_comments():
    cues = st.load(DATA / "note_cue_id.vtt")
    assert [(c.start, c.text) for c in cues] == [(1.0, "Premier"), (3.0, "Deuxième"), (5.0, "Troisième")]


@pytest.mark.parametrize("name, first", [("utf16le_nobom.srt", "Démocratie locale"),
                                         ("utf16be_nobom.vtt", "Budget participatif")])
def test_utf16_without_bom(name, first):
    cues = st.load(DATA / name)
    assert cues and cues[0].text == first


def test_a_latin1_transcript_is_decoded_like_subtitles():
    assert st.load_text(DATA / "latin1_transcript.txt") == (
        "Transcription : les données ouvertes.\nDeuxième paragraphe, café.\n")
