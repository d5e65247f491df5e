// phonon query: print the events of patterns.
//   phonon query --cases CASES.json            conformance output (golden JSON format, see shared/conformance)
//   phonon query -e 'EXPR' [--cycles N] [--json]
//   phonon query FILE.ph [--cycles N] [--json]  events of each output
//   ... [--svg OUT.svg]                         the events drawn as a piano roll / drum grid (cli/roll_svg.hpp)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/roll_svg.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/eval/evaluator.hpp"
#include "compiler/eval/json_value.hpp"
#include "compiler/eval/program.hpp"
#include "compiler/graph/signal_builtins.hpp"
#include "compiler/parser.hpp"

namespace phonon::cli {

namespace {

const char* kQueryUsage =
    "usage: phonon query --cases CASES.json\n"
    "       phonon query -e EXPR [--cycles N] [--json | --svg OUT.svg]\n"
    "       phonon query FILE.ph [--cycles N] [--json | --svg OUT.svg]\n"
    "  --svg OUT.svg   draw the events of N cycles as a piano roll / drum grid, one lane per sound\n";

std::string value_json(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Nil: return "null";
    case Value::Kind::Number: return json::number(v.as_number());
    case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Value::Kind::String: return json::quote(v.as_string());
    case Value::Kind::Map: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, x] : v.as_map().entries()) {
        if (!first) out += ", ";
        first = false;
        out += json::quote(k) + ": " + value_json(x);
      }
      return out + "}";
    }
  }
  return "null";
}

std::string rat_json(const Rational& r) { return json::quote(r.to_string()); }

std::string event_json(const Event& e) {
  std::string out = "{";
  out += "\"whole_begin\": " + (e.whole ? rat_json(e.whole->begin) : std::string("null"));
  out += ", \"whole_end\": " + (e.whole ? rat_json(e.whole->end) : std::string("null"));
  out += ", \"part_begin\": " + rat_json(e.part.begin);
  out += ", \"part_end\": " + rat_json(e.part.end);
  out += ", \"value\": " + value_json(e.value);
  return out + "}";
}

// Evaluates an expression to a concrete pattern (strings/polys default to strings).
Pattern expression_pattern(const eval::Evaluator& ev, const eval::Term& t0) {
  // An effect-named control on its own (`gain 0.25`) is, as in Tidal, a pattern of that control.
  if (auto c = pending_effect_as_controls(ev, t0)) return c->pattern;
  eval::Term t = ev.resolve_default(t0);
  if (t.kind != eval::TermKind::Pattern) {
    throw_error(t.span, "the expression is " + t.describe() + ", not a pattern",
                t.kind == eval::TermKind::Function ? "is an argument missing?" : "");
  }
  return t.pattern;
}

// Work budget per queried cycle (see QueryBudget): bounds patterns whose events are combined with each other
// quadratically, which would otherwise take minutes.
constexpr uint64_t kQueryBudgetPerCycle = uint64_t{1} << 20;

std::vector<Event> query_events(const Pattern& p, int64_t cycles) {
  QueryBudget budget(kQueryBudgetPerCycle * static_cast<uint64_t>(std::max<int64_t>(cycles, 1)));
  return p.query_sorted(Arc(Rational(0), Rational(cycles)));
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ok = false;
    return {};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  ok = true;
  return ss.str();
}

// The registry every query uses, the one `phonon render` compiles with: the pattern library and the signal
// language (whose operators need an evaluator, kept alive here).
struct QueryRegistry {
  std::shared_ptr<eval::Registry> reg = eval::make_standard_registry();
  QueryRegistry() { register_signal_builtins(*reg); }
};

// The definitions of a case's "defs" (`let` statements, as in a .ph file) as a scope; throws CompileError.
eval::ScopePtr case_definitions(const std::string& id, const std::string& text, const eval::Evaluator& ev) {
  auto file = std::make_shared<const SourceFile>("<case " + id + " defs>", text);
  Diagnostics diags;
  Program prog = parse_program(file, diags);
  for (const auto& st : prog.statements)
    if (st.kind != StmtKind::Let)
      diags.error(st.span, "`defs` holds definitions only (`let name = ...`)", "the expression goes in `tidal`");
  eval::ProgramScopes scopes;
  if (!diags.has_errors()) scopes.evaluate(prog, ev, diags);
  for (const auto& d : diags.items())
    if (d.severity == Severity::Error) throw CompileError(d);
  return scopes.all();
}

