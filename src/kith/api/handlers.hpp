#pragma once
// Route handlers: parse the request, call the domain (Register, import/export),
// encode the answer. No business rules live here.
#include <httplib.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kith/api/routes.hpp"
#include "kith/core/result.hpp"
#include "kith/analysis/network.hpp"
#include "kith/domain/register.hpp"
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
};

// "application/json" from "Application/JSON; charset=utf-8"; empty when absent.
std::string media_type(const httplib::Request& req);

class Handlers {
 public:
  // `web_dir` holds index.html for the front page; empty or missing means the built-in page.
  Handlers(store::Store& s, std::string web_dir, analysis::ServiceOptions network = {})
      : store_(s), register_(s), network_(s, network), web_dir_(std::move(web_dir)) {}

  Result<Reply> handle(const Call& c);

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
  Result<Reply> network_summary(const Call& c);

  store::Store& store_;
  domain::Register register_;
  analysis::NetworkService network_;
  std::string web_dir_;
};

}  // namespace kith::api
