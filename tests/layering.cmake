# Issue 12: ui/ is a library of widgets and models over any session. The sample library
# (model/library/) and the shell that seeds and upgrades it (app/) are above it, never inside:
# fails, naming the lines, when a file in FOLDER includes one of FORBIDDEN (folder names).
#   cmake -DFOLDER=<dir> -DFORBIDDEN="library;app" -P layering.cmake
string(REPLACE ";" "|" forbidden "${FORBIDDEN}")
file(GLOB sources ${FOLDER}/*.cpp ${FOLDER}/*.h)
set(offenders "")
foreach(source ${sources})
    file(STRINGS ${source} hits REGEX "^#include \"(${forbidden})/")
    foreach(hit ${hits})
        string(APPEND offenders "\n  ${source}: ${hit}")
    endforeach()
endforeach()
if(offenders)
    message(FATAL_ERROR "${FOLDER} must not include ${FORBIDDEN}:${offenders}")
endif()
list(LENGTH sources count)
message(STATUS "${count} files in ${FOLDER} include none of ${FORBIDDEN}")
