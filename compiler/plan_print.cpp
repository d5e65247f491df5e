#include <algorithm>
#include <sstream>

#include "compiler/plan.hpp"

namespace phonon {

namespace {
std::string slots(const std::vector<int>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::string("b") + std::to_string(v[i]);
  return s;
}
std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      o += ' ';
      continue;
    }
    o += c;
  }
  return o + "\"";
}
std::string step_name(const Plan& p, const PlanStep& s) {
  switch (s.op) {
    case StepOp::Kernel: return std::string(s.kernel->name);
    case StepOp::PatternSignal: return "pattern[" + std::to_string(s.source) + "] " + p.signal_patterns[s.source].label;
    case StepOp::Voices: return "voices[" + std::to_string(s.source) + "]";
  }
  return "?";
}
}  // namespace

std::string print_plan(const Plan& p) {
  std::ostringstream os;
  os << "plan cps=" << p.cps << " slots=" << p.num_slots << " steps=" << p.steps.size()
     << " stripes=" << p.stripes.size() << "\n";
  if (!p.sample_names.empty()) {
    os << "samples:";
    for (const auto& n : p.sample_names) os << " " << n;
    os << "\n";
  }
  for (size_t i = 0; i < p.voice_sources.size(); ++i)
    os << "voice template " << i << ": sampler (read -> envelope -> filters -> pan)  " << p.voice_sources[i].label
       << "\n";
  for (const auto& c : p.constants) os << "const b" << c.slot << " = " << c.value << "\n";
  for (size_t si = 0; si < p.stripes.size(); ++si) {
    const Stripe& st = p.stripes[si];
    os << "stripe " << si << " level " << st.level << (st.label.empty() ? "" : " (" + st.label + ")");
    // A feedback loop: the stripe runs in sub-blocks no longer than its shortest loop delay.
    float shortest = 0.0f;
    for (int idx : st.steps) {
      const PlanStep& s = p.steps[idx];
      if (s.op == StepOp::Kernel && s.kernel->feedback_role == kern::FeedbackRole::Read && s.params.size() > 1)
        shortest = shortest == 0.0f ? s.params[1] : std::min(shortest, s.params[1]);
    }
    if (shortest > 0.0f) os << " feedback loop: sub-blocks of at most " << shortest << " s";
    os << ":\n";
    for (int idx : st.steps) {
      const PlanStep& s = p.steps[idx];
      os << "  " << idx << ": " << slots(s.out) << " <- " << step_name(p, s);
      if (!s.in.empty()) os << "(" << slots(s.in) << ")";
      if (!s.params.empty()) {
        os << " [";
        for (size_t j = 0; j < s.params.size(); ++j) os << (j ? ", " : "") << s.params[j];
        os << "]";
      }
      if (s.state_of >= 0) os << " (state of step " << s.state_of << ")";
      os << "\n";
    }
  }
  os << "master: L = " << (p.output_left.empty() ? "silence" : slots(p.output_left))
     << "  R = " << (p.output_right.empty() ? "silence" : slots(p.output_right)) << "\n";
  for (const auto& [name, tpl] : p.instruments) {
    os << "instrument ~" << name << " (per voice; ";
    for (const auto& c : tpl->constants) {
      if (c.role == ConstRole::VoiceGate) os << "gate b" << c.slot << " ";
      if (c.role == ConstRole::PitchRatio) os << "pitch b" << c.slot << " ";
    }
    os << "):\n";
    std::string inner = print_plan(*tpl);
    size_t pos = 0;
    while (pos < inner.size()) {
      size_t nl = inner.find('\n', pos);
      os << "  " << inner.substr(pos, nl - pos) << "\n";
      pos = nl + 1;
    }
  }
  return os.str();
}

std::string plan_to_json(const Plan& p) {
  std::ostringstream os;
  os << "{\"cps\": " << p.cps << ", \"slots\": " << p.num_slots << ", \"samples\": [";
  for (size_t i = 0; i < p.sample_names.size(); ++i) os << (i ? ", " : "") << json_str(p.sample_names[i]);
  os << "], \"constants\": [";
  for (size_t i = 0; i < p.constants.size(); ++i)
    os << (i ? ", " : "") << "{\"slot\": " << p.constants[i].slot << ", \"value\": " << p.constants[i].value << "}";
  os << "], \"steps\": [";
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const PlanStep& s = p.steps[i];
    os << (i ? ", " : "") << "{\"op\": " << json_str(step_name(p, s)) << ", \"stripe\": " << s.stripe << ", \"in\": [";
    for (size_t j = 0; j < s.in.size(); ++j) os << (j ? ", " : "") << s.in[j];
    os << "], \"out\": [";
    for (size_t j = 0; j < s.out.size(); ++j) os << (j ? ", " : "") << s.out[j];
    os << "], \"params\": [";
    for (size_t j = 0; j < s.params.size(); ++j) os << (j ? ", " : "") << s.params[j];
    os << "]";
    if (s.state_of >= 0) os << ", \"state_of\": " << s.state_of;
    os << "}";
  }
  os << "], \"stripes\": [";
  for (size_t i = 0; i < p.stripes.size(); ++i) {
    os << (i ? ", " : "") << "{\"level\": " << p.stripes[i].level << ", \"label\": " << json_str(p.stripes[i].label)
       << ", \"steps\": [";
    for (size_t j = 0; j < p.stripes[i].steps.size(); ++j) os << (j ? ", " : "") << p.stripes[i].steps[j];
    os << "]}";
  }
  os << "], \"master\": {\"left\": [";
  for (size_t j = 0; j < p.output_left.size(); ++j) os << (j ? ", " : "") << p.output_left[j];
  os << "], \"right\": [";
  for (size_t j = 0; j < p.output_right.size(); ++j) os << (j ? ", " : "") << p.output_right[j];
  os << "]}}\n";
  return os.str();
}

}  // namespace phonon
