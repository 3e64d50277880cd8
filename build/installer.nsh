; NSIS additions to electron-builder's uninstaller (electron-builder.yml nsis.include).
; When a person uninstalls by hand, ask whether the app's data goes too: the saved checklist and its history, the
; saved step inputs and the app's own SSH key. It is kept by default, and always kept by a silent uninstall (/S,
; the release smoke test) and by an update, which uninstalls the old version first. The machines the app hardened
; stay hardened either way; the app's public key stays in their authorized_keys until removed there.
!macro customUnInstall
  ${ifNot} ${isUpdated}
  ${AndIfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Also remove OpenClaw Secure Setup's data from this PC?$\r$\n$\r$\nThat is the saved checklist and its history, your saved settings and the app's own SSH key ($APPDATA\${APP_FILENAME}).$\r$\n$\r$\nThe machines you hardened stay as they are. Choose No to keep the data for a later install." /SD IDNO IDNO ocss_keep_data
      SetShellVarContext current
      RMDir /r "$APPDATA\${APP_FILENAME}"
      !ifdef APP_PRODUCT_FILENAME
        RMDir /r "$APPDATA\${APP_PRODUCT_FILENAME}"
      !endif
    ocss_keep_data:
  ${endIf}
!macroend
