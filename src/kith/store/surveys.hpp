#pragma once
// All SQL about surveys (schema 9: survey_instruments, survey_waves,
// survey_interviews, survey_batches), written once for both engines. The
// rules live in domain/survey/; this only reads and writes rows. Callers hold
// the transaction (Store::write/read) and pass its connection in, as with
// Repository. Public ids go in and come out; integer row ids stay here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

struct InstrumentRow {
  std::string id, area_id, name;
  int64_t version = 0;
  int64_t revision = 1;    // grows by one with every change (schema 12)
  std::string status;      // draft, published
  std::string definition;  // JSON text
  std::string created_by, created_at, updated_at, published_at;
};

struct WaveRow {
  int64_t row = 0;
  std::string id, area_id, instrument_id, label;
  int64_t ordinal = 0;
  std::string fieldwork_date, status, created_at, updated_at;
};

struct InterviewRow {
  int64_t row = 0;
  std::string id;  // the device's key
  std::string wave_id;
  std::string status;  // in_progress, completed, refused
  int64_t revision = 0;
  std::string interviewer, language;
  std::string respondent_person_id;  // public id; empty when none yet
  std::string respondent, consent, answers, scores;  // JSON text
  std::string started_at, updated_at, completed_at;
};

struct MentionRow {
  int64_t row = 0;
  std::string id;            // mn_…
  std::string interview_id;  // the device's key of the interview
  int64_t interview_row = 0;
  std::string wave_id, area_id;
  std::string respondent_person_id;  // the respondent (public id)
  std::string generator;     // the name generator's key
  int64_t position = 0;      // the name's place in that generator's list
  std::string said, interpreters;  // interpreters: JSON text
  std::string status;        // open, proposed, confirmed
  std::string resolution;    // person, new_person, unresolved; empty while open
  std::string person_id;     // the person it was resolved to (public id); empty for none
  std::string tie_id;        // the tie a confirmed person mention became; empty for none
  std::string proposed_by, confirmed_by;
  int64_t revision = 0;
  std::string created_at, updated_at;
};

class SurveyRepository {
 public:
  explicit SurveyRepository(Connection& c) : c_(c) {}

  // ---- instruments
  Result<std::optional<InstrumentRow>> instrument(std::string_view id);
  Result<std::vector<InstrumentRow>> instruments_of(std::string_view area_id);  // name, then version
  // 1 + the highest version of `name` in the area (1 for a new name).
  Result<int64_t> next_instrument_version(std::string_view area_id, std::string_view name);
  // conflict when the area already has this name and version.
  Result<void> insert_instrument(const InstrumentRow& r);
  // Writes definition, status, revision, updated_at and published_at of the
  // row `r.id` where its revision is still `expected_revision`
  // (r.revision == expected_revision + 1). False when it has moved on.
  Result<bool> update_instrument(const InstrumentRow& r, int64_t expected_revision);

  // ---- waves
  Result<std::optional<WaveRow>> wave(std::string_view id);
  Result<std::vector<WaveRow>> waves_of(std::string_view area_id);  // by ordinal
  Result<int64_t> next_wave_ordinal(std::string_view area_id);
  Result<void> insert_wave(const WaveRow& r);
  Result<void> update_wave(const WaveRow& r);  // label, status, updated_at

  // ---- interviews
  Result<std::optional<InterviewRow>> interview(int64_t wave_row, std::string_view key);
  Result<std::vector<InterviewRow>> interviews_of(int64_t wave_row);  // in the order they were started
  // The row id of the new interview.
  Result<int64_t> insert_interview(int64_t wave_row, const InterviewRow& r);
  // Writes every changing column where the row's revision is still
  // `expected_revision`; false when another writer got there first.
  Result<bool> update_interview(const InterviewRow& r, int64_t expected_revision);
  // The revision a batch produced when it was received before; nullopt when new.
  Result<std::optional<int64_t>> batch_revision(int64_t interview_row, std::string_view batch_key);
  Result<void> insert_batch(int64_t interview_row, std::string_view batch_key, int64_t revision,
                            std::string_view at);
  // ---- mentions
  Result<void> insert_mention(const MentionRow& r);  // r.interview_row names the interview
  Result<std::optional<MentionRow>> mention(std::string_view id);
  // A wave's mentions with `status` (every status when empty), in interview then list order.
  Result<std::vector<MentionRow>> mentions_of_wave(int64_t wave_row, std::string_view status);
  // Writes status, resolution, person, tie, proposed_by, confirmed_by, revision and
  // updated_at where the revision is still `expected_revision`; false when it moved.
  Result<bool> update_mention(const MentionRow& r, int64_t expected_revision);

  // ---- a person's survey data (subject access, erasure)
  Result<std::vector<InterviewRow>> interviews_of_person(std::string_view person_id);  // as respondent
  Result<std::vector<MentionRow>> mentions_of_person(std::string_view person_id);      // named, resolved to them
  // Erasure: the person's interviews keep their scores, status and dates but
  // lose who answered (respondent) and every answer; the names they gave and
  // the names that were resolved to them lose what was said. Rows changed.
  Result<int64_t> erase_person(std::string_view person_id);


 private:
  Connection& c_;
};

}  // namespace kith::store
