#include "kith/store/surveys.hpp"

#include <span>

#include "kith/core/assert.hpp"
#include "kith/store/rows.hpp"
#include "kith/store/value.hpp"

namespace kith::store {
// A named namespace, not an anonymous one: the store is built in unity
// batches, whose files share one anonymous namespace.
namespace survey_rows {

using rows::changed;
using rows::each_row;
using rows::text;
using rows::text_or_null;

constexpr std::string_view kInstrumentSelect =
    "SELECT x.public_id, (SELECT a.public_id FROM areas a WHERE a.id = x.area_id), x.name, x.version, x.status, "
    "x.definition, x.created_by, x.created_at, x.updated_at, x.published_at, x.revision FROM survey_instruments x ";

InstrumentRow instrument_of(const Statement& st) {
  InstrumentRow r;
  r.id = text_of(st.column(0));
  r.area_id = text_of(st.column(1));
  r.name = text_of(st.column(2));
  r.version = integer_of(st.column(3));
  r.status = text_of(st.column(4));
  r.definition = text_of(st.column(5));
  r.created_by = text_of(st.column(6));
  r.created_at = text_of(st.column(7));
  r.updated_at = text_of(st.column(8));
  r.published_at = text_of(st.column(9));
  r.revision = integer_of(st.column(10));
  return r;
}

constexpr std::string_view kWaveSelect =
    "SELECT x.id, x.public_id, (SELECT a.public_id FROM areas a WHERE a.id = x.area_id), "
    "(SELECT i.public_id FROM survey_instruments i WHERE i.id = x.instrument_id), x.label, x.ordinal, "
    "x.fieldwork_date, x.status, x.created_at, x.updated_at FROM survey_waves x ";

WaveRow wave_of(const Statement& st) {
  WaveRow r;
  r.row = integer_of(st.column(0));
  r.id = text_of(st.column(1));
  r.area_id = text_of(st.column(2));
  r.instrument_id = text_of(st.column(3));
  r.label = text_of(st.column(4));
  r.ordinal = integer_of(st.column(5));
  r.fieldwork_date = text_of(st.column(6));
  r.status = text_of(st.column(7));
  r.created_at = text_of(st.column(8));
  r.updated_at = text_of(st.column(9));
  return r;
}

constexpr std::string_view kInterviewSelect =
    "SELECT x.id, x.public_id, (SELECT w.public_id FROM survey_waves w WHERE w.id = x.wave_id), x.status, "
    "x.revision, x.interviewer, x.language, (SELECT p.public_id FROM people p WHERE p.id = x.respondent_person_id), "
    "x.respondent, x.consent, x.answers, x.scores, x.started_at, x.updated_at, x.completed_at "
    "FROM survey_interviews x ";

InterviewRow interview_of(const Statement& st) {
  InterviewRow r;
  r.row = integer_of(st.column(0));
  r.id = text_of(st.column(1));
  r.wave_id = text_of(st.column(2));
  r.status = text_of(st.column(3));
  r.revision = integer_of(st.column(4));
  r.interviewer = text_of(st.column(5));
  r.language = text_of(st.column(6));
  r.respondent_person_id = text_of(st.column(7));
  r.respondent = text_of(st.column(8));
  r.consent = text_of(st.column(9));
  r.answers = text_of(st.column(10));
  r.scores = text_of(st.column(11));
  r.started_at = text_of(st.column(12));
  r.updated_at = text_of(st.column(13));
  r.completed_at = text_of(st.column(14));
  return r;
}

constexpr std::string_view kMentionSelect =
    "SELECT m.id, m.public_id, i.public_id, i.id, w.public_id, (SELECT a.public_id FROM areas a WHERE a.id = w.area_id), "
    "(SELECT p.public_id FROM people p WHERE p.id = i.respondent_person_id), m.generator, m.position, m.said, "
    "m.interpreters, m.status, m.resolution, (SELECT p.public_id FROM people p WHERE p.id = m.person_id), "
    "(SELECT t.public_id FROM ties t WHERE t.id = m.tie_id), m.proposed_by, m.confirmed_by, m.revision, "
    "m.created_at, m.updated_at "
    "FROM survey_mentions m JOIN survey_interviews i ON i.id = m.interview_id JOIN survey_waves w ON w.id = i.wave_id ";

MentionRow mention_of(const Statement& st) {
  MentionRow r;
  r.row = integer_of(st.column(0));
  r.id = text_of(st.column(1));
  r.interview_id = text_of(st.column(2));
  r.interview_row = integer_of(st.column(3));
  r.wave_id = text_of(st.column(4));
  r.area_id = text_of(st.column(5));
  r.respondent_person_id = text_of(st.column(6));
  r.generator = text_of(st.column(7));
  r.position = integer_of(st.column(8));
  r.said = text_of(st.column(9));
  r.interpreters = text_of(st.column(10));
  r.status = text_of(st.column(11));
  r.resolution = text_of(st.column(12));
  r.person_id = text_of(st.column(13));
  r.tie_id = text_of(st.column(14));
  r.proposed_by = text_of(st.column(15));
  r.confirmed_by = text_of(st.column(16));
  r.revision = integer_of(st.column(17));
  r.created_at = text_of(st.column(18));
  r.updated_at = text_of(st.column(19));
  return r;
}

// The integer id of the person whose public id is bound here; NULL for none.
constexpr std::string_view kPersonRowOrNull = "(SELECT id FROM people WHERE public_id = ?)";

}  // namespace survey_rows

using namespace survey_rows;

// ---- instruments -------------------------------------------------------------

Result<std::optional<InstrumentRow>> SurveyRepository::instrument(std::string_view id) {
  std::optional<InstrumentRow> out;
  KITH_TRY(each_row(c_, std::string(kInstrumentSelect) + "WHERE x.public_id = ?", {text(id)},
                [&](const Statement& st) { out = instrument_of(st); }));
  return out;
}

Result<std::vector<InstrumentRow>> SurveyRepository::instruments_of(std::string_view area_id) {
  std::vector<InstrumentRow> out;
  KITH_TRY(each_row(c_,
                std::string(kInstrumentSelect) +
                    "WHERE x.area_id = (SELECT id FROM areas WHERE public_id = ?) ORDER BY x.name, x.version",
                {text(area_id)}, [&](const Statement& st) { out.push_back(instrument_of(st)); }));
  return out;
}

Result<int64_t> SurveyRepository::next_instrument_version(std::string_view area_id, std::string_view name) {
  int64_t top = 0;
  KITH_TRY(each_row(c_,
                "SELECT COALESCE(MAX(version), 0) FROM survey_instruments "
                "WHERE area_id = (SELECT id FROM areas WHERE public_id = ?) AND name = ?",
                {text(area_id), text(name)}, [&](const Statement& st) { top = integer_of(st.column(0)); }));
  return top + 1;
}

Result<void> SurveyRepository::insert_instrument(const InstrumentRow& r) {
  auto n = changed(c_,
                   "INSERT INTO survey_instruments (public_id, area_id, name, version, status, definition, created_by, "
                   "created_at, updated_at, published_at, revision) "
                   "VALUES (?, (SELECT id FROM areas WHERE public_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {text(r.id), text(r.area_id), text(r.name), r.version, text(r.status), text(r.definition),
                    text(r.created_by), text(r.created_at), text(r.updated_at), text_or_null(r.published_at),
                    r.revision});
  if (!n) {
    if (n.error().code == Errc::conflict)
      return conflict("This area already has version " + std::to_string(r.version) + " of " + r.name, "name");
    return n.error();
  }
  KITH_ASSERT_MSG(*n == 1, "one instrument row is inserted");
  return {};
}

