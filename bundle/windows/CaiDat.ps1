# Installs kehoach-xl for the current user from the wheelhouse beside this script, never from the internet.
# Started by CaiDat.cmd (powershell -NoProfile -ExecutionPolicy Bypass -File CaiDat.ps1), which keeps the
# window open at the end. bundle/build_dist.py writes this file UTF-8 with a BOM and CRLF line endings:
# Windows PowerShell 5.1 reads a script without a BOM in the ANSI code page and garbles the messages.
# Native commands are checked with $LASTEXITCODE: with $ErrorActionPreference = 'Stop', PowerShell 5.1
# would turn a line a program writes on stderr into an error.

$here = $PSScriptRoot
$wheelhouse = Join-Path $here 'wheelhouse'
$workbook = Join-Path $here 'KeHoach.xlsm'
$versions = @('3.13', '3.12', '3.11')
# Prints the interpreter's full path, its version and whether it is 64-bit, one a line.
$probe = 'import sys; print(sys.executable); print(''%d.%d'' % sys.version_info[:2]); print(sys.maxsize > 2**32)'

# Read what Python prints as UTF-8, so a path with diacritics comes back whole.
$env:PYTHONIOENCODING = 'utf-8'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8

function Write-Done([string]$text) { Write-Host "[Xong] $text" -ForegroundColor Green }
function Write-Failure([string]$text) { Write-Host "[Lỗi] $text" -ForegroundColor Red }

function Stop-Installer([int]$code) {
    Write-Host ''
    if ($code -eq 0) {
        Write-Host 'Cài đặt xong. Mở sổ KeHoach.xlsm (đường dẫn ở trên), bấm Enable Content (Bật nội dung) trên thanh vàng, rồi dùng các nút trên thẻ Kế hoạch GNBV.' -ForegroundColor Green
    } else {
        Write-Host 'Cài đặt chưa xong. Làm theo hướng dẫn ở dòng [Lỗi] phía trên, hoặc xem tệp HuongDan-CaiDat.txt, rồi chạy lại CaiDat.cmd.' -ForegroundColor Yellow
    }
    Write-Host 'Nhấn phím bất kỳ để đóng cửa sổ này.'
    exit $code
}

# One candidate interpreter: its path, version and bitness, or $null when it does not run.
function Get-Python([string]$command, [string[]]$arguments) {
    $lines = @(& $command @arguments -c $probe 2>$null)
    if ($LASTEXITCODE -ne 0 -or $lines.Count -ne 3) { return $null }
    [pscustomobject]@{ Path = $lines[0]; Version = $lines[1]; Is64Bit = ($lines[2] -eq 'True') }
}

Write-Host 'CÀI ĐẶT KẾ HOẠCH GIẢM NGHÈO (kehoach-xl), không cần Internet'
Write-Host ''

# 1. The bundle is whole (not run from inside the .zip).
if (-not (Test-Path -LiteralPath $workbook) -or -not (Get-ChildItem -LiteralPath $wheelhouse -Filter 'kehoach_xl-*.whl' -ErrorAction SilentlyContinue)) {
    Write-Failure "Thiếu thư mục wheelhouse hoặc sổ KeHoach.xlsm bên cạnh CaiDat.cmd ($here). Hãy giải nén toàn bộ tệp .zip (nhấp chuột phải → Extract All = Giải nén tất cả), rồi chạy CaiDat.cmd trong thư mục vừa giải nén."
    Stop-Installer 1
}
Write-Done "Bộ cài đầy đủ: $here"

# 2. Python 3.11 to 3.13, 64-bit: the py launcher first, then python on PATH.
# @(...) around each pipeline: one that yields nothing would add a $null candidate.
$candidates = @()
if (Get-Command py -CommandType Application -ErrorAction SilentlyContinue) {
    $candidates += @($versions | ForEach-Object { [pscustomobject]@{ Command = 'py'; Arguments = @("-$_") } })
}
$candidates += @(Get-Command python -CommandType Application -All -ErrorAction SilentlyContinue |
    ForEach-Object { [pscustomobject]@{ Command = $_.Source; Arguments = @() } })
$python = $null
$rejected = @()
foreach ($candidate in $candidates) {
    $found = Get-Python $candidate.Command $candidate.Arguments
    if ($null -eq $found) {
        # With no Python from the Store installed, WindowsApps\python.exe only points to the Store.
        if ($candidate.Command -like '*\WindowsApps\*') {
            $rejected += "$($candidate.Command) chỉ là lối tắt mở Microsoft Store, chưa phải Python đã cài."
        }
    } elseif ($versions -notcontains $found.Version) {
        $rejected += "Python $($found.Version) tại $($found.Path): cần phiên bản 3.11, 3.12 hoặc 3.13."
    } elseif (-not $found.Is64Bit) {
        $rejected += "Python $($found.Version) tại $($found.Path) là bản 32-bit: cần bản 64-bit."
    } else {
        $python = $found
        break
    }
}
if ($null -eq $python) {
    Write-Failure 'Không tìm thấy Python 3.11, 3.12 hoặc 3.13 bản 64-bit trên máy này.'
    $rejected | Select-Object -Unique | ForEach-Object { Write-Host "       $_" }
    Write-Host '       Nhờ cán bộ kỹ thuật chép bộ cài Python (tệp python-3.1x.x-amd64.exe tải từ python.org) vào máy, chạy bộ cài, bấm Install Now, rồi chạy lại CaiDat.cmd.'
    Stop-Installer 1
}
Write-Done "Dùng Python $($python.Version) (64-bit): $($python.Path)"

# 3. pip installs from the wheelhouse only: --no-index never reaches an index, --isolated ignores
#    pip settings of this PC (an index or links of its own). pip installs for the user by itself
#    when Python's folder is not writable.
& $python.Path -m pip --version *> $null
if ($LASTEXITCODE -ne 0) {
    Write-Failure "Python tại $($python.Path) chưa có pip. Chạy lại bộ cài Python, chọn Modify (Sửa đổi), đánh dấu pip, rồi chạy lại CaiDat.cmd."
    Stop-Installer 1
}
Write-Host 'Đang cài các gói từ thư mục wheelhouse...'
& $python.Path -m pip install --isolated --no-index --find-links $wheelhouse --upgrade --disable-pip-version-check --no-warn-script-location kehoach-xl
if ($LASTEXITCODE -ne 0) {
    Write-Failure 'pip không cài được gói từ thư mục wheelhouse (xem thông báo của pip ở trên). Kiểm tra đã giải nén toàn bộ tệp .zip; nếu vẫn lỗi, chụp cửa sổ này gửi cán bộ kỹ thuật.'
    Stop-Installer 1
}
Write-Done 'Đã cài kehoach-xl và các gói cần thiết từ thư mục wheelhouse.'

# 4. The Python step: xlwings config, Mark of the Web, copy to Documents, imports.
$arguments = @('-m', 'kehoach_xl.shells.install', '--workbook', $workbook)
$documents = [Environment]::GetFolderPath('MyDocuments')
if ($documents) { $arguments += @('--documents', $documents) }
& $python.Path @arguments
if ($LASTEXITCODE -ne 0) { Stop-Installer 1 }
Stop-Installer 0
