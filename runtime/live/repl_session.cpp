#include "runtime/live/repl_session.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"

namespace phonon {
namespace {

// A problem with one statement, located inside it; rendered against the block it came from.
struct StatementError {
  size_t offset;  // byte offset inside the statement's text
  size_t length;
  std::string message;
  std::string hint;
};

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '\'' || c == '.'; }

size_t skip_space(const std::string& s, size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// A plain non-negative number at `at` (digits and a point), as transitions and setCycle take cycles; *end: where
// it ends.
std::optional<double> cycles_at(const std::string& t, size_t at, size_t* end) {
  *end = at;
  while (*end < t.size() && (std::isdigit(static_cast<unsigned char>(t[*end])) || t[*end] == '.')) ++*end;
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(t.data() + at, t.data() + *end, v);
  if (*end == at || ec != std::errc() || ptr != t.data() + *end) return std::nullopt;
  return v;
}

// The `)` that closes the `(` at `open` (parentheses inside strings do not count), or npos.
size_t matching_paren(const std::string& t, size_t open) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i] == '"') in_string = !in_string;
    if (in_string) continue;
    if (t[i] == '(') ++depth;
    if (t[i] == ')' && --depth == 0) return i;
  }
  return std::string::npos;
}

std::string trimmed(const std::string& s) {
  size_t b = skip_space(s, 0), e = s.size();
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// `silence`, `(silence)`, `$ silence`: the slot stops.
bool is_silence(std::string body) {
  body = trimmed(body);
  while (body.size() >= 2 && body.front() == '(' && body.back() == ')') body = trimmed(body.substr(1, body.size() - 2));
  return body == "silence";
}

// "d12" / "o3" -> 12 / 3, else 0.
int slot_number(const std::string& word) {
  if (word.size() < 2 || (word[0] != 'd' && word[0] != 'o')) return 0;
  int v = 0;
  auto [p, ec] = std::from_chars(word.data() + 1, word.data() + word.size(), v);
  if (ec != std::errc() || p != word.data() + word.size() || v < 1) return 0;
  return v;
}

// Tidal's stream plumbing from BootTidal.hs and the REPL commands Phonon provides itself: a `let` that defines
// one of these (BootTidal's `let d1 = p 1 . (|< orbit 0)`) is accepted as a no-op, not as a definition.
const std::set<std::string>& builtin_commands() {
  static const std::set<std::string> names = {
      "p",          "hush",         "list",          "mute",        "unmute",
      "solo",       "unsolo",       "unmuteAll",     "unsoloAll",   "only",
      "once",       "first",        "asap",          "nudgeAll",    "all",
      "setcps",     "getcps",       "setbpm",        "resetCycles", "setCycle",
      "getnow",     "xfade",        "xfadeIn",       "histpan",     "wait",
      "waitT",      "jump",         "jumpIn",        "jumpIn'",     "jumpMod",
      "mortal",     "interpolate",  "interpolateIn", "clutch",      "clutchIn",
      "anticipate", "anticipateIn", "forId",         "wash",        "washIn",
      "transition", "setI",         "setF",          "setS",        "setR",
      "setB",       "tidal",        "enableLink",    "disableLink", "streamReplace"};
  return names;
}

const std::set<std::string>& transitions() {
  static const std::set<std::string> names = {"xfade",         "xfadeIn", "clutch",     "clutchIn",     "jumpIn",
                                              "jumpIn'",       "jumpMod", "anticipate", "anticipateIn", "interpolate",
                                              "interpolateIn", "wait",    "waitT",      "wash",         "washIn",
                                              "histpan",       "mortal",  "transition"};
  return names;
}

// The names a `let` statement defines: the first word of each binding aligned with the first one.
std::vector<std::string> let_names(const std::string& text) {
  std::vector<std::string> names;
  size_t i = skip_space(text, 3);
  const size_t first = i;
  size_t line_start = text.rfind('\n', first);
  const size_t col0 = first - (line_start == std::string::npos ? 0 : line_start + 1);
  auto name_at = [&](size_t k) {
    if (k < text.size() && text[k] == '(') {  // an operator: `let (+++) a b = …`
      size_t e = text.find(')', k);
      if (e != std::string::npos) names.push_back(text.substr(k, e - k + 1));
      return;
    }
    size_t e = k;
    while (e < text.size() && is_ident_char(text[e])) ++e;
    if (e > k) names.push_back(text.substr(k, e - k));
  };
  name_at(first);
  for (size_t nl = text.find('\n', first); nl != std::string::npos; nl = text.find('\n', nl + 1)) {
    size_t k = nl + 1, c = 0;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k, ++c;
    if (c == col0 && k < text.size() && text[k] != '\n' && text.compare(k, 2, "--") != 0) name_at(k);
  }
  return names;
}

// Whether the text uses the identifier `tidal` (outside strings and comments): BootTidal's stream.
bool mentions_stream(const std::string& t) {
  for (size_t i = 0; i < t.size();) {
    if (t[i] == '"') {
      i = t.find('"', i + 1);
      i = i == std::string::npos ? t.size() : i + 1;
    } else if (t.compare(i, 2, "--") == 0) {
      i = t.find('\n', i);
      if (i == std::string::npos) i = t.size();
    } else if (is_ident_start(t[i])) {
      size_t e = i;
      while (e < t.size() && is_ident_char(t[e])) ++e;
      if (t.compare(i, e - i, "tidal") == 0 && e - i == 5) return true;
      i = e;
    } else {
      ++i;
    }
  }
  return false;
}

// Where the slot token starting at `a` ends: after a quoted name's closing quote, or after a number's digits.
size_t slot_token_end(const std::string& t, size_t a) {
  if (a < t.size() && t[a] == '"') {
    const size_t close = t.find('"', a + 1);
    return close == std::string::npos ? t.size() : close + 1;
  }
  while (a < t.size() && std::isdigit(static_cast<unsigned char>(t[a]))) ++a;
  return a;
}

// The argument of `mute 1`, `solo "name"`, …: a slot number or a quoted name.
std::optional<std::string> slot_argument(const std::string& rest) {
  std::string a = trimmed(rest);
  while (a.size() >= 2 && a.front() == '(' && a.back() == ')') a = trimmed(a.substr(1, a.size() - 2));
  if (a.size() >= 2 && a.front() == '"' && a.back() == '"') return "p:" + a.substr(1, a.size() - 2);
  if (!a.empty() &&
      std::all_of(a.begin(), a.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    int v = 0;
    auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
    if (ec == std::errc() && v >= 1 && v <= 4096) return "o" + std::to_string(v);
  }
  if (slot_number(a) > 0) return "o" + std::to_string(slot_number(a));
  return std::nullopt;
}

}  // namespace

int ReplSession::output_for(State& s, const std::string& key) {
  int n = 0;
  if (key[0] == 'o') {  // "o<N>", built from a number already checked to fit
    std::from_chars(key.data() + 1, key.data() + key.size(), n);
    return n;
  }
  auto it = s.named.find(key);
  if (it != s.named.end()) return it->second;
  n = kFirstNamedOutput;
  for (const auto& [name, k] : s.named) n = std::max(n, k + 1);
  s.named[key] = n;
  return n;
}

void ReplSession::remember(State& s, int output, Piece version) {
  std::vector<Piece>& versions = s.history[output];
  versions.insert(versions.begin(), std::move(version));
  if (versions.size() > kHistory) versions.resize(kHistory);
}

ReplOutcome ReplSession::evaluate(const ReplBlock& block, double now_cycle) {
  ReplOutcome out;
  State s = state_;
  const int64_t next_cycle = static_cast<int64_t>(std::floor(now_cycle)) + 1;
  // A `once` whose cycle has passed has played: it leaves the program with this block.
  s.onces.erase(std::remove_if(s.onces.begin(), s.onces.end(),
                               [&](const auto& o) { return static_cast<double>(o.first + 1) <= now_cycle; }),
                s.onces.end());
  const std::vector<ReplStatement> statements = split_repl_statements(block.text);
  for (const ReplStatement& st : statements) {
    if (out.kind == ReplOutcome::Kind::Type) break;
    try {
      apply(st, block, s, out, next_cycle);
      if (out.reset_cycles && statements.size() > 1) {  // (the session log replays a reset as a block of its own)
        const std::string what = st.text.substr(0, st.text.find_first_of(" \n"));
        throw StatementError{0, st.text.size(), "`" + what + "` must be a block of its own",
                             "evaluate `" + what + "` alone, then the other statements"};
      }
    } catch (const StatementError& e) {
      // Render against the block with its real line numbers: pad the text so line L of the file is line L.
      auto file =
          std::make_shared<SourceFile>(block.name.empty() ? input_name_ : block.name,
                                       std::string(static_cast<size_t>(block.first_line - 1), '\n') + block.text);
      const uint32_t base =
          file->line_starts[static_cast<size_t>(block.first_line - 1 + st.line)] + static_cast<uint32_t>(st.col - 1);
      Diagnostic d;
      d.span = SourceSpan{file, base + static_cast<uint32_t>(e.offset),
                          base + static_cast<uint32_t>(e.offset + std::max<size_t>(e.length, 1))};
      d.message = e.message;
      d.hint = e.hint;
      out.kind = ReplOutcome::Kind::Error;
      out.message = d.render();
      candidate_.reset();
      return out;
    }
    if (out.kind == ReplOutcome::Kind::Quit || out.kind == ReplOutcome::Kind::Type) return out;
  }
  last_ = compose(s);
  if (last_.text == compose(state_).text) {
    candidate_ = std::move(s);  // e.g. mute of a silent slot: nothing to compile, but keep the bookkeeping
    accept();
    out.kind = ReplOutcome::Kind::NoChange;
    return out;
  }
  out.kind = ReplOutcome::Kind::Program;
  out.program = last_.text;
  candidate_ = std::move(s);
  return out;
}

void ReplSession::accept() {
  if (candidate_) state_ = std::move(*candidate_);
  candidate_.reset();
}

void ReplSession::apply(const ReplStatement& st, const ReplBlock& block, State& s, ReplOutcome& out,
                        int64_t next_cycle) {
  const std::string& t = st.text;
  const ReplOrigin origin{block.name.empty() ? input_name_ : block.name, block.first_line + st.line, st.col};
  // The origin of the text at byte `off` of the statement (same line unless the statement spans lines).
  auto origin_at = [&](size_t off) {
    ReplOrigin o = origin;
    size_t last_nl = std::string::npos;
    for (size_t i = 0; i < off && i < t.size(); ++i)
      if (t[i] == '\n') ++o.line, last_nl = i;
    o.col = last_nl == std::string::npos ? origin.col + static_cast<int>(off) : static_cast<int>(off - last_nl);
    return o;
  };
  auto piece = [&](std::string header, size_t body_off) {
    Piece p;
    p.header = std::move(header);
    p.header_origin = origin;
    p.body = t.substr(body_off);
    p.body_origin = origin_at(body_off);
    return p;
  };
  Piece silence;  // the version `d1 silence` and `hush` leave in an output's history
  silence.body = "silence";
  silence.header_origin = silence.body_origin = origin;

  // Tidal's transitions (`xfadeIn 1 8 $ …`), as Tidal 1.7's Sound.Tidal.Transition composes them from the output's
  // history [new, previous, …], with `now` the cycle boundary at which the block takes effect (Tidal's is the
  // moment of evaluation, somewhere in the cycle before it; the cycle-snapped ones, jumpIn' and jumpMod, land on
  // the same boundary as in Tidal).
  auto apply_transition = [&](const std::string& command, size_t name_end, size_t at, State& st, int64_t now) {
    // `waitT 1 (Sound.Tidal.Transition.xfadeIn 4) 2 $ …` (BootTidal's waitT): the inner transition, which starts
    // where the wait ends.
    // `transition tidal True (Sound.Tidal.Transition.xfadeIn 4) 1 $ …` (Tidal's own form, which BootTidal's
    // commands abbreviate): the same transitions with the output after the parentheses.
    std::string name = command == "transition" ? "xfade" : command;
    // The arguments after the output: `n` a number of cycles, `f` a function on patterns (`(chop 8)`, `id`).
    static const std::map<std::string, std::string> kArgs = {
        {"xfade", ""},       {"xfadeIn", "n"},       {"clutch", ""},     {"clutchIn", "n"},
        {"jumpIn", "n"},     {"jumpIn'", "n"},       {"jumpMod", "n"},   {"wait", "n"},
        {"histpan", "n"},    {"mortal", "nn"},       {"anticipate", ""}, {"anticipateIn", "n"},
        {"interpolate", ""}, {"interpolateIn", "n"}, {"wash", "ffnnn"},  {"washIn", "fn"}};
    auto arity = kArgs.find(name == "waitT" ? "wait" : name);
    if (arity == kArgs.end()) {
      throw StatementError{0, name_end, "the transition `" + name + "` is not supported yet",
                           "Phonon's REPL has xfade, xfadeIn, clutch, clutchIn, jumpIn, jumpIn', jumpMod, wait, "
                           "histpan, mortal, anticipate, anticipateIn, interpolate, interpolateIn, wash, washIn, "
                           "waitT and jump; or evaluate `d1 $ …` to switch at the next cycle"};
    }
    // A transition in parentheses at `b` (`(Tr.xfadeIn 4)`): its name, without Tidal's module prefixes; *ie: where
    // the name ends.
    auto inner_transition = [&](size_t b, size_t* ie, const std::string& usage) {
      if (b >= t.size() || t[b] != '(')
        throw StatementError{b, 1, "`" + command + "` needs a transition in parentheses", usage};
      b = skip_space(t, b + 1);
      *ie = b;
      while (*ie < t.size() && is_ident_char(t[*ie])) ++*ie;
      std::string inner = t.substr(b, *ie - b);
      for (const char* q : {"Sound.Tidal.Transition.", "Tr.", "T.", "Transition."})
        if (inner.rfind(q, 0) == 0) inner = inner.substr(std::strlen(q));
      if (kArgs.find(inner) == kArgs.end())
        throw StatementError{b, std::max<size_t>(*ie - b, 1),
                             "`" + command + "` takes one of Tidal's transitions, not `" + inner + "`", usage};
      return inner;
    };
    size_t a = at;       // the output
    size_t args_at = 0;  // `transition`: where the inner transition's arguments start
    if (command == "transition") {
      const std::string usage = "write `transition tidal True (Sound.Tidal.Transition.xfadeIn 4) 1 $ s \"bd*2\"`";
      size_t se = a;
      while (se < t.size() && is_ident_char(t[se])) ++se;
      if (se == a) throw StatementError{a, 1, "`transition` needs the stream (`tidal`) first", usage};
      const size_t fb = skip_space(t, se);
      size_t fe = fb;
      while (fe < t.size() && is_ident_char(t[fe])) ++fe;
      const std::string flag = t.substr(fb, fe - fb);
      if (flag != "True")
        throw StatementError{fb, std::max<size_t>(fe - fb, 1),
                             flag == "False" ? "a transition that leaves the history unchanged (`False`) is not "
                                               "supported"
                                             : "`transition` needs `True` after the stream",
                             usage};
      const size_t open = skip_space(t, fe);
      name = inner_transition(open, &args_at, usage);
      arity = kArgs.find(name);
      // The output follows the parenthesised transition.
      const size_t close = matching_paren(t, open);
      if (close == std::string::npos) throw StatementError{fb, fe - fb, "expected `)` after the transition", usage};
      a = skip_space(t, close + 1);
    }
    // The output: a number or a quoted name, as for `p`.
    const size_t ae = slot_token_end(t, a);
    const std::optional<std::string> key = slot_argument(t.substr(a, ae - a));
    std::string usage = "write `" + name + " 1 ";
    for (const char k : arity->second)
      usage += k == 'f' ? "(chop 8) " : usage.find(" 4 ") == std::string::npos ? "4 " : "2 ";
    usage += "$ s \"bd*2\"`";
    if (name == "waitT") usage = "write `waitT 1 (Sound.Tidal.Transition.xfadeIn 4) 2 $ s \"bd*2\"`";
    if (name == "wash") usage = "write `wash 1 (chop 8) id 0 4 0 $ s \"bd*2\"` (fout, fin, delay, in, out)";
    if (!key)
      throw StatementError{a, std::max<size_t>(ae - a, 1), "`" + name + "` needs an output: a number or a quoted name",
                           usage};
    size_t b = skip_space(t, command == "transition" ? args_at : ae);
    std::optional<int64_t> wait_until;  // waitT: silence until this boundary
    auto inner_arity = arity;
    if (name == "waitT") {
      size_t ie = b;
      name = inner_transition(b, &ie, usage);
      inner_arity = kArgs.find(name);
      b = skip_space(t, ie);
    }
    // Tidal's `wait t`: silence until the boundary its `nextSam (now + t - 1)` names.
    auto wait_end = [](int64_t from, double cycles) {
      return std::max<int64_t>(from, static_cast<int64_t>(std::ceil(static_cast<double>(from) + cycles - 1.0)));
    };
    // A function argument at `b`: a parenthesised expression (strings may hold parentheses) or a name; *fe: where
    // it ends.
    auto function_at = [&](size_t at, size_t* fe) -> std::optional<std::string> {
      *fe = at;
      if (at < t.size() && t[at] == '(') {
        const size_t close = matching_paren(t, at);
        *fe = close == std::string::npos ? t.size() : close + 1;
        if (close == std::string::npos) return std::nullopt;
        return t.substr(at, *fe - at);
      }
      while (*fe < t.size() && is_ident_char(t[*fe])) ++*fe;
      if (*fe == at || std::isdigit(static_cast<unsigned char>(t[at]))) return std::nullopt;
      return t.substr(at, *fe - at);
    };
    // The arguments: numbers of cycles (the defaults of the transitions that take none), then functions with
    // where they start in the statement.
    std::vector<double> nums;
    if (name == "xfade" || name == "interpolate") nums.push_back(4.0);
    if (name == "clutch") nums.push_back(2.0);
    if (name == "anticipate") nums.push_back(8.0);
    std::vector<std::pair<std::string, size_t>> fns;
    const size_t n_nums = static_cast<size_t>(std::count(inner_arity->second.begin(), inner_arity->second.end(), 'n'));
    for (const char kind : inner_arity->second) {
      size_t ne = b;
      if (kind == 'f') {
        const std::optional<std::string> f = function_at(b, &ne);
        if (!f)
          throw StatementError{b, std::max<size_t>(ne - b, 1),
                               "`" + name + "` needs a function here, such as `(chop 8)` or `id`", usage};
        fns.emplace_back(*f, b);
        b = skip_space(t, ne);
        continue;
      }
      const size_t k = nums.size();
      const std::optional<double> v = cycles_at(t, b, &ne);
      if (!v) {
        throw StatementError{b, std::max<size_t>(ne - b, 1),
                             "`" + name + "` needs " + (n_nums > 1 ? std::to_string(n_nums) + " numbers" : "a number") +
                                 " of cycles" + (fns.empty() ? " after the output" : " after its functions"),
                             usage};
      }
      nums.push_back(*v);
      double dst = *v;
      const bool whole = dst == std::floor(dst);
      if ((name == "jumpIn" || name == "jumpIn'" || name == "jumpMod" || name == "histpan") && !whole)
        throw StatementError{b, ne - b, "`" + name + "` takes a whole number of cycles", usage};
      if (name == "histpan" && dst < 1) throw StatementError{b, ne - b, "`histpan` pans at least 1 version", usage};
      if ((name == "xfadeIn" || name == "clutchIn" || name == "anticipateIn" || name == "interpolateIn" ||
           (name == "mortal" && k == 1)) &&
          dst <= 0)
        throw StatementError{b, ne - b, "`" + name + "` needs a positive number of cycles", usage};
      if ((name == "wash" || name == "washIn") && dst < 0)
        throw StatementError{b, ne - b, "`" + name + "` needs numbers of cycles of 0 or more", usage};
      b = skip_space(t, ne);
    }
    const double arg = nums.empty() ? 0.0 : nums[0], arg2 = nums.size() > 1 ? nums[1] : 0.0;
    if (command == "waitT") {  // `) T`: the wait, in cycles; the inner transition's `now` is where it ends
      if (b >= t.size() || t[b] != ')')
        throw StatementError{b, 1, "expected `)` after the transition of `waitT`", usage};
      b = skip_space(t, b + 1);
      size_t ne = b;
      const std::optional<double> wait = cycles_at(t, b, &ne);
      if (!wait)
        throw StatementError{b, std::max<size_t>(ne - b, 1), "`waitT` needs a number of cycles to wait", usage};
      now = wait_end(now, *wait);
      wait_until = now;
      b = skip_space(t, ne);
    }
    if (command == "transition") {  // past `) OUTPUT`
      if (b >= t.size() || t[b] != ')')
        throw StatementError{b, 1, "expected `)` after the arguments of `" + name + "`", usage};
      b = skip_space(t, ae);
    }
    if (b < t.size() && t[b] == '$') ++b;
    if (skip_space(t, b) >= t.size())
      throw StatementError{0, name_end, "`" + name + "` needs a pattern to play", usage};
    b = skip_space(t, b);

    const int n = output_for(st, *key);
    remember(st, n, piece("", b));
    const std::vector<Piece>& versions = st.history[n];
    const Piece& previous = versions.size() > 1 ? versions[1] : silence;
    Piece p = piece("o" + std::to_string(n) + ": ", b);
    auto num = [](double v) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      return std::string(buf);
    };
    const std::string C = std::to_string(now);
    // The end of an open `playFor` range: every cycle a performance reaches lies before it.
    const std::string forever = std::to_string(now + 1000000000);
    // A silent previous version adds no events, so it is left out rather than composed.
    const bool previous_plays = !is_silence(previous.body);
    auto switch_at = [&](int64_t when) {  // wash id id: the previous version until `when`, this one from then
      const std::string w = std::to_string(when);
      const std::string from_w = "playFor " + w + " " + forever + " (";
      // (An empty range is left out too: `playFor C C` would still query the instant C.)
      if (previous_plays && when > now) {
        p.prefix = {{"stack [playFor " + C + " " + w + " (", origin},
                    {previous.body, previous.body_origin},
                    {"\n  ), " + from_w, origin}};
        p.suffix = {{"\n  )]", origin}};
      } else {
        p.prefix = {{from_w, origin}};
        p.suffix = {{"\n  )", origin}};
      }
    };
    if (name == "xfade" || name == "xfadeIn") {
      const std::string env = "(rotR " + C + " (slow " + num(arg) + " ";
      p.prefix = {{previous_plays ? "overlay ((" : "((", origin}};
      p.suffix = {{"\n  ) |* gain " + env + "envEqR)))", origin}};
      if (previous_plays) {
        p.suffix.back().first += " ((";
        p.suffix.push_back({previous.body, previous.body_origin});
        p.suffix.push_back({"\n  ) |* gain " + env + "envEq)))", origin});
      }
    } else if (name == "clutch" || name == "clutchIn") {  // the previous version thins out as the new one fills in
      const std::string fade = C + " " + num(arg) + " (";
      p.prefix = {{"fadeInFrom " + fade, origin}};
      p.suffix = {{"\n  )", origin}};
      if (previous_plays) {
        p.prefix = {{"overlay (fadeOutFrom " + fade, origin},
                    {previous.body, previous.body_origin},
                    {"\n  )) (fadeInFrom " + fade, origin}};
        p.suffix = {{"\n  ))", origin}};
      }
    } else if (name == "mortal") {  // the new pattern for `arg` cycles, then thinning out over `arg2`
      const std::string end = num(static_cast<double>(now) + arg);
      p.prefix = {{"overlay (playFor " + C + " " + end + " (", origin}};
      p.suffix = {{"\n  )) (playFor " + end + " " + forever + " $ fadeOutFrom " + end + " " + num(arg2) + " (", origin},
                  {p.body, p.body_origin},
                  {"\n  ))", origin}};
    } else if (name == "anticipate" || name == "anticipateIn") {
      // Tidal's washIn: for `arg` cycles the previous version through an 8-fold echo whose step shrinks from a
      // cycle to nothing (stut 8 0.2, the step sampled once per query as Tidal's innerJoin does), then the new one.
      const std::string end = num(static_cast<double>(now) + arg);
      const std::string from_end = "playFor " + end + " " + forever + " (";
      if (previous_plays) {
        p.prefix = {
            {"stack [playFor " + C + " " + end + " (stut 8 0.2 (rotR " + C + " (slow " + num(arg) + " envLR)) (",
             origin},
            {previous.body, previous.body_origin},
            {"\n  )), " + from_end, origin}};
        p.suffix = {{"\n  )]", origin}};
      } else {
        p.prefix = {{from_end, origin}};
        p.suffix = {{"\n  )", origin}};
      }
    } else if (name == "interpolate" || name == "interpolateIn") {
      // The new version's events, each control moving from the previous version's value to its own over `arg`
      // cycles. As in Tidal, an output whose previous version is silent stays silent (there is nothing to move
      // from).
      p.prefix = {{"interpolateControls (rotR " + C + " (slow " + num(arg) + " envL)) (", origin},
                  {previous.body, previous.body_origin},
                  {"\n  ) (", origin}};
      p.suffix = {{"\n  )", origin}};
    } else if (name == "jumpIn" || name == "jumpIn'") {
      switch_at(now + static_cast<int64_t>(arg));
    } else if (name == "jumpMod") {
      const auto m = static_cast<int64_t>(arg);
      if (m < 1) throw StatementError{0, name_end, "`jumpMod` needs a cycle count of at least 1", usage};
      switch_at(now + (m - 1) - (((now - 1) % m) + m) % m);
    } else if (name == "wait") {  // silence until the boundary Tidal's `nextSam (now + t - 1)` names
      const int64_t from = wait_end(now, arg);
      p.prefix = {{"playFor " + std::to_string(from) + " " + forever + " (", origin}};
      p.suffix = {{"\n  )", origin}};
    } else if (name == "wash" || name == "washIn") {
      // Tidal's wash fout fin delay in out: the previous version until now+delay, then `fout` of it for `in`
      // cycles, then `fin` of the new one for `out` cycles, then the new one (washIn f in = wash f id 0 in 0).
      // Tidal keeps the events whose onsets lie in each span; playFor does the same for what the engine plays.
      const double delay = name == "wash" ? nums[0] : 0.0, in = name == "wash" ? nums[1] : nums[0];
      const double out = name == "wash" ? nums[2] : 0.0;
      const double t1 = static_cast<double>(now) + delay, t2 = t1 + in, t3 = t2 + out;
      std::vector<Part> parts;
      auto span = [&](double lo, double hi, const std::pair<std::string, size_t>* f, const Piece& version) {
        if (hi <= lo || is_silence(version.body)) return;
        parts.push_back(
            {std::string(parts.empty() ? "stack [" : ",\n  ") + "playFor " + num(lo) + " " + num(hi) + " (", origin});
        if (f) parts.push_back({f->first, origin_at(f->second)}), parts.push_back({" (", origin});
        parts.push_back({version.body, version.body_origin});
        parts.push_back({f ? "\n  ))" : "\n  )", origin});
      };
      span(static_cast<double>(now), t1, nullptr, previous);
      span(t1, t2, &fns[0], previous);
      if (name == "wash") span(t2, t3, &fns[1], p);  // a copy of the new body; the piece's own comes last
      if (parts.empty()) {
        p.prefix = {{"playFor " + num(t3) + " " + forever + " (", origin}};
        p.suffix = {{"\n  )", origin}};
      } else {
        p.prefix = parts;
        p.prefix.push_back({",\n  playFor " + num(t3) + " " + forever + " (", origin});
        p.suffix = {{"\n  )]", origin}};
      }
    } else {  // histpan: the last `arg` versions side by side, the newest on the left
      const size_t k = std::min(versions.size(), static_cast<size_t>(arg));
      p.prefix = {{"stack [(", origin}};
      p.suffix.push_back({"\n  ) # pan 0", origin});
      for (size_t i = 1; i < k; ++i) {
        if (is_silence(versions[i].body)) continue;
        p.suffix.push_back({", (", origin});
        p.suffix.push_back({versions[i].body, versions[i].body_origin});
        p.suffix.push_back({"\n  ) # pan " + num(static_cast<double>(i) / static_cast<double>(k)), origin});
      }
      p.suffix.push_back({"]", origin});
    }
    if (wait_until) {
      p.prefix.insert(p.prefix.begin(), {"playFor " + std::to_string(*wait_until) + " " + forever + " (", origin});
      p.suffix.push_back({"\n  )", origin});
    }
    p.tidal_slot = true;
    st.outputs[n] = std::move(p);
  };

  if (t[0] == ':') {  // GHCi commands
    size_t e = 1;
    while (e < t.size() && !std::isspace(static_cast<unsigned char>(t[e]))) ++e;
    const std::string cmd = t.substr(1, e - 1);
    if (cmd == "q" || cmd == "quit") {
      out.kind = ReplOutcome::Kind::Quit;
      return;
    }
    if (cmd == "t" || cmd == "type") {
      const size_t at = skip_space(t, e);
      if (at >= t.size()) throw StatementError{0, e, "`:" + cmd + "` needs an expression", "write `:t s \"bd\"`"};
      State q = s;  // the definitions in scope, and nothing that plays
      q.outputs.clear();
      q.onces.clear();
      q.buses.erase(std::remove_if(q.buses.begin(), q.buses.end(), [](auto& b) { return b.first == "~it"; }),
                    q.buses.end());
      q.buses.emplace_back("~it", piece("~it: ", at));
      last_ = compose(q);
      out.kind = ReplOutcome::Kind::Type;
      out.program = last_.text;
      out.expression = trimmed(t.substr(at));
      return;
    }
    if (cmd == "set" || cmd == "seti" || cmd == "unset" || cmd == "m" || cmd == "module" || cmd == "script" ||
        cmd == "load" || cmd == "l" || cmd == "cd") {
      out.notes.push_back("`:" + cmd + "` is a GHCi command; Phonon has nothing to do for it");
      return;
    }
    throw StatementError{0, e, "`:" + cmd + "` is a GHCi command Phonon does not run",
                         "Phonon's REPL takes Tidal statements (`d1 $ …`, `hush`, `let …`) and `:{` … `:}`; "
                         "`:set`, `:module` and `:load` are accepted and do nothing"};
  }

  // The head: `~bus`, or a word.
  if (t[0] == '~') {
    size_t e = 1;
    while (e < t.size() && is_ident_char(t[e])) ++e;
    const std::string name = t.substr(0, e);
    size_t i = skip_space(t, e);
    if (i < t.size() && (t[i] == ':' || t[i] == '$')) {
      const std::string body = t.substr(i + 1);
      if (is_silence(body)) {
        s.buses.erase(std::remove_if(s.buses.begin(), s.buses.end(), [&](auto& b) { return b.first == name; }),
                      s.buses.end());
        return;
      }
      Piece p = piece(name + ": ", i + 1);
      for (auto& b : s.buses)
        if (b.first == name) return void(b.second = std::move(p));
      s.buses.emplace_back(name, std::move(p));
      return;
    }
    throw StatementError{0, e, "expected `:` or `$` after the bus name `" + name + "`",
                         "define a bus with `" + name + ": <expr>`"};
  }
  if (!is_ident_start(t[0])) {
    throw StatementError{0, 1, "a REPL block holds statements, and this line starts with `" + t.substr(0, 1) + "`",
                         "to play an expression write `d1 $ <expr>`; `hush` stops everything"};
  }
  size_t e = 0;
  while (e < t.size() && is_ident_char(t[e])) ++e;
  const std::string word = t.substr(0, e);
  const size_t after = skip_space(t, e);
  const std::string rest = t.substr(after);

  // Statements the .ph language has: `cps: …`, `bpm: …`, `o1: …`, `out: …` (and `d1: …`).
  if (after < t.size() && t[after] == ':' && (word == "cps" || word == "tempo" || word == "bpm")) {
    s.tempo = piece(word + ": ", after + 1);
    return;
  }
  if (word == "import" || word == "hSetEncoding" || word == "default") {
    out.notes.push_back("`" + word + " …` is Haskell set-up; Phonon has nothing to do for it");
    return;
  }
  if (t.compare(after, 2, "<-") == 0) {  // `tidal <- startTidal …`, `tidalInst <- mkTidal`
    out.notes.push_back("`" + word +
                        " <- …` starts Tidal's stream in GHCi; Phonon is the stream, so there is "
                        "nothing to do");
    return;
  }
  if (word == "instance") {  // BootTidal's `instance Tidally where tidal = tidalInst`
    out.notes.push_back("`instance …` is Haskell set-up; Phonon has nothing to do for it");
    return;
  }
  if (word == "let") {
    const std::vector<std::string> names = let_names(t);
    for (const std::string& n : names) {
      if (builtin_commands().count(n) || slot_number(n) > 0) {
        out.notes.push_back("`let " + n + " = …` is BootTidal plumbing; Phonon provides `" + n + "` itself");
        return;
      }
    }
    if (mentions_stream(t)) {  // `let getState = streamGet tidal`: Tidal's stream, which Phonon replaces
      out.notes.push_back("`let " + (names.empty() ? std::string("…") : names.front()) +
                          " = …` uses Tidal's stream `tidal`; Phonon has no such stream, so it is skipped");
      return;
    }
    const std::string key = names.empty() ? t : names.front();
    s.lets.erase(std::remove_if(s.lets.begin(), s.lets.end(), [&](auto& l) { return l.first == key; }), s.lets.end());
    s.lets.emplace_back(key, piece("", 0));  // redefined names move to the end: later text sees them
    return;
  }

  // Output slots: `d1 $ …`, `d1 …`, `o1: …`, `p 3 $ …`, `p "name" $ …`, `out: …`.
  std::string key;
  size_t body_at = after;
  if (slot_number(word) > 0) {
    key = "o" + std::to_string(slot_number(word));
  } else if (word == "out" && after < t.size() && t[after] == ':') {
    key = "out";
  } else if (word == "p" || word == "jump") {
    // `p ARG $ body`: ARG is a number or a quoted name.
    const size_t a = after, ae = slot_token_end(t, a);
    std::optional<std::string> k = slot_argument(t.substr(a, ae - a));
    if (!k) {
      throw StatementError{a, std::max<size_t>(ae - a, 1), "`" + word + "` needs a slot number or a quoted name",
                           "write `" + word + " 1 $ s \"bd\"` or `" + word + " \"drums\" $ s \"bd\"`"};
    }
    key = *k;
    body_at = skip_space(t, ae);
    if (word == "jump") out.swap_now = true;
  }
  if (!key.empty()) {
    if (body_at < t.size() &&
        (t[body_at] == '$' || (t[body_at] == ':' && key.rfind("o", 0) == 0) || (t[body_at] == ':' && key == "out")))
      ++body_at;
    if (skip_space(t, body_at) >= t.size()) {
      throw StatementError{0, e, "`" + word + "` needs a pattern to play",
                           "write `" + word + " $ s \"bd*2\"`, or `" + word + " silence` to stop it"};
    }
    if (key == "out") {
      if (is_silence(t.substr(body_at))) s.outputs.erase(0);
      else s.outputs[0] = piece("out: ", body_at);
      return;
    }
    const int n = output_for(s, key);
    if (is_silence(t.substr(body_at))) s.outputs.erase(n);
    else {
      s.outputs[n] = piece("o" + std::to_string(n) + ": ", body_at);
      s.outputs[n].tidal_slot = word[0] != 'o';
    }
    remember(s, n, piece("", body_at));
    return;
  }

  auto hush_everything = [&] {  // every output stops and enters silence in its history; buses stay defined
    for (auto& [n, versions] : s.history) remember(s, n, silence);
    s.outputs.clear();
    s.onces.clear();
  };
  if (word == "hush") {
    if (skip_space(t, e) < t.size()) {
      std::optional<std::string> k = slot_argument(rest);
      if (!k) throw StatementError{after, rest.size(), "expected a slot after `hush`", "write `hush` or `hush d2`"};
      const int n = output_for(s, *k);
      s.outputs.erase(n);
      remember(s, n, silence);
      return;
    }
    hush_everything();
    return;
  }
  if (word == "setcps" || word == "setbpm") {
    if (rest.empty()) throw StatementError{0, e, "`" + word + "` needs a number", "write `" + word + " 0.5`"};
    s.tempo = piece(word == "setcps" ? "cps: " : "bpm: ", after);
    return;
  }
  if (word == "mute" || word == "unmute" || word == "solo" || word == "unsolo") {
    std::optional<std::string> k = slot_argument(rest);
    if (!k) {
      throw StatementError{after, std::max<size_t>(rest.size(), 1),
                           "`" + word + "` needs a slot number or a quoted name",
                           "write `" + word + " 1` (d1) or `" + word + " \"drums\"`"};
    }
    const int n = output_for(s, *k);
    std::set<int>& set = (word == "mute" || word == "unmute") ? s.muted : s.soloed;
    if (word == "mute" || word == "solo") set.insert(n);
    else set.erase(n);
    return;
  }
  if (word == "unmuteAll" && rest.empty()) return s.muted.clear();
  if (word == "unsoloAll" && rest.empty()) return s.soloed.clear();
  if (word == "all") {
    size_t b = after;
    if (b < t.size() && t[b] == '$') ++b;
    const std::string f = trimmed(t.substr(b));
    if (f.empty())
      throw StatementError{0, e, "`all` needs a function", "write `all $ (# speed 2)`, and `all id` to remove it"};
    if (f == "id") s.all.reset();
    else s.all = piece("", skip_space(t, b));
    return;
  }
  if (transitions().count(word)) return apply_transition(word, e, after, s, next_cycle);
  if (word == "once" || word == "first" || word == "asap") {
    // Tidal plays one cycle of the pattern at once (a random cycle for `once`, the first for `first`). Here it
    // plays from the next cycle boundary, so that the session log replays it exactly.
    size_t b = after;
    if (b < t.size() && t[b] == '$') ++b;
    if (skip_space(t, b) >= t.size())
      throw StatementError{0, e, "`" + word + "` needs a pattern", "write `" + word + " $ s \"cp\"`"};
    int n = kFirstOnceOutput;
    for (const auto& o : s.onces) {  // headers are "o<N>: …", written below
      int k = 0;
      std::from_chars(o.second.header.data() + 1, o.second.header.data() + o.second.header.size(), k);
      n = std::max(n, k + 1);
    }
    if (n > 4096) n = kFirstOnceOutput;  // more than 96 at once: reuse (the oldest have long played)
    // Which cycle of the pattern plays: for `once` one that depends only on when (Tidal picks at random).
    const int64_t source =
        word == "first" ? 0 : static_cast<int64_t>((static_cast<uint64_t>(next_cycle) * 2654435761u) % 8192u);
    Piece p = piece("o" + std::to_string(n) + ": playFor " + std::to_string(next_cycle) + " " +
                        std::to_string(next_cycle + 1) + " $ rotR (" + std::to_string(next_cycle - source) + ") $ ",
                    skip_space(t, b));
    p.tidal_slot = true;
    s.onces.emplace_back(next_cycle, std::move(p));
    return;
  }
  if (word == "only") {  // BootTidal's `only = (hush >>)`: everything stops, then the statement that follows runs
    size_t b = after;
    if (b < t.size() && t[b] == '$') ++b;
    b = skip_space(t, b);
    if (b >= t.size()) throw StatementError{0, e, "`only` needs a statement", "write `only $ d1 $ s \"bd*2\"`"};
    hush_everything();
    ReplStatement inner = st;
    inner.text = t.substr(b);
    const ReplOrigin o = origin_at(b);
    inner.line = st.line + (o.line - origin.line);
    inner.col = o.col;
    try {
      apply(inner, block, s, out, next_cycle);
    } catch (StatementError& err) {
      err.offset += b;  // located in this statement's text
      throw;
    }
    return;
  }
  if (word == "nudgeAll") {  // Tidal's streamNudgeAll: every event sounds that many seconds later
    double x = 0.0;
    size_t ne = after;
    while (ne < t.size() && !std::isspace(static_cast<unsigned char>(t[ne]))) ++ne;
    auto [ptr, ec] = std::from_chars(t.data() + after, t.data() + ne, x);
    if (after >= t.size() || ec != std::errc() || ptr != t.data() + ne || skip_space(t, ne) < t.size() ||
        !std::isfinite(x)) {
      throw StatementError{after < t.size() ? after : e, std::max<size_t>(ne - after, 1),
                           "`nudgeAll` needs a number of seconds", "write `nudgeAll 0.1`, and `nudgeAll 0` to undo it"};
    }
    if (x == 0.0) s.nudge.reset();
    else s.nudge = piece("", after);
    return;
  }
  if (word == "resetCycles" && rest.empty()) {
    out.reset_cycles = true;  // the state is unchanged: the engine's clock restarts (cli/repl.cpp)
    return;
  }
  if (word == "setCycle") {  // Tidal's streamSetCycle: the count continues from N at once
    const std::string usage = "write `setCycle 16` (a cycle of 0 or more)";
    size_t ne = after;
    const std::optional<double> cycle = cycles_at(t, after, &ne);
    if (!cycle || skip_space(t, ne) < t.size())
      throw StatementError{after < t.size() ? after : e, std::max<size_t>(t.size() - after, 1),
                           "`setCycle` needs the cycle to continue from", usage};
    if (!(*cycle <= 1e6))
      throw StatementError{after, ne - after, "`setCycle` goes to a cycle of at most a million", usage};
    out.reset_cycles = true;
    out.cycle_to = *cycle;
    return;
  }
  throw StatementError{0, e, "`" + word + "` is not a statement",
                       "to play an expression write `d1 $ " + trimmed(t.substr(0, std::min<size_t>(t.size(), 40))) +
                           "`; statements are d1 … d16, p, hush, mute, solo, all, setcps and let"};
}

