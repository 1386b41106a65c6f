# bb_area(<name> DEPS <targets...>)
# Builds src/boostburn/<name>/*.cpp into the static library bb_<name>, and,
# when tests are on, tests/unit/<name>/*_test.cpp into the GoogleTest binary
# unit_<name> (registered with CTest). Sources are globbed so that adding a
# file to an area needs no edit here.
function(bb_area name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/boostburn/${name}/*.cpp)
  if(srcs)
    add_library(bb_${name} STATIC ${srcs})
    target_include_directories(bb_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(bb_${name} PUBLIC ${ARG_DEPS})
  else()
    add_library(bb_${name} INTERFACE)
    target_include_directories(bb_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(bb_${name} INTERFACE ${ARG_DEPS})
  endif()
  set_property(GLOBAL APPEND PROPERTY BB_AREAS ${name})
endfunction()
