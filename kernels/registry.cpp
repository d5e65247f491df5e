// The kernel registry and run-time architecture dispatch.
//
// Every graph kernel listed in kernel_list.inc is compiled once per architecture in kernels/arch/*.cpp; each arch
// file exposes an ArchTable of function pointers. At first use we pick the best table this CPU supports (CPUID via
// xsimd::available_architectures()), or the one forced by the environment variable PHONON_ARCH
// (scalar|sse|avx2|avx512, for tests and benchmarks), and resolve every KernelSpec::process through it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "kernels/all_kernels.hpp"
#include "kernels/arch/arch_table.hpp"
#include "kernels/env/ramp.hpp"
#include "kernels/filter/biquad_voice.hpp"
#include "kernels/kernel.hpp"
#include "kernels/mix/pan_mix.hpp"
#include "kernels/sample/sample_read.hpp"

namespace phonon::kern {

namespace {

constexpr std::string_view kScalar = "scalar";

template <class K>
KernelSpec make_spec() {
  KernelSpec s = K::spec();
  s.reference = &K::reference;
  if constexpr (requires { &K::init; }) s.init = &K::init;
  if constexpr (requires { &K::state_size; }) s.state_size = &K::state_size;
  return s;
}

// Architectures compiled in and supported by this CPU, best first.
std::vector<const ArchTable*> detect_tables() {
  std::vector<const ArchTable*> out;
#if defined(__x86_64__) || defined(__i386__) || defined(_M_AMD64) || defined(_M_IX86)
  const auto cpu = xsimd::available_architectures();
  if (const ArchTable* t = arch_table_avx512(); t && cpu.avx512f && cpu.avx512dq && cpu.avx512bw) out.push_back(t);
  if (const ArchTable* t = arch_table_avx2(); t && cpu.fma3_avx2) out.push_back(t);
  if (const ArchTable* t = arch_table_sse(); t && cpu.sse4_2) out.push_back(t);
#endif
  return out;
}

// Maps PHONON_ARCH spellings to table names.
std::string_view canonical_arch(std::string_view s) {
  if (s == "avx512" || s == "avx512bw") return "avx512bw";
  if (s == "avx2" || s == "fma3<avx2>") return "avx2";
  if (s == "sse" || s == "sse4.2" || s == "sse4_2") return "sse4.2";
  if (s == "scalar" || s == "reference" || s == "none") return kScalar;
  return {};
}

struct Registry {
  std::vector<KernelSpec> specs;  // kernel_list.inc order (= ArchTable::graph order)
  std::vector<const KernelSpec*> sorted;
  std::vector<const ArchTable*> tables;  // available, best first
  const ArchTable* active = nullptr;     // nullptr = scalar references
  VoiceFns voice{};

  Registry() {
#define PHONON_KERNEL(K) specs.push_back(make_spec<K>());
#include "kernels/kernel_list.inc"
#undef PHONON_KERNEL
    tables = detect_tables();
    active = tables.empty() ? nullptr : tables.front();
    if (const char* env = std::getenv("PHONON_ARCH"); env && *env) {
      const std::string_view want = canonical_arch(env);
      bool found = want == kScalar;
      if (found) active = nullptr;
      for (const ArchTable* t : tables) {
        if (t->name == want) {
          active = t;
          found = true;
        }
      }
      if (!found) {
        std::fprintf(stderr,
                     "phonon: PHONON_ARCH=%s is not available on this CPU/build (use scalar|sse|avx2|avx512); "
                     "using %s\n",
                     env, active ? std::string(active->name).c_str() : "scalar");
      }
    }
    voice = active ? active->voice
                   : VoiceFns{&sample_read_reference, &ramp_reference, &pan_mix_add_reference,
                              &biquad_process_reference, &biquad_process_lanes_reference};
    for (std::size_t i = 0; i < specs.size(); ++i) {
      specs[i].process = active ? active->graph[i] : specs[i].reference;
    }
    for (const KernelSpec& s : specs) sorted.push_back(&s);
    std::sort(sorted.begin(), sorted.end(), [](const KernelSpec* a, const KernelSpec* b) { return a->name < b->name; });
  }
};

const Registry& registry() {
  static const Registry r;
  return r;
}

}  // namespace

const std::vector<const KernelSpec*>& all_kernels() { return registry().sorted; }

const KernelSpec* find_kernel(std::string_view name) {
  const auto& v = registry().sorted;
  auto it =
      std::lower_bound(v.begin(), v.end(), name, [](const KernelSpec* s, std::string_view n) { return s->name < n; });
  return (it != v.end() && (*it)->name == name) ? *it : nullptr;
}

std::string_view active_arch() {
  const Registry& r = registry();
  return r.active ? r.active->name : kScalar;
}

std::vector<std::string_view> available_archs() {
  std::vector<std::string_view> out;
  for (const ArchTable* t : registry().tables) out.push_back(t->name);
  return out;
}

KernelFn process_for_arch(const KernelSpec& spec, std::string_view arch) {
  const Registry& r = registry();
  if (&spec < r.specs.data() || &spec >= r.specs.data() + r.specs.size()) return nullptr;
  const std::size_t index = static_cast<std::size_t>(&spec - r.specs.data());
  const std::string_view want = canonical_arch(arch).empty() ? arch : canonical_arch(arch);
  if (want == kScalar) return spec.reference;
  for (const ArchTable* t : r.tables) {
    if (t->name == want) return t->graph[index];
  }
  return nullptr;
}

const VoiceFns& selected_voice_fns() { return registry().voice; }

// Voice kernels for one architecture (tests only): nullptr when `arch` is not available. "scalar" = references.
const VoiceFns* voice_fns_for_arch(std::string_view arch) {
  static const VoiceFns scalar{&sample_read_reference, &ramp_reference, &pan_mix_add_reference,
                               &biquad_process_reference, &biquad_process_lanes_reference};
  const std::string_view want = canonical_arch(arch).empty() ? arch : canonical_arch(arch);
  if (want == kScalar) return &scalar;
  for (const ArchTable* t : registry().tables) {
    if (t->name == want) return &t->voice;
  }
  return nullptr;
}

}  // namespace phonon::kern
