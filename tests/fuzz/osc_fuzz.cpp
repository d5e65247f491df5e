// libFuzzer target: any datagram into `phonon dirt`'s packet decoder (runtime/osc/dirt_receiver.cpp, liblo
// underneath), then the engine's side of the hand-over (ExternalEvents), as the audio thread takes it. Nothing
// may crash, leak or trip the sanitizers; every event that comes out names a sound.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "runtime/engine/external_events.hpp"
#include "runtime/osc/dirt_receiver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phonon;
  static ExternalEvents* events = [] {
    auto* e = new ExternalEvents(64, 44100.0, 1796654800.0);
    e->set_manual_anchor(0.0, 0);
    return e;
  }();
  static DirtReceiver* rx = new DirtReceiver("", events, nullptr, nullptr);
  static int64_t frame = 0;
  rx->dispatch(data, size);
  events->take_hush();
  events->for_each_due(frame, 512, [](const ExternalEvent& x, int offset) {
    if (!x.pre.ok || x.pre.vp.s.empty() || offset < 0 || offset >= 512) std::abort();
  });
  frame += 512;
  events->reclaim();
  return 0;
}
