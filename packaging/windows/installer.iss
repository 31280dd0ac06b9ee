; Inno Setup script: wraps the PyInstaller folder (dist\dialogue-app) into one installer,
; dialogue-app-VERSION-windows-setup.exe, with a Start-menu entry and the .dialogue file type.
; Built by .github/workflows/build.yml:  iscc /DVersion=0.1.0 packaging\windows\installer.iss
; Per-user install (no administrator rights needed, as on a town-hall laptop).

#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{5C7A2E1B-6F0D-4E35-9E2B-3D8B9A61C0D4}
AppName=Day of Dialogue
AppVersion={#Version}
AppPublisher=Day of Dialogue app contributors
DefaultDirName={autopf}\Day of Dialogue
DefaultGroupName=Day of Dialogue
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=dialogue-app-{#Version}-windows-setup
SetupIconFile=..\..\dialogue_app\resources\icons\dialogue-app.ico
UninstallDisplayIcon={app}\dialogue-app-gui.exe
LicenseFile=..\..\LICENSE
ChangesAssociations=yes
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "..\..\dist\dialogue-app\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Day of Dialogue"; Filename: "{app}\dialogue-app-gui.exe"
Name: "{autodesktop}\Day of Dialogue"; Filename: "{app}\dialogue-app-gui.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Registry]
; .dialogue files open in the app (double-click), with the app's icon
Root: HKA; Subkey: "Software\Classes\.dialogue"; ValueType: string; ValueName: ""; ValueData: "DialogueApp.Event"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\DialogueApp.Event"; ValueType: string; ValueName: ""; ValueData: "Day of Dialogue event"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\DialogueApp.Event\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\dialogue-app-gui.exe,0"
Root: HKA; Subkey: "Software\Classes\DialogueApp.Event\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\dialogue-app-gui.exe"" ""%1"""

[Run]
Filename: "{app}\dialogue-app-gui.exe"; Description: "{cm:LaunchProgram,Day of Dialogue}"; Flags: nowait postinstall skipifsilent
