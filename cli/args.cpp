#include "cli/args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace phonon::cli {

std::string Args::take_option(const std::string& arg) {
  has_inline_ = false;
  if (arg.rfind("--", 0) == 0) {
    auto eq = arg.find('=');
    if (eq != std::string::npos) {
      inline_value_ = arg.substr(eq + 1);
      has_inline_ = true;
      return arg.substr(0, eq);
    }
  }
  return arg;
}

std::string Args::value(const std::string& opt) {
  if (has_inline_) {
    has_inline_ = false;
    return inline_value_;
  }
  if (done()) throw UsageError("option " + opt + " needs a value");
  return next();
}

double Args::number(const std::string& opt, double lo, double hi) {
  std::string v = value(opt);
  char* end = nullptr;
  errno = 0;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || errno != 0 || !std::isfinite(x))
    throw UsageError("option " + opt + " expects a number, got `" + v + "`");
  if (x < lo || x > hi) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "option %s must be between %g and %g, got %s", opt.c_str(), lo, hi, v.c_str());
    throw UsageError(buf);
  }
  return x;
}

int Args::integer(const std::string& opt, int lo, int hi) {
  double x = number(opt, lo, hi);
  if (x != std::floor(x)) throw UsageError("option " + opt + " expects a whole number");
  return static_cast<int>(x);
}

}  // namespace phonon::cli
