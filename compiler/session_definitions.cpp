#include "compiler/session_definitions.hpp"

#include "compiler/compile.hpp"
#include "compiler/parser.hpp"

namespace phonon {

namespace {

bool has_definition(const Program& p) {
  for (const auto& st : p.statements)
    if (st.kind == StmtKind::Let) return true;
  return false;
}

}  // namespace

bool SessionDefinitions::only_definitions(const std::string& text) {
  Diagnostics diags;
  Program p = parse_program(std::make_shared<const SourceFile>("<block>", text), diags);
  if (diags.has_errors() || p.statements.empty()) return false;
  for (const auto& st : p.statements)
    if (st.kind != StmtKind::Let) return false;
  return true;
}

std::string SessionDefinitions::define(const std::string& name, const std::string& text) {
  auto file = std::make_shared<const SourceFile>(name, text);
  CompileOptions options;
  options.definitions = files_;
  CompileResult r = compile_source(file, options);
  if (r.diagnostics.has_errors()) {
    std::string out;
    for (const auto& d : r.diagnostics.items())
      if (d.severity == Severity::Error) out += d.render();
    return out;
  }
  files_.push_back(std::move(file));
  return {};
}

void SessionDefinitions::remember(const std::string& name, const std::string& text) {
  auto file = std::make_shared<const SourceFile>(name, text);
  Diagnostics diags;
  if (has_definition(parse_program(file, diags)) && !diags.has_errors()) files_.push_back(std::move(file));
}

}  // namespace phonon
