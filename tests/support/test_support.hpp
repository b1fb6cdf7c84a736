#pragma once
// Shared by every suite: throwaway folders and databases.
#include <string>

namespace kith::test {

// A fresh folder under /tmp, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The engine under test: "postgresql" when KITH_TEST_ENGINE=postgresql (then
// KITH_TEST_PG_URL names a server whose user may CREATE DATABASE), else "sqlite".
std::string engine_under_test();
bool testing_postgres();

// A URL for a new, empty database on the engine under test. SQLite: a file in
// `dir`. PostgreSQL: a freshly created database with a unique name.
std::string fresh_db_url(const TempDir& dir);
// A new database holding a copy of `template_url` (one fresh_db_url made):
// SQLite copies the file into `dir`; PostgreSQL uses CREATE DATABASE …
// TEMPLATE, so nobody may be connected to the template.
std::string fresh_db_copy(const TempDir& dir, const std::string& template_url);

}  // namespace kith::test
