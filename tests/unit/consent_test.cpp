// model::consent_allows against a table worked out from the rule in
// docs/security.md: refused or withdrawn rule out everything; given with
// named scopes allows only those; not asked, or given with none recorded,
// leaves the person in.
#include <gtest/gtest.h>

#include "kith/model/consent.hpp"

namespace {

using kith::model::consent_allows;
using kith::model::consent_allows_json;

TEST(Consent, TheRuleForEachStatusAndScope) {
  EXPECT_TRUE(consent_allows("not_asked", {}, "research"));
  EXPECT_TRUE(consent_allows("given", {}, "research"));
  EXPECT_TRUE(consent_allows("given", {"research"}, "research"));
  EXPECT_TRUE(consent_allows("given", {"timebank", "research"}, "research"));
  EXPECT_FALSE(consent_allows("given", {"timebank"}, "research"));
  EXPECT_FALSE(consent_allows("given", {"research"}, "suggestions"));
  EXPECT_FALSE(consent_allows("refused", {}, "research"));
  EXPECT_FALSE(consent_allows("refused", {"research"}, "research"));
  EXPECT_FALSE(consent_allows("withdrawn", {"research", "timebank"}, "timebank"));
}

TEST(Consent, StoredScopeListsAreReadAsJson) {
  EXPECT_TRUE(consent_allows_json("given", R"(["research","referrals"])", "referrals"));
  EXPECT_FALSE(consent_allows_json("given", R"(["research"])", "referrals"));
  EXPECT_TRUE(consent_allows_json("given", "[]", "research"));
  EXPECT_TRUE(consent_allows_json("not_asked", "not json", "research"));
  // A stored list that does not parse grants nothing beyond "none recorded".
  EXPECT_TRUE(consent_allows_json("given", "not json", "research"));
  EXPECT_FALSE(consent_allows_json("withdrawn", "[]", "research"));
}

}  // namespace
