# CPack: `make package` builds aaren-studio_<version>_<arch>.deb from the install rules
# (packaging/CMakeLists.txt, app/CMakeLists.txt). Library dependencies are computed by
# dpkg-shlibdeps from the binaries; plugins Qt loads at run time are added by hand.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "aaren-studio")
set(CPACK_PACKAGE_VENDOR "The Aaren Studio developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "time-series forecasting and classification with Aaren (attention as an RNN)")
set(CPACK_PACKAGE_DESCRIPTION
  "Aaren Studio trains and runs Aaren models - attention computed as a recurrent neural
network - for time-series forecasting and classification: parallel training like a
Transformer, constant-time and constant-memory updates per sample like an RNN. It imports
CSV, SQLite and UEA/UCR .ts data, trains Aaren and a Transformer baseline beside naive,
seasonal-naive and linear baselines, streams live feeds through the models, and exports
PDF/HTML reports. Includes the desktop application aaren-studio and the command-line tool
aaren.")
set(CPACK_PACKAGE_CONTACT "Aaren Studio developers <aaren-studio@users.noreply.github.com>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # aaren-studio_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${AAREN_HOMEPAGE})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plugins, not linked: the SVG icon engine and image format.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core, libopenblas0-openmp | libopenblas0")
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
include(CPack)
