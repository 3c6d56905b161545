Attribute VB_Name = "Ribbon"
Option Explicit

' Callbacks of the ribbon tab (customUI/customUI14.xml): each button runs one
' action of kehoach_xl.shells.buttons in Python through xlwings.

Sub KiemTraDuLieu(control As IRibbonControl)
    RunPython "from kehoach_xl.shells.buttons import validate; validate()"
End Sub

Sub TongHopKinhPhi(control As IRibbonControl)
    RunPython "from kehoach_xl.shells.buttons import budget; budget()"
End Sub

Sub KiemTraChiTieu(control As IRibbonControl)
    RunPython "from kehoach_xl.shells.buttons import targets; targets()"
End Sub

Sub XuatKeHoach(control As IRibbonControl)
    RunPython "from kehoach_xl.shells.buttons import export; export()"
End Sub

Sub TaoBanGuiCapTren(control As IRibbonControl)
    RunPython "from kehoach_xl.shells.buttons import send_up; send_up()"
End Sub

Sub TaoKeHoachNamMoi(control As IRibbonControl)
    RunPython "from kehoach_xl.shells.buttons import new_year; new_year()"
End Sub

Sub HuongDan(control As IRibbonControl)
    RunPython "from kehoach_xl.shells.buttons import show_help; show_help()"
End Sub
