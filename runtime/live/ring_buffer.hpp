// A lock-free single-producer / single-consumer ring buffer of trivially copyable items.
//
// Contract: exactly one thread calls push() and exactly one (possibly other) thread calls pop(); any thread may
// call size()/capacity(). push() and pop() never allocate, lock or block, so the producer may be the audio
// thread. The storage is allocated once by the constructor. Items pushed are popped in order, none is lost
// or duplicated; push() writes as many items as fit and returns that count (the caller decides what a full
// ring means, e.g. counts dropped frames).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

namespace phonon {

template <class T>
class SpscRing {
  static_assert(std::is_trivially_copyable_v<T>, "SpscRing holds trivially copyable items");

 public:
  // Capacity is rounded up to a power of two (at least 2).
  explicit SpscRing(size_t min_capacity) {
    size_t cap = 2;
    while (cap < min_capacity) cap <<= 1;
    capacity_ = cap;
    mask_ = cap - 1;
    data_ = std::make_unique<T[]>(cap);
  }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  size_t capacity() const { return capacity_; }

  // Items currently readable (exact for the consumer, a lower bound for the producer's view of free space).
  size_t size() const { return write_.load(std::memory_order_acquire) - read_.load(std::memory_order_acquire); }

  // Producer: how many items push() can certainly write now (a lower bound; the consumer may free more).
  size_t write_available() const {
    return capacity_ - (write_.load(std::memory_order_relaxed) - read_.load(std::memory_order_acquire));
  }

  // Producer: copies up to n items; returns how many were written.
  size_t push(const T* items, size_t n) {
    const size_t w = write_.load(std::memory_order_relaxed);
    const size_t r = read_.load(std::memory_order_acquire);
    const size_t free = capacity_ - (w - r);
    n = std::min(n, free);
    if (n == 0) return 0;
    const size_t start = w & mask_;
    const size_t first = std::min(n, capacity_ - start);
    std::memcpy(data_.get() + start, items, first * sizeof(T));
    if (n > first) std::memcpy(data_.get(), items + first, (n - first) * sizeof(T));
    write_.store(w + n, std::memory_order_release);
    return n;
  }

  // Consumer: copies up to max items into out; returns how many were read.
  size_t pop(T* out, size_t max) {
    const size_t r = read_.load(std::memory_order_relaxed);
    const size_t w = write_.load(std::memory_order_acquire);
    const size_t n = std::min(max, w - r);
    if (n == 0) return 0;
    const size_t start = r & mask_;
    const size_t first = std::min(n, capacity_ - start);
    std::memcpy(out, data_.get() + start, first * sizeof(T));
    if (n > first) std::memcpy(out + first, data_.get(), (n - first) * sizeof(T));
    read_.store(r + n, std::memory_order_release);
    return n;
  }

 private:
  // The indices grow without wrapping in practice (size_t at 2^64) and are reduced with the mask; each sits on
  // its own cache line so that producer and consumer do not false-share.
  alignas(64) std::atomic<size_t> write_{0};
  alignas(64) std::atomic<size_t> read_{0};
  alignas(64) size_t capacity_ = 0;
  size_t mask_ = 0;
  std::unique_ptr<T[]> data_;
};

}  // namespace phonon
