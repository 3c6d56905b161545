@echo off
rem Double-click uninstaller: the Python in python\ beside it runs CaiDat.py, which removes what
rem CaiDat.cmd added for this user and nothing else (kehoach_xl/windows/install.py).
rem ASCII only: cmd.exe reads this file in the OEM code page; the messages are Python's, in Vietnamese.
setlocal
if not exist "%~dp0python\python.exe" (
    echo Chua giai nen: hay giai nen toan bo tep .zip ^(Extract All^) roi chay GoCaiDat.cmd trong thu muc vua giai nen.
    pause
    exit /b 1
)
"%~dp0python\python.exe" -X utf8 "%~dp0CaiDat.py" uninstall
set CODE=%ERRORLEVEL%
rem The uninstaller ends by asking for a key; the pause keeps the window open even if Python could not start.
pause >nul
exit /b %CODE%
