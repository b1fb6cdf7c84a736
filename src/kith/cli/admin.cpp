// migrate, backup and version: the small housekeeping subcommands.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "kith/cli/commands.hpp"
#include "kith/store/store.hpp"

namespace kith::cli {

void print_error(const Error& e) {
  std::cerr << "kith: " << e.message;
  if (e.line > 0) std::cerr << " (line " << e.line << ")";
  if (!e.field.empty()) std::cerr << " [field: " << e.field << "]";
  std::cerr << "\n";
}

Result<std::string> read_file(const std::string& path, uint64_t bytes_max) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{Errc::not_found, "Cannot read " + path + ": " + ec.message(), {}, 0};
  if (size > bytes_max)
    return Error{Errc::too_large, path + " is larger than " + std::to_string(bytes_max >> 20) + " MB; split it", {}, 0};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{Errc::not_found, "Cannot open " + path, {}, 0};
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (!in) return internal_error("Cannot read all of " + path);
  return text;
}

namespace {

Result<std::unique_ptr<store::Store>> open_without_migrating(const std::string& url) {
  store::StoreOptions opts;
  opts.migrate = false;
  opts.pool_size = 1;
  return store::open_store(url, opts);
}

}  // namespace

void add_migrate(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("migrate", "Apply pending database migrations and report the schema version");
  auto url = std::make_shared<std::string>(kDefaultDbUrl);
  cmd->add_option("--db", *url, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  cmd->callback([url, &exit_code] {
    auto s = open_without_migrating(*url);
    if (!s) { print_error(s.error()); exit_code = 1; return; }
    auto applied = (*s)->migrate();
    if (!applied) { print_error(applied.error()); exit_code = 1; return; }
    auto version = (*s)->schema_version();
    if (!version) { print_error(version.error()); exit_code = 1; return; }
    std::cout << "Applied " << *applied << " migration(s); schema version " << *version << " (" << (*s)->engine()
              << ")\n";
  });
}

void add_backup(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("backup", "Copy a live SQLite database to FILE without stopping the server");
  auto url = std::make_shared<std::string>(kDefaultDbUrl);
  auto file = std::make_shared<std::string>();
  cmd->add_option("--db", *url, "Database to back up")->capture_default_str();
  cmd->add_option("FILE", *file, "Where to write the copy (must not exist)")->required();
  cmd->callback([url, file, &exit_code] {
    auto s = store::open_store(*url);
    if (!s) { print_error(s.error()); exit_code = 1; return; }
    auto r = (*s)->backup(*file);
    if (!r) { print_error(r.error()); exit_code = 1; return; }
    std::cout << "Backed up to " << *file << "\n";
  });
}

void add_version(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the kith version and the newest schema version it knows");
  cmd->callback([&exit_code] {
    auto all = store::migrations();
    std::cout << "kith " << KITH_VERSION << " (schema " << (all.empty() ? 0 : all.back().version) << ")\n";
    exit_code = 0;
  });
}

}  // namespace kith::cli
