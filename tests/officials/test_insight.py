"""The overview per area and goal (Inzicht) from real imported bundles: the numbers equal
those counted by hand, small groups are shown as "< 5" (and one more, so the total does not
give them away), and no name, address, title or IBAN reaches the workbook or the JSON."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials import insight
from desktop_app.officials.decide import decide, reason_text, settle
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY

SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
CANARIES = (
    "Canaryvoornaam Achternaamcanary",
    "Canarystraat 99",
    "NL91ABNA0417164300",
    "Canarytitel",
    "canary.mail@example.nl",
    "06 99887766",
    "9999 ZZ",
    "C. Canaryhouder",
    "Canaryhuis aan de Canarylaan",
    "Canarybeschrijving van de activiteit",
    "Ambtenaar Canarynaam",  # who decided: the official's name is personal data too
)
GRANT_DAYS = [dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16), dt.date(2026, 3, 23)]
PERIOD = insight.Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "activity")


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def store(tmp_path, catalog, amsterdam, key):
    """13 applications in 2026 (noord 6 health, oost 5 youth, zuid 2 youth), one in 2027;
    in noord 4 granted, 1 rejected, 3 reported (one did not take place), 2 settled."""
    store = CaseStore(tmp_path / "store")
    signer = ephemeral_signer("Buurt")
    made = []

    def add(area: str, goal: str, participants: int, day: str = "2026-05-11"):
        application = example_application(amsterdam, fixed_on(DAY))
        application.answers = copy.deepcopy(application.answers) | {
            "area": area,
            "goal": goal,
            "participants": participants,
            "activity_date": day,
            "contact_name": CANARIES[0],
            "street_address": CANARIES[1],
            "iban": CANARIES[2],
            "initiative_name": CANARIES[3],
            "email": CANARIES[4],
            "phone": CANARIES[5],
            "postcode": CANARIES[6],
            "account_holder": CANARIES[7],
            "location": CANARIES[8],
            "activity_description": CANARIES[9] + " " + application.answers["activity_description"],
        }
        bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
        import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))
        made.append(application)
        return application

    noord = [add("noord", "health", n) for n in (10, 20, 30, 40, 50, 60)]
    for _ in range(5):
        add("oost", "youth", 15)
    add("zuid", "youth", 7)
    add("zuid", "youth", 7)
    add("noord", "health", 999, day="2027-02-01")  # outside the period
    for application, amount, day in zip(
        noord[:4], ("500.00", "600.00", "700.00", "800.00"), GRANT_DAYS, strict=True
    ):
        case = store.case(application.id)
        value = Decimal(amount)
        reason = reason_text("grant_lower", case.requested, value)
        decide(store, case, "grant", value, reason, key, "k", fixed_on(day), CANARIES[10])
    rejected = store.case(noord[4].id)
    reason = reason_text("reject_rules", rejected.requested, None)
    decide(store, rejected, "reject", None, reason, key, "k", fixed_on(DAY), CANARIES[10])
    settlements = []
    for application, granted, answers, settled in (
        (noord[0], "500.00", {"took_place": True, "participants_actual": 40}, True),
        (noord[1], "600.00", {"took_place": False, "spent_anything": False}, True),
        (noord[2], "700.00", {"took_place": True, "participants_actual": 25}, False),
    ):
        report = Report(
            regeling=application.regeling,
            application_id=application.id,
            granted_amount=Decimal(granted),
            created_at=SIGNED_ON,
            updated_at=SIGNED_ON,
            answers=answers,
        )
        bundle = write_bundle(report, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
        import_bundle(bundle, "r.zip", store, catalog, fixed_on(DAY))
        if settled:
            settlements.append(settle(store, store.case(report.id), catalog))
    return store, made, settlements


def test_the_numbers_per_area_equal_those_counted_by_hand(store, catalog) -> None:
    cases, made, settlements = store
    # The one that did not take place pays everything back; the small one keeps it all.
    assert [s.pay_back for s in settlements] == [Decimal("0.00"), Decimal("600.00")]
    found = insight.compute(cases, catalog, "amsterdam-bewonersinitiatief", PERIOD)
    noord = next(r for r in found.by_area if r.key == "noord")
    f = noord.figures
    assert f is not None
    assert (f.applications, f.granted, f.rejected, f.reported, f.settled) == (6, 4, 1, 3, 2)
    assert f.requested == Decimal("6000.00")  # 6 × the example's € 1.000
    assert f.granted_amount == Decimal("2600.00")
    assert (f.settled_amount, f.paid_back) == (Decimal("500.00"), Decimal("600.00"))
    assert (f.planned_participants, f.planned_participants_n) == (210, 6)
    assert (f.planned_volunteers, f.planned_volunteers_n) == (48, 6)  # the example's 8 each
    # Measured: 40 + 0 (did not take place) + 25, from three reports.
    assert (f.actual_participants, f.actual_participants_n) == (65, 3)
    assert (f.actual_volunteers_n, f.took_place, f.took_place_answered) == (0, 2, 3)
    assert f.took_place_share == Decimal("0.67")
    assert noord.ceiling == Decimal("150000.00")  # the regeling's yearly ceiling, one year
    # 13 applications in 2026; the one of 2027 is outside the period.
    assert found.total.applications_shown == "13"
    application_sources = {s.bundle_id for s in found.sources if s.kind == "application"}
    assert application_sources == {a.id for a in made[:13]}
    assert sum(1 for s in found.sources if s.kind == "report") == 3
    health = next(r for r in found.by_goal if r.key == "health")
    assert health.applications_shown == "6"
    everyone = next(t for t in found.target_groups if t[0].nl.startswith("Iedereen"))
    assert everyone[1:] == ("13", "< 5")  # planned for 13; took place for 2: too few to show


def test_small_groups_are_suppressed_and_one_more_so_the_total_does_not_reveal_them(
    store, catalog
) -> None:
    cases, _, _ = store
    found = insight.compute(cases, catalog, "amsterdam-bewonersinitiatief", PERIOD)
    shown = {r.key: (r.applications_shown, r.figures) for r in found.by_area}
    assert shown["zuid"] == ("< 5", None)
    assert shown["oost"] == ("< 5", None)  # 5 is enough, but 13 - 6 - 5 would give zuid
    assert shown["noord"][0] == "6"
    by_goal = {r.key: r.applications_shown for r in found.by_goal}
    assert by_goal["youth"] == "7"  # oost and zuid together are a group large enough
    # A period with fewer than five applications shows no numbers at all.
    small = insight.compute(
        cases, catalog, "amsterdam-bewonersinitiatief", insight.Period(dt.date(2027, 1, 1))
    )
    assert (small.total.applications_shown, small.total.figures) == ("< 5", None)


def test_the_workbook_has_real_numbers_dutch_headers_and_no_personal_data(
    store, catalog, tmp_path, capsys
) -> None:
    cases, _, _ = store
    cases.close()
    target = tmp_path / "inzicht.xlsx"
    code = main(
        [
            "--lang",
            "nl",
            "insight",
            "--store",
            str(tmp_path / "store"),
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--xlsx",
            str(target),
            "--json",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    data = target.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    for canary in CANARIES:
        assert canary not in xml and canary not in printed
    book = load_workbook(io.BytesIO(data))
    assert {"Overzicht", "Per gebied", "Per doel", "Doelgroepen", "Bronnen"} <= set(book.sheetnames)
    sheet = book["Per gebied"]
    head = [c.value for c in sheet[1]]
    assert head[:3] == ["Gebied", "Ingediend", "Toegekend"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    noord = rows["Noord"]
    assert noord[head.index("Toegekend (€)")].value == 2600  # a number, not text
    assert rows["Zuid"][1].value == "< 5" and rows["Zuid"][2].value is None
    sources = book["Bronnen"]
    assert isinstance(sources["C2"].value, dt.datetime)  # a real date
    assert json.loads(printed)["by_area"][2]["applications"] == "6"


def test_several_regelingen_need_a_choice_said_plainly(tmp_path, capsys) -> None:
    CaseStore(tmp_path / "empty").close()
    code = main(["--lang", "nl", "insight", "--store", str(tmp_path / "empty")])
    assert code == 2
    assert "--regeling" in capsys.readouterr().err


@pytest.mark.slow
def test_the_committee_pdf_is_tagged_pdfa_and_ua_and_holds_no_personal_data(
    store, catalog, tmp_path
) -> None:
    import subprocess

    from tests.documents.test_accessible_pdf import pdf_text, verapdf

    cases, _, _ = store
    found = insight.compute(cases, catalog, "amsterdam-bewonersinitiatief", PERIOD)
    path = tmp_path / "inzicht.pdf"
    path.write_bytes(insight.to_pdf(found, SIGNED_ON))
    text = pdf_text(path)
    for canary in CANARIES:
        assert "".join(canary.split()) not in text
    assert "Periode:01-01-2026totenmet31-12-2026" in text
    assert "Watisgeschat" in text and "<5" in text
    assert str(found.sources[0].bundle_id) in subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")
    for flavour in ("ua1", "2a"):
        report = verapdf(flavour, [path])
        assert "compliant=false" not in report and "FAIL" not in report, report
        assert "compliant=true" in report, report


# --- small groups in the table area × goal: no hidden number can be worked out again -----


def solvable(table: list[list[int]], hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The attack: everything shown is known, every row and column adds up to its total
    (the last row and column). Which hidden numbers does that pin down exactly? A hidden
    number is pinned down when its column in the system of sums is not a combination of the
    other hidden numbers' columns (exact arithmetic, no shortcuts)."""
    from fractions import Fraction

    rows, columns = len(table), len(table[0])
    unknown = sorted(hidden)
    equations = []
    for i in range(rows):  # row i: its cells minus its total is zero
        equations.append({(i, j): 1 if j < columns - 1 else -1 for j in range(columns)})
    for j in range(columns):
        equations.append({(i, j): 1 if i < rows - 1 else -1 for i in range(rows)})

    def rank(cells: list[tuple[int, int]]) -> int:
        matrix = [[Fraction(e.get(c, 0)) for c in cells] for e in equations]
        found = 0
        for column in range(len(cells)):
            pivot = next((r for r in range(found, len(matrix)) if matrix[r][column]), None)
            if pivot is None:
                continue
            matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
            for r in range(len(matrix)):
                if r != found and matrix[r][column]:
                    factor = matrix[r][column] / matrix[found][column]
                    matrix[r] = [
                        a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)
                    ]
            found += 1
        return found

    full = rank(unknown)
    return {c for c in unknown if rank([u for u in unknown if u != c]) < full}


