#include "kith/store/postgres/pg_connection.hpp"

#include <cassert>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace kith::store::pg {
namespace {

// Type OIDs from pg_type.h (stable across PostgreSQL versions).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kTextOid = 25;
constexpr Oid kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

constexpr const char* kConnectTimeoutS = "10";  // used when the URL sets none

bool is_ident_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

// End of a quoted token starting at `i` (the opening quote). A doubled quote
// stays inside; with `backslash` (E'..'), so does any escaped character.
size_t skip_quoted(std::string_view s, size_t i, char quote, bool backslash) {
  for (size_t j = i + 1; j < s.size(); ++j) {
    if (backslash && s[j] == '\\') {
      ++j;
    } else if (s[j] == quote) {
      if (j + 1 < s.size() && s[j + 1] == quote) {
        ++j;
      } else {
        return j + 1;
      }
    }
  }
  return s.size();
}

size_t skip_line_comment(std::string_view s, size_t i) {
  size_t nl = s.find('\n', i);
  return nl == std::string_view::npos ? s.size() : nl + 1;
}

// PostgreSQL block comments nest.
size_t skip_block_comment(std::string_view s, size_t i) {
  int depth = 0;
  for (size_t j = i; j + 1 < s.size(); ++j) {
    if (s[j] == '/' && s[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (s[j] == '*' && s[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return s.size();
}

// $tag$ ... $tag$, or 0 when the `$` at `i` does not open one ($1, a$b).
size_t skip_dollar_quoted(std::string_view s, size_t i) {
  if (i > 0 && is_ident_char(s[i - 1])) return 0;
  size_t j = i + 1;
  if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) return 0;
  while (j < s.size() && is_ident_char(s[j]) && s[j] != '$') ++j;
  if (j >= s.size() || s[j] != '$') return 0;
  std::string_view tag = s.substr(i, j - i + 1);
  size_t close = s.find(tag, j + 1);
  return close == std::string_view::npos ? s.size() : close + tag.size();
}

bool opens_escape_string(std::string_view s, size_t quote_pos) {
  if (quote_pos == 0) return false;
  char e = s[quote_pos - 1];
  if (e != 'E' && e != 'e') return false;
  return quote_pos < 2 || !is_ident_char(s[quote_pos - 2]);
}

// The end of the token at `i` that must be copied verbatim, or `i` if none.
size_t skip_verbatim(std::string_view s, size_t i) {
  char c = s[i];
  char next = i + 1 < s.size() ? s[i + 1] : '\0';
  if (c == '\'') return skip_quoted(s, i, '\'', opens_escape_string(s, i));
  if (c == '"') return skip_quoted(s, i, '"', false);
  if (c == '-' && next == '-') return skip_line_comment(s, i);
  if (c == '/' && next == '*') return skip_block_comment(s, i);
  if (c == '$') {
    size_t end = skip_dollar_quoted(s, i);
    return end == 0 ? i : end;
  }
  return i;
}

// The first word of the statement, upper-cased, past blanks, comments and '('.
std::string first_keyword(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(') {
      ++i;
    } else if ((c == '-' || c == '/') && skip_verbatim(s, i) != i) {
      i = skip_verbatim(s, i);
    } else {
      break;
    }
  }
  std::string word;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])))
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i++])));
  return word;
}

std::string first_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string result_field(const PGresult* res, int code) {
  const char* v = res ? PQresultErrorField(res, code) : nullptr;
  return v ? v : "";
}

void ignore_notice(void*, const char*) {}

std::string format_double(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  assert(ec == std::errc());
  return std::string(buf, end);
}

Value parse_integer(const char* text, int len) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text, text + len, v);
  if (ec != std::errc() || end != text + len) return std::string(text, len);
  return v;
}

Value parse_real(const char* text, int len) {
  double v = 0;
  auto [end, ec] = std::from_chars(text, text + len, v);
  if (ec == std::errc() && end == text + len) return v;
  return std::strtod(text, nullptr);  // out of double's range: +-inf or 0
}

