@echo off
rem Double-click installer: the Python in python\ beside it runs CaiDat.py, which installs kehoach-xl
rem for every user of this PC from wheelhouse\, never from the internet (kehoach_xl/windows/install.py).
rem ASCII only: cmd.exe reads this file in the OEM code page; the messages are Python's, in Vietnamese,
rem but for the three below, which come before Python can run (without diacritics: the OEM code page has none).
setlocal
rem bundle/build_dist.py writes the bundle's architecture here: 64 or 32.
set "BUNDLE_BITS=@BITS@"
rem CPython 3.12 needs Windows 8.1 (6.3) or later. `ver` prints "Microsoft Windows [Version 10.0.19045.5247]":
rem its last word, less the "]", is the version. Checked first: nothing is installed on an older Windows.
rem Through a file of its own in TEMP, not `for /f ... in ('ver')`, whose output wine's cmd.exe loses
rem when the profile's path has a space.
ver >"%TEMP%\kehoach-xl-ver.txt"
for /f "usebackq tokens=*" %%v in ("%TEMP%\kehoach-xl-ver.txt") do set "WINVER=%%v"
del "%TEMP%\kehoach-xl-ver.txt"
set "WINVER=%WINVER:]=%"
for %%w in (%WINVER%) do set "WINVER=%%w"
for /f "tokens=1,2 delims=." %%a in ("%WINVER%") do set /a "WINVER=%%a*100+%%b"
if %WINVER% LSS 603 (
    echo [Loi] Cac nut cua so can Windows 8.1 tro len ^(Windows 10 de doc so bang python-calamine, tren 8.1 dung openpyxl^), may nay chua du nen khong cai gi; so KeHoach.xlsm van nhap va tu tinh duoc, chi khong co cac nut.
    pause
    exit /b 1
)
rem A 32-bit cmd.exe on 64-bit Windows says x86 in PROCESSOR_ARCHITECTURE and the truth in PROCESSOR_ARCHITEW6432.
set "ARCH=%PROCESSOR_ARCHITECTURE%"
if defined PROCESSOR_ARCHITEW6432 set "ARCH=%PROCESSOR_ARCHITEW6432%"
set "WINDOWS_BITS=64"
if /i "%ARCH%"=="x86" set "WINDOWS_BITS=32"
if not "%WINDOWS_BITS%"=="%BUNDLE_BITS%" (
    echo [Loi] Bo cai nay danh cho Windows %BUNDLE_BITS%-bit, may nay la Windows %WINDOWS_BITS%-bit nen khong cai gi: hay dung tep kehoach-xl-...-windows-%WINDOWS_BITS%bit.zip.
    pause
    exit /b 1
)
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