def with_totals(counts: list[list[int]]) -> list[list[int]]:
    table = [[*line, sum(line)] for line in counts]
    return [*table, [sum(line[j] for line in table) for j in range(len(table[0]))]]


def test_a_hidden_cell_cannot_be_redone_from_its_row_and_column_totals() -> None:
    # Noord: 6 health, 7 youth; Oost: 2 health, 9 youth. Only Oost × health (2) is small.
    table = with_totals([[6, 7], [2, 9]])
    hidden = insight.suppress(table, 5)
    # Hiding the 2 alone: 8 - 6 gives it back. The rule hides the smallest partners in its
    # row and column and the one where those meet, so the four form a cycle.
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert solvable(table, hidden) == set()
    assert solvable(table, {(1, 0)}) == {(1, 0)}  # what the attack does without the rule


def test_small_hidden_groups_together_are_not_a_small_group_either() -> None:
    # One goal; Zuid 1 and West 2: hiding both leaves 3 = 10 - 7 (a group of three).
    table = with_totals([[7], [1], [2]])
    hidden = insight.suppress(table, 5)
    assert {(1, 0), (2, 0), (1, 1), (2, 1)} <= hidden
    assert (0, 0) in hidden or (3, 1) in hidden  # the 7 (or the total) hides with them
    assert solvable(table, hidden) == set()
    shown_totals = [table[i][1] for i in range(3) if (i, 1) not in hidden]
    if (3, 1) not in hidden:
        assert table[3][1] - sum(shown_totals) >= 5