bool succeeded(const PGresult* r) {
  auto s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

// Runs parameterless SQL and reports the outcome as a Result.
Result<void> run(PGconn* conn, const char* sql, std::string_view secret) {
  PGresult* r = PQexec(conn, sql);
  if (succeeded(r)) {
    PQclear(r);
    return {};
  }
  Error e = error_from(conn, r, secret);
  PQclear(r);
  return e;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  while (i < sql.size()) {
    size_t end = skip_verbatim(sql, i);
    if (end != i) {
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (sql[i] == '?') {
      out += '$';
      out += std::to_string(++n);
      ++i;
    } else {
      out += sql[i++];
    }
  }
  if (count) *count = n;
  return out;
}

std::string scrub(std::string message, std::string_view secret) {
  if (secret.empty()) return message;
  for (size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at + 3))
    message.replace(at, secret.size(), "***");
  return message;
}

std::string password_of(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (options) {
    std::string password;
    for (PQconninfoOption* o = options; o->keyword; ++o)
      if (std::strcmp(o->keyword, "password") == 0 && o->val) password = o->val;
    PQconninfoFree(options);
    return password;
  }
  if (err) PQfreemem(err);
  // Unparseable: take what sits between "user:" and "@" so it is still hidden.
  auto scheme = conninfo.find("://");
  if (scheme == std::string::npos) return "";
  auto at = conninfo.rfind('@', conninfo.find('/', scheme + 3));
  if (at == std::string::npos || at < scheme) return "";
  auto colon = conninfo.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return "";
  return conninfo.substr(colon + 1, at - colon - 1);
}

Error error_from(PGconn* conn, const PGresult* res, std::string_view secret) {
  std::string state = result_field(res, PG_DIAG_SQLSTATE);
  std::string message = result_field(res, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = first_line(PQerrorMessage(conn));
  if (message.empty()) message = "unknown PostgreSQL error";
  message = scrub(std::move(message), secret);

  bool lost = PQstatus(conn) != CONNECTION_OK || state.starts_with("08") || state.starts_with("57P");
  if (lost) return Error{Errc::unavailable, "The PostgreSQL server cannot be reached: " + message, {}, 0};
  if (state == "23505") return conflict("This record already exists: " + message);
  if (state == "23503") return invalid("", "This refers to a record that does not exist, or is still referred to: " + message);
  if (state.starts_with("23") || state.starts_with("22")) return invalid("", message);
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014" || state.starts_with("53"))
    return Error{Errc::unavailable, "The database is busy; try again: " + message, {}, 0};
  return internal_error("PostgreSQL error" + (state.empty() ? "" : " " + state) + ": " + message);
}

// ---- PgStatement ----------------------------------------------------------

PgStatement::PgStatement(PgConnection& conn, std::string name, std::string sql, int param_count, bool prepared,
                         bool is_query)
    : conn_(conn), name_(std::move(name)), sql_(std::move(sql)), prepared_(prepared), is_query_(is_query),
      params_(static_cast<size_t>(param_count)) {}

PgStatement::~PgStatement() { clear_result(); }

void PgStatement::clear_result() {
  if (result_) PQclear(result_);
  result_ = nullptr;
  executed_ = false;
  row_ = -1;
}

void PgStatement::bind(int index, const Value& v) {
  if (executed_) clear_result();
  if (index < 1 || index > static_cast<int>(params_.size())) {
    bind_error_ = "Parameter " + std::to_string(index) + " is out of range 1.." + std::to_string(params_.size());
    return;
  }
  params_[static_cast<size_t>(index - 1)] = v;
}

void PgStatement::reset() {
  clear_result();
  for (auto& p : params_) p = std::monostate{};
  bind_error_.clear();
}

// Used when the server could not infer a parameter's type (`? IS NULL`):
// the bound values decide, and the plan keeps those types from then on.
Result<void> PgStatement::prepare_with_bound_types() {
  std::vector<Oid> types;
  types.reserve(params_.size());
  for (const auto& p : params_) {
    if (std::holds_alternative<int64_t>(p)) {
      types.push_back(kInt8Oid);
    } else if (std::holds_alternative<double>(p)) {
      types.push_back(kFloat8Oid);
    } else {
      types.push_back(kTextOid);
    }
  }
  PGresult* r = PQprepare(conn_.raw(), name_.c_str(), sql_.c_str(), static_cast<int>(types.size()),
                          types.data());
  bool ok = succeeded(r);
  Error e = ok ? Error{} : error_from(conn_.raw(), r, conn_.secret());
  PQclear(r);
  if (!ok) return e;
  prepared_ = true;
  return {};
}

Result<void> PgStatement::execute() {
  if (!bind_error_.empty()) return internal_error(bind_error_);
  std::vector<std::string> texts(params_.size());
  std::vector<const char*> values(params_.size(), nullptr);
  for (size_t i = 0; i < params_.size(); ++i) {
    const Value& p = params_[i];
    if (const auto* n = std::get_if<int64_t>(&p)) {
      texts[i] = std::to_string(*n);
    } else if (const auto* d = std::get_if<double>(&p)) {
      texts[i] = format_double(*d);
    } else if (const auto* s = std::get_if<std::string>(&p)) {
      if (s->find('\0') != std::string::npos) return invalid("", "Text cannot contain a NUL character");
      texts[i] = *s;
    } else {
      continue;  // NULL
    }
    values[i] = texts[i].c_str();
  }

  bool protect = conn_.in_transaction() && conn_.statement_savepoints() && (!is_query_ || !prepared_);
  if (protect) KITH_TRY(conn_.protect_statement());
  if (!prepared_) {
    auto prepared = prepare_with_bound_types();
    if (!prepared) {
      if (protect) conn_.undo_statement();
      return prepared.error();
    }
  }
  PGresult* r = PQexecPrepared(conn_.raw(), name_.c_str(), static_cast<int>(values.size()), values.data(),
                               nullptr, nullptr, 0);
  auto status = PQresultStatus(r);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Error e = error_from(conn_.raw(), r, conn_.secret());
    PQclear(r);
    if (protect && !conn_.is_broken()) conn_.undo_statement();
    return e;
  }
  if (!is_query_) {
    const char* n = PQcmdTuples(r);
    changes_ = *n ? std::strtoll(n, nullptr, 10) : 0;
  }
  if (status == PGRES_TUPLES_OK) {
    result_ = r;
  } else {
    PQclear(r);
  }
  executed_ = true;
  row_ = -1;
  return {};
}

Result<bool> PgStatement::step() {
  if (!executed_) KITH_TRY(execute());
  if (!result_) return false;
  int rows = PQntuples(result_);
  if (row_ + 1 < rows) {
    ++row_;
    return true;
  }
  row_ = rows;
  return false;
}

int PgStatement::column_count() const { return result_ ? PQnfields(result_) : 0; }

Value PgStatement::column(int index) const {
  if (!result_ || row_ < 0 || row_ >= PQntuples(result_) || index < 0 || index >= PQnfields(result_))
    return std::monostate{};
  if (PQgetisnull(result_, row_, index)) return std::monostate{};
  const char* text = PQgetvalue(result_, row_, index);
  int len = PQgetlength(result_, row_, index);
  switch (PQftype(result_, index)) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid:
      return parse_integer(text, len);
    case kFloat8Oid:
    case kFloat4Oid:
    case kNumericOid:
      return parse_real(text, len);
    case kBoolOid:  // comparisons and EXISTS: 0/1, as SQLite gives them
      return int64_t{text[0] == 't' ? 1 : 0};
    default:
      return std::string(text, static_cast<size_t>(len));
  }
}

