# Cross build for Debian arm64 with Debian's crossbuild-essential-arm64 and the arm64
# -dev packages installed next to the amd64 tools (dpkg multiarch), as packaging/build-arm64
# sets up. Libraries and headers come from the multiarch folders /usr/lib/aarch64-linux-gnu
# and /usr/include/aarch64-linux-gnu.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# pkgconf:arm64 installs this wrapper, which reads the arm64 .pc files only.
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config)
# CPack otherwise labels the package with the build machine's architecture.
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
