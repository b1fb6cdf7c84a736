// `kith survey score`: scores a CSV of answers entered from paper forms with
// one of the validated scales (src/kith/measures, docs/measures.md). Every row
// is checked and scored before anything is printed, so a file with one bad
// cell prints nothing on standard output and every problem on standard error.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kith/cli/commands.hpp"
#include "kith/exchange/csv.hpp"
#include "kith/exchange/read_netcanvas.hpp"
#include "kith/measures/scale.hpp"
#include "kith/measures/score.hpp"
#include "kith/domain/survey/surveys.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/store.hpp"

namespace kith::cli {
namespace {

namespace m = kith::measures;

inline constexpr uint64_t kResponsesBytesMax = uint64_t{64} << 20;  // a paper survey is far smaller
inline constexpr size_t kSurveyErrorsShown = 50;                      // then "and N more"

struct ScoreOptions {
  std::string scale, responses, format = "json";
};

struct ScoredRow {
  std::string id;
  m::ScaleScore score;
};

// Where each column of the header is: the id's index and each item's index.
struct ResponseColumns {
  size_t id = 0;
  std::vector<size_t> item;  // item i + 1 is at field item[i]
};

std::string survey_item_column(const m::Scale& s, size_t item) { return fmt::format("{}_{}", s.name, item); }

std::string survey_column_list(const m::Scale& s) {
  return s.item_count() == 1 ? "id and " + survey_item_column(s, 1)
                             : fmt::format("id and {} … {}", survey_item_column(s, 1),
                                           survey_item_column(s, s.item_count()));
}

std::string_view trim_cell(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

Error header_error(const exchange::csv::Reader& r, std::string reason) {
  Error e = invalid("", r.where(r.line()) + ": " + reason);
  e.line = r.line();
  e.file = r.file_name();
  e.reason = std::move(reason);
  return e;
}

// The header must hold `id` and exactly the scale's item columns, each once,
// in any order.
Result<ResponseColumns> read_header(exchange::csv::Reader& r, const m::Scale& s) {
  auto first = r.next();
  if (!first) return first.error();
  if (!*first)
    return invalid("", fmt::format("{} is empty: it needs a header row with {}", r.file_name(), survey_column_list(s)));
  std::vector<std::string> names;
  for (auto f : r.fields()) names.emplace_back(trim_cell(f));
  r.set_column_names(names);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) return r.error_at(i, "the column has no name; name it or delete it");
    auto [at, fresh] = index.emplace(names[i], i);
    if (!fresh) return r.error_at(i, fmt::format("\"{}\" is already column {}", names[i], at->second + 1));
  }
  ResponseColumns cols;
  std::vector<std::string> absent;
  auto id = index.find("id");
  if (id == index.end()) return header_error(r, fmt::format("there is no id column; a {} file has {}", s.name,
                                                            survey_column_list(s)));
  cols.id = id->second;
  for (size_t item = 1; item <= s.item_count(); ++item) {
    auto it = index.find(survey_item_column(s, item));
    if (it == index.end()) absent.push_back(survey_item_column(s, item));
    else cols.item.push_back(it->second);
  }
  if (cols.item.size() + 1 != names.size()) {
    for (size_t i = 0; i < names.size(); ++i) {
      bool known = i == cols.id;
      for (size_t c : cols.item) known = known || c == i;
      if (!known)
        return r.error_at(i, fmt::format("\"{}\" is not a column of {}; a {} file has {}", names[i], s.name, s.name,
                                         survey_column_list(s)));
    }
  }
  if (!absent.empty())
    return header_error(r, fmt::format("{} {} missing; a {} file has {}", fmt::join(absent, ", "),
                                       absent.size() == 1 ? "is" : "are", s.name, survey_column_list(s)));
  return cols;
}

// Reads and scores every row; the errors of all rows (none: all scored).
std::vector<Error> score_rows(exchange::csv::Reader& r, const m::Scale& s, const ResponseColumns& cols,
                              std::vector<ScoredRow>& out) {
  std::vector<Error> errors;
  std::map<std::string, long> id_line;
  const size_t width = cols.item.size() + 1;
  for (;;) {
    auto more = r.next();
    if (!more) { errors.push_back(more.error()); break; }  // the reader cannot go on past a broken record
    if (!*more) break;
    const auto& f = r.fields();
    if (f.size() != width) {
      errors.push_back(header_error(r, fmt::format("this row has {} cells but the header has {}", f.size(), width)));
      continue;
    }
    const std::string id(trim_cell(f[cols.id]));
    bool ok = true;
    if (id.empty()) {
      errors.push_back(r.error_at(cols.id, "the id is blank; give every respondent an id"));
      ok = false;
    } else if (auto [at, fresh] = id_line.emplace(id, r.line()); !fresh) {
      errors.push_back(r.error_at(cols.id, fmt::format("the id \"{}\" is also on line {}; each respondent needs "
                                                       "their own id", id, at->second)));
      ok = false;
    }
    std::vector<std::optional<int>> answers;
    for (size_t c : cols.item) {
      auto a = m::parse_answer(s, f[c]);
      if (!a) { errors.push_back(r.error_at(c, a.error().message)); ok = false; continue; }
      answers.push_back(*a);
    }
    if (!ok) continue;
    auto scored = m::score(s, answers);
    if (!scored) { errors.push_back(header_error(r, scored.error().message)); continue; }
    out.push_back({id, std::move(*scored)});
  }
  return errors;
}

std::string survey_metric_text(const m::ScaleScore& sc) {
  if (!sc.metric_hundredths) return "";
  return fmt::format("{}.{:02}", *sc.metric_hundredths / 100, *sc.metric_hundredths % 100);
}

std::string json_text(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }
std::string json_text_or_null(const std::optional<std::string_view>& s) { return s ? json_text(*s) : "null"; }

std::string survey_bands_text(const m::ScaleScore& sc) {
  if (!sc.bands) return "null";
  std::string out = "{";
  for (size_t i = 0; i < m::Ons4Bands::kNames.size(); ++i)
    out += fmt::format("{}{}: {}", i ? ", " : "", json_text(m::Ons4Bands::kNames[i]),
                       json_text_or_null(sc.bands->band[i]));
  return out + "}";
}

// One respondent a line, the fields in a fixed order. Written here rather
// than through a JSON library so the metric keeps its two published decimals
// (7.00, not 7.0); strings are escaped by nlohmann-json.
std::string scores_json(const std::vector<ScoredRow>& rows) {
  if (rows.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& sc = rows[i].score;
    const std::string metric = survey_metric_text(sc);
    out += fmt::format(" {{\"id\": {}, \"raw\": {}, \"metric\": {}, \"category\": {}, \"bands\": {}, "
                       "\"missing\": [{}]}}{}\n",
                       json_text(rows[i].id), sc.raw ? std::to_string(*sc.raw) : "null",
                       metric.empty() ? "null" : metric, json_text_or_null(sc.category), survey_bands_text(sc),
                       fmt::join(sc.missing, ", "), i + 1 < rows.size() ? "," : "");
  }
  return out + "]\n";
}

// Columns: id, raw, metric (two decimals), category, missing (item numbers
// separated by spaces), and for ONS4 one band column a question; a blank cell
// is null. Cells go through spreadsheet_text: the file is for a spreadsheet.
std::string scores_csv(const m::Scale& s, const std::vector<ScoredRow>& rows) {
  std::vector<std::string> header{"id", "raw", "metric", "category", "missing"};
  const bool ons4 = s.id == m::ScaleId::ons4;
  if (ons4)
    for (auto n : m::Ons4Bands::kNames) header.emplace_back(n);
  std::string out;
  auto append = [&out](const std::vector<std::string>& cells) {
    std::vector<std::string_view> views(cells.begin(), cells.end());
    exchange::csv::append_spreadsheet_record(out, views);
  };
  append(header);
  for (const auto& row : rows) {
    const auto& sc = row.score;
    std::vector<std::string> cells{row.id, sc.raw ? std::to_string(*sc.raw) : "",
                                   survey_metric_text(sc),
                                   sc.category ? std::string(*sc.category) : "",
                                   fmt::format("{}", fmt::join(sc.missing, " "))};
    if (ons4)
      for (const auto& band : sc.bands->band) cells.emplace_back(band ? std::string(*band) : "");
    append(cells);
  }
  return out;
}

void print_survey_errors(const std::vector<Error>& errors) {
  for (size_t i = 0; i < errors.size() && i < kSurveyErrorsShown; ++i) std::cerr << "kith: " << errors[i].message << "\n";
  if (errors.size() > kSurveyErrorsShown)
    std::cerr << "kith: and " << errors.size() - kSurveyErrorsShown << " more problem(s)\n";
  std::cerr << "kith: nothing was scored; correct the file and run the command again\n";
}

int run_score(const ScoreOptions& o) {
  auto s = m::find_scale(o.scale);
  if (!s) { print_error(s.error()); return 2; }
  auto text = read_file(o.responses, kResponsesBytesMax);
  if (!text) { print_error(text.error()); return 1; }
  exchange::csv::Reader r(*text, o.responses);
  auto cols = read_header(r, **s);
  if (!cols) { print_survey_errors({cols.error()}); return 1; }
  std::vector<ScoredRow> rows;
  auto errors = score_rows(r, **s, *cols, rows);
  if (!errors.empty()) { print_survey_errors(errors); return 1; }
  std::cout << (o.format == "csv" ? scores_csv(**s, rows) : scores_json(rows));
  return 0;
}

// ---- kith survey import ------------------------------------------------------

struct PaperImportOptions {
  std::string wave, responses, db = kDefaultDbUrl;
};

// A paper import's header: id, consent, optionally consent_scope, and the
// item columns of one or more scales, each scale with all its items.
struct PaperColumns {
  size_t id = 0, consent = 0;
  std::optional<size_t> scope;
  std::vector<std::pair<const m::Scale*, std::vector<size_t>>> scales;  // item i + 1 at index [i]
  size_t width = 0;
};

constexpr std::string_view kPaperColumns =
    "id, consent (given), consent_scope (optional: research timebank referrals suggestions) and each scale's items "
    "<scale>_<item number>";

// "swemwbs_3" → (swemwbs, 3); nullopt when the name is no scale's item.
std::optional<std::pair<const m::Scale*, size_t>> item_of_column(std::string_view name) {
  for (const m::Scale& s : m::all_scales()) {
    const std::string prefix = std::string(s.name) + "_";
    if (!name.starts_with(prefix)) continue;
    // The item numbers as the publisher numbers them: "1" … "14", never "01".
    for (size_t n = 1; n <= s.item_count(); ++n)
      if (name.substr(prefix.size()) == std::to_string(n)) return std::make_pair(&s, n);
  }
  return std::nullopt;
}

Result<PaperColumns> read_paper_header(exchange::csv::Reader& r) {
  auto first = r.next();
  if (!first) return first.error();
  if (!*first) return invalid("", fmt::format("{} is empty: it needs a header row with {}", r.file_name(), kPaperColumns));
  std::vector<std::string> names;
  for (auto f : r.fields()) names.emplace_back(trim_cell(f));
  r.set_column_names(names);
  PaperColumns cols;
  cols.width = names.size();
  std::optional<size_t> id, consent;
  std::map<const m::Scale*, std::map<size_t, size_t>> items;  // scale → item → column
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) return r.error_at(i, "the column has no name; name it or delete it");
    if (auto [at, fresh] = seen.emplace(names[i], i); !fresh)
      return r.error_at(i, fmt::format("\"{}\" is already column {}", names[i], at->second + 1));
    if (names[i] == "id") id = i;
    else if (names[i] == "consent") consent = i;
    else if (names[i] == "consent_scope") cols.scope = i;
    else if (auto item = item_of_column(names[i])) items[item->first][item->second] = i;
    else return r.error_at(i, fmt::format("\"{}\" is not a column of a paper import; it has {}", names[i], kPaperColumns));
  }
  if (!id) return header_error(r, fmt::format("there is no id column; a paper import has {}", kPaperColumns));
  if (!consent)
    return header_error(r, "there is no consent column: record, for each form, that the respondent gave consent (given)");
  if (items.empty()) return header_error(r, "there are no answers: add the item columns of a scale, such as ucla3_1");
  cols.id = *id;
  cols.consent = *consent;
  for (const m::Scale& s : m::all_scales()) {
    auto it = items.find(&s);
    if (it == items.end()) continue;
    std::vector<size_t> at;
    std::vector<std::string> absent;
    for (size_t n = 1; n <= s.item_count(); ++n) {
      auto c = it->second.find(n);
      if (c == it->second.end()) absent.push_back(survey_item_column(s, n));
      else at.push_back(c->second);
    }
    if (!absent.empty())
      return header_error(r, fmt::format("{} {} missing: a scale's answers need all its items ({})", fmt::join(absent, ", "),
                                         absent.size() == 1 ? "is" : "are", survey_column_list(s)));
    cols.scales.emplace_back(&s, std::move(at));
  }
  return cols;
}

