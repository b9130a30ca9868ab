# Writes the C snippet of README.md's "Embedding" section, as written, into a program: the includes
# it needs, then the snippet as the body of main. Usage: cmake -DREADME=... -DOUT=... -P snippet.cmake
file(READ "${README}" text)
string(FIND "${text}" "\n## Embedding\n" at)
if(at LESS 0)
  message(FATAL_ERROR "README.md has no '## Embedding' section")
endif()
string(SUBSTRING "${text}" ${at} -1 text)
string(FIND "${text}" "```c\n" start)
if(start LESS 0)
  message(FATAL_ERROR "README.md's Embedding section has no ```c block")
endif()
math(EXPR start "${start} + 5")
string(SUBSTRING "${text}" ${start} -1 text)
string(FIND "${text}" "```" end)
string(SUBSTRING "${text}" 0 ${end} snippet)
file(WRITE "${OUT}.tmp" "/* Generated from README.md by tests/readme/snippet.cmake: do not edit. */
#include <stdio.h>

#include <tokpol.h>

int main(void)
{
${snippet}    return 0;
}
")
# Only a changed snippet rebuilds the program.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
