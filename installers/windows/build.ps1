# Build Klein Initiatief for Windows: the one-folder app with PyInstaller, then (when Inno Setup
# 6 is installed) the installer. Run from a PowerShell prompt in the repository root:
#
#     powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1
#
# Needs Python 3.11 on PATH (py launcher). Makes .venv-build with the locked dependencies.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path .venv-build)) { py -3.11 -m venv .venv-build }
$py = ".venv-build\Scripts\python.exe"
& $py -m pip install --require-hashes --no-deps -r requirements.lock
& $py -m pip install --no-deps --no-build-isolation -e .
& $py -m pip install ".[build]"

& $py -m PyInstaller --noconfirm --clean installers\klein-initiatief.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# Try it: the console program lists the regelingen.
& dist\klein-initiatief\klein-initiatief.exe regelingen
if ($LASTEXITCODE -ne 0) { throw "the frozen app does not run" }

# The installer's icon, from the rendered PNGs (Pillow writes a multi-size .ico).
& $py -c "from PIL import Image; Image.open('build/icons/256.png').save('build/icons/klein-initiatief.ico', sizes=[(16,16),(24,24),(32,32),(48,48),(64,64),(128,128),(256,256)])"

$version = & $py -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
if (Test-Path $iscc) {
    & $iscc "/DAppVersion=$version" installers\windows\klein-initiatief.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
} else {
    Write-Host "Inno Setup 6 not found: dist\klein-initiatief is built, the installer is not."
}
$size = (Get-ChildItem dist\klein-initiatief -Recurse | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("dist\klein-initiatief: {0:N0} MB" -f $size)
