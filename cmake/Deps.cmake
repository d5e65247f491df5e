# Dependencies, all from Debian 12 packages (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)
# xsimd 8.1's CMake config needs xtl to be found first.
find_package(xtl REQUIRED)
find_package(xsimd REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(RTAUDIO REQUIRED IMPORTED_TARGET rtaudio)
# OSC (`phonon dirt` in runtime/osc/, OSC out in runtime/outbound/): liblo. MIDI out: RtMidi (ALSA sequencer, JACK MIDI).
pkg_check_modules(LIBLO REQUIRED IMPORTED_TARGET liblo)
pkg_check_modules(RTMIDI REQUIRED IMPORTED_TARGET rtmidi)
# JACK MIDI out with frame offsets (runtime/outbound/jack_midi_port.cpp); RtAudio and RtMidi use JACK as well.
pkg_check_modules(JACK REQUIRED IMPORTED_TARGET jack)
# Ableton Link (`--link`, runtime/sync/): header-only, on standalone asio (ableton-link-dev, libasio-dev).
find_package(AbletonLink REQUIRED CONFIG)
# The pictures of `phonon render --spectrogram`: FFTW (single precision) and libpng.
pkg_check_modules(FFTW3F REQUIRED IMPORTED_TARGET fftw3f)
find_package(PNG REQUIRED)
if(PHONON_TESTS)
  find_package(GTest REQUIRED)
endif()
if(PHONON_BENCH)
  find_package(benchmark REQUIRED)
endif()