// One case: returns the JSON object text.
std::string run_case(const json::JsonValue& c, const std::shared_ptr<const eval::Registry>& reg) {
  std::string id = c.get("id") && c.get("id")->type == json::JsonValue::Type::String ? c.get("id")->string : "?";
  int64_t cycles = 1;
  if (const auto* cy = c.get("cycles"); cy && cy->type == json::JsonValue::Type::Number)
    cycles = static_cast<int64_t>(cy->number);
  std::string head = "{\"id\": " + json::quote(id) + ", \"cycles\": " + std::to_string(cycles);
  const auto* src = c.get("tidal");
  if (!src || src->type != json::JsonValue::Type::String) return head + ", \"error\": \"no `tidal` expression\"}";
  const auto* defs = c.get("defs");
  if (defs && defs->type != json::JsonValue::Type::String && defs->type != json::JsonValue::Type::Null)
    return head + ", \"error\": \"`defs` must be a string of definitions\"}";
  eval::Evaluator ev(reg);
  if (defs && defs->type == json::JsonValue::Type::String) {
    try {
      ev = ev.with_scope(case_definitions(id, defs->string, ev));
    } catch (const CompileError& err) {
      return head + ", \"error\": " + json::quote("defs: " + err.diag.short_form()) + "}";
    }
  }
  try {
    auto file = std::make_shared<const SourceFile>("<case " + id + ">", src->string);
    Diagnostics diags;
    ExprPtr e = parse_expression(file, diags);
    if (!e || diags.has_errors()) {
      for (const auto& d : diags.items())
        if (d.severity == Severity::Error) return head + ", \"error\": " + json::quote(d.short_form()) + "}";
      return head + ", \"error\": \"parse error\"}";
    }
    // A case is a Tidal control pattern: a bare string of sound names is one, as `d1 $ "bd sn"` renders it.
    eval::Term term = ev.eval(e);
    auto sounds = ev.sounds_of_string(term);
    Pattern p = sounds ? *sounds : expression_pattern(ev, term);
    if (cycles < 0 || cycles > 100000) return head + ", \"error\": \"bad number of cycles\"}";
    std::vector<Event> events = query_events(p, cycles);
    std::string out = head + ", \"events\": [";
    for (size_t i = 0; i < events.size(); ++i) {
      if (i) out += ",\n  ";
      out += event_json(events[i]);
    }
    return out + "]}";
  } catch (const CompileError& err) {
    return head + ", \"error\": " + json::quote(err.diag.short_form()) + "}";
  } catch (const std::exception& err) {
    return head + ", \"error\": " + json::quote(std::string("error: ") + err.what()) + "}";
  }
}

int run_cases(const std::string& path) {
  bool ok = false;
  std::string text = read_file(path, ok);
  if (!ok) {
    std::fprintf(stderr, "phonon query: error: cannot read `%s`\n", path.c_str());
    return 1;
  }
  json::JsonValue root;
  try {
    root = json::parse_json(text);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phonon query: error: %s: %s\n", path.c_str(), e.what());
    return 1;
  }
  const json::JsonValue* list = &root;
  if (root.type == json::JsonValue::Type::Object) list = root.get("cases");
  if (!list || list->type != json::JsonValue::Type::Array) {
    std::fprintf(stderr, "phonon query: error: %s: expected a list of cases\n", path.c_str());
    return 1;
  }
  QueryRegistry query_registry;
  const auto& reg = query_registry.reg;
  std::string out = "{\"format\": \"pattern-oracle-golden/1\", \"oracle\": \"phonon 0.1.0\",\n \"cases\": [\n";
  for (size_t i = 0; i < list->array.size(); ++i) {
    if (i) out += ",\n";
    out += run_case(list->array[i], reg);
  }
  out += "\n]}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

void print_events(const std::vector<Event>& events, bool as_json) {
  if (as_json) {
    std::string out = "[";
    for (size_t i = 0; i < events.size(); ++i) {
      if (i) out += ",\n ";
      out += event_json(events[i]);
    }
    out += "]\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return;
  }
  for (const auto& e : events) std::printf("%s\n", e.to_string().c_str());
}

}  // namespace

