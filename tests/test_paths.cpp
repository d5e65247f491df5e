// The values of tests/test_paths.hpp, from the PHONON_PATH_* definitions tests/CMakeLists.txt gives this file.
namespace phonon_test_paths {
const char kSourceDir[] = PHONON_PATH_SOURCE_DIR;
const char kBinary[] = PHONON_PATH_BINARY;
const char kTestPrograms[] = PHONON_PATH_TEST_PROGRAMS;
const char kTestSamples[] = PHONON_PATH_TEST_SAMPLES;
const char kConformanceDir[] = PHONON_PATH_CONFORMANCE_DIR;
const char kSharedDir[] = PHONON_PATH_SHARED_DIR;
}  // namespace phonon_test_paths
