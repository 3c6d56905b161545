@echo off
rem Double-click installer: the Python in python\ beside it runs CaiDat.py, which installs kehoach-xl
rem for this user from wheelhouse\, never from the internet (kehoach_xl/shells/install.py).
rem ASCII only: cmd.exe reads this file in the OEM code page; the messages are Python's, in Vietnamese.
setlocal
if not exist "%~dp0python\python.exe" (
    echo Chua giai nen: hay giai nen toan bo tep .zip ^(Extract All^) roi chay CaiDat.cmd trong thu muc vua giai nen.
    pause
    exit /b 1
)
"%~dp0python\python.exe" -X utf8 "%~dp0CaiDat.py" install --bundle "%~dp0."
set CODE=%ERRORLEVEL%
rem The installer ends by asking for a key; the pause keeps the window open even if Python could not start.
pause >nul
exit /b %CODE%
