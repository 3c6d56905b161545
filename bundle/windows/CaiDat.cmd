@echo off
rem Double-click launcher of CaiDat.ps1, which installs kehoach-xl from the wheelhouse beside it.
rem ASCII only: cmd.exe reads this file in the OEM code page; the messages are in CaiDat.ps1.
setlocal
if not exist "%~dp0CaiDat.ps1" (
    echo Chua giai nen: hay giai nen toan bo tep .zip ^(Extract All^) roi chay CaiDat.cmd trong thu muc vua giai nen.
    pause
    exit /b 1
)
"%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -ExecutionPolicy Bypass -File "%~dp0CaiDat.ps1"
set CODE=%ERRORLEVEL%
rem CaiDat.ps1 ends by asking for a key; the pause keeps the window open even if PowerShell could not start it.
pause >nul
exit /b %CODE%
