// Fieldwork's streets (domain/survey/fieldwork): which street a household is
// on, as a coordinator assigning "Elm Road" expects, checked against labels
// written the ways registers write them (docs/surveys.md, "Fieldwork").
#include <gtest/gtest.h>

#include "kith/domain/survey/fieldwork.hpp"

namespace kith::domain::survey {
namespace {

TEST(FieldworkStreet, AHouseNumberIsNotPartOfTheStreet) {
  EXPECT_EQ(street_of("12 Elm Road"), "Elm Road");
  EXPECT_EQ(street_of("12a Elm Road"), "Elm Road");
  EXPECT_EQ(street_of("  12   Elm   Road "), "Elm Road");
}

TEST(FieldworkStreet, AFlatIsOnTheStreetOfItsBuilding) {
  EXPECT_EQ(street_of("Flat 2, 12 Elm Road"), "Elm Road");
  EXPECT_EQ(street_of("Flat 2, 12 Elm Road, Leeds"), "Elm Road");
  EXPECT_EQ(street_of("12, Elm Road"), "Elm Road");
}

TEST(FieldworkStreet, AHouseWithANameAndNoNumberIsItsOwnStreet) {
  EXPECT_EQ(street_of("Rose Cottage"), "Rose Cottage");
  EXPECT_EQ(street_of(" Rose  Cottage "), "Rose Cottage");
}

TEST(FieldworkStreet, KeysFoldCaseMarksAndSpacing) {
  EXPECT_EQ(place_key("Elm Road"), place_key("  elm   ROAD "));
  EXPECT_EQ(place_key("Heol y Bont"), place_key("heol y bont"));
  EXPECT_EQ(place_key("Stryd Fawr"), place_key("stryd fawr"));
  EXPECT_EQ(place_key("Rue Émile"), place_key("rue emile"));
  EXPECT_NE(place_key("Elm Road"), place_key("Elm Street"));
}

}  // namespace
}  // namespace kith::domain::survey
