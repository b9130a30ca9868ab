# Input readers (JSON, CSV, cJSON trees) and the document tree they build. Included by the top
# CMakeLists.txt into TOKPOL_ENGINE_SOURCES.
set(TOKPOL_INPUT_SOURCES
  engine/input/chunks.c
  engine/input/jdoc.c
  engine/input/jbuild.c
  engine/input/jdoc_cjson.c
  engine/input/reader.c
  engine/input/read_file.c
  engine/input/json_read.c
  engine/input/json_string.c
  engine/input/json_number.c
  engine/input/utf8.c
  engine/input/csv_read.c)
list(APPEND TOKPOL_ENGINE_SOURCES ${TOKPOL_INPUT_SOURCES})
