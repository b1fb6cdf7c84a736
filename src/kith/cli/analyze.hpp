#pragma once
#include <CLI/CLI.hpp>

namespace kith::cli {
// `kith analyze --edges E.csv [--nodes N.csv] …`: per-node and graph-level
// network metrics (NetworkX definitions) as JSON or CSV.
void add_analyze(CLI::App& app, int& exit_code);
}  // namespace kith::cli
