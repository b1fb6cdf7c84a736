// `kith import` and `kith export`: whole-area exchange with Kumu, edge lists,
// JSON, GraphML and GEXF (see domain/exchange.hpp).
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "kith/cli/commands.hpp"
#include "kith/exchange/exchange.hpp"
#include "kith/domain/register.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/store.hpp"

namespace kith::cli {
namespace {

struct ImportOptions {
  std::string db = kDefaultDbUrl;
  std::string area;
  std::string new_area;
  std::string format = "kumu";
  std::string elements, connections, file;
};

struct ExportOptions {
  std::string db = kDefaultDbUrl;
  std::string area;
  std::string format;
  std::string part;
  std::string out;
};

// Import errors already name the file, line and column in their message.
void print_import_error(const Error& e) {
  if (e.code == Errc::invalid && (e.line > 0 || !e.field.empty())) {
    std::cerr << "kith: " << e.message << "\n";
    return;
  }
  print_error(e);
}

std::string join_counts(const std::map<std::string, int64_t>& counts) {
  std::string out;
  for (const auto& [name, n] : counts) {
    if (n == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + name;
  }
  return out.empty() ? "nothing" : out;
}

void print_report(const exchange::ImportReport& r, const std::string& area) {
  std::cout << "Imported " << r.rows << " row(s) into area " << area << "\n"
            << "  added:     " << join_counts(r.added) << "\n"
            << "  updated:   " << join_counts(r.updated) << "\n"
            << "  unchanged: " << join_counts(r.unchanged) << "\n";
  if (r.merged > 0) std::cout << "  merged:    " << r.merged << " repeated pair(s) (the larger weight kept)\n";
}

// Usage problems exit 2; bad data and runtime failures exit 1.
int run_import(const ImportOptions& o) {
  auto format = exchange::parse_format(o.format);
  if (!format) { print_error(format.error()); return 2; }
  if (o.area.empty() == o.new_area.empty()) {
    std::cerr << "kith: give either --area ID or --new-area NAME\n";
    return 2;
  }
  exchange::ImportSource src;
  src.format = *format;
  if (*format == exchange::Format::kumu) {
    if (!o.file.empty() || (o.elements.empty() && o.connections.empty())) {
      std::cerr << "kith: a Kumu import takes --elements FILE and/or --connections FILE\n";
      return 2;
    }
    if (!o.elements.empty()) {
      auto text = read_file(o.elements, exchange::kImportBytesMax);
      if (!text) { print_error(text.error()); return 1; }
      src.elements = std::move(*text);
    }
    if (!o.connections.empty()) {
      auto text = read_file(o.connections, exchange::kImportBytesMax);
      if (!text) { print_error(text.error()); return 1; }
      src.connections = std::move(*text);
    }
    src.name = o.elements.empty() ? "elements" : std::filesystem::path(o.elements).filename().string();
    src.connections_name =
        o.connections.empty() ? "connections" : std::filesystem::path(o.connections).filename().string();
  } else if (*format == exchange::Format::edgelist || *format == exchange::Format::json) {
    if (o.file.empty() || !o.elements.empty() || !o.connections.empty()) {
      std::cerr << "kith: an " << o.format << " import takes one FILE (and no --elements/--connections)\n";
      return 2;
    }
    auto text = read_file(o.file, exchange::kImportBytesMax);
    if (!text) { print_error(text.error()); return 1; }
    src.elements = std::move(*text);
    src.name = std::filesystem::path(o.file).filename().string();
  } else {
    std::cerr << "kith: import reads kumu, edgelist or json; " << o.format << " is for export only\n";
    return 2;
  }

  auto store = store::open_store(o.db, store::StoreOptions{.pool_size = 1});
  if (!store) { print_error(store.error()); return 1; }
  model::Actor who;
  // --new-area: the area is created in the import's transaction, so a refused
  // file leaves no empty area behind.
  auto report = o.new_area.empty() ? exchange::import_data(**store, o.area, src, who)
                                   : exchange::import_new_area(**store, o.new_area, src, who);
  if (!report) {
    print_import_error(report.error());
    std::cerr << "kith: nothing was imported" << (o.new_area.empty() ? "" : " and no area was created") << "\n";
    return 1;
  }
  const std::string& area = report->area_id;
  if (!o.new_area.empty()) std::cout << "Created area " << area << " (" << o.new_area << ")\n";
  print_report(*report, area);
  return 0;
}

// Exports hold personal data: write them readable by the owner only, and
// whole (a temporary file renamed into place).
Result<void> write_private_file(const std::string& path, const std::string& text) {
  std::string tmp = path + ".partial";
  mode_t old = umask(077);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    umask(old);
    if (!out) return internal_error("Cannot write " + tmp);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      return internal_error("Cannot write all of " + tmp);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return internal_error("Cannot move the export into place at " + path + ": " + ec.message());
  }
  return {};
}

// To stdout, or to --out readable by the owner only.
int deliver(const ExportOptions& o, const std::string& text) {
  if (o.out.empty()) {
    std::cout << text;
    std::cout.flush();
    return std::cout ? 0 : 1;
  }
  auto written = write_private_file(o.out, text);
  if (!written) { print_error(written.error()); return 1; }
  std::cerr << "Wrote " << text.size() << " bytes to " << o.out << "\n";
  return 0;
}

// The pseudonymised research export is not a Format value (exchange.hpp says why).
int run_research_export(const ExportOptions& o) {
  if (!o.part.empty()) {
    std::cerr << "kith: --part is only for Kumu exports\n";
    return 2;
  }
  auto store = store::open_store(o.db, store::StoreOptions{.pool_size = 1});
  if (!store) { print_error(store.error()); return 1; }
  auto text = exchange::export_research(**store, o.area, model::Actor{});
  if (!text) { print_error(text.error()); return 1; }
  return deliver(o, *text);
}

int run_export(const ExportOptions& o) {
  if (o.format == exchange::kResearchFormatName) return run_research_export(o);
  auto format = exchange::parse_format(o.format);
  if (!format) { print_error(format.error()); return 2; }
  if (*format == exchange::Format::kumu && o.part != "elements" && o.part != "connections") {
    std::cerr << "kith: a Kumu export needs --part elements or --part connections\n";
    return 2;
  }
  if (*format != exchange::Format::kumu && !o.part.empty()) {
    std::cerr << "kith: --part is only for Kumu exports\n";
    return 2;
  }
  auto store = store::open_store(o.db, store::StoreOptions{.pool_size = 1});
  if (!store) { print_error(store.error()); return 1; }
  auto text = exchange::export_data(**store, o.area, *format, o.part, model::Actor{});
  if (!text) { print_error(text.error()); return 1; }
  return deliver(o, *text);
}

}  // namespace

void add_import(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "import", "Import people, groups, places, ties and affiliations into an area (all or nothing; re-importing "
                "the same file changes nothing)");
  auto o = std::make_shared<ImportOptions>();
  cmd->add_option("--db", o->db, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  cmd->add_option("--area", o->area, "Area id to import into");
  cmd->add_option("--new-area", o->new_area, "Create a new area with this name and import into it");
  cmd->add_option("--format", o->format, "kumu, edgelist or json")->capture_default_str();
  cmd->add_option("--elements", o->elements, "Kumu elements CSV (ID, Label, Type, …)");
  cmd->add_option("--connections", o->connections, "Kumu connections CSV (From, To, Type, …)");
  cmd->add_option("FILE", o->file, "The edge list (source,target[,weight]) or JSON file");
  cmd->callback([o, &exit_code] { exit_code = run_import(*o); });
}

void add_export(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("export", "Export an area as kumu, edgelist, json, graphml or gexf");
  auto o = std::make_shared<ExportOptions>();
  cmd->add_option("--db", o->db, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  cmd->add_option("--area", o->area, "Area id to export")->required();
  cmd->add_option("--format", o->format, "kumu, edgelist, json, graphml, gexf or research (pseudonymised)")->required();
  cmd->add_option("--part", o->part, "Kumu only: elements or connections");
  cmd->add_option("--out", o->out, "Write to FILE (owner-only permissions) instead of standard output");
  cmd->callback([o, &exit_code] { exit_code = run_export(*o); });
}

}  // namespace kith::cli