Result<bool> SurveyRepository::update_instrument(const InstrumentRow& r, int64_t expected_revision) {
  KITH_ASSERT_MSG(r.revision == expected_revision + 1, "an instrument's revision grows by one a change");
  auto n = changed(c_,
                   "UPDATE survey_instruments SET definition = ?, status = ?, revision = ?, updated_at = ?, "
                   "published_at = ? WHERE public_id = ? AND revision = ?",
                   {text(r.definition), text(r.status), r.revision, text(r.updated_at), text_or_null(r.published_at),
                    text(r.id), expected_revision});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n <= 1, "an instrument's public id is unique");
  return *n == 1;
}

// ---- waves ---------------------------------------------------------------------

Result<std::optional<WaveRow>> SurveyRepository::wave(std::string_view id) {
  std::optional<WaveRow> out;
  KITH_TRY(each_row(c_, std::string(kWaveSelect) + "WHERE x.public_id = ?", {text(id)},
                [&](const Statement& st) { out = wave_of(st); }));
  return out;
}

Result<std::vector<WaveRow>> SurveyRepository::waves_of(std::string_view area_id) {
  std::vector<WaveRow> out;
  KITH_TRY(each_row(c_,
                std::string(kWaveSelect) +
                    "WHERE x.area_id = (SELECT id FROM areas WHERE public_id = ?) ORDER BY x.ordinal",
                {text(area_id)}, [&](const Statement& st) { out.push_back(wave_of(st)); }));
  return out;
}