std::string_view PgStatement::column_name(int index) const {
  if (!result_ || index < 0 || index >= PQnfields(result_)) return {};
  return PQfname(result_, index);
}

// ---- PgConnection ---------------------------------------------------------

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& conninfo) {
  std::string secret = password_of(conninfo);
  // Later keywords win, so settings in the URL override these defaults.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {kConnectTimeoutS, "kith", conninfo.c_str(), nullptr};
  PGconn* c = PQconnectdbParams(keywords, values, 1);
  if (!c) return Error{Errc::unavailable, "Cannot connect to PostgreSQL: out of memory", {}, 0};
  if (PQstatus(c) != CONNECTION_OK) {
    std::string why = scrub(first_line(PQerrorMessage(c)), secret);
    PQfinish(c);
    return Error{Errc::unavailable, "Cannot connect to PostgreSQL: " + why, {}, 0};
  }
  PQsetNoticeProcessor(c, ignore_notice, nullptr);
  if (PQsetClientEncoding(c, "UTF8") != 0) {
    PQfinish(c);
    return Error{Errc::unavailable, "Cannot connect to PostgreSQL: the server refused UTF-8", {}, 0};
  }
  return std::unique_ptr<PgConnection>(new PgConnection(c, std::move(secret)));
}

PgConnection::~PgConnection() {
  statements_.clear();  // statements reference this connection
  PQfinish(conn_);
}