// Every row read and checked; the errors of all rows (none: all read).
std::vector<Error> read_paper_rows(exchange::csv::Reader& r, const PaperColumns& cols,
                                   std::vector<domain::survey::PaperResponse>& out) {
  std::vector<Error> errors;
  std::map<std::string, long> id_line;
  const std::vector<std::string_view>& scopes = model::people().field("consent_scope")->choices;
  for (;;) {
    auto more = r.next();
    if (!more) { errors.push_back(more.error()); break; }
    if (!*more) break;
    const auto& f = r.fields();
    if (f.size() != cols.width) {
      errors.push_back(header_error(r, fmt::format("this row has {} cells but the header has {}", f.size(), cols.width)));
      continue;
    }
    domain::survey::PaperResponse row;
    row.line = r.line();
    row.person = std::string(trim_cell(f[cols.id]));
    bool ok = true;
    if (row.person.empty()) {
      errors.push_back(r.error_at(cols.id, "the id is blank; give the respondent's person id or external id"));
      ok = false;
    } else if (auto [at, fresh] = id_line.emplace(row.person, r.line()); !fresh) {
      errors.push_back(r.error_at(cols.id, fmt::format("\"{}\" is also on line {}; one form a respondent", row.person, at->second)));
      ok = false;
    }
    if (trim_cell(f[cols.consent]) != "given") {
      errors.push_back(r.error_at(cols.consent, "enter given: only forms with the respondent's consent are imported"));
      ok = false;
    }
    if (cols.scope) {
      std::string_view text = f[*cols.scope];
      size_t at = 0;
      while (at < text.size()) {
        size_t end = text.find_first_of(" ;,", at);
        std::string_view word = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (!word.empty()) {
          if (std::find(scopes.begin(), scopes.end(), word) == scopes.end()) {
            errors.push_back(r.error_at(*cols.scope, fmt::format("\"{}\" is not a consent scope; use research, timebank, "
                                                                 "referrals or suggestions", word)));
            ok = false;
          } else if (std::find(row.scope.begin(), row.scope.end(), word) == row.scope.end()) {
            row.scope.emplace_back(word);
          }
        }
        if (end == std::string_view::npos) break;
        at = end + 1;
      }
    }
    row.scales = nlohmann::json::object();
    for (const auto& [scale, at] : cols.scales) {
      nlohmann::json answers = nlohmann::json::array();
      for (size_t c : at) {
        auto a = m::parse_answer(*scale, f[c]);
        if (!a) { errors.push_back(r.error_at(c, a.error().message)); ok = false; continue; }
        answers.push_back(*a ? nlohmann::json(**a) : nlohmann::json(nullptr));
      }
      row.scales[std::string(scale->name)] = std::move(answers);
    }
    if (ok) out.push_back(std::move(row));
  }
  return errors;
}

