; The Windows installer of psr, made on Linux with Debian's nsis:
;   makensis -DVERSION=0.1.0 -DBIN=DIR -DOUTFILE=psr-setup.exe packaging/windows/psr.nsi
; (packaging/make-dist windows does it). DIR holds psr.exe and psr-studio.exe as
; built for x86_64-pc-windows-gnu; the examples come from fixtures/.
;
; For one user, no administrator rights: psr goes to %LOCALAPPDATA%\Programs\psr,
; the Start menu entries to the user's own Start menu, the uninstall entry to HKCU.
; The folder of cases (Documents\psr cases) is the officer's: made with the example
; case and catalogue if it does not exist, and never removed by the uninstaller.

; A 64-bit installer for a 64-bit program (and Wine without its 32-bit half runs it).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "give -DVERSION=X.Y.Z"
!endif
!ifndef BIN
  !error "give -DBIN=folder of psr.exe and psr-studio.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "psr-${VERSION}-setup.exe"
!endif

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\psr"
!define CASES "$DOCUMENTS\psr cases"

Name "psr ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\psr"
BrandingText "psr ${VERSION}"

!include "MUI2.nsh"
!define MUI_FINISHPAGE_RUN "$INSTDIR\psr-studio.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open psr studio now"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "psr"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${BIN}\psr.exe"
  File "${BIN}\psr-studio.exe"
  File /oname=example-case.yaml "..\..\fixtures\case.example.yaml"
  File /oname=example-catalogue.yaml "..\..\fixtures\catalogue.example.yaml"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The officer's folder of cases, as psr-studio.exe makes it on its first run.
  IfFileExists "${CASES}\*.*" cases_done
    CreateDirectory "${CASES}"
    SetOutPath "${CASES}"
    File /oname=example-case.yaml "..\..\fixtures\case.example.yaml"
    File /oname=catalogue.yaml "..\..\fixtures\catalogue.example.yaml"
    SetOutPath "$INSTDIR"
  cases_done:

  CreateDirectory "$SMPROGRAMS\psr"
  CreateShortcut "$SMPROGRAMS\psr\psr studio.lnk" "$INSTDIR\psr-studio.exe" "" "$INSTDIR\psr-studio.exe" 0 SW_SHOWNORMAL "" "Draft pre-sentence reports in the browser"
  CreateShortcut "$SMPROGRAMS\psr\psr cases.lnk" "${CASES}" "" "" 0 SW_SHOWNORMAL "" "The folder of case files"
  CreateShortcut "$SMPROGRAMS\psr\Uninstall psr.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "psr ${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "psr"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\psr-studio.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\psr.exe"
  Delete "$INSTDIR\psr-studio.exe"
  Delete "$INSTDIR\example-case.yaml"
  Delete "$INSTDIR\example-catalogue.yaml"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\psr\psr studio.lnk"
  Delete "$SMPROGRAMS\psr\psr cases.lnk"
  Delete "$SMPROGRAMS\psr\Uninstall psr.lnk"
  RMDir "$SMPROGRAMS\psr"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; The folder of cases holds the officer's reports: it stays.
SectionEnd