@pytest.mark.parametrize(
    "counts",
    [
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        [[6, 1, 9], [8, 7, 6], [9, 9, 0], [5, 0, 2]],
        [[12, 3], [0, 0], [4, 20]],
        [[3]],
        [[0, 0], [0, 0]],
    ],
)
def test_the_rule_holds_for_awkward_tables(counts) -> None:
    table = with_totals(counts)
    hidden = insight.suppress(table, 5)
    cells = [(i, j) for i in range(len(table)) for j in range(len(table[0]))]
    assert {c for c in cells if 0 < table[c[0]][c[1]] < 5} <= hidden
    assert solvable(table, hidden) == set()


def test_hypothesis_no_table_gives_a_hidden_number_away() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    shapes = st.tuples(st.integers(1, 4), st.integers(1, 4))

    @settings(max_examples=150, deadline=None)
    @given(
        shapes.flatmap(
            lambda s: st.lists(
                st.lists(st.integers(0, 12), min_size=s[1], max_size=s[1]),
                min_size=s[0],
                max_size=s[0],
            )
        )
    )
    def check(counts: list[list[int]]) -> None:
        table = with_totals(counts)
        hidden = insight.suppress(table, 5)
        for i, line in enumerate(table):
            for j, value in enumerate(line):
                assert not 0 < value < 5 or (i, j) in hidden
        assert solvable(table, hidden) == set()
        lines = [[(i, j) for j in range(len(table[0]))] for i in range(len(table))]
        lines += [[(i, j) for i in range(len(table))] for j in range(len(table[0]))]
        for line in lines:
            if line[-1] not in hidden:
                together = sum(table[i][j] for i, j in line[:-1] if (i, j) in hidden)
                assert together == 0 or together >= 5

    check()