int run_paper_import(const PaperImportOptions& o) {
  auto text = read_file(o.responses, kResponsesBytesMax);
  if (!text) { print_error(text.error()); return 1; }
  exchange::csv::Reader r(*text, o.responses);
  auto cols = read_paper_header(r);
  if (!cols) { print_error(cols.error()); std::cerr << "kith: nothing was imported\n"; return 1; }
  std::vector<domain::survey::PaperResponse> rows;
  auto errors = read_paper_rows(r, *cols, rows);
  if (!errors.empty()) {
    for (size_t i = 0; i < errors.size() && i < kSurveyErrorsShown; ++i) std::cerr << "kith: " << errors[i].message << "\n";
    if (errors.size() > kSurveyErrorsShown) std::cerr << "kith: and " << errors.size() - kSurveyErrorsShown << " more problem(s)\n";
    std::cerr << "kith: nothing was imported; correct the file and run the command again\n";
    return 1;
  }
  auto s = store::open_store(o.db);
  if (!s) { print_error(s.error()); return 1; }
  domain::survey::Surveys surveys(**s);
  auto done = surveys.import_responses(o.wave, rows, model::Actor{"cli"});
  if (!done) {
    print_error(done.error());
    std::cerr << "kith: nothing was imported\n";
    return 1;
  }
  std::cout << "Imported " << done->interviews << " paper interview" << (done->interviews == 1 ? "" : "s")
            << " into wave " << done->wave_id << " (area " << done->area_id << ").\n";
  return 0;
}

