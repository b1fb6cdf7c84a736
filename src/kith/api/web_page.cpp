#include "kith/api/web_page.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kith::api {

std::string_view builtin_front_page() {
  // Text goes in with textContent only: area names are user data.
  static constexpr std::string_view kPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kith: community register</title>
<style>
  body { font: 1.05rem/1.5 system-ui, sans-serif; max-width: 40rem; margin: 0 auto; padding: 1rem; color: #1b1b1b; }
  input, button { font: inherit; padding: .5rem; margin: .25rem 0; }
  input { width: 100%; box-sizing: border-box; }
  button { min-height: 44px; min-width: 44px; }
  li { margin: .5rem 0; }
  :focus { outline: 3px solid #005fcc; outline-offset: 2px; }
</style>
</head>
<body>
<header>
  <h1>kith</h1>
  <p>The community register on this computer: who is connected to whom in your neighbourhood.</p>
</header>
<main>
  <h2 id="areas-heading">Areas</h2>
  <form id="search" role="search" aria-labelledby="areas-heading">
    <label for="q">Find an area by name</label>
    <input id="q" name="q" type="search" maxlength="200" autocomplete="off">
    <button type="submit">Find</button>
  </form>
  <p id="status" role="status" aria-live="polite">Loading areas…</p>
  <ul id="areas" aria-labelledby="areas-heading"></ul>

  <h2>Add an area</h2>
  <form id="add">
    <label for="name">Name of the neighbourhood or site</label>
    <input id="name" name="name" required maxlength="200">
    <button type="submit">Add area</button>
  </form>
  <p>For programs: the API is described at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</main>
<script>
const statusLine = document.getElementById('status');
const list = document.getElementById('areas');

async function loadAreas(q) {
  statusLine.textContent = 'Loading areas…';
  const url = '/api/v1/areas?limit=500' + (q ? '&q=' + encodeURIComponent(q) : '');
  try {
    const res = await fetch(url);
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText);
    list.replaceChildren(...body.items.map(area => {
      const li = document.createElement('li');
      li.textContent = area.name + (area.description ? ': ' + area.description : '');
      return li;
    }));
    statusLine.textContent = body.items.length === 0 ? 'No areas yet.'
      : body.items.length + (body.items.length === 1 ? ' area.' : ' areas.');
  } catch (err) {
    statusLine.textContent = 'Could not load the areas: ' + err.message;
  }
}

document.getElementById('search').addEventListener('submit', event => {
  event.preventDefault();
  loadAreas(document.getElementById('q').value.trim());
});

document.getElementById('add').addEventListener('submit', async event => {
  event.preventDefault();
  const input = document.getElementById('name');
  const res = await fetch('/api/v1/areas', {
    method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({name: input.value.trim()})
  });
  if (res.ok) { input.value = ''; loadAreas(''); return; }
  const body = await res.json();
  statusLine.textContent = 'Could not add the area: ' + body.error.message;
});

loadAreas('');
</script>
</body>
</html>
)html";
  return kPage;
}

namespace {
constexpr size_t kIndexHtmlBytesMax = 4u << 20;
}  // namespace

std::optional<std::string> read_index_html(const std::string& web_dir) {
  if (web_dir.empty()) return std::nullopt;
  std::error_code ec;
  const auto index = std::filesystem::path(web_dir) / "index.html";
  if (!std::filesystem::is_regular_file(index, ec) || std::filesystem::file_size(index, ec) > kIndexHtmlBytesMax)
    return std::nullopt;
  std::ifstream in(index, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return std::nullopt;
  return text.str();
}

}  // namespace kith::api
