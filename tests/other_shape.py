"""A survey of another shape than this report's, written as data files for engine tests.

200 respondents (a fixed seed): a 1-5 satisfaction grid with "don't know" as code 8 (not 9),
a 0-10 recommendation scale, a yes/no item, age in years, a region (six regions; one with only
three respondents, so a breakdown by region has a suppressed cell) and one coded open question.
Table and figure ids are strings of any form the schema allows (letters, digits, '.', '_', '-').
"""

from __future__ import annotations

import csv
import random
import textwrap
from pathlib import Path

N = 200
REGIONS = {1: "Nord", 2: "Syd", 3: "Øst", 4: "Vest", 5: "Midt", 6: "Øerne"}
SMALL_REGION = 6  # three respondents only


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write(root: Path) -> Path:
    """Write the data files under ``root/data`` and return that folder."""
    data = root / "data"
    book = data / "codebook"
    rng = random.Random(20240514)
    _write_csv(
        book / "questions.csv",
        ["question", "order", "kind", "scale", "text_da", "text_en", "code_list_heading_da", "code_list_heading_en"],
        [
            ["sat", 1, "grid", "sat5", "Hvor tilfreds er du med …", "How satisfied are you with …", "", ""],
            ["nps", 2, "grid", "zero10", "Vil du anbefale os?", "Would you recommend us?", "", ""],
            ["member", 3, "grid", "yesno", "Er du medlem?", "Are you a member?", "", ""],
            ["age", 4, "number", "age", "Hvor gammel er du?", "How old are you?", "", ""],
            ["region", 5, "grid", "region", "Hvor bor du?", "Where do you live?", "", ""],
            ["why", 6, "open", "answered", "Hvorfor?", "Why?", "Begrundelse", "Reason"],
        ],
    )
    _write_csv(
        book / "variables.csv",
        ["variable", "question", "order", "label_da", "label_en", "short_da", "short_en"],
        [
            ["sat_service", "sat", 1, "Servicen", "The service", "Service", "Service"],
            ["sat_price", "sat", 2, "Prisen", "The price", "Pris", "Price"],
            ["sat_staff", "sat", 3, "Personalet", "The staff", "Personale", "Staff"],
            ["recommend", "nps", 1, "Anbefaling", "Recommendation", "Anbefaling", "Recommendation"],
            ["is_member", "member", 1, "Medlem", "Member", "Medlem", "Member"],
            ["age_years", "age", 1, "Alder", "Age", "Alder", "Age"],
            ["home_region", "region", 1, "Region", "Region", "Region", "Region"],
            ["why_text", "why", 1, "Begrundelse", "Reason", "Begrundelse", "Reason"],
        ],
    )
    scales = [
        ["sat5", 1, "Meget utilfreds", "Very dissatisfied", "Meget utilfreds", "Very dissatisfied", "valid"],
        ["sat5", 2, "Utilfreds", "Dissatisfied", "Utilfreds", "Dissatisfied", "valid"],
        ["sat5", 3, "Hverken eller", "Neither", "Hverken eller", "Neither", "valid"],
        ["sat5", 4, "Tilfreds", "Satisfied", "Tilfreds", "Satisfied", "valid"],
        ["sat5", 5, "Meget tilfreds", "Very satisfied", "Meget tilfreds", "Very satisfied", "valid"],
        ["sat5", 8, "Ved ikke", "Don't know", "Ved ikke", "Don't know", "dont_know"],
        ["yesno", 1, "Ja", "Yes", "Ja", "Yes", "valid"],
        ["yesno", 2, "Nej", "No", "Nej", "No", "valid"],
        ["answered", 1, "Besvaret", "Answered", "Besvaret", "Answered", "valid"],
    ]
    ends = {0: ("Slet ikke", "Not at all"), 10: ("Helt sikkert", "Certainly")}
    for c in range(11):
        da, en = ends.get(c, (str(c), str(c)))
        scales.append(["zero10", c, da, en, da, en, "valid"])
    scales += [["age", a, a, a, a, a, "valid"] for a in range(18, 91)]
    scales += [["region", c, name, name, name, name, "valid"] for c, name in REGIONS.items()]
    _write_csv(book / "scales.csv", ["scale", "code", "label_da", "label_en", "short_da", "short_en", "role"], scales)
    _write_csv(
        book / "scale_properties.csv",
        [
            "scale",
            "kind",
            "min",
            "max",
            "top_label_da",
            "top_label_en",
            "bottom_label_da",
            "bottom_label_en",
            "shares_include_non_substantive",
        ],
        [
            [
                "sat5",
                "ordinal",
                1,
                5,
                "Andel tilfreds",
                "Share satisfied",
                "Andel utilfreds",
                "Share dissatisfied",
                "no",
            ],
            ["zero10", "ordinal", 0, 10, "Andel 9-10", "Share 9-10", "", "", "no"],
            ["yesno", "binary", "", "", "", "", "", "", "no"],
            ["age", "numeric", 18, 90, "", "", "", "", "no"],
            ["region", "nominal", "", "", "", "", "", "", "no"],
            ["answered", "nominal", "", "", "", "", "", "", "no"],
        ],
    )
    _write_csv(
        book / "themes.csv",
        [
            "question",
            "theme",
            "parent",
            "order",
            "in_code_list",
            "label_da",
            "label_en",
            "description_da",
            "description_en",
        ],
        [
            ["why", "price", "", 1, "yes", "Pris", "Price", "Om prisen.", "About the price."],
            ["why", "people", "", 2, "yes", "Mennesker", "People", "Om personalet.", "About the staff."],
            ["why", "rare", "", 3, "yes", "Sjældent", "Rare", "Nævnt af to.", "Named by two."],
        ],
    )
    rows, coded = [], []
    regions = [SMALL_REGION] * 3 + [rng.choice([1, 2, 3, 4, 5]) for _ in range(N - 3)]
    rng.shuffle(regions)
    for number in range(1, N + 1):
        rid = f"p{number:03d}"
        sat = [rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 8]) for _ in range(3)]
        why = rng.random() < 0.6
        rows.append(
            [
                rid,
                "yes",
                *sat,
                rng.randint(0, 10),
                rng.choice([1, 2]),
                rng.randint(18, 90),
                regions[number - 1],
                1 if why else "",
            ]
        )
        if why:
            coded.append([rid, "why", rng.choice(["price", "people"])])
            if sum(1 for row in coded if row[2] == "rare") < 2:
                coded.append([rid, "why", "rare"])  # a theme only two respondents name
    _write_csv(
        data / "responses.csv",
        [
            "respondent_id",
            "completed",
            "sat_service",
            "sat_price",
            "sat_staff",
            "recommend",
            "is_member",
            "age_years",
            "home_region",
            "why_text",
        ],
        rows,
    )
    _write_csv(data / "coded_answers.csv", ["respondent_id", "question", "theme"], coded)
    files = {
        "survey.yaml": """
            population: {da: kunder, en: customers}
            invited: 250
            sent_date: 2025-01-06
            closed_date: 2025-02-03
            reminders: 2
        """,
        "report.yaml": """
            title: {da: Tilfredshed, en: Satisfaction}
            subtitle: {da: En undersøgelse, en: A survey}
            report_type: {da: Rapport, en: Report}
            authors: [{given: Ada, family: Lovelace}]
            department: {da: Afdeling, en: Department}
            publisher: {da: Forlag, en: Publisher}
            institution: {da: Institut, en: Institute}
            year: 2025
            month: 2
            edition_date: 2025-02-10
            keywords: {da: [tilfredshed], en: [satisfaction]}
            disclosure: {min_cell: 5, publish_small_marginals: true}
        """,
        "tables.yaml": """
            satisfaction:
              title: {da: "Tilfredshed", en: "Satisfaction"}
              kind: items
              question: sat
              items: [sat_service, sat_price, sat_staff]
              columns: [n, top2_share, mean_sd]
              note: [n, question, sd_in_parentheses, scale, not_relevant]
            satisfaction-by-region:
              title: {da: "Tilfredshed efter region", en: "Satisfaction by region"}
              kind: items
              question: sat
              items: [sat_service, sat_price]
              columns: [n, top2_share, mean]
              note: [n, question, scale]
              by: home_region
            members:
              title: {da: "Medlemmer", en: "Members"}
              kind: items
              question: member
              items: [is_member]
              columns: [n]
              note: [n, question, scale]
        """,
        "figures.yaml": """
            Sat_stacked-5:
              title: {da: "Tilfredshed", en: "Satisfaction"}
              kind: distribution
              question: sat
              items: [sat_service, sat_price, sat_staff]
              include_not_relevant: true
            recommend-mean:
              title: {da: "Anbefaling", en: "Recommendation"}
              kind: means
              question: nps
              items: [recommend]
            members:
              title: {da: "Medlemmer", en: "Members"}
              kind: distribution
              question: member
              items: [is_member]
            satisfaction-by-region:
              title: {da: "Tilfredshed efter region", en: "Satisfaction by region"}
              kind: means
              question: sat
              items: [sat_service, sat_price, sat_staff]
              by: home_region
            service-by-age:
              title: {da: "Service efter alder", en: "Service by age"}
              kind: distribution
              question: sat
              items: [sat_service]
              by: {variable: age_years, bins: [{id: "18-39", low: 18, high: 39}, {id: "40-64", low: 40, high: 64},
                                                {id: "65+", low: 65}]}
            why-by-region:
              title: {da: "Begrundelser efter region", en: "Reasons by region"}
              kind: themes
              question: why
              by: home_region
        """,
    }
    for name, text in files.items():
        (data / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return data