// ---- kith survey import-netcanvas ----------------------------------------------

inline constexpr uint64_t kNetcanvasBytesMax = uint64_t{256} << 20;  // as an import's body (api/routes.hpp)

struct NetcanvasImportOptions {
  std::string wave, graphml, generator, node_type = "Person", consent_scope, db = kDefaultDbUrl;
};

int run_netcanvas_import(const NetcanvasImportOptions& o) {
  domain::survey::NetcanvasOptions options;
  options.file_name = o.graphml;
  options.generator = o.generator;
  options.node_type = o.node_type;
  options.consent_scope = domain::survey::consent_scope_words(o.consent_scope);
  if (auto scope = domain::survey::check_consent_scope(options.consent_scope); !scope) {
    std::cerr << "kith: --consent-scope: " << scope.error().message << "\n";
    return 2;
  }
  auto text = read_file(o.graphml, kNetcanvasBytesMax);
  if (!text) { print_error(text.error()); return 1; }
  auto sessions = exchange::netcanvas::read_graphml(*text, o.graphml);
  if (!sessions) {
    print_error(sessions.error());
    std::cerr << "kith: nothing was imported\n";
    return 1;
  }
  auto s = store::open_store(o.db);
  if (!s) { print_error(s.error()); return 1; }
  domain::survey::Surveys surveys(**s);
  auto done = surveys.import_netcanvas("", o.wave, *sessions, options, model::Actor{"cli"});
  if (!done) {
    print_error(done.error());
    std::cerr << "kith: nothing was imported\n";
    return 1;
  }
  std::cout << fmt::format("Imported {} Network Canvas interview{} into wave {} (area {}), naming {} people.\n",
                           done->interviews, done->interviews == 1 ? "" : "s", done->wave_id, done->area_id, done->names);
  if (done->already_in_wave > 0)
    std::cout << fmt::format("{} interview{} already in the wave from an earlier import, so left as {}.\n",
                             done->already_in_wave, done->already_in_wave == 1 ? " was" : "s were",
                             done->already_in_wave == 1 ? "it was" : "they were");
  if (done->alter_ties_left_out > 0)
    std::cout << fmt::format("{} tie{} between the people named left out: kith keeps each respondent's own ties.\n",
                             done->alter_ties_left_out, done->alter_ties_left_out == 1 ? "" : "s");
  if (done->other_nodes_left_out > 0)
    std::cout << fmt::format("{} node{} of other types than {} left out.\n", done->other_nodes_left_out,
                             done->other_nodes_left_out == 1 ? "" : "s", o.node_type);
  return 0;
}

}  // namespace

