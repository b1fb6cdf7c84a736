#pragma once
#include <string>

namespace kith::model {
// docs/data-model.md, written from the descriptors so the document cannot drift
// (a unit test compares the two).
std::string data_model_markdown();
}  // namespace kith::model
