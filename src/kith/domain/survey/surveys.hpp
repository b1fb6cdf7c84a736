#pragma once
// The survey service (issue 11): an area's instruments, waves and interviews.
// Every operation checks that what it names belongs to the area (anything in
// another area is "not found"), writes in one transaction, and audits reads
// of interviews, which are personal data. docs/surveys.md describes the rules;
// docs/api.md the routes.
//
// Interviews are offline first. The interviewer's device names the interview
// (its key) and every batch of answers it sends (the batch key): a batch sent
// again changes nothing, so a device may resend whatever it is unsure of. An
// interview changed on another device since this one last saw it is a
// conflict, answered with the stored interview and what differs, never
// silently overwritten.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/domain/survey/netcanvas.hpp"
#include "kith/store/store.hpp"
#include "kith/store/surveys.hpp"

namespace kith::domain::survey {

using json = nlohmann::json;
using model::Actor;

inline constexpr size_t kClientKeyBytesMin = 16;  // a UUID is 36; shorter keys could collide between devices
inline constexpr size_t kClientKeyBytesMax = 64;
inline constexpr size_t kWaveLabelBytesMax = 100;
inline constexpr size_t kRosterEntriesMax = 5000;  // groups or places a wave bundle carries to the device

// What sending an interview did.
struct PutOutcome {
  enum class Kind { created, updated, repeat, conflict };
  Kind kind = Kind::created;
  json interview;                   // as stored now (for a conflict: the server's copy)
  std::vector<std::string> differs;  // conflict only: the fields where the two copies differ
};

// A device key or batch key: 16 to 64 letters, digits, '-' or '_'.
bool is_client_key(std::string_view key);

// The wave `id` if it belongs to the area; not_found otherwise (a wave of
// another area is not found, so its existence is not disclosed).
Result<store::WaveRow> wave_in_area(store::SurveyRepository& surveys, std::string_view area_id, std::string_view id);

// One respondent's paper answers (kith survey import): who, the consent the
// form records, and the scales' item answers as an interview carries them.
struct PaperResponse {
  long line = 0;                   // the row's line in the file, for messages
  std::string person;              // the respondent: a person id (pe_…) or their external id
  std::vector<std::string> scope;  // what the consent on the form covers
  json scales;                     // {"ucla3": [2, 3, null], …}
};

struct PaperImport {
  std::string area_id, wave_id;
  int64_t interviews = 0;
};

class Surveys {
 public:
  explicit Surveys(store::Store& s) : store_(s) {}

  Result<json> list_instruments(std::string_view area_id);
  Result<json> create_instrument(std::string_view area_id, const json& body, const Actor& who);
  Result<json> get_instrument(std::string_view area_id, std::string_view id);
  // definition (while draft) and status "published" (once; never back).
  Result<json> update_instrument(std::string_view area_id, std::string_view id, const json& patch, const Actor& who);

  Result<json> list_waves(std::string_view area_id);
  Result<json> create_wave(std::string_view area_id, const json& body, const Actor& who);
  // The wave with its instrument and the area's groups and places: what a
  // device keeps to run the wave with no connection.
  Result<json> get_wave(std::string_view area_id, std::string_view id);
  Result<json> update_wave(std::string_view area_id, std::string_view id, const json& patch, const Actor& who);

  Result<PutOutcome> put_interview(std::string_view area_id, std::string_view wave_id, std::string_view key,
                                   const json& body, const Actor& who);
  // Every row a completed interview of the wave, all or nothing: the first
  // row that cannot be taken stops the import, and its error names the line.
  // A respondent already interviewed in the wave is refused (conflict).
  Result<PaperImport> import_responses(std::string_view wave_id, const std::vector<PaperResponse>& rows,
                                       const Actor& who);
  // Network Canvas interviews (domain/survey/netcanvas.hpp), all or nothing:
  // each session a completed interview keyed by its UUID; a session in the
  // wave already is counted and skipped. The first session that cannot be
  // taken stops the import, its error naming the file and line.
  Result<NetcanvasImport> import_netcanvas(std::string_view area_id, std::string_view wave_id,
                                           const std::vector<exchange::netcanvas::Session>& sessions,
                                           const NetcanvasOptions& options, const Actor& who);
  // At a follow-up wave: each respondent of the wave before with the names
  // they gave then and how each was resolved, so the interview can ask
  // "still in touch? closer or less close?" before new names. Audited.
  Result<json> carry_forward(std::string_view area_id, std::string_view wave_id, const Actor& who);
  // Summaries (no answers); the read is audited.
  Result<json> list_interviews(std::string_view area_id, std::string_view wave_id, const Actor& who);
  Result<json> get_interview(std::string_view area_id, std::string_view wave_id, std::string_view key,
                             const Actor& who);

 private:
  store::Store& store_;
};

}  // namespace kith::domain::survey