ReplSession::Composed ReplSession::compose(const State& s) const {
  Composed c;
  auto add = [&](const std::vector<std::pair<std::string, ReplOrigin>>& parts) {
    // parts: (text, origin) pieces laid end to end; a part may span lines.
    std::vector<Segment> line;
    int col = 1;
    for (const auto& [text, origin] : parts) {
      ReplOrigin o = origin;
      line.push_back({col, o});
      for (char ch : text) {
        c.text += ch;
        if (ch == '\n') {
          c.lines.push_back(std::move(line));
          line.clear();
          ++o.line;
          o.col = 1;
          col = 1;
          line.push_back({1, o});
        } else {
          ++col;
        }
      }
    }
    c.text += '\n';
    c.lines.push_back(std::move(line));
  };
  for (const auto& [name, p] : s.lets) add({{p.body, p.body_origin}});
  if (s.tempo) add({{s.tempo->header, s.tempo->header_origin}, {s.tempo->body, s.tempo->body_origin}});
  for (const auto& [name, p] : s.buses) add({{p.header, p.header_origin}, {p.body, p.body_origin}});
  bool any = false;
  for (const auto& [n, p] : s.outputs) {
    if (s.muted.count(n) || (!s.soloed.empty() && !s.soloed.count(n))) continue;
    any = true;
    std::vector<Part> parts = {{p.header, p.header_origin}};
    if (s.all) {
      parts.push_back({"(", s.all->body_origin});
      parts.push_back({s.all->body, s.all->body_origin});
      parts.push_back({") $ (", s.all->body_origin});
    }
    if (s.nudge && p.tidal_slot)
      parts.push_back({"(|+ nudge " + trimmed(s.nudge->body) + ") $ (", s.nudge->body_origin});
    parts.insert(parts.end(), p.prefix.begin(), p.prefix.end());
    parts.push_back({p.body, p.body_origin});
    parts.insert(parts.end(), p.suffix.begin(), p.suffix.end());
    if (s.nudge && p.tidal_slot) parts.push_back({"\n  )", p.body_origin});
    if (s.all) parts.push_back({"\n  )", p.body_origin});
    add(parts);
  }
  for (const auto& [cycle, p] : s.onces) {
    any = true;
    std::vector<Part> parts = {{p.header, p.header_origin}};
    if (s.nudge) parts.push_back({"(|+ nudge " + trimmed(s.nudge->body) + ") $ ", s.nudge->body_origin});
    parts.insert(parts.end(), {{"(", p.body_origin}, {p.body, p.body_origin}, {"\n  )", p.body_origin}});
    add(parts);
  }
  // With no output statement a program plays its buses ~d1, ~d2 …; a hushed session plays nothing.
  if (!any) add({{"hush", ReplOrigin{input_name_, 1, 1}}});
  return c;
}