void add_survey(CLI::App& app, int& exit_code) {
  auto* survey = app.add_subcommand("survey", "Network and wellbeing surveys");
  survey->require_subcommand(1);
  auto* cmd = survey->add_subcommand(
      "score", "Score paper answers to a validated scale (docs/measures.md); nothing is printed if a cell is wrong");
  auto o = std::make_shared<ScoreOptions>();
  cmd->add_option("--scale", o->scale, "ucla3, ons_lonely, swemwbs, wemwbs or ons4")->required();
  cmd->add_option("--responses", o->responses, "CSV: id and one column a question, <scale>_<item number>")
      ->required();
  cmd->add_option("--format", o->format, "json (default) or csv")->check(CLI::IsMember({"json", "csv"}));
  cmd->callback([o, &exit_code] { exit_code = run_score(*o); });

  auto* imp = survey->add_subcommand(
      "import", "Load paper answers into a survey wave as completed interviews, all or nothing (docs/surveys.md)");
  auto io = std::make_shared<PaperImportOptions>();
  imp->add_option("--wave", io->wave, "The wave's id (wv_…)")->required();
  imp->add_option("--responses", io->responses,
                  "CSV: id (person id or external id), consent (given), consent_scope, <scale>_<item number> …")
      ->required();
  imp->add_option("--db", io->db, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  imp->callback([io, &exit_code] { exit_code = run_paper_import(*io); });

  auto* nc = survey->add_subcommand(
      "import-netcanvas",
      "Load interviews exported from Network Canvas (GraphML) into a survey wave, all or nothing (docs/surveys.md)");
  auto no = std::make_shared<NetcanvasImportOptions>();
  nc->add_option("--wave", no->wave, "The wave's id (wv_…)")->required();
  nc->add_option("--graphml", no->graphml, "The GraphML file Network Canvas exported (one <graph> an interview)")
      ->required();
  nc->add_option("--consent-scope", no->consent_scope,
                 "What the respondents' consent covers, as they gave it: research, timebank, referrals, suggestions "
                 "(comma-separated)")
      ->required();
  nc->add_option("--generator", no->generator, "The name question the people named answer (default: the first)");
  nc->add_option("--node-type", no->node_type, "The Network Canvas node type of the people named")
      ->capture_default_str();
  nc->add_option("--db", no->db, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  nc->callback([no, &exit_code] { exit_code = run_netcanvas_import(*no); });
}

}  // namespace kith::cli
