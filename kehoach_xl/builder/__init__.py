"""The workbook builder: KeHoach.xlsm and the example from sources in the repository, and the generator of sample workbooks."""