Result<int64_t> SurveyRepository::next_wave_ordinal(std::string_view area_id) {
  int64_t next = 0;
  KITH_TRY(each_row(c_,
                "SELECT COALESCE(MAX(ordinal) + 1, 0) FROM survey_waves "
                "WHERE area_id = (SELECT id FROM areas WHERE public_id = ?)",
                {text(area_id)}, [&](const Statement& st) { next = integer_of(st.column(0)); }));
  return next;
}

Result<void> SurveyRepository::insert_wave(const WaveRow& r) {
  auto n = changed(c_,
                   "INSERT INTO survey_waves (public_id, area_id, instrument_id, label, ordinal, fieldwork_date, status, "
                   "created_at, updated_at) VALUES (?, (SELECT id FROM areas WHERE public_id = ?), "
                   "(SELECT id FROM survey_instruments WHERE public_id = ?), ?, ?, ?, ?, ?, ?)",
                   {text(r.id), text(r.area_id), text(r.instrument_id), text(r.label), r.ordinal,
                    text(r.fieldwork_date), text(r.status), text(r.created_at), text(r.updated_at)});
  if (!n) {
    if (n.error().code == Errc::conflict)
      return conflict("Another wave was added at the same moment; try again", "ordinal");
    return n.error();
  }
  KITH_ASSERT_MSG(*n == 1, "one wave row is inserted");
  return {};
}

Result<void> SurveyRepository::update_wave(const WaveRow& r) {
  auto n = changed(c_, "UPDATE survey_waves SET label = ?, status = ?, updated_at = ? WHERE public_id = ?",
                   {text(r.label), text(r.status), text(r.updated_at), text(r.id)});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n == 1, "the wave updated exists");
  return {};
}

// ---- interviews ------------------------------------------------------------------

Result<std::optional<InterviewRow>> SurveyRepository::interview(int64_t wave_row, std::string_view key) {
  std::optional<InterviewRow> out;
  KITH_TRY(each_row(c_, std::string(kInterviewSelect) + "WHERE x.wave_id = ? AND x.public_id = ?", {wave_row, text(key)},
                [&](const Statement& st) { out = interview_of(st); }));
  return out;
}

Result<std::vector<InterviewRow>> SurveyRepository::interviews_of(int64_t wave_row) {
  std::vector<InterviewRow> out;
  KITH_TRY(each_row(c_, std::string(kInterviewSelect) + "WHERE x.wave_id = ? ORDER BY x.id", {wave_row},
                [&](const Statement& st) { out.push_back(interview_of(st)); }));
  return out;
}

