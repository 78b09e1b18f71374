# Helpers shared by every component's CMakeLists.txt.

# pasokh_add_subdirectories(dir...): add each listed folder that has a CMakeLists.txt.
function(pasokh_add_subdirectories)
    foreach(dir IN LISTS ARGN)
        if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
            add_subdirectory(${dir})
        endif()
    endforeach()
endfunction()

# pasokh_add_all_subdirectories(): add every child folder that has a CMakeLists.txt, in name order.
function(pasokh_add_all_subdirectories)
    file(GLOB children RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
    list(SORT children)
    foreach(dir IN LISTS children)
        if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${dir} AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
            add_subdirectory(${dir})
        endif()
    endforeach()
endfunction()

# pasokh_add_test(NAME name SOURCES files... [LIBS libs...] [LABELS labels...] [TIMEOUT seconds] [ENV k=v...])
# A Qt Test executable registered with ctest. Runs offscreen, in test mode, with its own temporary HOME so a test
# never touches the user's real configuration.
function(pasokh_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
    qt_add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE pasokh_common_config Qt6::Test ${T_LIBS})
    # Test tables use plain string literals for QString columns.
    target_compile_options(${T_NAME} PRIVATE -UQT_NO_CAST_FROM_ASCII)
    set_target_properties(${T_NAME} PROPERTIES MACOSX_BUNDLE OFF)
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    if(NOT T_LABELS)
        set(T_LABELS unit)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;PASOKH_SOURCE_DIR=${CMAKE_SOURCE_DIR};PASOKH_BINARY_DIR=${CMAKE_BINARY_DIR};${T_ENV}")
endfunction()
