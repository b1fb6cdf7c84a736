#pragma once
// Each subcommand lives in its own file and adds itself to the app. A
// subcommand's callback sets `exit_code`: 0 ok, 1 runtime failure, 2 usage.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "kith/core/result.hpp"

namespace kith::cli {

inline constexpr const char* kDefaultDbUrl = "kith-data/kith.db";

void add_serve(CLI::App& app, int& exit_code);    // serve.cpp
void add_migrate(CLI::App& app, int& exit_code);  // admin.cpp
void add_backup(CLI::App& app, int& exit_code);   // admin.cpp
void add_version(CLI::App& app, int& exit_code);  // admin.cpp
void add_demo(CLI::App& app, int& exit_code);     // demo.cpp
void add_import(CLI::App& app, int& exit_code);   // exchange.cpp
void add_export(CLI::App& app, int& exit_code);   // exchange.cpp
void add_user(CLI::App& app, int& exit_code);     // user.cpp: kith user add|grant|revoke|list|…
void add_survey(CLI::App& app, int& exit_code);   // survey.cpp: kith survey score

// Prints "kith: <message>" (with field/line when set) to stderr.
void print_error(const ::kith::Error& e);

// The whole file, or not_found / too_large (over `bytes_max`) naming the path.
::kith::Result<std::string> read_file(const std::string& path, uint64_t bytes_max);

}  // namespace kith::cli