std::string ReplSession::tidal_type(const std::string& d) {
  if (d == "a pattern of controls") return "ControlPattern";
  if (d == "a pattern of numbers") return "Pattern Double";
  if (d == "a pattern of notes") return "Pattern Note";
  if (d == "a pattern of strings") return "Pattern String";
  if (d == "a pattern of booleans") return "Pattern Bool";
  if (d == "a pattern of integers") return "Pattern Int";
  if (d == "a pattern of times") return "Pattern Time";
  if (d == "a pattern") return "Pattern a";
  if (d == "an audio signal") return "an audio signal (Phonon's synthesis language; Tidal has no such type)";
  return d;
}

std::string ReplSession::map_messages(const std::string& messages) const {
  const std::string prefix = std::string(kProgramName) + ":";
  std::string out;
  size_t pos = 0;
  while (pos < messages.size()) {
    size_t nl = messages.find('\n', pos);
    std::string line = messages.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos + 1);
    pos = nl == std::string::npos ? messages.size() : nl + 1;
    if (line.rfind(prefix, 0) == 0) {
      int l = 0, col = 0;
      const char* b = line.data() + prefix.size();
      const char* end = line.data() + line.size();
      auto [p1, e1] = std::from_chars(b, end, l);
      if (e1 == std::errc() && p1 < end && *p1 == ':') {
        auto [p2, e2] = std::from_chars(p1 + 1, end, col);
        if (e2 == std::errc() && l >= 1 && static_cast<size_t>(l) <= last_.lines.size()) {
          const std::vector<Segment>& segs = last_.lines[static_cast<size_t>(l - 1)];
          const Segment* seg = &segs.front();
          for (const Segment& sg : segs)
            if (sg.col <= col) seg = &sg;
          const int ocol = seg->origin.col + (col - seg->col);
          line = seg->origin.name + ":" + std::to_string(seg->origin.line) + ":" + std::to_string(ocol) +
                 std::string(p2, end);
        }
      }
    }
    out += line;
  }
  return out;
}

}  // namespace phonon
