#pragma once
// Merges of two records of one person (domain/merges.hpp) as JSON, for the
// API's …/merges routes. The records a merge moved are given as counts: the
// rows themselves are the register's.
#include <nlohmann/json.hpp>

#include <vector>

#include "kith/domain/merges.hpp"

namespace kith::api::codec {

// {id, kept: {id, display_name}, merged: {id, display_name}, reason, status
// ("standing" | "undone"), merged_by, merged_at, undone_by, undone_at,
// moved: {ties, ties_removed, affiliations, interviews, named, accounts}}
nlohmann::json merge_record_json(const store::MergeRow& m);
// The record, and for an undo `left_behind`.
nlohmann::json merge_json(const domain::MergeOutcome& m);
// {"items": [...], "limit": kMergesListed}
nlohmann::json merges_json(const std::vector<store::MergeRow>& rows);

}  // namespace kith::api::codec
