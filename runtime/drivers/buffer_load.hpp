// How long the audio callback's render() took per device buffer, as a share of the buffer's duration (its load):
// the mean, a 99th percentile, the worst, and how many buffers were late (load over 100 %).
//
// Why a percentile and a late count rather than the worst alone: on a virtual machine the host now and then stops
// a virtual CPU for 3-17 ms (measured with tools/stall_probe.c: a fixed 0.33 ms job, alone at real-time priority,
// took up to 17 ms several times a minute). A stall that lands in one of our buffers makes it late however little
// work it held, so one late buffer says nothing about Phonon; a high p99, or late buffers at a steady rate, do.
//
// One writer (the audio thread: add(), reset()) and any readers (snapshot()). Every field is a relaxed atomic the
// writer alone updates, so add() is a few plain loads and stores: no lock, no read-modify-write.
#pragma once
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>

namespace phonon {

struct BufferLoadSnapshot {
  uint64_t buffers = 0;
  double mean = 0.0;  // total render time / total buffer duration
  double p99 = 0.0;   // 99 % of the buffers took at most this (resolution 1 %)
  double worst = 0.0;
  uint64_t late = 0;  // buffers whose render took longer than the buffer lasts
};

class BufferLoad {
 public:
  static constexpr int kBuckets = 256;  // 1 % steps; the last one holds every load of 255 % or more

  // Audio thread: one buffer whose render took busy_ns of a budget_ns-long buffer.
  void add(double busy_ns, double budget_ns) {
    if (budget_ns <= 0.0) return;
    const double load = busy_ns / budget_ns;
    busy_ns_ += busy_ns;
    budget_ns_ += budget_ns;
    bump(hist_[static_cast<size_t>(std::clamp(static_cast<int>(load * 100.0), 0, kBuckets - 1))]);
    if (load > 1.0) bump(late_);
    if (load > worst_.load(std::memory_order_relaxed)) worst_.store(load, std::memory_order_relaxed);
    mean_.store(busy_ns_ / budget_ns_, std::memory_order_relaxed);
    bump(buffers_);
  }

  // Audio thread: start counting afresh (the first buffers after opening a device are not the steady state).
  void reset() {
    busy_ns_ = budget_ns_ = 0.0;
    for (auto& h : hist_) h.store(0, std::memory_order_relaxed);
    late_.store(0, std::memory_order_relaxed);
    worst_.store(0.0, std::memory_order_relaxed);
    mean_.store(0.0, std::memory_order_relaxed);
    buffers_.store(0, std::memory_order_relaxed);
  }

  // Any thread. The fields are read one by one, so a snapshot taken while the audio thread adds may be a buffer
  // out of step between fields; the figures are for reports, not for arithmetic across fields.
  BufferLoadSnapshot snapshot() const {
    BufferLoadSnapshot s;
    s.buffers = buffers_.load(std::memory_order_relaxed);
    s.mean = mean_.load(std::memory_order_relaxed);
    s.worst = worst_.load(std::memory_order_relaxed);
    s.late = late_.load(std::memory_order_relaxed);
    std::array<uint64_t, kBuckets> h{};
    uint64_t total = 0;
    for (int b = 0; b < kBuckets; ++b)
      total += h[static_cast<size_t>(b)] = hist_[static_cast<size_t>(b)].load(std::memory_order_relaxed);
    if (total == 0) return s;
    // The smallest bucket bound that 99 % of the buffers stay within (bucket b holds loads in [b %, b+1 %)).
    const uint64_t need = total - total / 100;
    uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
      seen += h[static_cast<size_t>(b)];
      if (seen >= need) {
        s.p99 = b == kBuckets - 1 ? s.worst : std::min(s.worst, (b + 1) / 100.0);  // the last bucket is open
        break;
      }
    }
    return s;
  }

 private:
  static void bump(std::atomic<uint64_t>& a) {
    a.store(a.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  double busy_ns_ = 0.0, budget_ns_ = 0.0;  // the writer's own sums
  std::array<std::atomic<uint64_t>, kBuckets> hist_{};
  std::atomic<uint64_t> late_{0};
  std::atomic<uint64_t> buffers_{0};
  std::atomic<double> worst_{0.0};
  std::atomic<double> mean_{0.0};
};

}  // namespace phonon
