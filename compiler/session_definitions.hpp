// The definitions of a live session. In Tidal a `let` evaluated on its own keeps the music playing and its names
// stay defined for everything evaluated after it; `phonon live -` gets the same from this record: a block of
// definitions is checked and remembered (the program keeps playing), and every later block is compiled with the
// remembered definitions before it (CompileOptions::definitions).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/source.hpp"

namespace phonon {

class SessionDefinitions {
 public:
  // True if `text` is nothing but `let` statements (definitions) and parses without error.
  static bool only_definitions(const std::string& text);
  // Checks a block of definitions against the remembered ones; remembers it and returns "" if it has no error,
  // else returns the rendered errors (the block is then forgotten).
  std::string define(const std::string& name, const std::string& text);
  // Remembers the `let` statements of a block that compiled without error (a program may define names too).
  void remember(const std::string& name, const std::string& text);
  const std::vector<std::shared_ptr<const SourceFile>>& files() const { return files_; }

 private:
  std::vector<std::shared_ptr<const SourceFile>> files_;
};

}  // namespace phonon
