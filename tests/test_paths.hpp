// Where the tests find the sources, the test data and the binary under test. Force-included into every test
// source by tests/CMakeLists.txt. The values live in test_paths.cpp, the one test file compiled with this
// checkout's paths, so that every other test object is the same in any checkout and ccache reuses it (the CI's
// bare-clone build). Use them as `const char*` values: `std::string(PHONON_SOURCE_DIR) + "/examples"`.
#pragma once

namespace phonon_test_paths {
extern const char kSourceDir[];       // the repository
extern const char kBinary[];          // the `phonon` executable
extern const char kTestPrograms[];    // tests/programs
extern const char kTestSamples[];     // the sample library generated from tests/data
extern const char kConformanceDir[];  // tests/conformance
extern const char kSharedDir[];       // ../shared beside the repository (optional; tests skip without it)
}  // namespace phonon_test_paths

#define PHONON_SOURCE_DIR (::phonon_test_paths::kSourceDir)
#define PHONON_BINARY (::phonon_test_paths::kBinary)
#define PHONON_TEST_PROGRAMS (::phonon_test_paths::kTestPrograms)
#define PHONON_TEST_SAMPLES (::phonon_test_paths::kTestSamples)
#define PHONON_CONFORMANCE_DIR (::phonon_test_paths::kConformanceDir)
#define PHONON_SHARED_DIR (::phonon_test_paths::kSharedDir)