bool PgConnection::in_transaction() const { return PQtransactionStatus(conn_) == PQTRANS_INTRANS; }

Error PgConnection::lost_connection_error() const {
  return Error{Errc::unavailable,
               "The PostgreSQL server cannot be reached: " + scrub(first_line(PQerrorMessage(conn_)), secret_), {}, 0};
}

Result<void> PgConnection::exec(std::string_view sql) {
  savepoint_open_ = false;  // the SQL may end the transaction that held it
  return run(conn_, std::string(sql).c_str(), secret_);
}

Result<Statement*> PgConnection::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) {
    it->second->reset();
    return it->second.get();
  }
  int params = 0;
  std::string text = rewrite_placeholders(sql, &params);
  std::string name = "kith_" + std::to_string(next_statement_++);

  // A failed Parse aborts the transaction; the savepoint keeps it usable.
  bool protect = in_transaction();
  if (protect) KITH_TRY(protect_statement());
  PGresult* r = PQprepare(conn_, name.c_str(), text.c_str(), params, nullptr);
  bool prepared = succeeded(r);
  std::string state = result_field(r, PG_DIAG_SQLSTATE);
  bool defer = !prepared && (state == "42P18" || state == "42725");  // types need the bound values
  Error e = prepared || defer ? Error{} : error_from(conn_, r, secret_);
  PQclear(r);
  if (!prepared && protect && !is_broken()) undo_statement();
  if (!prepared && !defer) return e;

  bool is_query = first_keyword(sql) == "SELECT";
  auto stmt = std::make_unique<PgStatement>(*this, std::move(name), std::move(text), params, prepared, is_query);
  Statement* out = stmt.get();
  statements_.emplace(std::move(key), std::move(stmt));
  return out;
}

Result<void> PgConnection::reconnect() {
  statements_.clear();
  savepoint_open_ = false;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return lost_connection_error();
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  if (PQsetClientEncoding(conn_, "UTF8") != 0) return lost_connection_error();
  return {};
}

void PgConnection::trim_statement_cache() {
  if (statements_.size() <= kStatementsMax) return;
  statements_.clear();
  (void)run(conn_, "DEALLOCATE ALL", secret_);  // a failure here shows on the next use
}

Result<void> PgConnection::protect_statement() {
  const char* sql = savepoint_open_ ? "RELEASE SAVEPOINT kith_stmt; SAVEPOINT kith_stmt" : "SAVEPOINT kith_stmt";
  KITH_TRY(run(conn_, sql, secret_));
  savepoint_open_ = true;
  return {};
}

void PgConnection::undo_statement() {
  // The savepoint survives ROLLBACK TO, so it can be released next time.
  (void)run(conn_, "ROLLBACK TO SAVEPOINT kith_stmt", secret_);
}

}  // namespace kith::store::pg
