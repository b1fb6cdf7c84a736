#include "kith/store/connection.hpp"

namespace kith::store {

Result<int64_t> execute(Connection& c, std::string_view sql, std::span<const Value> params) {
  auto st = c.prepare(sql);
  if (!st) return st.error();
  int i = 1;
  for (const auto& p : params) (*st)->bind(i++, p);
  for (;;) {
    auto more = (*st)->step();
    if (!more) return more.error();
    if (!*more) break;
  }
  return (*st)->changes();
}

}  // namespace kith::store
