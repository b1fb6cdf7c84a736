#pragma once
// The small built-in front page, used when no web front end is installed: it
// lists the areas through the API. Plain HTML, works on a phone and a screen reader.
#include <optional>
#include <string>
#include <string_view>

namespace kith::api {

std::string_view builtin_front_page();

// index.html of the web folder, read at each request so a rebuild shows at
// once; nothing when the folder has none (or an implausibly large one).
std::optional<std::string> read_index_html(const std::string& web_dir);

}  // namespace kith::api
