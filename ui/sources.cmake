# pasokh_ui: the console's widgets. Thin over models/viewmodels; never SQL or liblinphone.
add_library(pasokh_ui STATIC
    ${CMAKE_CURRENT_LIST_DIR}/jalalidateedit.h ${CMAKE_CURRENT_LIST_DIR}/jalalidateedit.cpp
    ${CMAKE_CURRENT_LIST_DIR}/callerhistoryview.h ${CMAKE_CURRENT_LIST_DIR}/callerhistoryview.cpp
    ${CMAKE_CURRENT_LIST_DIR}/intakeform.h ${CMAKE_CURRENT_LIST_DIR}/intakeform.cpp
    ${CMAKE_CURRENT_LIST_DIR}/casedetailview.h ${CMAKE_CURRENT_LIST_DIR}/casedetailview.cpp
    ${CMAKE_CURRENT_LIST_DIR}/casebrowser.h ${CMAKE_CURRENT_LIST_DIR}/casebrowser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mainwindow.h ${CMAKE_CURRENT_LIST_DIR}/mainwindow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/referencerefresher.h ${CMAKE_CURRENT_LIST_DIR}/referencerefresher.cpp
    ${CMAKE_CURRENT_LIST_DIR}/consolecontext.h
    ${CMAKE_CURRENT_LIST_DIR}/consolephone.h ${CMAKE_CURRENT_LIST_DIR}/consolephone.cpp
    ${CMAKE_CURRENT_LIST_DIR}/appearance.h ${CMAKE_CURRENT_LIST_DIR}/appearance.cpp
)
target_link_libraries(pasokh_ui PUBLIC pasokh_viewmodels pasokh_ui_kb pasokh_ui_callpanel pasokh_ui_sync pasokh_kb pasokh_telephony Qt6::Widgets)

# The Persian translation, compiled from translations/pasokh_fa.ts and embedded at :/i18n/pasokh_fa.qm.
# Update the .ts with scripts/update-translations.sh (it gives lupdate the include path it needs).
qt_add_translations(pasokh_ui
    TS_FILES ${CMAKE_SOURCE_DIR}/translations/pasokh_fa.ts
    RESOURCE_PREFIX /i18n)