int cmd_query(int argc, char** argv) {
  std::string cases, expr, file, svg;
  int64_t cycles = 1;
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto need = [&](const char* what) -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "phonon query: error: %s needs a value\n%s", what, kQueryUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kQueryUsage, stdout);
      return 0;
    } else if (a == "--cases") {
      cases = need("--cases");
    } else if (a == "-e" || a == "--expr") {
      expr = need("-e");
    } else if (a == "--cycles") {
      std::string v = need("--cycles");
      char* end = nullptr;
      long long n = std::strtoll(v.c_str(), &end, 10);
      if (!end || *end || n < 0 || n > 100000) {
        std::fprintf(stderr, "phonon query: error: bad --cycles `%s`\n", v.c_str());
        return 2;
      }
      cycles = n;
    } else if (a == "--json") {
      as_json = true;
    } else if (a == "--svg") {
      svg = need("--svg");
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "phonon query: error: unknown option `%s`\n%s", a.c_str(), kQueryUsage);
      return 2;
    } else {
      file = a;
    }
  }
  if (!cases.empty()) return run_cases(cases);
  // Programs and expressions may use the signal language too (oscillators, effects); their audio outputs are
  // shown as such, their event patterns are queried.
  QueryRegistry query_registry;
  const auto& reg = query_registry.reg;
  if (!expr.empty()) {
    auto src = std::make_shared<const SourceFile>("<expr>", expr);
    Diagnostics diags;
    ExprPtr e = parse_expression(src, diags);
    if (!e || diags.has_errors()) {
      std::fputs(diags.render_all().c_str(), stderr);
      return 1;
    }
    try {
      eval::EvalOptions opts;
      opts.warn = [](const SourceSpan& span, const std::string& message, const std::string& hint) {
        Diagnostic d;
        d.severity = Severity::Warning;
        d.span = span;
        d.message = message;
        d.hint = hint;
        std::fputs(d.render().c_str(), stderr);
      };
      eval::Evaluator ev(reg, opts);
      Pattern p = expression_pattern(ev, ev.eval(e));
      std::vector<Event> events;
      try {
        events = query_events(p, cycles);
      } catch (const CompileError&) {
        throw;
      } catch (const std::exception& err) {
        // Errors found while querying (event storms, patterned arguments out of range) point at the expression.
        throw_error(e->span, std::string("this pattern cannot be queried: ") + err.what());
      }
      if (!svg.empty()) return write_picture(svg, roll_svg({{"", events}}, cycles), "", "phonon query") ? 0 : 1;
      print_events(events, as_json);
    } catch (const CompileError& err) {
      std::fputs(err.diag.render().c_str(), stderr);
      return 1;
    } catch (const std::exception& err) {
      std::fprintf(stderr, "phonon query: error: %s\n", err.what());
      return 1;
    }
    return 0;
  }
  if (file.empty()) {
    std::fputs(kQueryUsage, stderr);
    return 2;
  }
  bool ok = false;
  std::string text = file == "-" ? std::string(std::istreambuf_iterator<char>(std::cin), {}) : read_file(file, ok);
  if (file != "-" && !ok) {
    std::fprintf(stderr, "phonon query: error: cannot read `%s`\n", file.c_str());
    return 1;
  }
  auto src = std::make_shared<const SourceFile>(file, text);
  Diagnostics diags;
  Program prog = parse_program(src, diags);
  eval::ProgramValue pv = eval::evaluate_program(prog, reg, diags);
  std::fputs(diags.render_all().c_str(), stderr);
  if (diags.has_errors()) return 1;
  eval::Evaluator ev(reg);
  std::vector<RollTrack> tracks;
  for (const auto& [idx, term] : pv.outputs) {
    if (pv.hush_all || pv.hushed.count(idx)) continue;
    const std::string name = idx == 0 ? "out" : "o" + std::to_string(idx);
    if (svg.empty()) std::printf("%s:\n", name.c_str());
    try {
      if (term.kind == eval::TermKind::Signal) {
        if (svg.empty()) std::printf("  (audio signal)\n");
        continue;
      }
      if (auto note = pv.audio_notes.find(idx); note != pv.audio_notes.end() && svg.empty())
        std::printf("  (%s)\n", note->second.c_str());
      if (!svg.empty()) {
        tracks.push_back({name, query_events(expression_pattern(ev, term), cycles)});
        continue;
      }
      print_events(query_events(expression_pattern(ev, term), cycles), as_json);
    } catch (const CompileError& err) {
      std::fputs(err.diag.render().c_str(), stderr);
      return 1;
    } catch (const std::exception& err) {
      std::fprintf(stderr, "phonon query: error: %s\n", err.what());
      return 1;
    }
  }
  if (!svg.empty()) return write_picture(svg, roll_svg(tracks, cycles), file, "phonon query") ? 0 : 1;
  return 0;
}

}  // namespace phonon::cli
