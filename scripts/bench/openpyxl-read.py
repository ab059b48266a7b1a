# Baseline for the CLI bench (scripts/bench/cli.ts): what reading the returned workbooks costs in
# Python's openpyxl, the usual tool for the job: open each file given read-only (values, not
# formulas) and go through every row of every sheet. Prints the number of rows read.
import sys
import warnings

import openpyxl

warnings.simplefilter("ignore")  # openpyxl warns about header/footer fields it does not parse

rows = 0
for path in sys.argv[1:]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            rows += 1
    workbook.close()
print(rows)
