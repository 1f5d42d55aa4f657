"""The notes under figures say what the printed report's notes say, in each language.

The printed notes explain more than the engine's generic sentences: what respondents could write in
an open field (figures 4.1 and 9.3), the statement or challenge a single-item figure shows (5.1.x,
5.2.x), the approaches of figure 5.3 and why a grouped figure has an empty cell (4.6, 8.4). Those
sentences are the figure's ``note_text`` / ``several_answers`` in data/figures.yaml; the numbers
stay the engine's.
"""

from __future__ import annotations

import re

import pytest

from macros.blocks.figures import build_figure


def note(survey, figures, figure_id: str, language: str) -> str:
    return re.sub(r"<[^>]+>", "", str(build_figure(survey, figures[figure_id], language).note))


EXPECTED = {
    ("4.1", "da"): "Det var muligt at skrive mere end én udfordring i de åbne tekstfelter, hvorfor tallene ikke "
    "summerer til 100\u00a0%.",
    ("4.1", "en"): "Respondents could name more than one challenge in the open text fields, so the percentages do not "
    "sum to 100%.",
    ("9.3", "da"): "Det var muligt at beskrive mere end én rolle i de åbne tekstfelter",
    ("9.3", "en"): "Respondents could describe more than one role in the open text fields",
    ("6.1", "da"): "Det var muligt at skrive mere end ét svar i de åbne tekstfelter",
    ("6.1", "en"): "Respondents could write more than one answer in the open text fields",
    ("4.3", "da"): "Figuren viser den procentvise svarfordeling. Derudover havde respondenterne svarmuligheden "
    "”Ikke relevant”. Gennemsnit: 3,4.",
    ("4.3", "en"): "The figure shows the percentage distribution of answers. Respondents could also answer "
    "‘Not relevant’. Mean: 3.4.",
    ("5.1.1", "da"): "Figuren viser den procentvise svarfordeling. Udsagn: Vi afventer tydelige eksterne "
    "forventninger (f.eks. fra staten), før vi samarbejder med civilsamfundet.",
    ("5.1.1", "en"): "The figure shows the percentage distribution of answers. Statement: We wait for clear external "
    "expectations (e.g. from central government) before we collaborate with civil society.",
    ("5.2.2", "da"): "Svarene gælder udfordringen ”At sikre en positiv by- og erhvervsudvikling”.",
    ("5.2.2", "en"): "The answers are for the challenge ‘Ensuring positive urban and business development’.",
    ("5.3", "da"): "Hver søjle viser fordelingen af svar inden for én udfordring. Reaktiv, inkrementel eller "
    "proaktiv strategisk tilgang angiver, at respondenterne har svaret afventer tydelige eksterne forventninger, "
    "udvikler eksisterende samarbejder eller udvikler nye samarbejder på eget initiativ.",
    ("5.3", "en"): "Each bar shows the distribution of answers within one challenge. Reactive, incremental and "
    "proactive stand for the answers ‘We wait for clear external expectations …’, ‘We continuously develop our "
    "existing collaborations …’ and ‘On our own initiative, we develop new collaborations …’.",
    ("4.6", "da"): "For ”Vigtigste udfordring” har kommunaldirektørerne ikke vurderet, hvorvidt det er en "
    "udfordring, men kunne skrive frit, hvilken udfordring var den vigtigste. Denne fremgår ikke. En streg (–) "
    "markerer et spørgsmål, der ikke blev stillet: ”Udfordring” ved ”Vigtigste udfordring”.",
    ("4.6", "en"): "For ‘Most important challenge’, the municipal directors did not rate whether it is a challenge "
    "but named the most important challenge in their own words, so no rating is shown. A dash (–) "
    "marks a question that was not asked: ‘Challenge’ for ‘Most important challenge’.",
    ("8.4", "da"): "Antal besvarelser: 60–69. Spørgsmål: I hvilken grad vurderer du, at dette faktisk er "
    "forudsætninger for, at kommuner kan samarbejde med civilsamfundet? I hvilken grad er disse forudsætninger "
    "opfyldt i jeres kommune? Søjlerne viser",
    ("8.4", "en"): "Number of responses: 60–69. Questions: To what extent do you consider these to be actual "
    "prerequisites for municipalities to be able to collaborate with civil society? To what extent are these "
    "prerequisites met in your municipality? The bars show",
}


@pytest.mark.parametrize(("figure_id", "language"), sorted(EXPECTED))
def test_the_note_carries_the_printed_sentences(survey, figures, figure_id, language):
    assert EXPECTED[figure_id, language] in note(survey, figures, figure_id, language)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_grouped_note_lists_left_out_answers_without_nested_brackets(survey, figures, language):
    text = note(survey, figures, "4.6", language)
    detail = text[text.index("(", text.index("Ikke relevant" if language == "da" else "Not relevant")) :]
    assert detail.count("(") == 1, detail
    expected = {
        "da": "(n: 1 ved vigtigste udfordring, nuværende involvering; ",
        "en": "(most important challenge, current involvement: 1; ",
    }
    assert detail.startswith(expected[language])


def test_a_note_text_is_escaped(survey, figures):
    from dataclasses import replace

    hostile = replace(figures["5.1.1"], note_text={"da": "<script>x</script> *ok*", "en": "<b>x</b>"})
    html = str(build_figure(survey, hostile, "da").note)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; <em>ok</em>" in html
