// Controller input as patterns (Tidal's Sound.Tidal.Core cF … cS): `cF 0 "cutoff"` is the latest value sent
// for `cutoff` (OSC /ctrl, docs/connect.md), or 0 until one is.
#include "compiler/eval/builtin_helpers.hpp"
#include "compiler/eval/registry.hpp"
#include "compiler/pattern/ops_controller.hpp"

namespace phonon::eval {

namespace {
using namespace bi;
using PT = ParamType;

std::string controller_name(const Term& t, const char* fn) {
  if (t.kind != TermKind::String) throw_error(t.span, std::string("the controller name of `") + fn + "` must be a string, not " + t.describe());
  return t.text;
}
}  // namespace

void register_controller_builtins(Registry& r) {
  struct Form {
    const char* base;
    ControllerKind kind;
    ElemKind elem;
  };
  for (const Form f : {Form{"cF", ControllerKind::Number, ElemKind::Number},
                       Form{"cN", ControllerKind::Number, ElemKind::Number},
                       Form{"cR", ControllerKind::Number, ElemKind::Number},
                       Form{"cT", ControllerKind::Number, ElemKind::Number},
                       Form{"cI", ControllerKind::Integer, ElemKind::Number},
                       Form{"cS", ControllerKind::String, ElemKind::String}}) {
    const std::string base = f.base;
    const ControllerKind kind = f.kind;
    const ElemKind elem = f.elem;
    // cF d name: with a default
    def(r, base, {p("default", PT::Any), p("name", PT::Any)}, [base, kind, elem](CallContext& c, std::vector<Term>& a) {
      Value d;
      if (elem == ElemKind::String) {
        if (a[0].kind != TermKind::String)
          throw_error(a[0].span, "the default of `" + base + "` must be a string, not " + a[0].describe());
        d = Value::string(a[0].text);
      } else {
        d = Value::number(c.ev.to_number(a[0], "the default of `" + base + "`"));
      }
      return Term::make_pattern(controller(controller_name(a[1], base.c_str()), kind, d), elem, c.span);
    });
    // cF0 name: default 0 (cS0: the empty string)
    def(r, base + "0", {p("name", PT::Any)}, [base, kind, elem](CallContext& c, std::vector<Term>& a) {
      const Value d = elem == ElemKind::String ? Value::string("") : Value::number(0);
      return Term::make_pattern(controller(controller_name(a[0], (base + "0").c_str()), kind, d), elem, c.span);
    });
    // cF_ name: silence until a value is sent
    def(r, base + "_", {p("name", PT::Any)}, [base, kind, elem](CallContext& c, std::vector<Term>& a) {
      return Term::make_pattern(controller(controller_name(a[0], (base + "_").c_str()), kind, std::nullopt), elem,
                                c.span);
    });
  }
}

}  // namespace phonon::eval
