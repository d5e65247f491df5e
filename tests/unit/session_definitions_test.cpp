// A live session on standard input keeps its definitions: a block of `let` statements is checked and
// remembered, and later blocks compile with those names in scope (compiler/session_definitions.hpp).
#include <gtest/gtest.h>

#include "compiler/compile.hpp"
#include "compiler/session_definitions.hpp"

using namespace phonon;

namespace {

CompileResult compile_block(const SessionDefinitions& session, const std::string& text) {
  CompileOptions o;
  o.definitions = session.files();
  return compile_source(std::make_shared<const SourceFile>("<stdin>", text), o);
}

}  // namespace

TEST(SessionDefinitions, OnlyDefinitionsRecognisesABlockOfLets) {
  EXPECT_TRUE(SessionDefinitions::only_definitions("let pat = \"bd sn\"\n"));
  EXPECT_TRUE(SessionDefinitions::only_definitions("let f p = fast 2 p\n    g = rev\nlet h = id\n"));
  EXPECT_FALSE(SessionDefinitions::only_definitions("let pat = \"bd\"\nd1 $ s pat\n"));
  EXPECT_FALSE(SessionDefinitions::only_definitions("d1 $ s \"bd\"\n"));
  EXPECT_FALSE(SessionDefinitions::only_definitions("let pat =\n"));
  EXPECT_FALSE(SessionDefinitions::only_definitions("\n"));
}

TEST(SessionDefinitions, LaterBlocksSeeEarlierDefinitions) {
  SessionDefinitions session;
  EXPECT_FALSE(compile_block(session, "d1 $ s pat\n").ok());
  EXPECT_EQ(session.define("<stdin>", "let pat = \"bd*2 sn\"\n"), "");
  EXPECT_EQ(session.define("<stdin>", "let f p = every 2 (fast 2) p\n"), "");
  CompileResult r = compile_block(session, "d1 $ f $ s pat\n");
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
  // An error in the new block names the block's own line.
  CompileResult bad = compile_block(session, "\nd1 $ s pat # nosuch 1\n");
  ASSERT_TRUE(bad.diagnostics.has_errors());
  EXPECT_EQ(bad.diagnostics.items()[0].short_form(), "2:14: error: unknown function `nosuch`");
}

TEST(SessionDefinitions, ADefinitionWithErrorsIsNotRemembered) {
  SessionDefinitions session;
  std::string errors = session.define("<stdin>", "let p = fast \"x\" $ s \"bd\"\n");
  EXPECT_NE(errors.find("error"), std::string::npos);
  EXPECT_TRUE(session.files().empty());
  EXPECT_FALSE(compile_block(session, "d1 $ p\n").ok());
}

TEST(SessionDefinitions, DefinitionsInsideAProgramBlockAreRemembered) {
  SessionDefinitions session;
  session.remember("<stdin>", "let pat = \"hh*4\"\nd1 $ s pat\n");
  CompileResult r = compile_block(session, "d2 $ s pat # speed 2\n");
  EXPECT_TRUE(r.ok()) << r.diagnostics.render_all();
}
