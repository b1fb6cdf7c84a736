#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kith/model/schema.hpp"
#include "kith/model/schema_doc.hpp"

namespace {

const std::string kDocPath = std::string(KITH_SOURCE_DIR) + "/docs/data-model.md";

TEST(SchemaDoc, MatchesDocs) {
  std::string want = kith::model::data_model_markdown();
  if (const char* u = std::getenv("KITH_UPDATE_DOCS"); u && std::string(u) == "1") {
    std::ofstream(kDocPath) << want;
  }
  std::ifstream in(kDocPath);
  ASSERT_TRUE(in) << kDocPath << " is missing";
  std::stringstream have;
  have << in.rdbuf();
  EXPECT_EQ(have.str(), want) << "docs/data-model.md is out of date with schema.cpp";
}

TEST(Schema, EveryEntityIsFoundByPluralAndName) {
  for (const auto* e : kith::model::all_entities()) {
    EXPECT_EQ(kith::model::find_entity(e->plural), e);
    EXPECT_EQ(kith::model::find_entity_by_name(e->name), e);
  }
  EXPECT_EQ(kith::model::find_entity("nope"), nullptr);
}

TEST(Schema, RefsPointAtKnownEntities) {
  for (const auto* e : kith::model::all_entities())
    for (const auto& f : e->fields)
      if (f.type == kith::model::FieldType::ref) {
        EXPECT_NE(kith::model::find_entity_by_name(f.ref), nullptr) << e->name << "." << f.name;
      } else {
        EXPECT_TRUE(f.ref.empty()) << e->name << "." << f.name;
      }
}

TEST(Schema, KindAndTagFiltersNameRealFields) {
  for (const auto* e : kith::model::all_entities()) {
    if (!e->kind_field.empty()) {
      EXPECT_NE(e->field(e->kind_field), nullptr) << e->name;
    }
    if (!e->tag_field.empty()) {
      ASSERT_NE(e->field(e->tag_field), nullptr) << e->name;
      EXPECT_EQ(e->field(e->tag_field)->type, kith::model::FieldType::tags);
    }
    for (auto t : e->text_fields) EXPECT_NE(e->field(t), nullptr) << e->name << "." << t;
  }
}

}  // namespace
