#pragma once
// Route handlers: parse the request, call the domain (Register, import/export),
// encode the answer. No business rules live here.
#include <httplib.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kith/api/auth.hpp"
#include "kith/api/routes.hpp"
#include "kith/core/result.hpp"
#include "kith/analysis/network.hpp"
#include "kith/analysis/waves.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/merges.hpp"
#include "kith/domain/register.hpp"
#include "kith/domain/survey/fieldwork.hpp"
#include "kith/domain/survey/mentions.hpp"
#include "kith/domain/survey/surveys.hpp"
#include "kith/store/store.hpp"

namespace kith::api {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Call {
  const Route& route;
  const std::map<std::string, std::string>& params;  // path parameters
  const httplib::Request& req;                        // query parameters, headers
  const std::string& body;                            // already size-checked
  const Caller& caller;                               // who, once the route's need was checked
  std::string_view client_address;                    // the peer's IP address
  Seconds now;                                        // the request's time
};

// How handlers answer accounts: cookies and the session's lifetime.
struct SessionOptions {
  bool secure_cookies = false;  // add Secure to the cookie (behind TLS)
};

// "application/json" from "Application/JSON; charset=utf-8"; empty when absent.
std::string media_type(const httplib::Request& req);

class Handlers {
 public:
  // `web_dir` holds index.html for the front page; empty or missing means the built-in page.
  Handlers(store::Store& s, std::string web_dir, analysis::ServiceOptions network = {},
           domain::AccountOptions accounts = {}, SessionOptions sessions = {})
      : store_(s),
        register_(s),
        network_(s, network),
        accounts_(s, accounts),
        surveys_(s),
        mentions_(s),
        fieldwork_(s),
        merges_(s),
        wave_reports_(s, network_),
        sessions_(sessions),
        web_dir_(std::move(web_dir)) {}

  Result<Reply> handle(const Call& c);
  domain::Accounts& accounts() { return accounts_; }

 private:
  Result<Reply> front_page();
  Result<Reply> health();
  Result<Reply> list(const Call& c);
  Result<Reply> create(const Call& c);
  Result<Reply> read(const Call& c);
  Result<Reply> update(const Call& c);
  Result<Reply> remove(const Call& c);
  Result<Reply> import_area(const Call& c);
  Result<Reply> export_area(const Call& c);
  Result<Reply> network(const Call& c);
  Result<Reply> ego(const Call& c);
  Result<Reply> network_layout(const Call& c);
  Result<Reply> network_summary(const Call& c);
  Result<Reply> subject_access(const Call& c);
  Result<Reply> audit_log(const Call& c);
  Result<Reply> erase(const Call& c);
  Result<Reply> own_record(const Call& c);
  Result<Reply> own_consent(const Call& c);
  Result<Reply> area_users(const Call& c);
  Result<Reply> add_area_user(const Call& c);
  Result<Reply> change_area_user(const Call& c);
  Result<Reply> grant_area_role(const Call& c);
  Result<Reply> revoke_area_role(const Call& c);
  Result<Reply> reset_area_password(const Call& c);
  Result<Reply> survey_scales();
  Result<Reply> list_instruments(const Call& c);
  Result<Reply> create_instrument(const Call& c);
  Result<Reply> read_instrument(const Call& c);
  Result<Reply> update_instrument(const Call& c);
  Result<Reply> list_waves(const Call& c);
  Result<Reply> create_wave(const Call& c);
  Result<Reply> read_wave(const Call& c);
  Result<Reply> update_wave(const Call& c);
  Result<Reply> wave_report(const Call& c);
  Result<Reply> carry_forward(const Call& c);
  Result<Reply> list_interviews(const Call& c);
  Result<Reply> read_interview(const Call& c);
  Result<Reply> put_interview(const Call& c);
  Result<Reply> list_mentions(const Call& c);
  Result<Reply> mention_suggestions(const Call& c);
  Result<Reply> propose_mention(const Call& c);
  Result<Reply> review_mention(const Call& c);
  Result<Reply> list_assignments(const Call& c);
  Result<Reply> create_assignment(const Call& c);
  Result<Reply> delete_assignment(const Call& c);
  Result<Reply> put_visit(const Call& c);
  Result<Reply> fieldwork_report(const Call& c);
  Result<Reply> list_merges(const Call& c);
  Result<Reply> consent_counts(const Call& c);
  Result<Reply> merge_people(const Call& c);
  Result<Reply> undo_merge(const Call& c);
  Result<Reply> import_netcanvas(const Call& c);
  Result<Reply> log_in(const Call& c);
  Result<Reply> who_am_i(const Call& c);
  Result<Reply> log_out(const Call& c);
  Result<Reply> log_out_everywhere(const Call& c);
  Result<Reply> change_password(const Call& c);
  Result<Reply> first_admin(const Call& c);
  Reply session_reply(int status, const domain::User& u, std::string_view csrf, std::string_view token);

  store::Store& store_;
  domain::Register register_;
  analysis::NetworkService network_;
  domain::Accounts accounts_;
  domain::survey::Surveys surveys_;
  domain::survey::Mentions mentions_;
  domain::survey::Fieldwork fieldwork_;
  domain::Merges merges_;
  analysis::WaveReports wave_reports_;  // after network_, which it reads through
  SessionOptions sessions_;
  std::string web_dir_;
};

}  // namespace kith::api
