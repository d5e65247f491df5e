#include "compiler/ast_print.hpp"

#include <charconv>
#include <cstdio>

namespace phonon {

namespace {

void append_number(std::string& out, double v) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) {
    out += "?";
    return;
  }
  out.append(buf, ptr);
}

void append_string(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

void print(std::string& out, const Expr& e);

void print_bindings(std::string& out, const std::vector<Binding>& bindings) {
  for (const auto& b : bindings) {
    out += " (def " + b.name;
    for (const auto& p : b.params) out += " " + p;
    out += ' ';
    if (b.body) print(out, *b.body);
    out += ')';
  }
}

void print_items(std::string& out, const Expr& e) {
  for (const auto& item : e.items) {
    out += ' ';
    if (item) print(out, *item);
    else out += "(null)";
  }
}

void print(std::string& out, const Expr& e) {
  switch (e.kind) {
    case ExprKind::Number:
      out += "(num ";
      append_number(out, e.number);
      out += ')';
      return;
    case ExprKind::String:
      out += "(str ";
      append_string(out, e.text);
      out += ')';
      return;
    case ExprKind::Ident: out += "(ident " + e.text + ")"; return;
    case ExprKind::BusRef: out += "(bus " + e.text + ")"; return;
    case ExprKind::App: out += "(app"; break;
    case ExprKind::BinOp: out += "(op " + e.text; break;
    case ExprKind::SectionL: out += "(section-left " + e.text; break;
    case ExprKind::SectionR: out += "(section-right " + e.text; break;
    case ExprKind::OpRef: out += "(opref " + e.text; break;
    case ExprKind::List: out += "(list"; break;
    case ExprKind::Tuple: out += "(tuple"; break;
    case ExprKind::KeywordArg: out += "(kw " + e.text; break;
    case ExprKind::Lambda:
      out += "(lambda";
      for (const auto& p : e.params) out += " " + p;
      out += " ->";
      break;
    case ExprKind::Let:
      out += "(let";
      print_bindings(out, e.bindings);
      out += " in";
      break;
    case ExprKind::If: out += "(if"; break;
    case ExprKind::Range: out += "(range"; break;
    case ExprKind::Annot: out += "(annot `" + e.text + "`"; break;
  }
  print_items(out, e);
  out += ')';
}

void print_opt(std::string& out, const ExprPtr& e) {
  if (!e) return;
  out += ' ';
  print(out, *e);
}

}  // namespace

std::string print_expr(const Expr& expr) {
  std::string out;
  print(out, expr);
  return out;
}

std::string print_stmt(const Stmt& st) {
  std::string out;
  switch (st.kind) {
    case StmtKind::Tempo: out += "(tempo"; break;
    case StmtKind::Bpm: out += "(bpm"; break;
    case StmtKind::Bus: out += "(bus " + st.name; break;
    case StmtKind::Out: out += "(out"; break;
    case StmtKind::Output: out += "(output " + std::to_string(st.index); break;
    case StmtKind::Hush:
      out += "(hush";
      if (st.index > 0) out += " " + std::to_string(st.index);
      break;
    case StmtKind::Let:
      out += "(let";
      print_bindings(out, st.bindings);
      break;
  }
  print_opt(out, st.expr);
  print_opt(out, st.expr2);
  out += ')';
  return out;
}

std::string print_ast(const Program& program) {
  std::string out;
  for (const auto& st : program.statements) out += print_stmt(st) + "\n";
  return out;
}

}  // namespace phonon
