#include "support/test_support.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

namespace kith::test {
namespace {

std::string random_suffix() {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000) + "_" + std::to_string(counter++);
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// Replace the database name (the path after the host part) in a libpq URL.
std::string with_database(const std::string& url, const std::string& db) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  auto query = url.find('?');
  std::string base = slash == std::string::npos ? url.substr(0, query) : url.substr(0, slash);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + db + rest;
}

}  // namespace

TempDir::TempDir() {
  auto p = std::filesystem::temp_directory_path() / ("kith-test-" + random_suffix());
  std::filesystem::create_directories(p);
  path_ = p.string();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string engine_under_test() { return env_or("KITH_TEST_ENGINE", "sqlite"); }
bool testing_postgres() { return engine_under_test() == "postgresql"; }

namespace {

std::string create_pg_database(const std::string& clause) {
  std::string admin = env_or("KITH_TEST_PG_URL", "");
  if (admin.empty()) throw std::runtime_error("KITH_TEST_ENGINE=postgresql needs KITH_TEST_PG_URL");
  std::string name = "kith_t_" + random_suffix();
  PGconn* c = PQconnectdb(admin.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test PostgreSQL: " + msg);
  }
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name + clause).c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + msg);
  return with_database(admin, name);
}

// The database name of a libpq URL: after the host part, before any query.
std::string database_of(const std::string& url) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) throw std::runtime_error("no database in " + url);
  auto query = url.find('?', slash);
  return url.substr(slash + 1, query == std::string::npos ? std::string::npos : query - slash - 1);
}

}  // namespace

std::string fresh_db_url(const TempDir& dir) {
  if (!testing_postgres()) return dir.file("kith.db");
  return create_pg_database("");
}

std::string fresh_db_copy(const TempDir& dir, const std::string& template_url) {
  if (testing_postgres()) return create_pg_database(" TEMPLATE " + database_of(template_url));
  std::string copy = dir.file("kith.db");
  std::filesystem::copy_file(template_url, copy, std::filesystem::copy_options::overwrite_existing);
  std::error_code ec;  // a WAL left behind holds committed pages too
  if (std::filesystem::exists(template_url + "-wal", ec))
    std::filesystem::copy_file(template_url + "-wal", copy + "-wal", std::filesystem::copy_options::overwrite_existing);
  return copy;
}

}  // namespace kith::test