Result<int64_t> SurveyRepository::insert_interview(int64_t wave_row, const InterviewRow& r) {
  int64_t row = 0;
  auto inserted = each_row(c_,
                       "INSERT INTO survey_interviews (public_id, wave_id, status, revision, interviewer, language, "
                       "respondent_person_id, respondent, consent, answers, scores, started_at, updated_at, "
                       "completed_at) VALUES (?, ?, ?, ?, ?, ?, " +
                           std::string(kPersonRowOrNull) + ", ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       {text(r.id), wave_row, text(r.status), r.revision, text(r.interviewer), text(r.language),
                        text_or_null(r.respondent_person_id), text(r.respondent), text(r.consent), text(r.answers),
                        text(r.scores), text(r.started_at), text(r.updated_at), text_or_null(r.completed_at)},
                       [&](const Statement& st) { row = integer_of(st.column(0)); });
  if (!inserted) {
    if (inserted.error().code == Errc::conflict)
      return conflict("This interview was sent from another device at the same moment; send it again", "id");
    return inserted.error();
  }
  KITH_ASSERT_MSG(row > 0, "INSERT ... RETURNING id gives the new row");
  return row;
}

Result<bool> SurveyRepository::update_interview(const InterviewRow& r, int64_t expected_revision) {
  KITH_ASSERT_MSG(r.revision == expected_revision + 1, "an interview's revision grows by one a change");
  auto n = changed(c_,
                   "UPDATE survey_interviews SET status = ?, revision = ?, language = ?, respondent_person_id = " +
                       std::string(kPersonRowOrNull) +
                       ", respondent = ?, consent = ?, answers = ?, scores = ?, updated_at = ?, completed_at = ? "
                       "WHERE id = ? AND revision = ?",
                   {text(r.status), r.revision, text(r.language), text_or_null(r.respondent_person_id),
                    text(r.respondent), text(r.consent), text(r.answers), text(r.scores), text(r.updated_at),
                    text_or_null(r.completed_at), r.row, expected_revision});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n <= 1, "an interview row is unique");
  return *n == 1;
}

Result<std::optional<int64_t>> SurveyRepository::batch_revision(int64_t interview_row, std::string_view batch_key) {
  std::optional<int64_t> out;
  KITH_TRY(each_row(c_, "SELECT revision FROM survey_batches WHERE interview_id = ? AND batch_key = ?",
                {interview_row, text(batch_key)}, [&](const Statement& st) { out = integer_of(st.column(0)); }));
  return out;
}

Result<void> SurveyRepository::insert_batch(int64_t interview_row, std::string_view batch_key, int64_t revision,
                                            std::string_view at) {
  auto n = changed(c_, "INSERT INTO survey_batches (interview_id, batch_key, revision, received_at) VALUES (?, ?, ?, ?)",
                   {interview_row, text(batch_key), revision, text(at)});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n == 1, "one batch row is inserted");
  return {};
}

// ---- mentions ----------------------------------------------------------------------

Result<void> SurveyRepository::insert_mention(const MentionRow& r) {
  KITH_ASSERT_MSG(r.interview_row > 0, "a mention belongs to a stored interview");
  auto n = changed(c_,
                   "INSERT INTO survey_mentions (public_id, interview_id, generator, position, said, interpreters, "
                   "status, resolution, person_id, tie_id, proposed_by, confirmed_by, revision, created_at, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, " +
                       std::string(kPersonRowOrNull) + ", NULL, ?, ?, ?, ?, ?)",
                   {text(r.id), r.interview_row, text(r.generator), r.position, text(r.said), text(r.interpreters),
                    text(r.status), text_or_null(r.resolution), text_or_null(r.person_id), text_or_null(r.proposed_by),
                    text_or_null(r.confirmed_by), r.revision, text(r.created_at), text(r.updated_at)});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n == 1, "one mention row is inserted");
  return {};
}

