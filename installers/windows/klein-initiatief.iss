; Inno Setup script: a Windows installer for the one-folder build, with Start-menu entries for
; residents and for officials and an uninstaller (Settings > Apps, and the Start menu).
;
; First build the folder on Windows (see installers/windows/build.ps1), then:
;     iscc /DAppVersion=0.1.0 installers\windows\klein-initiatief.iss
; The installer is written to dist\klein-initiatief-<version>-setup.exe.
;
; Per-user by default (no administrator rights needed, as on a community-centre PC where the
; helper is not an administrator); "install for all users" is offered when run as admin.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Klein Initiatief"
#define SourceDir "..\..\dist\klein-initiatief"

[Setup]
; A fixed id: upgrades replace the installed version instead of installing a second copy.
AppId={{6F1D3C2A-8B4E-4C71-9A35-2E7B0D9C5F18}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Klein Initiatief contributors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=klein-initiatief-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\klein-initiatief.ico
UninstallDisplayIcon={app}\Klein Initiatief.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
nl.OfficialsName=Klein Initiatief voor behandelaars
en.OfficialsName=Klein Initiatief for officials
nl.OfficialsComment=Aanvragen inlezen, controleren, besluiten en exporteren (voor de gemeente)
en.OfficialsComment=Import, check, decide and export (for the municipality)
nl.ResidentsComment=Vraag een kleine subsidie aan voor uw bewonersinitiatief
en.ResidentsComment=Apply for a small subsidy for your residents' initiative

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\Klein Initiatief.exe"; Comment: "{cm:ResidentsComment}"
Name: "{group}\{cm:OfficialsName}"; Filename: "{app}\Klein Initiatief.exe"; Parameters: "behandelaar"; Comment: "{cm:OfficialsComment}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\Klein Initiatief.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Klein Initiatief.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program folder only. Applications, reports, keys and the
; officials' case store live in the user's data folder (%LOCALAPPDATA%\klein-initiatief) and
; stay: removing them is the app's own "Verwijder mijn gegevens van deze computer".
