# pasokh_ui: the console's widgets. Thin over models/viewmodels; never SQL or liblinphone.
add_library(pasokh_ui STATIC
    ${CMAKE_CURRENT_LIST_DIR}/jalalidateedit.h ${CMAKE_CURRENT_LIST_DIR}/jalalidateedit.cpp
    ${CMAKE_CURRENT_LIST_DIR}/callerhistoryview.h ${CMAKE_CURRENT_LIST_DIR}/callerhistoryview.cpp
    ${CMAKE_CURRENT_LIST_DIR}/intakeform.h ${CMAKE_CURRENT_LIST_DIR}/intakeform.cpp
    ${CMAKE_CURRENT_LIST_DIR}/casedetailview.h ${CMAKE_CURRENT_LIST_DIR}/casedetailview.cpp
    ${CMAKE_CURRENT_LIST_DIR}/casebrowser.h ${CMAKE_CURRENT_LIST_DIR}/casebrowser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mainwindow.h ${CMAKE_CURRENT_LIST_DIR}/mainwindow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/consolecontext.h
)
target_link_libraries(pasokh_ui PUBLIC pasokh_viewmodels Qt6::Widgets)
