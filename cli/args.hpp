// Small helpers shared by the subcommands: option values with clear errors.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace phonon::cli {

// A usage error: printed as "phonon <cmd>: error: <message>" with exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  Args(int argc, char** argv) : cmd_(argc > 0 ? argv[0] : "") {
    for (int i = 1; i < argc; ++i) items_.emplace_back(argv[i]);
  }
  bool done() const { return pos_ >= items_.size(); }
  const std::string& next() { return items_[pos_++]; }
  const std::string& peek() const { return items_[pos_]; }
  // The value after an option (`--rate 48000` or `--rate=48000`).
  std::string value(const std::string& opt);
  double number(const std::string& opt, double lo, double hi);
  int integer(const std::string& opt, int lo, int hi);
  const std::string& command() const { return cmd_; }
  // Splits "--opt=value" into "--opt" and stores the value for value().
  std::string take_option(const std::string& arg);

 private:
  std::string cmd_;
  std::vector<std::string> items_;
  size_t pos_ = 0;
  std::string inline_value_;
  bool has_inline_ = false;
};

}  // namespace phonon::cli
