// api/request_parse: the request decoding the handlers use, without a server.
#include "kith/api/request_parse.hpp"

#include <gtest/gtest.h>

namespace kith::api {
namespace {

// Found by tests/fuzz/fuzz_request_body (corpus/request_body/number_overflow.json).
TEST(RequestParse, NumberTooLargeIsInvalidNotAnException) {
  auto j = parse_json_object(R"({"display_name": "Ada", "lat": 1e999})");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().code, Errc::invalid);
  EXPECT_NE(j.error().message.find("not valid JSON"), std::string::npos) << j.error().message;
}

TEST(RequestParse, ListAndNetworkQueries) {
  httplib::Request req;
  const std::string cursor = "pe_" + std::string(20, 'a');  // the shape of an id the server issues
  req.params = {{"limit", "7"}, {"at", "2024-02-29"}, {"cursor", cursor}};
  auto q = parse_list_query(model::people(), "ar_1", req);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->limit, 7);
  EXPECT_EQ(q->after, cursor);
  req.params = {{"cursor", "pe_1"}};  // not a shape kith gives out
  EXPECT_EQ(parse_list_query(model::people(), "ar_1", req).error().field, "cursor");
  ASSERT_TRUE(q->at.has_value());
  EXPECT_EQ(q->at->str(), "2024-02-29");
  req.params = {{"limit", "0"}};
  EXPECT_EQ(parse_list_query(model::people(), "ar_1", req).error().field, "limit");
  req.params = {{"kind", "friend,,neighbour"}, {"min_closeness", "4"}};
  auto n = parse_network_query(req, "ar_1");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->min_closeness, 4);
  EXPECT_EQ(n->kinds, (std::set<std::string>{"friend", "", "neighbour"}));  // as the handlers always did
  req.params = {{"min_closeness", "6"}};
  EXPECT_EQ(parse_network_query(req, "ar_1").error().field, "min_closeness");
  req.params = {{"exact", "true"}};
  EXPECT_TRUE(parse_metric_request(req)->exact);
  req.params = {{"exact", "yes"}};
  EXPECT_EQ(parse_metric_request(req).error().field, "exact");
}

}  // namespace
}  // namespace kith::api