Result<std::optional<MentionRow>> SurveyRepository::mention(std::string_view id) {
  std::optional<MentionRow> out;
  KITH_TRY(each_row(c_, std::string(kMentionSelect) + "WHERE m.public_id = ?", {text(id)},
                [&](const Statement& st) { out = mention_of(st); }));
  return out;
}

Result<std::vector<MentionRow>> SurveyRepository::mentions_of_wave(int64_t wave_row, std::string_view status) {
  std::vector<MentionRow> out;
  const std::string where = status.empty() ? "WHERE i.wave_id = ? AND ? = '' " : "WHERE i.wave_id = ? AND m.status = ? ";
  KITH_TRY(each_row(c_, std::string(kMentionSelect) + where + "ORDER BY i.id, m.id", {wave_row, text(status)},
                [&](const Statement& st) { out.push_back(mention_of(st)); }));
  return out;
}

Result<bool> SurveyRepository::update_mention(const MentionRow& r, int64_t expected_revision) {
  KITH_ASSERT_MSG(r.revision == expected_revision + 1, "a mention's revision grows by one a change");
  auto n = changed(c_,
                   "UPDATE survey_mentions SET status = ?, resolution = ?, person_id = " + std::string(kPersonRowOrNull) +
                       ", tie_id = (SELECT id FROM ties WHERE public_id = ?), proposed_by = ?, confirmed_by = ?, "
                       "revision = ?, updated_at = ? WHERE id = ? AND revision = ?",
                   {text(r.status), text_or_null(r.resolution), text_or_null(r.person_id), text_or_null(r.tie_id),
                    text_or_null(r.proposed_by), text_or_null(r.confirmed_by), r.revision, text(r.updated_at), r.row,
                    expected_revision});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n <= 1, "a mention row is unique");
  return *n == 1;
}

// ---- a person's survey data -----------------------------------------------------------

Result<std::vector<InterviewRow>> SurveyRepository::interviews_of_person(std::string_view person_id) {
  std::vector<InterviewRow> out;
  KITH_TRY(each_row(c_,
                std::string(kInterviewSelect) +
                    "WHERE x.respondent_person_id = (SELECT id FROM people WHERE public_id = ?) ORDER BY x.id",
                {text(person_id)}, [&](const Statement& st) { out.push_back(interview_of(st)); }));
  return out;
}

Result<std::vector<MentionRow>> SurveyRepository::mentions_of_person(std::string_view person_id) {
  std::vector<MentionRow> out;
  KITH_TRY(each_row(c_,
                std::string(kMentionSelect) + "WHERE m.person_id = (SELECT id FROM people WHERE public_id = ?) ORDER BY m.id",
                {text(person_id)}, [&](const Statement& st) { out.push_back(mention_of(st)); }));
  return out;
}

Result<int64_t> SurveyRepository::erase_person(std::string_view person_id) {
  const Value who = text(person_id);
  auto interviews = changed(c_,
                            "UPDATE survey_interviews SET respondent = '{}', answers = '{}' "
                            "WHERE respondent_person_id = (SELECT id FROM people WHERE public_id = ?) "
                            "AND (respondent <> '{}' OR answers <> '{}')",
                            {who});
  if (!interviews) return interviews.error();
  auto given = changed(c_,
                       "UPDATE survey_mentions SET said = '', interpreters = '{}' WHERE interview_id IN "
                       "(SELECT id FROM survey_interviews WHERE respondent_person_id = "
                       "(SELECT id FROM people WHERE public_id = ?)) AND (said <> '' OR interpreters <> '{}')",
                       {who});
  if (!given) return given.error();
  auto named = changed(c_,
                       "UPDATE survey_mentions SET said = '' "
                       "WHERE person_id = (SELECT id FROM people WHERE public_id = ?) AND said <> ''",
                       {who});
  if (!named) return named.error();
  return *interviews + *given + *named;
}

}  // namespace kith::store
