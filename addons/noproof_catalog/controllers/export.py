from odoo.addons.web.controllers.export import CSVExport, ExcelExport

from ..tools.spreadsheet import neutralize_cell


def _neutral_rows(rows):
    return [[neutralize_cell(value) for value in row] for row in rows]


def _neutralize_groups(group):
    group.data = _neutral_rows(group.data)
    for child in group.children.values():
        _neutralize_groups(child)


class NeutralCSVExport(CSVExport):
    """The export button's CSV: no cell that a spreadsheet would run as a formula."""

    def from_data(self, fields, columns_headers, rows):
        return super().from_data(fields, columns_headers, _neutral_rows(rows))


class NeutralExcelExport(ExcelExport):
    """The export button's XLSX: xlsxwriter writes a string starting with "=" as a formula."""

    def from_data(self, fields, columns_headers, rows):
        return super().from_data(fields, columns_headers, _neutral_rows(rows))

    def from_group_data(self, fields, columns_headers, groups):
        for child in groups.children.values():
            _neutralize_groups(child)
        return super().from_group_data(fields, columns_headers, groups)
