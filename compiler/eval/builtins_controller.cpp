// Controller input as patterns (Tidal's Sound.Tidal.Core cF … cS): `cF 0 "cutoff"` is the latest value sent
// for `cutoff` (OSC /ctrl, docs/connect.md), or 0 until one is.
#include <atomic>
#include <memory>

#include "compiler/eval/builtin_helpers.hpp"
#include "compiler/eval/registry.hpp"
#include "compiler/mini/mini.hpp"
#include "compiler/pattern/ops_controller.hpp"

namespace phonon::eval {

namespace {
using namespace bi;
using PT = ParamType;

std::string controller_name(const Term& t, const char* fn) {
  if (t.kind != TermKind::String)
    throw_error(t.span, std::string("the controller name of `") + fn + "` must be a string, not " + t.describe());
  return t.text;
}
// Tidal 1.9's cP: the latest string sent for `name`, read as mini-notation of the element type the context asks
// for (`innerJoin $ parseBP_E <$> _cX_ getS name`): silence until a string is sent. A string that does not parse
// keeps the pattern of the last one that did (a typo sent from a controller does not stop the music), silence if
// none did. Parsing happens when the string changes, in whichever thread queries first; the result is shared.
Pattern controller_pattern(const std::string& name, mini::ElemType type) {
  struct Parsed {
    std::string text;
    Pattern pattern;
  };
  auto last = std::make_shared<std::shared_ptr<const Parsed>>();
  return inner_bind(controller(name, ControllerKind::String, std::nullopt), [last, name, type](const Value& v) {
    const std::string& text = v.as_string();
    std::shared_ptr<const Parsed> seen = std::atomic_load(last.get());
    if (seen && seen->text == text) return seen->pattern;
    Pattern pat = seen ? seen->pattern : silence();
    try {
      auto file = std::make_shared<const SourceFile>("controller `" + name + "`", text);
      pat = mini::parse_pattern(text, SourceSpan{file, 0, static_cast<uint32_t>(text.size())}, type);
    } catch (const std::exception&) {
    }
    std::atomic_store(last.get(), std::make_shared<const Parsed>(Parsed{text, pat}));
    return pat;
  });
}
}  // namespace

void register_controller_builtins(Registry& r) {
  def(
      r, "cP", {p("name", PT::Any)},
      [](CallContext& c, std::vector<Term>& a) {
        const std::string name = controller_name(a[0], "cP");
        return Term::make_poly([name](mini::ElemType type) { return controller_pattern(name, type); }, c.span);
      },
      ReturnType::Fixed, "the latest string sent for a controller, read as mini-notation");
  struct Form {
    const char* base;
    ControllerKind kind;
    ElemKind elem;
  };
  for (const Form f :
       {Form{"cF", ControllerKind::Number, ElemKind::Number}, Form{"cN", ControllerKind::Number, ElemKind::Number},
        Form{"cR", ControllerKind::Number, ElemKind::Number}, Form{"cT", ControllerKind::Number, ElemKind::Number},
        Form{"cI", ControllerKind::Integer, ElemKind::Number}, Form{"cS", ControllerKind::String, ElemKind::String}}) {
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
