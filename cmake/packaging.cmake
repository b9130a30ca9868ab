# Packages of what `cmake --install` installs, plus the license and changelog: `cpack` in a build
# tree writes a .deb and a .tar.gz (docs/ci.md, "Packages"). Included by the top CMakeLists.txt
# after its install rules.

install(FILES LICENSE CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Debian looks for the license in /usr/share/doc/PACKAGE/copyright (machine-readable format).
install(FILES cmake/debian-copyright DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

set(TOKPOL_PACKAGE_CONTACT "tokpol maintainers <security@tokpol.dev>" CACHE STRING
    "Maintainer named in the packages (distributors set their own)")

set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME tokpol)
set(CPACK_PACKAGE_VENDOR "The tokpol authors")
set(CPACK_PACKAGE_CONTACT "${TOKPOL_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://tokpol.dev")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "policy-as-code checks for API token inventories")
set(CPACK_PACKAGE_FILE_NAME "tokpol-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES OFF) # keep symbols: the RelWithDebInfo release build is meant to be debuggable

# One package holds the tool, the libraries and the development files: tokpol is small, and a
# split into tokpol, libtokpol0 and libtokpol-dev is a distribution's choice to make.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # tokpol_VERSION-1_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The summary above is the first line; this is the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "tokpol checks inventories of API tokens (JSON) against policies written in
a small, auditable language: one token per service and environment, read-only
tokens for tests, no owner tokens in CI, rotation, and exceptions that expire.
It reports findings as text, JSON, SARIF, JUnit, GitLab Code Quality, GitHub
annotations, Markdown or HTML, with exit codes a CI gate understands.
.
This package holds the tokpol command, the libtokpol C library (shared and
static), its header, pkg-config and CMake files, and the built-in Lokalise pack.")
# Depends is computed from the ELF files (libc6, libcjson1, libpcre2-8-0); building against
# libtokpol through pkg-config also needs the development files of cJSON and PCRE2.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libcjson-dev, libpcre2-dev")
# A shlibs file and ldconfig triggers. Programs linking libtokpol.so.0 depend on this exact version
# (the default "=" policy): a 0.x minor release may change the ABI (docs/api.md, "Compatibility").
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)

include(CPack)