def test_the_area_and_goal_table_by_hand(store, catalog) -> None:
    cases, _, _ = store
    found = insight.compute(cases, catalog, "amsterdam-bewonersinitiatief", PERIOD)
    cross = found.cross
    assert cross is not None
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    health, youth = (
        next(g.label.nl for g in regeling.goals if g.id == k) for k in ("health", "youth")
    )
    areas = [a.nl for a in cross.areas]
    goals = [g.nl for g in cross.goals]
    row = {
        name: dict(zip(goals, cells, strict=True))
        for name, cells in zip(areas, cross.cells, strict=True)
    }
    # noord 6 × health; oost 5 × youth; zuid 2 × youth. Zuid's 2 is small; in the youth
    # column it would be 7 - 5, so oost's 5 hides too, and then both area totals.
    assert row["Noord"][health] == "6" and row["Noord"][youth] == "0"
    assert row["Zuid"][youth] == "< 5" and row["Oost"][youth] == "< 5"
    totals = dict(zip(areas, cross.area_totals, strict=True))
    assert (totals["Noord"], totals["Oost"], totals["Zuid"]) == ("6", "< 5", "< 5")
    goal_totals = dict(zip(goals, cross.goal_totals, strict=True))
    assert (goal_totals[health], goal_totals[youth], cross.total) == ("6", "7", "13")


