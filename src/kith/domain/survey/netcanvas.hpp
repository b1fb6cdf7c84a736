#pragma once
// Network Canvas interviews into a kith wave (issue 11, "Interoperability";
// docs/surveys.md, "Network Canvas interviews"). Each session read from the
// GraphML export (exchange/read_netcanvas.hpp) becomes one completed
// interview, written exactly as a device would send it, so every rule of a
// device's interview applies (the instrument's questions, the limits, the
// review queue for the names):
//  - its key is "nc-" and the session's UUID, so importing a file again, or
//    a later export that holds the same sessions, adds nothing twice;
//  - the respondent is a new person named by the ego's `name` variable (or
//    "Network Canvas case CASE"), with the ego's `household` if it has one;
//  - the consent is the one the caller says the respondents gave (Network
//    Canvas records none of kith's scopes);
//  - each alter of the node type (default "Person") is a name given to one
//    name generator of the instrument: what was said is its label (or `name`
//    variable); the interpreters the question asks come from the variables
//    `relationship`, `closeness`, `frequency` and `nearby` when the alter has
//    them, in kith's values;
//  - ego variables named as the paper columns (`ucla3_1`, `swemwbs_7`, …)
//    answer the instrument's scales, a missing item left missing;
//  - ties between alters, and alters of other node types, are counted and
//    left out: kith keeps the respondent's own ties.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/domain/survey/instrument.hpp"
#include "kith/exchange/read_netcanvas.hpp"

namespace kith::domain::survey {

struct NetcanvasOptions {
  std::string file_name;                  // for messages
  std::string generator;                  // the name generator the alters answer; '' = the instrument's first
  std::string node_type = "Person";       // compared ignoring case
  std::vector<std::string> consent_scope; // what each respondent's consent covers
};

// What one session adds: the interview as a device sends it, and what was left out.
struct NetcanvasInterview {
  std::string key;      // "nc-<session uuid>"
  nlohmann::json body;  // PUT …/interviews/{key}'s body
  long line = 0;        // of the session's <graph>
  int64_t names = 0, alter_ties_left_out = 0, other_nodes_left_out = 0;
};

struct NetcanvasImport {
  std::string area_id, wave_id;
  int64_t interviews = 0, already_in_wave = 0, names = 0, alter_ties_left_out = 0, other_nodes_left_out = 0;
};

// "research, timebank" or "research timebank": the words in order, once each.
std::vector<std::string> consent_scope_words(std::string_view text);
// invalid (field consent_scope) unless the scope is one or more of kith's
// consent scopes: the import takes the respondents' consent as the caller says.
Result<void> check_consent_scope(const std::vector<std::string>& scope);

// The interview a session becomes under `instrument`; invalid, naming the
// file and line, when a value cannot be taken (a closeness of 7, a relationship
// kith has no word for, an alter with no name).
Result<NetcanvasInterview> netcanvas_interview(const Instrument& instrument, const exchange::netcanvas::Session& s,
                                               const NetcanvasOptions& o);

}  // namespace kith::domain::survey
