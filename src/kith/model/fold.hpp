#pragma once
// Text folded for search, the same on every engine: Unicode compatibility
// composition, case folding and combining marks stripped (utf8proc), so
// "ŁUCJA" and "Łucja" both fold to "łucja", "Zoë" to "zoe", "José" to "jose".
// Letters with no decomposition stay themselves: "SØREN" folds to "søren".
#include <string>
#include <string_view>

namespace kith::model {

// `text` folded; text that is not valid UTF-8 comes back with only ASCII
// letters lower-cased.
std::string fold_for_search(std::string_view text);

}  // namespace kith::model
