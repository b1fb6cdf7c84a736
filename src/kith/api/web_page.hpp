#pragma once
// The small built-in front page, used when no web front end is installed: it
// lists the areas through the API. Plain HTML, works on a phone and a screen reader.
#include <string_view>

namespace kith::api {

std::string_view builtin_front_page();

}  // namespace kith::api