def test_the_budget_used_by_decision_day_against_the_ceiling(store, catalog) -> None:
    cases, _, _ = store
    found = insight.compute(cases, catalog, "amsterdam-bewonersinitiatief", PERIOD)
    by_hand = [
        (GRANT_DAYS[0], Decimal("500.00")),
        (GRANT_DAYS[1], Decimal("1100.00")),
        (GRANT_DAYS[2], Decimal("1800.00")),
        (GRANT_DAYS[3], Decimal("2600.00")),
    ]
    assert found.timelines["noord"] == by_hand
    assert found.timelines[""] == by_hand  # only noord was granted anything
    # Hidden areas get no timeline: its steps would give their grants away.
    assert "oost" not in found.timelines and "zuid" not in found.timelines


def test_overview_writes_xlsx_and_pdf_with_minus_o_and_no_personal_data(
    store, catalog, tmp_path
) -> None:
    cases, _, _ = store
    cases.close()
    texts = {}
    for suffix in ("xlsx", "pdf"):
        target = tmp_path / f"inzicht.{suffix}"
        code = main(
            [
                "--lang",
                "nl",
                "overview",
                "--store",
                str(tmp_path / "store"),
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "-o",
                str(target),
            ]
        )
        assert code == 0, suffix
        texts[suffix] = target
    with zipfile.ZipFile(texts["xlsx"]) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    import subprocess

    pdf = subprocess.run(
        ["pdftotext", str(texts["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Aanvragen per gebied en doel" in pdf and "< 5" in pdf
    raw = texts["pdf"].read_bytes()
    for canary in CANARIES:
        assert canary not in xml, canary
        assert canary not in pdf and canary.encode() not in raw, canary
    book = load_workbook(texts["xlsx"])
    line = [[c.value for c in r] for r in book["Tijdlijn"].iter_rows(min_row=2)]
    assert [r[2] for r in line if r[0] == "Noord"] == [500, 1100, 1800, 2600]
    assert {r[0] for r in line} == {"Noord", "Totaal"}
    cross = {r[0].value: [c.value for c in r[1:]] for r in book["Gebied en doel"].iter_rows()}
    assert cross["Zuid"][-1] == "< 5" and cross["Totaal"][-1] == 13


def test_a_wrong_output_name_is_said_plainly(store, tmp_path, capsys) -> None:
    cases, _, _ = store
    cases.close()
    code = main(
        [
            "--lang",
            "nl",
            "overview",
            "--store",
            str(tmp_path / "store"),
            "-o",
            str(tmp_path / "inzicht.docx"),
        ]
    )
    assert code == 2
    assert ".xlsx" in capsys.readouterr().err
    assert not (tmp_path / "inzicht.docx").exists()


def test_the_exported_table_gives_no_hidden_number_away(store, catalog, tmp_path) -> None:
    """The attack on the file a committee gets: read the area × goal sheet back, take every
    shown number as known and every "< 5" as unknown, and solve the sums."""
    cases, _, _ = store
    found = insight.compute(cases, catalog, "amsterdam-bewonersinitiatief", PERIOD)
    book = load_workbook(io.BytesIO(insight.to_xlsx(found)))
    sheet = [[c.value for c in r][1:] for r in book["Gebied en doel"].iter_rows(min_row=2)]
    hidden = {(i, j) for i, r in enumerate(sheet) for j, v in enumerate(r) if v == "< 5"}
    assert hidden  # zuid's two and what hides them
    # The true numbers, to build the system of sums the attacker knows is true.
    truth = insight.compute(cases, catalog, "amsterdam-bewonersinitiatief", PERIOD, threshold=1)
    real = [[int(v) for v in r] for r in truth.cross.cells]
    assert solvable(with_totals(real), hidden) == set()


def test_a_start_after_the_end_is_said_plainly(store, tmp_path, capsys) -> None:
    cases, _, _ = store
    cases.close()
    arguments = ["--lang", "nl", "overview", "--store", str(tmp_path / "store")]
    assert main([*arguments, "--from", "2026-12-31", "--to", "2026-01-01"]) == 2
    assert "De begindatum ligt na de einddatum" in capsys.readouterr().err
